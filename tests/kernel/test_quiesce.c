/*
 * Quiescing: a switch waits for a section whose thread is switched out
 * inside it (RT mode: migrate-disabled, preemptible), on this CPU and on
 * another, and for one interrupted by an IRQ that lasts; under a migrator,
 * sections never outlive the switch that retired their mode; and the
 * CPUs it waits on get no IPI from it: an isolated CPU spinning in
 * sections takes no interrupt at all during 1,000 switches.
 */
#include "kernel/ktest.h"
#include "arch/x86/apic.h"
#include "kernel/inject.h"
#include "kernel/isolation.h"
#include "kernel/isolation_stat.h"
#include "kernel/quiesce.h"
#include "kernel/sched.h"
#include "kernel/sched_deps.h"
#include "tests/kernel/migrator.h"

#define QS_SWITCHES 200

DEFINE_QUIESCE(test_quiesce);

static int test_mode;

struct qs_holder {
	struct completion inside;
	int mode_seen;
	bool exited;
};

/* An RT-mode section: migrate-disabled, switched out while inside. */
static int qs_rt_section(void *arg)
{
	struct qs_holder *h = arg;
	int idx;

	migrate_disable();
	idx = quiesce_enter(&test_quiesce);
	h->mode_seen = READ_ONCE(test_mode);
	complete(&h->inside);
	sched_sleep_ns(30ULL * 1000 * 1000); /* the switch must wait */
	WRITE_ONCE(h->exited, true);
	quiesce_exit(&test_quiesce, idx);
	migrate_enable();
	return 0;
}

static void qs_rt_on(struct ktest *t, int cpu)
{
	static struct qs_holder h;
	struct thread *th;
	u64 waited = test_quiesce.waited;

	h = (struct qs_holder){0};
	completion_init(&h.inside, "qs.inside");
	th = kthread_create(qs_rt_section, &h, cpu, "qs-rt");
	KASSERT_TRUE(t, th);
	wait_for_completion(&h.inside);
	WRITE_ONCE(test_mode, test_mode + 1);
	quiesce_sync(&test_quiesce);
	KEXPECT_TRUE(t, READ_ONCE(h.exited)); /* not before it ended */
	KEXPECT_EQ(t, test_quiesce.waited - waited, 1);
	kthread_join(th);
}

static void quiesce_waits_for_preempted_rt_section(struct ktest *t)
{
	int me = raw_smp_processor_id();

	qs_rt_on(t, me); /* on the switcher's own CPU: it must yield */
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != me && sched_cpu_active(cpu)) {
			qs_rt_on(t, cpu);
			break;
		}
}

static struct {
	unsigned int epoch_at_entry;
	bool exited, irq_saw_switch;
} qs_irq;

/* IRQ inside a section: last until the switch has flipped and waits. */
static void qs_long_irq(struct inject_point *p, void *arg)
{
	u64 end = ktime_ns() + 2000000000ULL;

	(void)p;
	(void)arg;
	while (READ_ONCE(test_quiesce.epoch) == qs_irq.epoch_at_entry &&
	       ktime_ns() < end)
		cpu_relax();
	qs_irq.irq_saw_switch =
		READ_ONCE(test_quiesce.epoch) != qs_irq.epoch_at_entry;
}

static int qs_irq_section(void *arg)
{
	int idx;

	(void)arg;
	preempt_disable();
	idx = quiesce_enter(&test_quiesce);
	qs_irq.epoch_at_entry = READ_ONCE(test_quiesce.epoch);
	inject_point(test_qs_irq); /* armed: a long IRQ lands here */
	WRITE_ONCE(qs_irq.exited, true);
	quiesce_exit(&test_quiesce, idx);
	preempt_enable();
	return 0;
}

static void quiesce_waits_for_irq_interrupted_section(struct ktest *t)
{
	int me = raw_smp_processor_id(), there = -1;
	struct thread *th;

	for (int cpu = 0; cpu < NR_CPUS && there < 0; cpu++)
		if (cpu != me && sched_cpu_active(cpu))
			there = cpu;
	if (there < 0 || !CONFIG_INJECT) {
		ktest_skip(t, there < 0 ? "needs a second CPU: the IRQ waits "
					  "for the switch to start"
					: "inject points compiled out");
		return;
	}
	qs_irq.exited = qs_irq.irq_saw_switch = false;
	qs_irq.epoch_at_entry = READ_ONCE(test_quiesce.epoch) + 100;
	inject_arm("test_qs_irq", INJECT_IRQ, 1, qs_long_irq, NULL);
	th = kthread_create_on_cpu(qs_irq_section, NULL, there, "qs-irq");
	KASSERT_TRUE(t, th);
	/* start the switch only once the section is in */
	while (READ_ONCE(qs_irq.epoch_at_entry) ==
	       READ_ONCE(test_quiesce.epoch) + 100)
		sched_yield();
	WRITE_ONCE(test_mode, test_mode + 1);
	quiesce_sync(&test_quiesce);
	KEXPECT_TRUE(t, READ_ONCE(qs_irq.exited));
	kthread_join(th);
	inject_disarm("test_qs_irq");
	KEXPECT_TRUE(t, qs_irq.irq_saw_switch); /* it waited during the IRQ */
}

struct qs_stress {
	int done_upto; /* every section that saw a mode <= this has ended */
	bool stop;
	int started; /* workers at work (atomic) */
	u64 sections, violations;
};

static int qs_stress_worker(void *arg)
{
	struct qs_stress *s = arg;
	u64 n = 0, bad = 0;

	__atomic_add_fetch(&s->started, 1, __ATOMIC_RELAXED);
	while (!READ_ONCE(s->stop)) {
		int idx, mode;

		preempt_disable();
		idx = quiesce_enter(&test_quiesce);
		mode = READ_ONCE(test_mode);
		for (volatile int i = 0; i < 20; i++)
			;
		bad += READ_ONCE(s->done_upto) >= mode; /* retired under us */
		quiesce_exit(&test_quiesce, idx);
		preempt_enable();
		if (++n % 4096 == 0)
			sched_yield(); /* sharing a CPU: let the switcher in */
	}
	__atomic_add_fetch(&s->sections, n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->violations, bad, __ATOMIC_RELAXED);
	return 0;
}

static void quiesce_never_retires_a_live_section(struct ktest *t)
{
	static struct qs_stress s;
	static struct migrator m;
	int nr = MIN(8, MAX(2, migrator_nr_worker_cpus()));
	u64 waited = test_quiesce.waited;

	s = (struct qs_stress){.done_upto = READ_ONCE(test_mode) - 1};
	m = (struct migrator){.nr_threads = nr};
	for (int i = 0; i < nr; i++) {
		m.threads[i] = kthread_create(qs_stress_worker, &s,
					      migrator_worker_cpu_nr(i), "qs");
		KASSERT_TRUE(t, m.threads[i]);
	}
	KASSERT_TRUE(t, migrator_start(&m));
	while (__atomic_load_n(&s.started, __ATOMIC_RELAXED) < nr)
		sched_yield();
	for (int k = 0; k < QS_SWITCHES; k++) {
		int retired = READ_ONCE(test_mode);

		WRITE_ONCE(test_mode, retired + 1);
		quiesce_sync(&test_quiesce);
		WRITE_ONCE(s.done_upto, retired);
		sched_yield(); /* one CPU: let the workers run */
	}
	WRITE_ONCE(s.stop, true);
	migrator_stop(&m);
	for (int i = 0; i < nr; i++)
		kthread_join(m.threads[i]);
	ktest_log(t, "%d workers: %lu sections, %d switches, %lu waited", nr,
		  (unsigned long)s.sections, QS_SWITCHES,
		  (unsigned long)(test_quiesce.waited - waited));
	KEXPECT_EQ(t, s.violations, 0);
	KEXPECT_GT(t, s.sections, 0);
}

static int qs_spin_sections(void *arg)
{
	bool *stop = arg;

	while (!READ_ONCE(*stop)) {
		int idx;

		preempt_disable();
		idx = quiesce_enter(&test_quiesce);
		quiesce_exit(&test_quiesce, idx);
		preempt_enable();
	}
	return 0;
}

/* The isolated CPU if any, else any CPU but ours and housekeeping's. */
static int qs_quiet_cpu(void)
{
	int me = raw_smp_processor_id(), any = -1;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!sched_cpu_active(cpu) || cpu == me)
			continue;
		if (cpu_is_isolated(cpu))
			return cpu;
		if (any < 0 && cpu != housekeeping_cpu())
			any = cpu;
	}
	return any;
}

static void quiesce_interrupts_no_one(struct ktest *t)
{
	static u32 by[NR_VECTORS];
	int cpu = qs_quiet_cpu();
	bool stop = false, iso;
	struct thread *th;
	u64 total;

	if (cpu < 0) {
		ktest_skip(t, "needs a CPU besides this one and housekeeping");
		return;
	}
	iso = cpu_is_isolated(cpu);
	th = kthread_create_on_cpu(qs_spin_sections, &stop, cpu, "qs-spin");
	KASSERT_TRUE(t, th);
	if (iso)
		sched_sleep_ns(50ULL * 1000 * 1000); /* let its tick stop */
	isolation_mark();
	for (int i = 0; i < 1000; i++)
		quiesce_sync(&test_quiesce);
	total = isolation_irqs_since_mark(cpu, by);
	WRITE_ONCE(stop, true);
	kthread_join(th);
	ktest_log(t,
		  "cpu%d (%s): %lu interrupts during 1000 quiesces (%u "
		  "timer, %u reschedule, %u call-function)",
		  cpu, iso ? "isolated" : "not isolated", (unsigned long)total,
		  by[LOCAL_TIMER_VECTOR], by[RESCHEDULE_VECTOR],
		  by[CALL_FUNCTION_VECTOR]);
	/* a CPU that is not isolated may still be kicked by the balancer;
	 * a quiesce would need a call-function IPI or an injected one */
	KEXPECT_EQ(t, by[CALL_FUNCTION_VECTOR], 0);
	KEXPECT_EQ(t, by[INJECT_VECTOR], 0);
	if (iso) /* the promise: nothing at all */
		KEXPECT_EQ(t, total, 0);
}

static const struct ktest_case quiesce_cases[] = {
	KTEST_CASE(quiesce_waits_for_preempted_rt_section),
	KTEST_CASE(quiesce_waits_for_irq_interrupted_section),
	KTEST_CASE(quiesce_never_retires_a_live_section),
	KTEST_CASE(quiesce_interrupts_no_one),
	{NULL, NULL},
};
KTEST_SUITE(quiesce, .cases = quiesce_cases);

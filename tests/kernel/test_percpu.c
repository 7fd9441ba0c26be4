/*
 * Per-CPU variables: every CPU has its own copy, initialised from the
 * template and placed on its node; the this_cpu_* operations work at every
 * size and on array elements; an increment is one instruction, so 10 M per
 * worker under migration and IPIs that increment the same counter add up
 * exactly; a plain access faults; a preemptible smp_processor_id() or
 * this_cpu_ptr() is reported naming its caller.
 */
#include "kernel/ktest.h"
#include "arch/x86/layout.h"
#include "kernel/percpu.h"
#include "arch/x86/tsc.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/numa.h"
#include "tests/kernel/migrator.h"

#define PCPU_INC_ITERS	 10000000ULL
#define PCPU_MAX_WORKERS 8

struct pcpu_mix {
	u8 b;
	u16 w;
	u32 l;
	u64 q;
	u64 arr[4];
	void *ptr;
	bool flag;
};

static DEFINE_PER_CPU(u64, pcpu_test_word) = 0x1234abcd;
static DEFINE_PER_CPU(struct pcpu_mix, pcpu_test_mix);
static DEFINE_PER_CPU_ALIGNED(u64, pcpu_test_ctr);

static int pcpu_seen[NR_CPUS];

/*
 * What tools/check-percpu-insn disassembles: each body must be exactly one
 * %gs-relative instruction (an add, inc or cmpxchg), never a load and a
 * store. Called by percpu_ops_every_size so they are also run.
 */
__attribute__((noinline)) void percpu_insn_probe_add(unsigned long i, u64 n)
{
	this_cpu_add(pcpu_test_mix.arr[i], n);
}

__attribute__((noinline)) void percpu_insn_probe_inc(void)
{
	this_cpu_inc(pcpu_test_mix.l);
}

__attribute__((noinline)) u64 percpu_insn_probe_cmpxchg(u64 o, u64 n)
{
	return this_cpu_cmpxchg(pcpu_test_mix.q, o, n);
}

/* On each CPU: the template's value, then a value of its own. */
static void pcpu_touch(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	pcpu_seen[cpu] = this_cpu_read(pcpu_test_word) == 0x1234abcd &&
			 this_cpu_ptr(&cpu_area) == percpu_areas[cpu] &&
			 this_cpu_read(cpu_area.cpu) == cpu;
	this_cpu_write(pcpu_test_word, 0x1000 + cpu);
}

static void percpu_each_cpu_own_copy(struct ktest *t)
{
	int cpu, n = 0;

	memset(pcpu_seen, 0, sizeof(pcpu_seen));
	on_each_cpu(pcpu_touch, NULL, true);
	for_each_online_cpu(cpu) {
		KEXPECT_EQ(t, pcpu_seen[cpu], 1);
		KEXPECT_EQ(t, per_cpu(pcpu_test_word, cpu), 0x1000 + cpu);
		KEXPECT_EQ(t, per_cpu_ptr(&cpu_area, cpu)->cpu, cpu);
		per_cpu(pcpu_test_word, cpu) = 0x1234abcd; /* next run */
		n++;
	}
	ktest_log(t, "%d CPUs, %lu bytes per copy", n,
		  (unsigned long)percpu_area_size());
}

/* Context: the test thread, bound to its CPU (raw_cpu_ptr is stable). */
static void percpu_ops_every_size(struct ktest *t)
{
	struct pcpu_mix *m = raw_cpu_ptr(&pcpu_test_mix);
	u64 old;

	memset(m, 0, sizeof(*m));
	this_cpu_write(pcpu_test_mix.b, 0xff);
	this_cpu_inc(pcpu_test_mix.b); /* wraps at 8 bits */
	this_cpu_add(pcpu_test_mix.w, 0x1234);
	this_cpu_sub(pcpu_test_mix.w, 0x34);
	this_cpu_write(pcpu_test_mix.l, 0xfffffffe);
	this_cpu_inc(pcpu_test_mix.l);
	this_cpu_add(pcpu_test_mix.q, 0x100000000ULL);
	this_cpu_dec(pcpu_test_mix.q);
	for (int i = 0; i < 4; i++)
		this_cpu_add(pcpu_test_mix.arr[i], (u64)i * 3);
	this_cpu_write(pcpu_test_mix.ptr, m);
	this_cpu_write(pcpu_test_mix.flag, true);
	KEXPECT_EQ(t, m->b, 0);
	KEXPECT_EQ(t, m->w, 0x1200);
	KEXPECT_EQ(t, m->l, 0xffffffff);
	KEXPECT_EQ(t, m->q, 0xffffffffULL);
	KEXPECT_EQ(t, m->arr[3], 9);
	KEXPECT_TRUE(t, this_cpu_read(pcpu_test_mix.ptr) == m);
	KEXPECT_TRUE(t, this_cpu_read(pcpu_test_mix.flag));
	KEXPECT_EQ(t, this_cpu_read(pcpu_test_mix.w), 0x1200);
	old = this_cpu_cmpxchg(pcpu_test_mix.q, 1, 2); /* fails: not 1 */
	KEXPECT_EQ(t, old, 0xffffffffULL);
	old = this_cpu_cmpxchg(pcpu_test_mix.q, 0xffffffffULL, 7);
	KEXPECT_EQ(t, old, 0xffffffffULL);
	KEXPECT_EQ(t, m->q, 7);
	KEXPECT_EQ(t, this_cpu_add_return(pcpu_test_mix.arr[1], 10), 13);
	percpu_insn_probe_add(2, 4);
	percpu_insn_probe_inc();
	KEXPECT_EQ(t, percpu_insn_probe_cmpxchg(7, 8), 7);
	KEXPECT_EQ(t, m->arr[2], 10);
	KEXPECT_EQ(t, m->l, 0);
	KEXPECT_EQ(t, m->q, 8);
}

/* Every copy on its CPU's node (when that node has memory), no overlap. */
static void percpu_areas_node_local(struct ktest *t)
{
	unsigned long size = percpu_area_size();
	int cpu, other, checked = 0;

	for_each_online_cpu(cpu) {
		const struct percpu *pc = percpu_areas[cpu];
		phys_addr_t pa = virt_to_phys(pc);
		const struct numa_node *n = &numa_nodes[pc->node];

		if (n->present) {
			KEXPECT_GE(t, pa >> PAGE_SHIFT, n->start);
			KEXPECT_LT(t, pa >> PAGE_SHIFT, n->end);
			checked++;
		}
		for_each_online_cpu(other) {
			unsigned long d = (unsigned long)percpu_areas[other] -
					  (unsigned long)pc;

			if (other != cpu)
				KEXPECT_GE(t, d < size ? d : size, size);
		}
	}
	ktest_log(t, "%d copies checked against %d node(s)", checked,
		  numa_nr_nodes);
	KEXPECT_GT(t, checked, 0);
}

static void pcpu_plain_read(void *arg)
{
	*(u64 *)arg = READ_ONCE(pcpu_test_word); /* the offset, not a copy */
}

static void percpu_plain_access_faults(struct ktest *t)
{
	u64 v = 0;

	KEXPECT_TRUE(t, ktest_expect_fault(14, pcpu_plain_read, &v, NULL));
}

struct pcpu_inc {
	u64 iters;
	int done;      /* workers finished (atomic) */
	u64 ipis_done; /* atomic */
};

static int pcpu_inc_worker(void *arg)
{
	struct pcpu_inc *p = arg;

	for (u64 i = 0; i < p->iters; i++)
		this_cpu_inc(pcpu_test_ctr);
	__atomic_add_fetch(&p->done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Context: call-function IPI: the same counter, from hard IRQ. */
static void pcpu_inc_ipi(void *arg)
{
	struct pcpu_inc *p = arg;

	this_cpu_inc(pcpu_test_ctr);
	__atomic_add_fetch(&p->ipis_done, 1, __ATOMIC_RELAXED);
}

static u64 pcpu_ctr_sum(void)
{
	u64 sum = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (percpu_areas[cpu])
			sum += per_cpu(pcpu_test_ctr, cpu);
	return sum;
}

static void pcpu_inc_wait_ipis(struct pcpu_inc *p, u64 sent)
{
	u64 end = ktime_ns() + 5000000000ULL;

	while (__atomic_load_n(&p->ipis_done, __ATOMIC_RELAXED) < sent &&
	       ktime_ns() < end)
		sched_sleep_ns(1000000);
}

static void percpu_inc_exact_under_migration(struct ktest *t)
{
	static struct pcpu_inc p;
	static struct migrator m;
	int nr = MIN(PCPU_MAX_WORKERS, MAX(2, migrator_nr_worker_cpus()));
	u64 sum, moved = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (percpu_areas[cpu])
			per_cpu(pcpu_test_ctr, cpu) = 0;
	p = (struct pcpu_inc){.iters = PCPU_INC_ITERS};
	m = (struct migrator){
		.nr_threads = nr, .ipi_fn = pcpu_inc_ipi, .ipi_arg = &p};
	for (int i = 0; i < nr; i++) {
		m.threads[i] =
			kthread_create(pcpu_inc_worker, &p,
				       migrator_worker_cpu_nr(i), "pcpu-inc");
		KASSERT_TRUE(t, m.threads[i]);
	}
	KASSERT_TRUE(t, migrator_start(&m));
	while (__atomic_load_n(&p.done, __ATOMIC_ACQUIRE) < nr)
		sched_sleep_ns(10 * 1000 * 1000);
	migrator_stop(&m); /* before any worker is joined (freed) */
	for (int i = 0; i < nr; i++) {
		moved += READ_ONCE(m.threads[i]->nr_migrations);
		kthread_join(m.threads[i]);
	}
	pcpu_inc_wait_ipis(&p, m.ipis);
	sum = pcpu_ctr_sum();
	ktest_log(
		t,
		"%d workers x %lu incs, %lu IPIs, %lu moves (%lu migrations): "
		"sum %lu",
		nr, (unsigned long)p.iters, (unsigned long)p.ipis_done,
		(unsigned long)m.moves, (unsigned long)moved,
		(unsigned long)sum);
	KEXPECT_EQ(t, p.ipis_done, m.ipis);
	KEXPECT_EQ(t, sum, nr * p.iters + p.ipis_done);
	if (migrator_nr_cpus() > 1)
		KEXPECT_GT(t, moved, 0);
}

struct pcpu_report {
	int preemptible_reports, pinned_reports;
	struct bug_expect e;
};

static int pcpu_report_fn(void *arg)
{
	struct pcpu_report *r = arg;
	struct bug_expect e2;

	lockdep_expect_bug_begin(&r->e);
	(void)smp_processor_id();
	(void)this_cpu_ptr(&pcpu_test_word);
	r->preemptible_reports = lockdep_expect_bug_end();
	lockdep_expect_bug_begin(&e2);
	preempt_disable();
	(void)smp_processor_id();
	preempt_enable();
	migrate_disable();
	(void)this_cpu_ptr(&pcpu_test_word);
	migrate_enable();
	r->pinned_reports = lockdep_expect_bug_end();
	return 0;
}

static void percpu_preemptible_use_reported(struct ktest *t)
{
	static struct pcpu_report r;
	struct thread *th;

	if (!lock_debug_enabled) {
		ktest_skip(t, "lockdep=0: the check is part of lock debugging");
		return;
	}
	r = (struct pcpu_report){0};
	th = kthread_create(pcpu_report_fn, &r, raw_smp_processor_id(),
			    "pcpu-report");
	KASSERT_TRUE(t, th);
	kthread_join(th);
	ktest_log(t, "reported: %s", r.e.msg);
	KEXPECT_EQ(t, r.preemptible_reports, 2);
	KEXPECT_EQ(t, r.pinned_reports, 0);
	KEXPECT_TRUE(t, strstr(r.e.msg, "smp_processor_id()") != NULL);
	KEXPECT_TRUE(t, strstr(r.e.msg, "pcpu_report_fn") != NULL);
}

static const struct ktest_case percpu_cases[] = {
	KTEST_CASE(percpu_each_cpu_own_copy),
	KTEST_CASE(percpu_ops_every_size),
	KTEST_CASE(percpu_areas_node_local),
	KTEST_CASE(percpu_plain_access_faults),
	KTEST_CASE(percpu_inc_exact_under_migration),
	KTEST_CASE(percpu_preemptible_use_reported),
	{NULL, NULL},
};
KTEST_SUITE(percpu, .cases = percpu_cases);

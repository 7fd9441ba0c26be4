/*
 * Migration torture and CPU isolation. Two workers per CPU run short
 * sections (preempt-disabled, each local-lock flavour, migrate-disabled)
 * while a migrator moves them at random and an injected reschedule lands
 * inside every 8th section, so the preemptible kinds (RT local lock,
 * migrate_disable) are really switched out inside, thousands of times:
 * the CPU must not change inside a section, a preempt-disabled one must
 * never be switched out, moves must be refused while a worker is pinned,
 * and threads must migrate between sections. Each count has a minimum,
 * so the test fails by itself when migrate_disable is ignored. Then an
 * isolated CPU running one busy thread must get no ticks.
 */
#include "kernel/ktest.h"
#include "kernel/inject.h"
#include "kernel/isolation.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/sched_deps.h"
#include "lib/prng.h"
#include "tests/kernel/migrator.h"

#define TORTURE_SECTIONS 560000 /* in all: bound by count, not by time */
#define TORTURE_WORKERS	 MIGRATOR_MAX_THREADS /* two per CPU, up to this */
#define TORTURE_EVERY	 8 /* an injected reschedule per this many */
#define SECTION_WORK	 20
#define NR_KINDS	 5

/* One lock per flavour: a lock is used either RT or non-RT, never both. */
static DEFINE_LOCAL_LOCK(torture_ll, 0);
static DEFINE_LOCAL_LOCK(torture_ll_rt, 0);

static const char *const kind_names[NR_KINDS] = {
	"preempt", "local_lock", "local_lock_irqsave", "local_lock_rt",
	"migrate_disable"};

struct mtorture {
	int per_worker;			      /* sections each (C) */
	u64 sections, violations, migrations; /* summed by workers, atomic */
	u64 switched[NR_KINDS]; /* sections switched out inside (atomic) */
	int done;		/* workers finished (atomic) */
};

/* Enter a section of kind @k. Return: the IRQ flags, for kind 2 only. */
static unsigned long torture_enter(int k)
{
	unsigned long f = 0;

	switch (k) {
	case 0:
		preempt_disable();
		break;
	case 1:
		local_lock(&torture_ll);
		break;
	case 2:
		f = local_lock_irqsave(&torture_ll);
		break;
	case 3:
		local_lock_rt(&torture_ll_rt);
		break;
	default:
		migrate_disable();
	}
	return f;
}

/* Leave the section torture_enter(@k) began; @f is what it returned. */
static void torture_exit(int k, unsigned long f)
{
	switch (k) {
	case 0:
		preempt_enable();
		break;
	case 1:
		local_unlock(&torture_ll);
		break;
	case 2:
		local_unlock_irqrestore(&torture_ll, f);
		break;
	case 3:
		local_unlock_rt(&torture_ll_rt);
		break;
	default:
		migrate_enable();
	}
}

/*
 * The CPU changed inside a section: the scheduler under test is broken.
 * Release what was taken where it was taken (only the RT local lock can
 * be held across a move), so the run finishes and the counts tell.
 */
static void torture_exit_moved(int k, unsigned long f, int cpu)
{
	local_lock_t *l = &torture_ll_rt.cpu[cpu];

	if (k != 3) {
		torture_exit(k, f);
		return;
	}
	if (lock_debug()) {
		lockdep_release(l, &l->dep);
		lockdep_release(&l->rt_lock, &l->rt_lock.dep);
	}
	l->owner = NULL;
	arch_spin_unlock(&l->rt_lock);
	migrate_enable();
}

/* The CPU whose RT instance we hold: where the section really began. */
static int torture_rt_owner_cpu(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (READ_ONCE(torture_ll_rt.cpu[cpu].owner) ==
		    lock_owner_token())
			return cpu;
	return raw_smp_processor_id();
}

/* One section of kind @k, counting a switch inside it into @m.
 * Return: true if the CPU stayed put. */
static bool torture_section(struct mtorture *m, int k)
{
	unsigned long f = torture_enter(k);
	int cpu = k == 3 ? torture_rt_owner_cpu() : raw_smp_processor_id();
	u64 sw = READ_ONCE(current->nr_switches);
	bool same;

	inject_point(torture_inside); /* armed: a reschedule lands here */
	for (volatile int i = 0; i < SECTION_WORK; i++)
		;
	if (READ_ONCE(current->nr_switches) != sw)
		__atomic_add_fetch(&m->switched[k], 1, __ATOMIC_RELAXED);
	preempt_disable(); /* no move between the check and the release */
	same = cpu == raw_smp_processor_id();
	if (same)
		torture_exit(k, f);
	else
		torture_exit_moved(k, f, cpu);
	preempt_enable();
	return same;
}

static int torture_worker(void *arg)
{
	struct mtorture *m = arg;
	u64 bad = 0, moved = 0;
	int last = raw_smp_processor_id();
	struct prng r;

	prng_seed(&r, current->id);
	for (int n = 0; n < m->per_worker; n++) {
		bad += !torture_section(m, (int)prng_below(&r, NR_KINDS));
		if (raw_smp_processor_id() != last) {
			moved++;
			last = raw_smp_processor_id();
		}
	}
	__atomic_add_fetch(&m->sections, m->per_worker, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->violations, bad, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->migrations, moved, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* IRQ: make the interrupted section's CPU reschedule at the point. */
static void torture_resched(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	set_need_resched();
}

static bool torture_can_run(struct ktest *t)
{
	if (sched_nr_active_cpus() < 2) {
		ktest_skip(t, "needs at least 2 CPUs");
		return false;
	}
	if (!timer_hz()) {
		ktest_skip(t, "needs the timer tick");
		return false;
	}
	return true;
}

static void torture_report(struct ktest *t, struct mtorture *m,
			   struct migrator *mig, int nr)
{
	u64 preemptible = m->switched[3] + m->switched[4];

	ktest_log(t,
		  "%d workers: %lu sections, %lu switched out inside (%lu "
		  "local_lock_rt, %lu migrate_disable), %lu migrations seen, "
		  "%lu moves, %lu refused",
		  nr, (unsigned long)m->sections, (unsigned long)preemptible,
		  (unsigned long)m->switched[3], (unsigned long)m->switched[4],
		  (unsigned long)m->migrations, (unsigned long)mig->moves,
		  (unsigned long)mig->refused);
	KEXPECT_EQ(t, m->violations, 0);
	for (int k = 0; k < 3; k++) /* preemption off: never switched out */
		if (m->switched[k])
			ktest_fail(t, __FILE__, __LINE__,
				   "%s section switched out %lu times",
				   kind_names[k],
				   (unsigned long)m->switched[k]);
	KEXPECT_GT(t, m->migrations, 0);
	/* one section in 8 gets a reschedule inside; a fifth of those are
	 * of each preemptible kind; a switch needs the other worker ready */
	if (CONFIG_INJECT)
		KEXPECT_GE(t, preemptible,
			   m->sections / TORTURE_EVERY / NR_KINDS / 16);
	KEXPECT_GE(t, mig->refused, m->sections / 1500);
}

static void migrate_torture(struct ktest *t)
{
	static struct mtorture m;
	static struct migrator mig;
	int nr;

	if (!torture_can_run(t))
		return;
	/* two per CPU, so a reschedule inside has someone to switch to */
	nr = MIN(TORTURE_WORKERS, 2 * migrator_nr_worker_cpus());
	m = (struct mtorture){.per_worker = TORTURE_SECTIONS / nr};
	mig = (struct migrator){.nr_threads = nr};
	for (int i = 0; i < nr; i++) {
		mig.threads[i] =
			kthread_create(torture_worker, &m,
				       migrator_worker_cpu_nr(i / 2), "mtw");
		KASSERT_TRUE(t, mig.threads[i]);
	}
	inject_arm("torture_inside", INJECT_IRQ, TORTURE_EVERY, torture_resched,
		   NULL);
	KASSERT_TRUE(t, migrator_start(&mig));
	while (__atomic_load_n(&m.done, __ATOMIC_ACQUIRE) < nr)
		sched_sleep_ns(5 * 1000 * 1000);
	migrator_stop(&mig); /* before any worker is joined (freed) */
	inject_disarm("torture_inside");
	for (int i = 0; i < nr; i++)
		kthread_join(mig.threads[i]);
	torture_report(t, &m, &mig, nr);
}

static int busy_until_stop(void *arg)
{
	while (!READ_ONCE(*(bool *)arg))
		cpu_relax();
	return 0;
}

static int first_isolated_cpu(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_is_isolated(cpu) && sched_cpu_active(cpu))
			return cpu;
	return -1;
}

static void isolated_cpu_is_tickless(struct ktest *t)
{
	int iso = first_isolated_cpu(), hk = housekeeping_cpu();
	struct percpu *pi, *ph;
	bool stop = false;
	struct thread *th;
	u64 ti, th0;

	if (!torture_can_run(t))
		return;
	if (iso < 0) {
		ktest_skip(t, "no online CPU in isolcpus=");
		return;
	}
	th = kthread_create_on_cpu(busy_until_stop, &stop, iso, "iso-busy");
	KASSERT_TRUE(t, th);
	sched_sleep_ns(50ULL * 1000 * 1000); /* let its tick stop */
	pi = percpu_areas[iso];
	ph = percpu_areas[hk];
	ti = READ_ONCE(pi->sched_ticks);
	th0 = READ_ONCE(ph->sched_ticks);
	sched_sleep_ns(1000ULL * 1000 * 1000);
	ti = READ_ONCE(pi->sched_ticks) - ti;
	th0 = READ_ONCE(ph->sched_ticks) - th0;
	WRITE_ONCE(stop, true);
	kthread_join(th);
	ktest_log(t, "1 s: cpu%d (isolated) %lu ticks, cpu%d %lu ticks, hz %u",
		  iso, (unsigned long)ti, hk, (unsigned long)th0, timer_hz());
	KEXPECT_EQ(t, ti, 0);
	/* the control: ticks do arrive on a busy CPU. A vCPU thread the
	 * host does not run loses ticks (113 of 250 seen at load 10), so
	 * the floor only proves the tick runs, not its exact rate (the time
	 * suite checks that) */
	KEXPECT_GE(t, th0, timer_hz() / 4);
	KEXPECT_LE(t, th0, timer_hz() * 12 / 10);
}

static const struct ktest_case migrate_cases[] = {
	KTEST_CASE(migrate_torture),
	KTEST_CASE(isolated_cpu_is_tickless),
	{NULL, NULL},
};
KTEST_SUITE(migrate, .cases = migrate_cases);

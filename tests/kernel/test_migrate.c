/*
 * Migration torture and CPU isolation. Workers on every CPU run short
 * sections (preempt-disabled, each local-lock flavour, migrate-disabled)
 * while the tick preempts them and a migrator moves them at random: the
 * CPU must not change inside a section, and must change outside some.
 * Then an isolated CPU running one busy thread must get no ticks.
 */
#include "kernel/ktest.h"
#include "kernel/isolation.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/sched_deps.h"
#include "lib/prng.h"

#define TORTURE_NS   (1500ULL * 1000 * 1000) /* wall time, under TCG too */
#define SECTION_WORK 20

/* One lock per flavour: a lock is used either RT or non-RT, never both. */
static DEFINE_LOCAL_LOCK(torture_ll, 0);
static DEFINE_LOCAL_LOCK(torture_ll_rt, 0);

struct mtorture {
	bool stop;
	u64 sections, violations, migrations; /* summed by workers, atomic */
	u64 moves, refused;		      /* migrator */
	struct thread *workers[NR_CPUS];
	int nr_workers;
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

/* One section of kind @k; return: true if the CPU stayed put. */
static bool torture_section(int k)
{
	unsigned long f = torture_enter(k);
	int cpu = smp_processor_id();
	bool same;

	for (volatile int i = 0; i < SECTION_WORK; i++)
		;
	same = cpu == smp_processor_id();
	torture_exit(k, f);
	return same;
}

static int torture_worker(void *arg)
{
	struct mtorture *m = arg;
	u64 n = 0, bad = 0, moved = 0;
	struct prng r;
	int last = raw_smp_processor_id();

	prng_seed(&r, current->id);
	while (!READ_ONCE(m->stop)) {
		bad += !torture_section((int)prng_below(&r, 5));
		n++;
		if (raw_smp_processor_id() != last) {
			moved++;
			last = raw_smp_processor_id();
		}
	}
	__atomic_add_fetch(&m->sections, n, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->violations, bad, __ATOMIC_RELAXED);
	__atomic_add_fetch(&m->migrations, moved, __ATOMIC_RELAXED);
	return 0;
}

static int torture_migrator(void *arg)
{
	struct mtorture *m = arg;
	u64 end = ktime_ns() + TORTURE_NS;
	struct prng r;

	prng_seed(&r, 1234);
	while (ktime_ns() < end) {
		struct thread *w = m->workers[prng_below(&r, m->nr_workers)];
		int cpu = (int)prng_below(&r, NR_CPUS);

		if (!sched_cpu_active(cpu) || cpu_is_isolated(cpu))
			continue;
		if (sched_move(w, cpu) == 0)
			m->moves++;
		else
			m->refused++;
		sched_sleep_ns(200 * 1000);
	}
	WRITE_ONCE(m->stop, true);
	return 0;
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

static void migrate_torture(struct ktest *t)
{
	static struct mtorture m;
	struct thread *mig;

	if (!torture_can_run(t))
		return;
	m = (struct mtorture){0};
	/* the migrator's CPU gets no worker once there are others to use */
	bool spare_hk = sched_nr_active_cpus() > 2;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (sched_cpu_active(cpu) && !cpu_is_isolated(cpu) &&
		    !(spare_hk && cpu == housekeeping_cpu()))
			m.workers[m.nr_workers++] =
				kthread_create(torture_worker, &m, cpu, "mtw");
	for (int i = 0; i < m.nr_workers; i++)
		KASSERT_TRUE(t, m.workers[i]);
	mig = kthread_create_on_cpu(torture_migrator, &m, housekeeping_cpu(),
				    "migrator");
	KASSERT_TRUE(t, mig);
	kthread_join(mig);
	for (int i = 0; i < m.nr_workers; i++)
		kthread_join(m.workers[i]);
	ktest_log(t,
		  "%d workers: %lu sections, %lu migrations seen, %lu "
		  "moves, %lu refused",
		  m.nr_workers, (unsigned long)m.sections,
		  (unsigned long)m.migrations, (unsigned long)m.moves,
		  (unsigned long)m.refused);
	KEXPECT_EQ(t, m.violations, 0);
	KEXPECT_GT(t, m.sections, 0);
	KEXPECT_GT(t, m.migrations, 0);
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
	KEXPECT_GE(t, th0, timer_hz() * 8 / 10);
	KEXPECT_LE(t, th0, timer_hz() * 12 / 10);
}

static const struct ktest_case migrate_cases[] = {
	KTEST_CASE(migrate_torture),
	KTEST_CASE(isolated_cpu_is_tickless),
	{NULL, NULL},
};
KTEST_SUITE(migrate, .cases = migrate_cases);

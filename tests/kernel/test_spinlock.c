/*
 * Spinlocks under load: every CPU increments one counter under the lock
 * (through each acquire flavour) and the total must be exact; trylock
 * fails cleanly on a held lock; lockstat counts what happened.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "arch/x86/tsc.h"

/* How long the workers keep going, past their fixed share, for contention */
#define TORTURE_CONTENTION_NS (2ULL * 1000 * 1000 * 1000)

#define TORTURE_TOTAL 120000 /* acquisitions, split across CPUs */

static DEFINE_SPINLOCK(torture_lock);

static void spin_trylock_behaves(struct ktest *t)
{
	int base = preempt_count();
	u64 failed = torture_lock.nr_try_failed;

	KASSERT_TRUE(t, spin_trylock(&torture_lock));
	KEXPECT_EQ(t, preempt_count(), base + 1);
	KEXPECT_TRUE(t, spin_held_by_me(&torture_lock));
	KEXPECT_FALSE(t, spin_trylock(&torture_lock));
	KEXPECT_EQ(t, preempt_count(), base + 1); /* failure unpinned */
	KEXPECT_EQ(t, torture_lock.nr_try_failed, failed + 1);
	spin_unlock(&torture_lock);
	KEXPECT_EQ(t, preempt_count(), base);
	KEXPECT_FALSE(t, spin_is_locked(&torture_lock));
}

static void spin_irqsave_restores(struct ktest *t)
{
	unsigned long f;

	KEXPECT_FALSE(t, irqs_disabled());
	f = spin_lock_irqsave(&torture_lock);
	KEXPECT_TRUE(t, irqs_disabled());
	lockdep_assert_held(&torture_lock);
	spin_unlock_irqrestore(&torture_lock, f);
	KEXPECT_FALSE(t, irqs_disabled());
	KASSERT_TRUE(t, spin_trylock_irqsave(&torture_lock, &f));
	KEXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irqrestore(&torture_lock, f);
	KEXPECT_FALSE(t, irqs_disabled());
}

struct torture {
	int per_thread;
	int nr_threads;
	int ready;
	u64 counter; /* torture_lock */
	u64 extra;   /* increments past the fixed shares (torture_lock) */
	u64 contended_base; /* torture_lock.nr_contended before the run */
	u64 deadline_ns;    /* stop hunting for contention after this */
};

/*
 * With many vCPUs on few host cores, a worker may finish its share in one
 * host time slice and never meet another: keep taking the lock (counted
 * apart) until someone has waited for it, or the deadline passes.
 */
static void torture_until_contended(struct torture *s)
{
	while (READ_ONCE(torture_lock.nr_contended) == s->contended_base &&
	       ktime_ns() < s->deadline_ns) {
		spin_lock(&torture_lock);
		s->extra++;
		spin_unlock(&torture_lock);
	}
}

static int torture_worker(void *arg)
{
	struct torture *s = arg;
	unsigned long f;

	__atomic_add_fetch(&s->ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE) < s->nr_threads)
		cpu_relax();
	for (int i = 0; i < s->per_thread; i++) {
		switch (i % 3) {
		case 0:
			spin_lock(&torture_lock);
			s->counter++;
			spin_unlock(&torture_lock);
			break;
		case 1:
			f = spin_lock_irqsave(&torture_lock);
			s->counter++;
			spin_unlock_irqrestore(&torture_lock, f);
			break;
		default:
			while (!spin_trylock(&torture_lock))
				cpu_relax();
			s->counter++;
			spin_unlock(&torture_lock);
		}
	}
	if (s->nr_threads > 1)
		torture_until_contended(s);
	return 0;
}

static void spin_torture_all_cpus(struct ktest *t)
{
	static struct thread *th[NR_CPUS];
	int n = sched_nr_active_cpus(), k = 0;
	u64 acq0 = torture_lock.nr_acquired, cont0 = torture_lock.nr_contended;
	struct torture s = {.nr_threads = n,
			    .contended_base = cont0,
			    .deadline_ns = ktime_ns() + TORTURE_CONTENTION_NS};

	s.per_thread = TORTURE_TOTAL / n;
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (sched_cpu_active(cpu))
			th[k++] = kthread_create_on_cpu(torture_worker, &s, cpu,
							"spin-torture");
	for (int i = 0; i < k; i++)
		KASSERT_TRUE(t, th[i]);
	for (int i = 0; i < k; i++)
		KEXPECT_EQ(t, kthread_join(th[i]), 0);
	KEXPECT_EQ(t, s.counter, (u64)s.per_thread * n);
	KEXPECT_EQ(t, torture_lock.nr_acquired - acq0,
		   (u64)s.per_thread * n + s.extra);
	ktest_log(t, "%d CPUs, %d each (+%lu): %lu contended, %lu spin cycles",
		  n, s.per_thread, (unsigned long)s.extra,
		  (unsigned long)(torture_lock.nr_contended - cont0),
		  (unsigned long)torture_lock.spin_cycles);
	if (n > 1)
		KEXPECT_GT(t, torture_lock.nr_contended - cont0, 0);
}

static const struct ktest_case spinlock_cases[] = {
	KTEST_CASE(spin_trylock_behaves),
	KTEST_CASE(spin_irqsave_restores),
	KTEST_CASE(spin_torture_all_cpus),
	{NULL, NULL},
};
KTEST_SUITE(spinlock, .cases = spinlock_cases);

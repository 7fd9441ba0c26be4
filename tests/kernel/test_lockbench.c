/*
 * lockbench must not change lock debugging under other threads' feet:
 * while it measures (debugging off, then on, for itself), workers on the
 * other CPUs lock and unlock with debugging on and must see no report, no
 * leaked lock and no change of the boot-time setting.
 */
#include "kernel/ktest.h"
#include "kernel/isolation.h"
#include "kernel/lockbench.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define LB_RUNS 3

struct lb_worker {
	spinlock_t lock;
	bool *stop;
	u64 iters;
	int reports, flips;
	bool leaked;
	struct bug_expect e;
	struct thread *th;
};

static int lb_worker_fn(void *arg)
{
	struct lb_worker *w = arg;
	bool dbg = READ_ONCE(lock_debug_enabled);

	lockdep_expect_bug_begin(&w->e);
	while (!READ_ONCE(*w->stop)) {
		if (spin_is_locked(&w->lock)) { /* a release was skipped */
			w->leaked = true;
			break;
		}
		spin_lock(&w->lock);
		for (volatile int i = 0; i < 20; i++)
			;
		spin_unlock(&w->lock);
		w->flips += READ_ONCE(lock_debug_enabled) != dbg;
		w->iters++;
	}
	w->reports = lockdep_expect_bug_end();
	return 0;
}

static int lb_start_workers(struct lb_worker *w, bool *stop)
{
	int me = raw_smp_processor_id(), n = 0;

	for (int cpu = 0; cpu < NR_CPUS && n < 8; cpu++) {
		if (!sched_cpu_active(cpu) || cpu_is_isolated(cpu) || cpu == me)
			continue;
		w[n] = (struct lb_worker){.stop = stop};
		spin_lock_init(&w[n].lock, "lb_worker");
		w[n].th = kthread_create_on_cpu(lb_worker_fn, &w[n], cpu,
						"lb-worker");
		n += w[n].th != NULL;
	}
	if (!n) { /* one CPU: share it, the bench is preemptible */
		w[0] = (struct lb_worker){.stop = stop};
		spin_lock_init(&w[0].lock, "lb_worker");
		w[0].th = kthread_create_on_cpu(lb_worker_fn, &w[0], me,
						"lb-worker");
		n = w[0].th != NULL;
	}
	return n;
}

static void lockbench_leaves_others_alone(struct ktest *t)
{
	static struct lb_worker w[8];
	static u64 cost[2][B_NR];
	bool stop = false, before = lock_debug_enabled;
	int n = lb_start_workers(w, &stop);

	KASSERT_TRUE(t, n > 0);
	for (int i = 0; i < n; i++) /* all at work before the bench starts */
		while (!READ_ONCE(w[i].iters))
			sched_yield();
	for (int r = 0; r < LB_RUNS; r++)
		lockbench_measure(2000, cost);
	WRITE_ONCE(stop, true);
	for (int i = 0; i < n; i++) {
		kthread_join(w[i].th);
		if (w[i].reports || w[i].leaked || w[i].flips)
			ktest_log(t,
				  "worker %d: %lu iterations, %d reports, %d "
				  "flips seen, %s: %s",
				  i, (unsigned long)w[i].iters, w[i].reports,
				  w[i].flips, w[i].leaked ? "lock leaked" : "",
				  w[i].e.msg);
		KEXPECT_EQ(t, w[i].reports, 0);
		KEXPECT_EQ(t, w[i].flips, 0);
		KEXPECT_FALSE(t, w[i].leaked);
		KEXPECT_GT(t, w[i].iters, 0);
	}
	KEXPECT_EQ(t, lock_debug_enabled, before);
	KEXPECT_GT(t, cost[1][B_SPIN], 0);
}

static DEFINE_SPINLOCK(lb_lock);

/* Changing one's own setting while holding a lock is refused, loudly. */
static void lockdep_set_current_only_unlocked(struct ktest *t)
{
	struct bug_expect e;
	bool booted = lock_debug_enabled;

	lockdep_expect_bug_begin(&e);
	spin_lock(&lb_lock);
	lockdep_set_current(LOCKDEP_OFF); /* refused: lb_lock is held */
	KEXPECT_EQ(t, (bool)lock_debug(), booted);
	spin_unlock(&lb_lock);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), booted ? 1 : 0);
	if (booted)
		ktest_log(t, "reported: %s", e.msg);
	KEXPECT_FALSE(t, spin_is_locked(&lb_lock));

	lockdep_set_current(LOCKDEP_OFF);
	KEXPECT_FALSE(t, lock_debug());
	spin_lock(&lb_lock);
	spin_unlock(&lb_lock);
	lockdep_set_current(LOCKDEP_ON);
	KEXPECT_TRUE(t, lock_debug());
	spin_lock(&lb_lock);
	KEXPECT_TRUE(t, lockdep_is_held(&lb_lock));
	spin_unlock(&lb_lock);
	lockdep_set_current(LOCKDEP_DEFAULT);
	KEXPECT_EQ(t, (bool)lock_debug(), booted);
	KEXPECT_FALSE(t, spin_is_locked(&lb_lock));
}

static const struct ktest_case lockbench_cases[] = {
	KTEST_CASE(lockbench_leaves_others_alone),
	KTEST_CASE(lockdep_set_current_only_unlocked),
	{NULL, NULL},
};
KTEST_SUITE(lockbench, .cases = lockbench_cases);

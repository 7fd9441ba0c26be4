/*
 * Lock debugging catches what it promises: order inversion, recursion,
 * releasing what is not held, sleeping in atomic context, local lock
 * nesting and a release by the wrong thread or on the wrong CPU. Each bug
 * is provoked on purpose with the BUG turned into a record
 * (lockdep_expect_bug_begin), then the lock state is put right.
 */
#include "kernel/ktest.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "lib/string.h"

static DEFINE_SPINLOCK_RANK(test_outer, 10);
static DEFINE_SPINLOCK_RANK(test_inner, 20);
static DEFINE_LOCAL_LOCK(test_dep_ll, 0);

static int lockdep_init_case(struct ktest *t)
{
	if (!lock_debug_enabled)
		ktest_skip(t, "lockdep=0");
	return 0;
}

static bool msg_has(const struct bug_expect *e, const char *s)
{
	size_t n = strlen(s);

	for (const char *p = e->msg; *p; p++)
		if (!strncmp(p, s, n))
			return true;
	return false;
}

static void lockdep_order_ok_and_inverted(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	lockdep_expect_bug_begin(&e);
	spin_lock(&test_outer);
	spin_lock(&test_inner); /* declared order: fine */
	spin_unlock(&test_inner);
	spin_unlock(&test_outer);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 0);

	lockdep_expect_bug_begin(&e);
	spin_lock(&test_inner);
	spin_lock(&test_outer); /* inverted: reported, still taken */
	spin_unlock(&test_outer);
	spin_unlock(&test_inner);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	ktest_log(t, "reported: %s", e.msg);
	KEXPECT_TRUE(t, msg_has(&e, "test_outer") && msg_has(&e, "test_inner"));
	KEXPECT_TRUE(t, preemptible());
}

static void lockdep_recursion_and_bad_unlock(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	lockdep_expect_bug_begin(&e);
	spin_lock(&test_outer);
	spin_lock(&test_outer); /* would spin forever: reported, skipped */
	spin_unlock(&test_outer);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	KEXPECT_TRUE(t, msg_has(&e, "recursive"));
	KEXPECT_FALSE(t, spin_is_locked(&test_outer));

	lockdep_expect_bug_begin(&e);
	spin_unlock(&test_inner); /* not held: reported, skipped */
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	KEXPECT_TRUE(t, preemptible());
}

static void lockdep_sleep_in_atomic(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	lockdep_expect_bug_begin(&e);
	spin_lock(&test_outer);
	sched_yield(); /* scheduling while atomic: reported, refused */
	might_sleep();
	spin_unlock(&test_outer);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 2);
	KEXPECT_TRUE(t, msg_has(&e, "atomic"));
}

static void lockdep_local_lock_nesting(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	lockdep_expect_bug_begin(&e);
	local_lock(&test_dep_ll);
	local_lock(&test_dep_ll); /* nested: reported, not counted */
	local_unlock(&test_dep_ll);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	KEXPECT_TRUE(t, msg_has(&e, "nested"));
	KEXPECT_TRUE(t, preemptible());
}

/* Shared by the wrong-task and wrong-CPU cases. */
struct wrong_unlock {
	struct completion locked, may_finish;
	int home_cpu, other_cpu;
	int bugs;
	struct bug_expect e;
};

/* Holds the local lock, then (deliberate bug) lets preemption back on. */
static int wrong_task_holder(void *arg)
{
	struct wrong_unlock *w = arg;

	local_lock(&test_dep_ll);
	preempt_enable(); /* the bug under test: section left unpinned */
	complete(&w->locked);
	wait_for_completion(&w->may_finish);
	preempt_disable(); /* put it right: a proper unlock */
	local_unlock(&test_dep_ll);
	return 0;
}

static void lockdep_local_unlock_wrong_task(struct ktest *t)
{
	struct wrong_unlock w = {0};
	struct thread *th;

	if (t->skipped)
		return;
	completion_init(&w.locked, "w.locked");
	completion_init(&w.may_finish, "w.may_finish");
	th = kthread_create_on_cpu(wrong_task_holder, &w, smp_processor_id(),
				   "ll-holder");
	KASSERT_TRUE(t, th);
	wait_for_completion(&w.locked);
	preempt_disable(); /* pretend to be a holder on this CPU */
	lockdep_expect_bug_begin(&w.e);
	local_unlock(&test_dep_ll);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	preempt_enable();
	ktest_log(t, "reported: %s", w.e.msg);
	KEXPECT_TRUE(t, msg_has(&w.e, "ll-holder holds it"));
	complete(&w.may_finish);
	KEXPECT_EQ(t, kthread_join(th), 0);
}

static int wrong_cpu_holder(void *arg)
{
	struct wrong_unlock *w = arg;

	local_lock(&test_dep_ll);
	preempt_enable(); /* the bug under test: now it can migrate */
	sched_move(current, w->other_cpu);
	lockdep_expect_bug_begin(&w->e);
	local_unlock(&test_dep_ll); /* on the wrong CPU */
	w->bugs = lockdep_expect_bug_end();
	sched_move(current, w->home_cpu);
	preempt_disable();
	local_unlock(&test_dep_ll);
	return raw_smp_processor_id() == w->home_cpu ? 0 : -1;
}

static void lockdep_local_unlock_wrong_cpu(struct ktest *t)
{
	struct wrong_unlock w = {.home_cpu = 0, .other_cpu = -1};
	struct thread *th;

	if (t->skipped)
		return;
	for (int cpu = 1; cpu < NR_CPUS && w.other_cpu < 0; cpu++)
		if (sched_cpu_active(cpu))
			w.other_cpu = cpu;
	if (w.other_cpu < 0) {
		ktest_skip(t, "needs a second CPU");
		return;
	}
	th = kthread_create(wrong_cpu_holder, &w, w.home_cpu, "ll-mover");
	KASSERT_TRUE(t, th);
	KEXPECT_EQ(t, kthread_join(th), 0);
	KEXPECT_EQ(t, w.bugs, 1);
	ktest_log(t, "reported: %s", w.e.msg);
	KEXPECT_TRUE(t, msg_has(&w.e, "taken on cpu0"));
}

static const struct ktest_case lockdep_cases[] = {
	KTEST_CASE(lockdep_order_ok_and_inverted),
	KTEST_CASE(lockdep_recursion_and_bad_unlock),
	KTEST_CASE(lockdep_sleep_in_atomic),
	KTEST_CASE(lockdep_local_lock_nesting),
	KTEST_CASE(lockdep_local_unlock_wrong_task),
	KTEST_CASE(lockdep_local_unlock_wrong_cpu),
	{NULL, NULL},
};
KTEST_SUITE(lockdep, .cases = lockdep_cases, .init = lockdep_init_case);

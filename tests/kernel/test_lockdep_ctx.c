/*
 * lockdep knows which context it is in: task, hard IRQ and NMI each have
 * their own held-lock stack, so a tick or an injected IRQ landing while a
 * thread holds a lock with IRQs on is not an order inversion; an IRQ that
 * takes the lock its interrupted thread holds is reported as recursion in
 * IRQ context, naming both; "held" answers for the context asking; a
 * report raised in an IRQ goes to the IRQ's record, not to the thread's
 * expect window; and the IRQ-safety rule (a lock taken in hard IRQ must
 * never be held with IRQs on, unless the IRQ side only trylocks) is
 * reported once with both sites.
 */
#include "kernel/ktest.h"
#include "arch/x86/tsc.h"
#include "kernel/inject.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"
#include "kernel/sched_deps.h"
#include "kernel/spinlock.h"
#include "lib/string.h"

static DEFINE_SPINLOCK_RANK(ctx_outer, 75); /* above rq->lock (60) */
static DEFINE_SPINLOCK_RANK(ctx_irq_lock, 40);
static DEFINE_SPINLOCK(ctx_held);
static DEFINE_SPINLOCK(ctx_mixed);
static DEFINE_SPINLOCK(ctx_try);
static DEFINE_SPINLOCK(ctx_stray);
static DEFINE_SPINLOCK(ctx_rt);

/* What an injected handler saw and reported. */
struct ctx_irq {
	int calls;
	int reports;
	int held_answers; /* spin_held_by_me / lockdep_is_held said "held" */
	int try_failed;
	struct bug_expect e;
};

static struct ctx_irq ci;

static int lockdep_ctx_init(struct ktest *t)
{
	if (!lock_debug_enabled)
		ktest_skip(t, "lockdep=0");
	else if (!CONFIG_INJECT)
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
	return 0;
}

/* IRQ: a ranked lock of its own, below the one the thread holds. */
static void ctx_take_irq_lock(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	spin_lock(&ctx_irq_lock);
	ci.calls++;
	spin_unlock(&ctx_irq_lock);
}

/* Spin (IRQs on, preemption off under the lock) until @n ticks passed. */
static bool ctx_wait_ticks(int n)
{
	u64 t0 = this_cpu_read(cpu_area.sched_ticks);
	u64 end = ktime_ns() + 2000000000ULL;

	while (this_cpu_read(cpu_area.sched_ticks) < t0 + n)
		if (ktime_ns() > end)
			return false;
	return true;
}

static void lockdep_ctx_irqs_on_across_ticks(struct ktest *t)
{
	struct bug_expect e;
	bool ticked;

	if (t->skipped)
		return;
	if (!timer_hz()) {
		ktest_skip(t, "needs the timer tick");
		return;
	}
	ci = (struct ctx_irq){0};
	inject_arm("test_ctx_hold", INJECT_IRQ, 1, ctx_take_irq_lock, NULL);
	lockdep_expect_bug_begin(&e);
	spin_lock(&ctx_outer);
	ticked = ctx_wait_ticks(2); /* the tick takes rq->lock (rank 60) */
	for (int i = 0; i < 10; i++)
		inject_point(test_ctx_hold);
	spin_unlock(&ctx_outer);
	inject_disarm("test_ctx_hold");
	if (lockdep_expect_bug_end())
		ktest_log(t, "false report: %s", e.msg);
	KEXPECT_EQ(t, e.count, 0);
	KEXPECT_TRUE(t, ticked);
	KEXPECT_EQ(t, ci.calls, 10);
}

/* IRQ: take the lock the interrupted thread holds, a report expected. */
static void ctx_recurse(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	lockdep_expect_bug_begin(&ci.e);
	spin_lock(&ctx_held); /* would spin forever: reported, skipped */
	ci.reports = lockdep_expect_bug_end();
	ci.calls++;
}

static void lockdep_ctx_irq_recursion(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	ci = (struct ctx_irq){0};
	inject_arm("test_ctx_recurse", INJECT_IRQ, 1, ctx_recurse, NULL);
	lockdep_expect_bug_begin(&e);
	spin_lock(&ctx_held);
	inject_point(test_ctx_recurse);
	spin_unlock(&ctx_held);
	inject_disarm("test_ctx_recurse");
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 0); /* nothing on the thread */
	ktest_log(t, "IRQ reported: %s", ci.e.msg);
	KEXPECT_EQ(t, ci.calls, 1);
	KEXPECT_EQ(t, ci.reports, 1);
	KEXPECT_TRUE(t, strstr(ci.e.msg, "hard IRQ") != NULL);
	KEXPECT_TRUE(t, strstr(ci.e.msg, "ctx_held") != NULL);
	KEXPECT_TRUE(t, strstr(ci.e.msg, current->name) != NULL);
	KEXPECT_FALSE(t, spin_is_locked(&ctx_held));
}

/* IRQ or NMI: ask whether "we" hold the lock the thread holds. */
static void ctx_ask_held(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	ci.calls++;
	ci.held_answers += lockdep_is_held(&ctx_held);
}

static void lockdep_ctx_held_is_per_context(struct ktest *t)
{
	if (t->skipped)
		return;
	for (int kind = INJECT_IRQ; kind <= INJECT_NMI; kind++) {
		ci = (struct ctx_irq){0};
		inject_arm("test_ctx_held", kind, 1, ctx_ask_held, NULL);
		spin_lock(&ctx_held);
		KEXPECT_TRUE(t, lockdep_is_held(&ctx_held));
		inject_point(test_ctx_held);
		spin_unlock(&ctx_held);
		inject_disarm("test_ctx_held");
		KEXPECT_EQ(t, ci.calls, 1);
		KEXPECT_EQ(t, ci.held_answers, 0);
	}
}

/* IRQ: a bug of its own (release of a lock nobody holds), expected. */
static void ctx_stray_release(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	lockdep_expect_bug_begin(&ci.e);
	spin_unlock(&ctx_stray);
	ci.reports = lockdep_expect_bug_end();
}

static void lockdep_ctx_irq_report_not_absorbed(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	ci = (struct ctx_irq){0};
	inject_arm("test_ctx_stray", INJECT_IRQ, 1, ctx_stray_release, NULL);
	lockdep_expect_bug_begin(&e);
	inject_point(test_ctx_stray);
	spin_unlock(&ctx_stray); /* the thread's own bug, after the IRQ's */
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	inject_disarm("test_ctx_stray");
	KEXPECT_EQ(t, ci.reports, 1);
	KEXPECT_TRUE(t, strstr(e.msg, "ctx_stray") != NULL);
}

/* IRQ: take ctx_mixed the blocking way (an IRQ-safe use). */
static void ctx_lock_mixed(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	spin_lock(&ctx_mixed);
	spin_unlock(&ctx_mixed);
	ci.calls++;
}

static void lockdep_ctx_irq_safety_violation(struct ktest *t)
{
	struct bug_expect e;

	if (t->skipped)
		return;
	ci = (struct ctx_irq){0};
	inject_arm("test_ctx_mixed", INJECT_IRQ, 1, ctx_lock_mixed, NULL);
	inject_point(test_ctx_mixed);
	inject_disarm("test_ctx_mixed");
	lockdep_expect_bug_begin(&e);
	spin_lock(&ctx_mixed); /* IRQs on: an IRQ here would deadlock */
	spin_unlock(&ctx_mixed);
	spin_lock(&ctx_mixed); /* reported once, not again */
	spin_unlock(&ctx_mixed);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
	ktest_log(t, "reported: %s", e.msg);
	KEXPECT_TRUE(t, strstr(e.msg, "ctx_mixed") != NULL);
	KEXPECT_TRUE(t, strstr(e.msg, "ctx_lock_mixed") != NULL);
	KEXPECT_TRUE(t, strstr(e.msg, "lockdep_ctx_irq_safety") != NULL);
}

/* IRQ: only trylock a lock the thread holds with IRQs on. */
static void ctx_try_lock(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	ci.calls++;
	if (spin_trylock(&ctx_try))
		spin_unlock(&ctx_try);
	else
		ci.try_failed++;
}

static void lockdep_ctx_irq_trylock_allowed(struct ktest *t)
{
	struct bug_expect e;
	u64 irq_tries = lockdep_irq_trylocks(&ctx_try.dep);

	if (t->skipped)
		return;
	ci = (struct ctx_irq){0};
	inject_arm("test_ctx_try", INJECT_IRQ, 1, ctx_try_lock, NULL);
	lockdep_expect_bug_begin(&e);
	spin_lock(&ctx_try);
	inject_point(test_ctx_try); /* fails: held by the thread */
	spin_unlock(&ctx_try);
	inject_point(test_ctx_try); /* succeeds: free */
	spin_lock(&ctx_try);
	spin_unlock(&ctx_try);
	KEXPECT_EQ(t, lockdep_expect_bug_end(), 0);
	inject_disarm("test_ctx_try");
	KEXPECT_EQ(t, ci.calls, 2);
	KEXPECT_EQ(t, ci.try_failed, 1);
	KEXPECT_EQ(t, lockdep_irq_trylocks(&ctx_try.dep) - irq_tries, 2);
}

/* IRQ: ask for a switch, which the injected IRQ's exit then makes. */
static void ctx_resched(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	set_need_resched();
}

/*
 * A thread preempted halfway through pushing onto its own held stack: the
 * switch pushes and pops rq->lock on that same stack. An unguarded push
 * once let the slot being filled be overwritten, so the thread ended up
 * "holding" rq->lock and not the lock it took (seen only under UBSan,
 * where the push spans several translation blocks and the tick can land
 * inside it); the injection point makes the switch land there every time.
 */
static void lockdep_ctx_preempted_push(struct ktest *t)
{
	struct inject_counts c;
	struct bug_expect e;
	bool held;

	if (t->skipped)
		return;
	if (!preemptible()) {
		ktest_skip(t, "the test thread is not preemptible");
		return;
	}
	inject_arm("lockdep_task_push", INJECT_IRQ, 1, ctx_resched, NULL);
	lockdep_expect_bug_begin(&e);
	spin_lock_rt(&ctx_rt); /* preemptible: the push can be switched out */
	inject_disarm("lockdep_task_push");
	held = lockdep_is_held(&ctx_rt);
	spin_unlock_rt(&ctx_rt);
	if (lockdep_expect_bug_end())
		ktest_log(t, "report: %s", e.msg);
	inject_counts("lockdep_task_push", &c);
	KEXPECT_EQ(t, e.count, 0);
	KEXPECT_TRUE(t, held);
	KEXPECT_EQ(t, current->dep.nheld, 0);
	KEXPECT_GT(t, c.taken, 0); /* the switch was really asked for */
	KEXPECT_FALSE(t, spin_is_locked(&ctx_rt));
}

static const struct ktest_case lockdep_ctx_cases[] = {
	KTEST_CASE(lockdep_ctx_irqs_on_across_ticks),
	KTEST_CASE(lockdep_ctx_irq_recursion),
	KTEST_CASE(lockdep_ctx_held_is_per_context),
	KTEST_CASE(lockdep_ctx_irq_report_not_absorbed),
	KTEST_CASE(lockdep_ctx_irq_safety_violation),
	KTEST_CASE(lockdep_ctx_irq_trylock_allowed),
	KTEST_CASE(lockdep_ctx_preempted_push),
	{NULL, NULL},
};
KTEST_SUITE(lockdep_ctx, .cases = lockdep_ctx_cases, .init = lockdep_ctx_init);

/*
 * The RT lock (spin_lock_rt, and the RT local lock built on it) may only
 * be taken where its taker can be preempted: from hard IRQ, with IRQs
 * off, under preempt_disable or a spinlock it is a BUG with one clear
 * line, and nothing is taken. Where it is allowed, a waiter never spins
 * on a switched-out owner: two threads on one CPU both complete, and a
 * remote waiter leaves its own CPU to other threads while it waits.
 */
#include "kernel/ktest.h"
#include "arch/x86/tsc.h"
#include "kernel/inject.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/string.h"

static DEFINE_LOCAL_LOCK(rt_ll, 0);
static DEFINE_SPINLOCK(rt_outer);

static struct bug_expect rt_irq_e;
static int rt_irq_reports, rt_irq_took;

/* IRQ: try the RT local lock, a report expected; undo if it was taken. */
static void rt_from_irq(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	lockdep_expect_bug_begin(&rt_irq_e);
	local_lock_rt(&rt_ll);
	rt_irq_reports = lockdep_expect_bug_end();
	if (local_lock_held(&rt_ll)) {
		rt_irq_took = 1;
		local_unlock_rt(&rt_ll);
	}
}

static void rt_lock_from_irq_is_bug(struct ktest *t)
{
	if (!CONFIG_INJECT) {
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
		return;
	}
	rt_irq_reports = rt_irq_took = 0;
	inject_arm("test_rt_irq", INJECT_IRQ, 1, rt_from_irq, NULL);
	inject_point(test_rt_irq);
	inject_disarm("test_rt_irq");
	ktest_log(t, "reported: %s", rt_irq_e.msg);
	KEXPECT_EQ(t, rt_irq_reports, 1);
	KEXPECT_EQ(t, rt_irq_took, 0);
	KEXPECT_TRUE(t, strstr(rt_irq_e.msg, "invalid context") != NULL);
	KEXPECT_TRUE(t, strstr(rt_irq_e.msg, "rt_from_irq") != NULL);
}

/* Take the RT lock where it may not be taken; 1 if it was (undone). */
static int rt_try_atomic(int how)
{
	unsigned long f = 0;
	int took;

	if (how == 0)
		preempt_disable();
	else if (how == 1)
		spin_lock(&rt_outer);
	else
		local_irq_save(f);
	local_lock_rt(&rt_ll);
	took = local_lock_held(&rt_ll);
	if (took)
		local_unlock_rt(&rt_ll);
	if (how == 0)
		preempt_enable();
	else if (how == 1)
		spin_unlock(&rt_outer);
	else
		local_irq_restore(f);
	return took;
}

struct rt_blocked {
	struct completion held, release;
};

/* Holds the RT local lock, pinned, while blocked: a switched-out owner. */
static int rt_blocked_holder(void *arg)
{
	struct rt_blocked *b = arg;

	local_lock_rt(&rt_ll);
	complete(&b->held);
	wait_for_completion(&b->release);
	local_unlock_rt(&rt_ll);
	return 0;
}

static void rt_atomic_all_ways(struct ktest *t, const char *owner)
{
	static const char *const how[] = {"preempt_disable", "a spinlock",
					  "IRQs off"};
	struct bug_expect e;

	for (int h = 0; h < 3; h++) {
		lockdep_expect_bug_begin(&e);
		KEXPECT_EQ(t, rt_try_atomic(h),
			   0); /* never spins, never takes */
		KEXPECT_EQ(t, lockdep_expect_bug_end(), 1);
		ktest_log(t, "under %s, %s: %s", how[h], owner, e.msg);
		KEXPECT_TRUE(t, strstr(e.msg, "invalid context") != NULL);
	}
}

static void rt_lock_atomic_task_is_bug(struct ktest *t)
{
	static struct rt_blocked b;
	struct thread *th;

	rt_atomic_all_ways(t, "lock free");
	/* the deadlock: its owner is switched out on this very CPU */
	completion_init(&b.held, "rt.bheld");
	completion_init(&b.release, "rt.brelease");
	th = kthread_create_on_cpu(rt_blocked_holder, &b,
				   raw_smp_processor_id(), "rt-bholder");
	KASSERT_TRUE(t, th);
	wait_for_completion(&b.held);
	rt_atomic_all_ways(t, "owner switched out here");
	complete(&b.release);
	kthread_join(th);
	KEXPECT_TRUE(t, preemptible());
}

struct rt_pair {
	struct completion held;
	int cpu;
	bool release; /* the holder may let go */
	int yields;   /* holder: times switched out while holding */
	int done;
};

/* Holds the lock and gives the CPU away until told to release. */
static int rt_holder(void *arg)
{
	struct rt_pair *p = arg;

	local_lock_rt(&rt_ll);
	complete(&p->held);
	while (!READ_ONCE(p->release)) {
		sched_yield(); /* preempted while holding: RT allows it */
		p->yields++;
	}
	local_unlock_rt(&rt_ll);
	__atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Waits for the lock on the holder's CPU, then lets the holder go. */
static int rt_waiter(void *arg)
{
	struct rt_pair *p = arg;

	WRITE_ONCE(p->release, true); /* released only once we wait */
	local_lock_rt(&rt_ll);
	local_unlock_rt(&rt_ll);
	__atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
	return 0;
}

static void rt_lock_same_cpu_owner_switched_out(struct ktest *t)
{
	static struct rt_pair p;
	struct thread *a, *b;
	int cpu = raw_smp_processor_id();
	u64 contended = rt_ll.cpu[cpu].rt_lock.nr_contended;

	p = (struct rt_pair){.cpu = cpu};
	completion_init(&p.held, "rt.held");
	a = kthread_create_on_cpu(rt_holder, &p, cpu, "rt-holder");
	KASSERT_TRUE(t, a);
	wait_for_completion(&p.held);
	b = kthread_create_on_cpu(rt_waiter, &p, cpu, "rt-waiter");
	KASSERT_TRUE(t, b);
	kthread_join(b);
	kthread_join(a);
	KEXPECT_EQ(t, p.done, 2);
	KEXPECT_GT(t, p.yields, 0);
	ktest_log(t, "holder switched out %d times holding it; %lu contended",
		  p.yields,
		  (unsigned long)(rt_ll.cpu[cpu].rt_lock.nr_contended -
				  contended));
}

struct rt_remote {
	spinlock_t *lock;
	struct completion held;
	bool stop;
	u64 other_runs; /* a thread on the waiter's CPU, while it waits */
	bool waiting, got;
};

static int rt_remote_holder(void *arg)
{
	struct rt_remote *r = arg;

	migrate_disable();
	spin_lock_rt(r->lock);
	complete(&r->held);
	while (!READ_ONCE(r->waiting))
		sched_yield();
	sched_sleep_ns(50ULL * 1000 * 1000); /* the waiter keeps waiting */
	spin_unlock_rt(r->lock);
	migrate_enable();
	return 0;
}

static int rt_remote_waiter(void *arg)
{
	struct rt_remote *r = arg;

	WRITE_ONCE(r->waiting, true);
	spin_lock_rt(r->lock); /* another CPU's: waits preemptibly */
	WRITE_ONCE(r->got, true);
	spin_unlock_rt(r->lock);
	return 0;
}

static int rt_remote_other(void *arg)
{
	struct rt_remote *r = arg;

	while (!READ_ONCE(r->stop)) {
		if (READ_ONCE(r->waiting) && !READ_ONCE(r->got))
			r->other_runs++;
		sched_yield();
	}
	return 0;
}

static void rt_lock_remote_waiter_preemptible(struct ktest *t)
{
	static struct rt_remote r;
	int me = raw_smp_processor_id(), cpu, there = -1;
	struct thread *h, *w, *o;

	for_each_online_cpu(cpu)
		if (cpu != me && there < 0 && sched_cpu_active(cpu))
			there = cpu;
	if (there < 0) {
		ktest_skip(t, "needs a second CPU for a remote waiter");
		return;
	}
	r = (struct rt_remote){.lock = &rt_ll.cpu[there].rt_lock};
	completion_init(&r.held, "rt.rheld");
	h = kthread_create_on_cpu(rt_remote_holder, &r, there, "rt-rholder");
	KASSERT_TRUE(t, h);
	wait_for_completion(&r.held);
	o = kthread_create_on_cpu(rt_remote_other, &r, me, "rt-other");
	w = kthread_create_on_cpu(rt_remote_waiter, &r, me, "rt-rwaiter");
	KASSERT_TRUE(t, o && w);
	kthread_join(w);
	WRITE_ONCE(r.stop, true);
	kthread_join(o);
	kthread_join(h);
	ktest_log(t,
		  "cpu%d waited for cpu%d's lock; another thread ran %lu "
		  "times there meanwhile",
		  me, there, (unsigned long)r.other_runs);
	KEXPECT_TRUE(t, r.got);
	KEXPECT_GT(t, r.other_runs, 0);
}

static const struct ktest_case rt_lock_cases[] = {
	KTEST_CASE(rt_lock_from_irq_is_bug),
	KTEST_CASE(rt_lock_atomic_task_is_bug),
	KTEST_CASE(rt_lock_same_cpu_owner_switched_out),
	KTEST_CASE(rt_lock_remote_waiter_preemptible),
	{NULL, NULL},
};
KTEST_SUITE(rt_lock, .cases = rt_lock_cases);

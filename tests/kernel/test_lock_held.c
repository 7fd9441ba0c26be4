/*
 * "Do I hold this lock?" is answered exactly, with lock debugging on or
 * off: for a spinlock, by the owning context (this thread, or this CPU's
 * hard IRQ or NMI), not by the CPU; for a local lock, by its own owner
 * record, not by "preemption is off somewhere". An interrupt on the
 * holder's CPU does not hold the holder's lock, nor does another thread
 * that runs there while an RT holder is switched out.
 */
#include "kernel/ktest.h"
#include "kernel/inject.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

static DEFINE_SPINLOCK(held_spin);
static DEFINE_LOCAL_LOCK(held_ll, 0);
static DEFINE_LOCAL_LOCK(held_ll_rt, 0);

static int held_answers; /* "held" answers given inside the interrupt */
static int held_calls;

static void held_ask(struct inject_point *p, void *arg)
{
	(void)p;
	(void)arg;
	held_calls++;
	held_answers += spin_held_by_me(&held_spin);
	held_answers += local_lock_held(&held_ll);
}

static int held_init(struct ktest *t)
{
	if (!CONFIG_INJECT)
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
	return 0;
}

/* Both lock debugging settings, for the calling thread only. */
static const enum lockdep_mode held_modes[] = {LOCKDEP_OFF, LOCKDEP_ON};

static void held_spin_and_local_in_irq(struct ktest *t)
{
	if (t->skipped)
		return;
	for (int m = 0; m < 2; m++) {
		lockdep_set_current(held_modes[m]);
		for (int kind = INJECT_IRQ; kind <= INJECT_NMI; kind++) {
			held_answers = held_calls = 0;
			inject_arm("test_held_irq", kind, 1, held_ask, NULL);
			spin_lock(&held_spin);
			KEXPECT_TRUE(t, spin_held_by_me(&held_spin));
			inject_point(test_held_irq);
			spin_unlock(&held_spin);
			local_lock(&held_ll);
			KEXPECT_TRUE(t, local_lock_held(&held_ll));
			inject_point(test_held_irq);
			local_unlock(&held_ll);
			inject_point(test_held_irq); /* nothing held at all */
			inject_disarm("test_held_irq");
			KEXPECT_EQ(t, held_calls, 3);
			KEXPECT_EQ(t, held_answers, 0);
		}
		KEXPECT_FALSE(t, spin_held_by_me(&held_spin));
		KEXPECT_FALSE(t, local_lock_held(&held_ll));
	}
	lockdep_set_current(LOCKDEP_DEFAULT);
}

struct held_rt {
	struct completion locked, release;
	int mode;
};

/* Holds the RT local lock (and so its spinlock) while blocked. */
static int held_rt_holder(void *arg)
{
	struct held_rt *h = arg;

	lockdep_set_current(h->mode);
	local_lock_rt(&held_ll_rt);
	complete(&h->locked);
	wait_for_completion(&h->release);
	local_unlock_rt(&held_ll_rt);
	lockdep_set_current(LOCKDEP_DEFAULT);
	return 0;
}

static void held_rt_other_thread_same_cpu(struct ktest *t)
{
	int cpu = raw_smp_processor_id();
	struct held_rt h;
	struct thread *th;

	for (int m = 0; m < 2; m++) {
		lockdep_set_current(held_modes[m]);
		h.mode = held_modes[m];
		completion_init(&h.locked, "held.locked");
		completion_init(&h.release, "held.release");
		th = kthread_create_on_cpu(held_rt_holder, &h, cpu,
					   "rt-holder");
		KASSERT_TRUE(t, th);
		wait_for_completion(&h.locked);
		/* same CPU, holder switched out: we hold nothing */
		KEXPECT_TRUE(t, spin_is_locked(&held_ll_rt.cpu[cpu].rt_lock));
		KEXPECT_FALSE(t, spin_held_by_me(&held_ll_rt.cpu[cpu].rt_lock));
		KEXPECT_FALSE(t, local_lock_held(&held_ll_rt));
		complete(&h.release);
		KEXPECT_EQ(t, kthread_join(th), 0);
		local_lock_rt(&held_ll_rt);
		KEXPECT_TRUE(t, local_lock_held(&held_ll_rt));
		KEXPECT_TRUE(t, spin_held_by_me(&held_ll_rt.cpu[cpu].rt_lock));
		local_unlock_rt(&held_ll_rt);
	}
	lockdep_set_current(LOCKDEP_DEFAULT);
}

static const struct ktest_case held_cases[] = {
	KTEST_CASE(held_spin_and_local_in_irq),
	KTEST_CASE(held_rt_other_thread_same_cpu),
	{NULL, NULL},
};
KTEST_SUITE(lock_held, .cases = held_cases, .init = held_init);

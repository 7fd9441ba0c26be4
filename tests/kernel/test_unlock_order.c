/*
 * Unlocking restores IRQs first and enables preemption last, as Linux
 * does: a reschedule that became due inside an IRQs-off section (here a
 * wake-up of a thread on this CPU plus the need_resched a preempting
 * wake-up sets) switches at the unlock, not at the next tick.
 */
#include "kernel/ktest.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define UO_ROUNDS 5

static DEFINE_SPINLOCK(uo_lock);
static DEFINE_LOCAL_LOCK(uo_ll, 0);

enum uo_kind { UO_SPIN_IRQSAVE, UO_LOCAL_IRQSAVE, UO_SPIN_IRQ, UO_LOCAL_IRQ };

static const char *const uo_names[] = {
	"spin_unlock_irqrestore",
	"local_unlock_irqrestore",
	"spin_unlock_irq",
	"local_unlock_irq",
};

struct uo_waiter {
	struct completion ready, go;
	int ran;
};

static int uo_waiter_fn(void *arg)
{
	struct uo_waiter *w = arg;

	complete(&w->ready);
	wait_for_completion(&w->go);
	WRITE_ONCE(w->ran, 1);
	return 0;
}

/* Wake @w inside a section of @kind, ask to reschedule, unlock. */
static void uo_section(enum uo_kind kind, struct uo_waiter *w)
{
	unsigned long f;

	switch (kind) {
	case UO_SPIN_IRQSAVE:
		f = spin_lock_irqsave(&uo_lock);
		complete(&w->go);
		set_need_resched();
		spin_unlock_irqrestore(&uo_lock, f);
		break;
	case UO_LOCAL_IRQSAVE:
		f = local_lock_irqsave(&uo_ll);
		complete(&w->go);
		set_need_resched();
		local_unlock_irqrestore(&uo_ll, f);
		break;
	case UO_SPIN_IRQ:
		spin_lock_irq(&uo_lock);
		complete(&w->go);
		set_need_resched();
		spin_unlock_irq(&uo_lock);
		break;
	default:
		local_lock_irq(&uo_ll);
		complete(&w->go);
		set_need_resched();
		local_unlock_irq(&uo_ll);
	}
}

static void unlock_switches_at_once(struct ktest *t)
{
	static struct uo_waiter w;
	int cpu = raw_smp_processor_id();

	for (int k = 0; k < 4; k++) {
		int switched = 0;

		for (int r = 0; r < UO_ROUNDS; r++) {
			struct thread *th;

			w.ran = 0;
			completion_init(&w.ready, "uo.ready");
			completion_init(&w.go, "uo.go");
			th = kthread_create_on_cpu(uo_waiter_fn, &w, cpu,
						   "uo-waiter");
			KASSERT_TRUE(t, th);
			wait_for_completion(&w.ready);
			uo_section(k, &w);
			switched += READ_ONCE(w.ran); /* it ran at the unlock */
			kthread_join(th);
		}
		if (switched != UO_ROUNDS)
			ktest_log(t,
				  "%s: switched at the unlock %d of %d times",
				  uo_names[k], switched, UO_ROUNDS);
		KEXPECT_EQ(t, switched, UO_ROUNDS);
	}
}

static const struct ktest_case unlock_order_cases[] = {
	KTEST_CASE(unlock_switches_at_once),
	{NULL, NULL},
};
KTEST_SUITE(unlock_order, .cases = unlock_order_cases);

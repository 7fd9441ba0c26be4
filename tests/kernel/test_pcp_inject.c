/*
 * ktest suite "pcp_inject": an interrupt that allocates and frees lands
 * at every step of a pcp section (after the pin, after the lock, in the
 * middle of a refill, in the middle of a spill, before the unlock), in
 * every mode. Where the mode keeps IRQs on while pcp->lock is held (spin,
 * rt) the interrupt finds the lock taken and must fall back to the buddy
 * (counted as pcp_trylock_fail); where IRQs are off (irq, local,
 * spin_irqsave) it waits until the section ends and uses the lists. The
 * section's preempt count and IRQ state must come out balanced, and the
 * lists intact, every time. Runs at -smp 1 as well: with one CPU every
 * "trylock" of an uncontended lock succeeds, which is exactly where Linux
 * once corrupted its lists.
 */
#include "kernel/inject.h"
#include "tests/kernel/pcp_test_util.h"

#define PI_REPS 12

static const char *const pi_points[] = {
	"pcp_after_pin", "pcp_after_lock",    "pcp_refill",
	"pcp_spill",	 "pcp_before_unlock",
};

struct pi_state {
	const char *point;
	int ran, bad_ctx;
	unsigned long allocs;
};

static struct pi_state pi;

/* Context: the injected hard IRQ. Disarm first: our own allocation
 * passes the same point. */
static void pi_irq(struct inject_point *p, void *arg)
{
	struct page *a, *b;

	(void)arg;
	inject_disarm(p->name);
	pi.ran++;
	if (!in_hardirq())
		pi.bad_ctx++;
	a = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);
	b = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 3);
	pi.allocs += (a != NULL) + (b != NULL);
	if (a)
		__free_pages(a, 0);
	if (b)
		__free_pages(b, 3);
}

/*
 * One pass through every step: an empty list refilled, a spill. Only
 * the zone the interrupt allocates from too, so the lock it finds held
 * is the one it wants.
 */
static void pi_workload(void)
{
	struct zone *z = pcp_test_zone();
	struct page *p, *q;

	drain_local_pages(z);
	p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0); /* refill */
	q = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	if (p)
		__free_pages(p, 0);
	if (q)
		__free_pages(q, 0);
	drain_local_pages(z); /* spill */
}

/* Do IRQs see pcp->lock held at @point in @mode? */
static bool pi_expect_fallback(int mode, const char *point)
{
	return (mode == PCP_MODE_SPIN || mode == PCP_MODE_RT) &&
	       ktest_strcmp(point, "pcp_after_pin");
}

static void pi_point(struct ktest *t, int mode, const char *point)
{
	unsigned long fails = global_vm_event(PCP_TRYLOCK_FAIL);
	struct inject_counts c;

	pi = (struct pi_state){.point = point};
	for (int i = 0; i < PI_REPS; i++) {
		KASSERT_TRUE(t, inject_arm(point, INJECT_IRQ, 1, pi_irq, NULL) >
					0);
		pi_workload();
		inject_disarm(point);
		/* the section left nothing behind */
		KEXPECT_EQ(t, preempt_count(), 0);
		KEXPECT_FALSE(t, irqs_disabled());
	}
	inject_counts(point, &c);
	fails = global_vm_event(PCP_TRYLOCK_FAIL) - fails;
	KEXPECT_EQ(t, pi.ran, PI_REPS);
	KEXPECT_EQ(t, pi.bad_ctx, 0);
	KEXPECT_EQ(t, pi.allocs, 2 * PI_REPS);
	if (pi_expect_fallback(mode, point))
		KEXPECT_GE(t, fails, 4 * PI_REPS); /* 2 allocs, 2 frees */
	else
		KEXPECT_EQ(t, fails, 0);
	if (t->failures)
		ktest_log(t, "mode %s point %s: %d IRQs, %lu fallbacks",
			  pcp_mode_names[mode], point, pi.ran, fails);
}

static void pi_body(struct ktest *t, int mode)
{
	for (size_t i = 0; i < ARRAY_SIZE(pi_points); i++)
		pi_point(t, mode, pi_points[i]);
	KEXPECT_EQ(t, mm_check(), 0);
}

static void pcp_inject_irq_at_every_step(struct ktest *t)
{
	if (!CONFIG_INJECT) {
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
		return;
	}
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, pi_body);
}

static const struct ktest_case pcp_inject_cases[] = {
	KTEST_CASE(pcp_inject_irq_at_every_step),
	{NULL, NULL},
};

KTEST_SUITE(pcp_inject, .cases = pcp_inject_cases);

/*
 * ktest suite "nolock_inject": the NMI half of issue 9's injection
 * tests. An NMI that allocates (orders 0 and 3) and frees with the nolock
 * calls, and also frees a block of the section's zone the task handed it,
 * lands at every step of a pcp section (after the pin, after the lock,
 * mid-refill, mid-spill, before the unlock), in every mode, at -smp 1 as
 * at SMP. What each step must give:
 *   - mid-refill and mid-spill the section holds zone->lock: the NMI gets
 *     no block of that zone and its free of one is deferred, every time;
 *   - in spin_irqsave, spin and rt, after the lock the NMI finds
 *     pcp->lock held (nolock_pcp_busy); after the pin it may use the lists;
 *   - in irq and local it never touches the lists (nolock_mode_forbids);
 *   - every nolock call leaves the NMI's preempt count and IRQ state as
 *     it found them, failures included, and the section's come out
 *     balanced; mm_check is clean after each mode.
 */
#include "kernel/inject.h"
#include "mm/pcp_deferred.h"
#include "tests/kernel/pcp_test_util.h"

#define NI_REPS 12

static const char *const ni_points[] = {
	"pcp_after_pin", "pcp_after_lock",    "pcp_refill",
	"pcp_spill",	 "pcp_before_unlock",
};

struct ni_state {
	struct zone *z;
	struct page *victim; /* of z, for the NMI to free */
	int ran, bad_ctx, unbalanced, from_z;
	unsigned long allocs;
};

static struct ni_state ni;

/* Did a nolock call leave the NMI as it found it? */
static void ni_balanced(int pc, bool irqs_off)
{
	if (preempt_count() != pc || irqs_disabled() != irqs_off)
		ni.unbalanced++;
}

/* Context: the injected NMI. Disarm first: our own calls pass points. */
static void ni_nmi(struct inject_point *p, void *arg)
{
	int pc = preempt_count();
	bool off = irqs_disabled();
	struct page *b[2];

	(void)arg;
	inject_disarm(p->name);
	ni.ran++;
	if (!in_nmi())
		ni.bad_ctx++;
	for (int i = 0; i < 2; i++) {
		b[i] = alloc_pages_nolock(NUMA_NO_NODE, i ? 3 : 0);
		ni_balanced(pc, off);
		ni.allocs += b[i] != NULL;
		ni.from_z += b[i] && page_zone(b[i]) == ni.z;
	}
	for (int i = 0; i < 2; i++) {
		if (b[i])
			free_pages_nolock(b[i], i ? 3 : 0);
		ni_balanced(pc, off);
	}
	if (ni.victim)
		free_pages_nolock(ni.victim, 0);
	ni.victim = NULL;
	ni_balanced(pc, off);
}

/* One pass through every step (as pcp_inject's): refill, then spill. */
static void ni_workload(void)
{
	struct page *p, *q;

	drain_local_pages(ni.z);
	p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0); /* refill */
	q = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	if (p)
		__free_pages(p, 0);
	if (q)
		__free_pages(q, 0);
	drain_local_pages(ni.z); /* spill */
}

static bool ni_zone_held(const char *point)
{
	return !ktest_strcmp(point, "pcp_refill") ||
	       !ktest_strcmp(point, "pcp_spill");
}

static void ni_point(struct ktest *t, int mode, const char *point)
{
	unsigned long busy0 = global_vm_event(NOLOCK_PCP_BUSY);
	unsigned long forbid0 = global_vm_event(NOLOCK_MODE_FORBIDS);
	unsigned long def0 = global_vm_event(NOLOCK_DEFERRED);
	unsigned long busy, forbid, def;
	bool lock_mode = pcp_mode_has_lock(mode);

	ni = (struct ni_state){.z = pcp_test_zone()};
	for (int i = 0; i < NI_REPS; i++) {
		ni.victim = alloc_pages(GFP_KERNEL, 0);
		KASSERT_TRUE(t, ni.victim && page_zone(ni.victim) == ni.z);
		KASSERT_TRUE(t, inject_arm(point, INJECT_NMI, 1, ni_nmi, NULL) >
					0);
		ni_workload();
		inject_disarm(point);
		if (ni.victim) /* the point was not reached */
			__free_pages(ni.victim, 0);
		KEXPECT_EQ(t, preempt_count(), 0);
		KEXPECT_FALSE(t, irqs_disabled());
	}
	busy = global_vm_event(NOLOCK_PCP_BUSY) - busy0;
	forbid = global_vm_event(NOLOCK_MODE_FORBIDS) - forbid0;
	def = global_vm_event(NOLOCK_DEFERRED) - def0;
	KEXPECT_EQ(t, ni.ran, NI_REPS);
	KEXPECT_EQ(t, ni.bad_ctx, 0);
	KEXPECT_EQ(t, ni.unbalanced, 0);
	if (ni_zone_held(point)) {
		KEXPECT_EQ(t, ni.from_z, 0);
		KEXPECT_EQ(t, def, NI_REPS);
	} else {
		KEXPECT_EQ(t, def, 0);
	}
	/* 2 allocations and the victim's free, at least, met the lists */
	if (!lock_mode)
		KEXPECT_GE(t, forbid, 3 * NI_REPS);
	else if (ktest_strcmp(point, "pcp_after_pin"))
		KEXPECT_GE(t, busy, 3 * NI_REPS);
	if (lock_mode)
		KEXPECT_EQ(t, forbid, 0);
	if (t->failures)
		ktest_log(t,
			  "mode %s point %s: %d NMIs, %lu blocks, %d from the "
			  "zone, pcp busy %lu, forbidden %lu, deferred %lu",
			  pcp_mode_names[mode], point, ni.ran, ni.allocs,
			  ni.from_z, busy, forbid, def);
}

static void ni_body(struct ktest *t, int mode)
{
	for (size_t i = 0; i < ARRAY_SIZE(ni_points); i++)
		ni_point(t, mode, ni_points[i]);
	KEXPECT_EQ(t, mm_check(), 0);
}

static void nolock_inject_nmi_at_every_step(struct ktest *t)
{
	if (!CONFIG_INJECT) {
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
		return;
	}
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, ni_body);
}

static const struct ktest_case nolock_inject_cases[] = {
	KTEST_CASE(nolock_inject_nmi_at_every_step),
	{NULL, NULL},
};

KTEST_SUITE(nolock_inject, .cases = nolock_inject_cases);

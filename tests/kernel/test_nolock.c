/*
 * ktest suite "nolock": alloc_pages_nolock and free_pages_nolock
 * (mm/page_alloc_nolock.c), every case in all five pcp modes. From a
 * task, a hard IRQ and an NMI: blocks come back zeroed and counted;
 * orders above 3 are refused and counted; a zone below its min watermark
 * fails as "empty"; with this CPU's pcp and zone->lock held by the
 * interrupted task, an NMI's allocation fails as "zone busy" and its free
 * lands on the deferred list, which mm_check counts and the next
 * zone->lock holder empties; an NMI in the irq and local modes is kept
 * off the lists ("mode forbids"); a disabled zone's list takes nothing.
 */
#include "kernel/inject.h"
#include "mm/pcp_deferred.h"
#include "tests/kernel/pcp_test_util.h"

struct nl_irq {
	int ran, bad_ctx, want_nmi;
	struct page *got[4];
	struct page *to_free;
	unsigned int free_order;
};

static struct nl_irq nl;

static bool nl_zeroed(struct page *p, unsigned int order)
{
	const u8 *b = page_address(p);

	for (size_t i = 0; i < ((size_t)PAGE_SIZE << order); i++)
		if (b[i])
			return false;
	return true;
}

/* Context: the injected hard IRQ or NMI: one block per order, and the
 * block the task handed over freed. */
static void nl_interrupt(struct inject_point *p, void *arg)
{
	(void)arg;
	inject_disarm(p->name);
	nl.ran++;
	if (nl.want_nmi ? !in_nmi() : !in_hardirq() || in_nmi())
		nl.bad_ctx++;
	for (unsigned int o = 0; o < 4; o++)
		nl.got[o] = alloc_pages_nolock(NUMA_NO_NODE, o);
	if (nl.to_free)
		free_pages_nolock(nl.to_free, nl.free_order);
	nl.to_free = NULL;
}

/* Raise an interrupt of @kind here and wait until it has run. */
static __attribute__((noinline)) void nl_raise(enum inject_kind kind)
{
	nl.want_nmi = kind == INJECT_NMI;
	inject_arm("nolock_test", kind, 1, nl_interrupt, NULL);
	inject_point(nolock_test);
	inject_disarm("nolock_test");
}

static unsigned long ev(enum vm_event_item i)
{
	return global_vm_event(i);
}

/* Every order from @kind's context (or the task's): zeroed, counted. */
static void nl_orders_from(struct ktest *t, int kind)
{
	unsigned long alloc = ev(NOLOCK_ALLOC), freed = ev(NOLOCK_FREE);

	nl = (struct nl_irq){0};
	if (kind == INJECT_OFF) {
		for (unsigned int o = 0; o < 4; o++)
			nl.got[o] = alloc_pages_nolock(NUMA_NO_NODE, o);
	} else {
		nl_raise(kind);
		KEXPECT_EQ(t, nl.ran, 1);
		KEXPECT_EQ(t, nl.bad_ctx, 0);
	}
	for (unsigned int o = 0; o < 4; o++) {
		KASSERT_TRUE(t, nl.got[o] != NULL);
		KEXPECT_TRUE(t, PageAllocated(nl.got[o]));
		KEXPECT_EQ(t, nl.got[o]->order, o);
		KEXPECT_TRUE(t, nl_zeroed(nl.got[o], o));
		free_pages_nolock(nl.got[o], o);
	}
	KEXPECT_EQ(t, ev(NOLOCK_ALLOC) - alloc, 4);
	KEXPECT_EQ(t, ev(NOLOCK_FREE) - freed, 4);
}

static void nl_basic_body(struct ktest *t, int mode)
{
	unsigned long forbids = ev(NOLOCK_MODE_FORBIDS);
	unsigned long order = ev(NOLOCK_FAIL_ORDER);

	nl_orders_from(t, INJECT_OFF);
	nl_orders_from(t, INJECT_IRQ);
	/* the NMI allocates 4 blocks; the task frees them */
	nl_orders_from(t, INJECT_NMI);
	forbids = ev(NOLOCK_MODE_FORBIDS) - forbids;
	if (mode == PCP_MODE_IRQ || mode == PCP_MODE_LOCAL)
		KEXPECT_EQ(t, forbids, 4);
	else
		KEXPECT_EQ(t, forbids, 0);
	KEXPECT_TRUE(t, alloc_pages_nolock(NUMA_NO_NODE, 4) == NULL);
	KEXPECT_TRUE(t,
		     alloc_pages_nolock(NUMA_NO_NODE, pageblock_order) == NULL);
	KEXPECT_EQ(t, ev(NOLOCK_FAIL_ORDER) - order, 2);
	KEXPECT_EQ(t, preempt_count(), 0);
	KEXPECT_FALSE(t, irqs_disabled());
	KEXPECT_EQ(t, mm_check(), 0);
}

static void nolock_alloc_free_every_context(struct ktest *t)
{
	if (!CONFIG_INJECT) {
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
		return;
	}
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, nl_basic_body);
}

/*
 * The task holds this CPU's lists (whatever the mode's way) and the
 * zone's lock; an NMI then can have neither. Its allocations fail as
 * zone busy; its free is deferred, and mm_check must count it.
 */
/* Raise every other zone's min watermark above its size (@raise), or put
 * them back: the NMI then has @z alone to try. */
static void nl_only_zone(struct zone *z, bool raise)
{
	static unsigned long saved[MAX_NUMNODES * MAX_NR_ZONES];
	struct zone *zz;
	int i = 0;

	for_each_populated_zone(zz) {
		if (zz == z)
			continue;
		if (raise)
			saved[i] = zz->_watermark[WMARK_MIN];
		WRITE_ONCE(zz->_watermark[WMARK_MIN],
			   raise ? zz->managed_pages * 2 : saved[i]);
		i++;
	}
}

static void nl_busy_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();
	unsigned long busy = ev(NOLOCK_FAIL_ZONE_BUSY),
		      def = ev(NOLOCK_DEFERRED);
	unsigned long drained = ev(NOLOCK_DRAINED),
		      pcp_busy = ev(NOLOCK_PCP_BUSY);
	unsigned long forbids = ev(NOLOCK_MODE_FORBIDS);
	struct pcp_section s = {0};
	struct page *victim, *p;
	unsigned long flags;

	victim = alloc_pages(GFP_KERNEL, 0);
	KASSERT_TRUE(t, victim != NULL);
	nl = (struct nl_irq){.to_free = victim, .free_order = 0};
	nl_only_zone(z, true);
	KASSERT_TRUE(t, pcp_enter(zone_id(z), &s) != NULL);
	flags = spin_lock_irqsave(&z->lock);
	nl_raise(INJECT_NMI);
	KEXPECT_EQ(t, zone_deferred_pages(z), 1);
	spin_unlock_irqrestore(&z->lock, flags);
	pcp_exit(&s);
	nl_only_zone(z, false);
	KEXPECT_EQ(t, nl.ran, 1);
	for (unsigned int o = 0; o < 4; o++)
		KEXPECT_TRUE(t, nl.got[o] == NULL);
	KEXPECT_EQ(t, ev(NOLOCK_FAIL_ZONE_BUSY) - busy, 4);
	KEXPECT_EQ(t, ev(NOLOCK_DEFERRED) - def, 1);
	/* 4 allocations and the free each passed the lists by */
	if (pcp_mode_has_lock(mode))
		KEXPECT_EQ(t, ev(NOLOCK_PCP_BUSY) - pcp_busy, 5);
	else
		KEXPECT_EQ(t, ev(NOLOCK_MODE_FORBIDS) - forbids, 5);
	/* still waiting: mm_check holds zone->lock but only counts it */
	KEXPECT_EQ(t, mm_check(), 0);
	KEXPECT_EQ(t, zone_deferred_pages(z), 1);
	/* the next allocator hold of zone->lock frees it */
	p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 5);
	if (p)
		__free_pages(p, 5);
	KEXPECT_EQ(t, zone_deferred_pages(z), 0);
	KEXPECT_EQ(t, ev(NOLOCK_DRAINED) - drained, 1);
	KEXPECT_TRUE(t, z->nolock_deferred == NULL);
	KEXPECT_EQ(t, mm_check(), 0);
}

static void nolock_busy_locks_defer_the_free(struct ktest *t)
{
	if (!CONFIG_INJECT) {
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
		return;
	}
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, nl_busy_body);
}

/* Every zone above everything: nothing passes the min watermark. */
static void nl_empty_body(struct ktest *t, int mode)
{
	static unsigned long saved[MAX_NUMNODES * MAX_NR_ZONES];
	unsigned long empty = ev(NOLOCK_FAIL_EMPTY);
	struct zone *z;
	int i = 0;

	(void)mode;
	for_each_populated_zone(z) {
		saved[i++] = z->_watermark[WMARK_MIN];
		WRITE_ONCE(z->_watermark[WMARK_MIN], z->managed_pages * 2);
	}
	KEXPECT_TRUE(t, alloc_pages_nolock(NUMA_NO_NODE, 0) == NULL);
	KEXPECT_TRUE(t, alloc_pages_nolock(NUMA_NO_NODE, 3) == NULL);
	i = 0;
	for_each_populated_zone(z)
		WRITE_ONCE(z->_watermark[WMARK_MIN], saved[i++]);
	KEXPECT_EQ(t, ev(NOLOCK_FAIL_EMPTY) - empty, 2);
}

static void nolock_below_min_fails_as_empty(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, nl_empty_body);
}

/* zone_pcp_disable: high 0, so a nolock free must not stay on a list. */
static void nl_disabled_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();
	int cpu = raw_smp_processor_id();
	struct page *p;

	(void)mode;
	zone_pcp_disable(z);
	p = alloc_pages_nolock(NUMA_NO_NODE, 0);
	KASSERT_TRUE(t, p != NULL);
	free_pages_nolock(p, 0);
	KEXPECT_EQ(t, READ_ONCE(pcp_of(z, cpu)->count), 0);
	zone_pcp_enable(z);
	KEXPECT_EQ(t, mm_check(), 0);
}

static void nolock_disabled_zone_keeps_nothing(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, nl_disabled_body);
}

static const struct ktest_case nolock_cases[] = {
	KTEST_CASE(nolock_alloc_free_every_context),
	KTEST_CASE(nolock_busy_locks_defer_the_free),
	KTEST_CASE(nolock_below_min_fails_as_empty),
	KTEST_CASE(nolock_disabled_zone_keeps_nothing),
	{NULL, NULL},
};

KTEST_SUITE(nolock, .cases = nolock_cases);

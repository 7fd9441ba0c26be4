/*
 * ktest suite "pcp": the per-CPU lists' rules, each case in all five
 * locking modes (switched at run time): refill sizes for orders 0, 3 and
 * 9, spill sizes against a model of Linux's nr_pcp_free, high from
 * vm.percpu_pagelist_high_fraction, zone_batchsize on known sizes,
 * isolated pageblocks bypassing the lists, and a drain emptying them.
 */
#include "kernel/cpumask.h"
#include "mm/buddy.h"
#include "mm/vmstat.h"
#include "tests/kernel/pcp_test_util.h"

#define PCP_GFP (GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN)

/* Refill one empty list of @order: the batch rule, one event, one hold. */
static void refill_order(struct ktest *t, struct zone *z, unsigned int order)
{
	int cpu = smp_processor_id(); /* a bound thread */
	struct per_cpu_pages *pcp = pcp_of(z, cpu);
	int pindex = order_to_pindex(MIGRATE_UNMOVABLE, order);
	unsigned long refills, locks;
	long free0;
	int n = READ_ONCE(pcp->batch);
	struct page *p, *q;

	drain_all_pages(z);
	KEXPECT_EQ(t, pcp->count, 0);
	if (n > 1)
		n = MAX(n >> order, 2);
	refills = global_vm_event(PCP_REFILL);
	locks = global_vm_event(ZONE_LOCK);
	free0 = zone_page_state_exact(z, NR_FREE_PAGES);
	p = alloc_pages(PCP_GFP, order);
	KASSERT_TRUE(t, p != NULL);
	KASSERT_TRUE(t, page_zone(p) == z);
	KEXPECT_EQ(t, global_vm_event(PCP_REFILL), refills + 1);
	KEXPECT_EQ(t, global_vm_event(ZONE_LOCK), locks + 1);
	KEXPECT_EQ(t, zone_page_state_exact(z, NR_FREE_PAGES),
		   free0 - ((long)n << order));
	KEXPECT_EQ(t, pcp_test_len(z, cpu, pindex), n - 1);
	KEXPECT_EQ(t, pcp->count, (n - 1) << order);
	/* the next one comes off the list: no refill, no zone lock */
	q = alloc_pages(PCP_GFP, order);
	KASSERT_TRUE(t, q != NULL);
	if (n > 1) {
		KEXPECT_EQ(t, global_vm_event(PCP_REFILL), refills + 1);
		KEXPECT_EQ(t, global_vm_event(ZONE_LOCK), locks + 1);
		KEXPECT_EQ(t, pcp->count, (n - 2) << order);
	}
	__free_pages(q, order);
	__free_pages(p, order);
	drain_all_pages(z);
}

static void refill_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();

	(void)mode;
	refill_order(t, z, 0);
	refill_order(t, z, 3);
	refill_order(t, z, pageblock_order);
}

static void pcp_refill_sizes(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, refill_body);
}

/*
 * Fill the lists past high with order-@order frees and compare count
 * after every free with the model; the first spill frees batch pages
 * (whole blocks), and each spill that is not a free-everything keeps at
 * least batch.
 */
static void spill_order(struct ktest *t, struct zone *z, unsigned int order)
{
	int cpu = smp_processor_id();
	struct per_cpu_pages *pcp = pcp_of(z, cpu);
	struct pcp_model m = {.high = READ_ONCE(pcp->high),
			      .batch = READ_ONCE(pcp->batch),
			      .order = order};
	unsigned long spills, n = 3 * MAX(m.high >> order, 1) + 4, i = 0;
	LIST_HEAD(list);
	struct page *p, *tmp;
	bool same = true;

	drain_all_pages(z);
	if (mm_test_alloc_until_fail(&list, PCP_GFP, order, n) != n) {
		ktest_log(t, "order %u: %lu blocks not available", order, n);
		mm_test_free_list(&list);
		return;
	}
	m.count = pcp->count;
	KEXPECT_EQ(t, pcp->free_factor, 0); /* halved by every allocation */
	spills = global_vm_event(PCP_SPILL);
	list_for_each_entry_safe(p, tmp, &list, lru) {
		bool first = !m.spills;

		list_del(&p->lru);
		KEXPECT_TRUE(t, page_zone(p) == z);
		__free_pages(p, order);
		pcp_model_free(&m);
		i++;
		if (same && pcp->count != m.count) {
			ktest_fail(t, __FILE__, __LINE__,
				   "order %u free %lu: count %d, model %d",
				   order, i, pcp->count, m.count);
			same = false;
		}
		if (first && m.spills)
			KEXPECT_EQ(t, m.last_spill,
				   ALIGN_UP(m.batch, 1 << order));
		if (m.spills && !m.free_factor && m.high >= 2 * m.batch)
			KEXPECT_GE(t, pcp->count, m.batch);
	}
	KEXPECT_GT(t, m.spills, 1);
	KEXPECT_EQ(t, global_vm_event(PCP_SPILL) - spills, m.spills);
	ktest_log(t, "order %u: %lu frees, %lu spills, high %d batch %d", order,
		  i, m.spills, m.high, m.batch);
	drain_all_pages(z);
}

static void spill_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();

	(void)mode;
	spill_order(t, z, 0);
	spill_order(t, z, 3);
	/* an order-9 block is 512 pages: give high room for a few */
	KEXPECT_EQ(t, pcp_set_high_fraction(MIN_PERCPU_PAGELIST_HIGH_FRACTION),
		   0);
	spill_order(t, z, pageblock_order);
	KEXPECT_EQ(t, pcp_set_high_fraction(0), 0);
}

static void pcp_spill_sizes(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, spill_body);
}

/* Online CPUs that split a zone of @nid's high, as zone_highsize says. */
static int split_cpus(int nid)
{
	int cpu, n = 0;

	for_each_online_cpu(cpu)
		n += cpu_to_node_map[cpu] == nid;
	return n ? n : num_online_cpus();
}

/* Every populated zone's high on every CPU is @expect(z). */
static void expect_highs(struct ktest *t, int fraction)
{
	struct zone *z;
	int cpu;

	for_each_populated_zone(z) {
		unsigned long total =
			fraction ? zone_managed_pages(z) / (unsigned)fraction
				 : wmark_pages(z, WMARK_LOW);
		long high = (long)(total / (unsigned)split_cpus(z->node));

		high = MAX(high, 4L * z->pageset_batch);
		KEXPECT_EQ(t, z->pageset_high, high);
		for_each_pcp_cpu(cpu)
			KEXPECT_EQ(t, pcp_of(z, cpu)->high, high);
	}
}

static void high_fraction_body(struct ktest *t, int mode)
{
	(void)mode;
	KEXPECT_EQ(t, percpu_pagelist_high_fraction, 0);
	expect_highs(t, 0);
	KEXPECT_EQ(t, pcp_set_high_fraction(-1), -22);
	KEXPECT_EQ(t, pcp_set_high_fraction(1), -22);
	KEXPECT_EQ(t, pcp_set_high_fraction(7), -22);
	KEXPECT_EQ(t, percpu_pagelist_high_fraction, 0);
	KEXPECT_EQ(t, pcp_set_high_fraction(8), 0);
	expect_highs(t, 8);
	KEXPECT_EQ(t, pcp_set_high_fraction(1000), 0);
	expect_highs(t, 1000);
	KEXPECT_EQ(t, pcp_set_high_fraction(0), 0);
	expect_highs(t, 0);
}

static void pcp_high_fraction(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, high_fraction_body);
}

/* zone_batchsize on sizes whose answers Linux gives (pcp-brief §7). */
static void pcp_batch_and_high_formulas(struct ktest *t)
{
	static const struct {
		unsigned long managed;
		int batch;
	} cases[] = {{1UL << 20, 63}, {524288, 63}, {262144, 63}, {131072, 31},
		     {32768, 7},      {4096, 0},    {1000, 0}};
	struct zone fz = {.node = 0};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		fz.managed_pages = cases[i].managed;
		KEXPECT_EQ(t, zone_batchsize(&fz), cases[i].batch);
	}
	/* the brief's example: 2 GiB, low 1972, 8 CPUs on the node */
	fz.managed_pages = 524288;
	fz._watermark[WMARK_LOW] = 1972;
	if (split_cpus(0) == 8)
		KEXPECT_EQ(t, zone_highsize(&fz, 63, 0), 252);
	KEXPECT_EQ(t, zone_highsize(&fz, 63, 0),
		   MAX(1972 / split_cpus(0), 252));
	/* a tiny total never goes below four batches */
	fz._watermark[WMARK_LOW] = 0;
	KEXPECT_EQ(t, zone_highsize(&fz, 7, 0), 28);
}

/* A free into an isolated pageblock skips the lists. */
static void isolate_body(struct ktest *t, int mode)
{
	int cpu = smp_processor_id();
	struct page *p = alloc_pages(PCP_GFP, 0);
	struct zone *z;
	int mt, count;

	(void)mode;
	KASSERT_TRUE(t, p != NULL);
	z = page_zone(p);
	mt = get_pageblock_migratetype(p);
	if (buddy_move_freepages_block(z, p, MIGRATE_ISOLATE) < 0) {
		__free_pages(p, 0);
		ktest_log(t, "pageblock crosses the zone: not tried");
		return;
	}
	count = pcp_of(z, cpu)->count;
	__free_pages(p, 0);
	KEXPECT_EQ(t, pcp_of(z, cpu)->count, count);
	KEXPECT_EQ(t, mm_check(), 0);
	buddy_move_freepages_block(z, p, mt);
}

static void pcp_isolated_pageblock_bypasses(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, isolate_body);
}

/*
 * A page already on a list when its pageblock is isolated goes to the
 * isolate list when spilled: the spill reads the type again (mm_check
 * would find it on the wrong list otherwise).
 */
static void reread_body(struct ktest *t, int mode)
{
	int cpu = smp_processor_id();
	struct page *p;
	struct zone *z;
	int mt;

	(void)mode;
	drain_all_pages(NULL);
	p = alloc_pages(PCP_GFP, 0);
	KASSERT_TRUE(t, p != NULL);
	z = page_zone(p);
	__free_pages(p, 0);
	KEXPECT_GT(t, pcp_of(z, cpu)->count, 0);
	mt = get_pageblock_migratetype(p);
	if (buddy_move_freepages_block(z, p, MIGRATE_ISOLATE) < 0) {
		ktest_log(t, "pageblock crosses the zone: not tried");
		return;
	}
	drain_all_pages(z);
	KEXPECT_EQ(t, mm_check(), 0);
	buddy_move_freepages_block(z, p, mt);
	KEXPECT_EQ(t, mm_check(), 0);
}

static void pcp_spill_rereads_pageblock_type(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, reread_body);
}

/* After drain_all_pages every count is 0 and every list empty. */
static void drain_body(struct ktest *t, int mode)
{
	struct zone *z;
	LIST_HEAD(list);
	int cpu;

	(void)mode;
	mm_test_alloc_until_fail(&list, PCP_GFP, 0, 100);
	mm_test_alloc_until_fail(&list, PCP_GFP | __GFP_MOVABLE, 1, 50);
	mm_test_free_list(&list);
	KEXPECT_GT(t, pcp_pages(NULL), 0);
	drain_all_pages(NULL);
	for_each_populated_zone(z) {
		for_each_pcp_cpu(cpu) {
			struct per_cpu_pages *pcp = pcp_of(z, cpu);

			KEXPECT_EQ(t, pcp->count, 0);
			for (int i = 0; i < NR_PCP_LISTS; i++)
				KEXPECT_TRUE(t, list_empty(&pcp->lists[i]));
		}
	}
	KEXPECT_EQ(t, pcp_pages(NULL), 0);
}

static void pcp_drain_empties_every_list(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, drain_body);
}

/* How many reports pcp_assert_section_slow makes for @s. */
static int assert_reports(const struct pcp_section *s)
{
	static struct bug_expect e;

	lockdep_expect_bug_begin(&e);
	pcp_assert_section_slow(s);
	return lockdep_expect_bug_end();
}

/*
 * Each mode's assertion accepts a real section and rejects the same
 * section with one of its protections missing: IRQs on (irq, local,
 * spin_irqsave), the lock not held (lock modes), the local lock not held
 * (local), migration allowed (rt).
 */
static void assert_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();
	struct pcp_section s, fake;

	KASSERT_TRUE(t, pcp_enter(zone_id(z), &s) != NULL);
	KEXPECT_EQ(t, s.mode, mode);
	KEXPECT_EQ(t, assert_reports(&s), 0);
	pcp_exit(&s);
	/* the same section, with nothing taken */
	fake = (struct pcp_section){.pcp = pcp_of(z, smp_processor_id()),
				    .mode = mode};
	KEXPECT_EQ(t, assert_reports(&fake), 1);
	if (mode == PCP_MODE_SPIN_IRQSAVE || mode == PCP_MODE_RT) {
		/* lock held, but IRQs on (spin_irqsave) / not pinned (rt) */
		preempt_disable();
		KASSERT_TRUE(t, pcp_spin_trylock(&fake.pcp->lock));
		preempt_enable();
		KEXPECT_EQ(t, assert_reports(&fake), 1);
		preempt_disable();
		pcp_spin_unlock(&fake.pcp->lock);
		preempt_enable();
	}
}

static void pcp_section_assertions_catch(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	if (!lock_debug()) {
		ktest_skip(t, "lockdep=0: the section assertions are off");
		return;
	}
	pcp_test_each_mode(t, assert_body);
}

static const struct ktest_case pcp_cases[] = {
	KTEST_CASE(pcp_section_assertions_catch),
	KTEST_CASE(pcp_batch_and_high_formulas),
	KTEST_CASE(pcp_refill_sizes),
	KTEST_CASE(pcp_spill_sizes),
	KTEST_CASE(pcp_high_fraction),
	KTEST_CASE(pcp_isolated_pageblock_bypasses),
	KTEST_CASE(pcp_spill_rereads_pageblock_type),
	KTEST_CASE(pcp_drain_empties_every_list),
	{NULL, NULL},
};

KTEST_SUITE(pcp, .cases = pcp_cases);

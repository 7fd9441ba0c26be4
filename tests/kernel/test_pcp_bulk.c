/*
 * ktest suite "pcp_bulk": the bulk allocator and the batched free, each
 * case in all five modes. alloc_pages_bulk_array fills only the NULL
 * slots and returns how many are filled, the array's size when it was
 * full; the list form adds N; a zone that cannot take the whole batch
 * gives one page the usual way (partial success), none when memory is
 * short; the statistics are counted once per batch, per page in the irq
 * mode; free_pages_list frees everything and re-enters the section at
 * every zone change and every 32 blocks.
 */
#include "kernel/inject.h"
#include "mm/page_debug.h"
#include "tests/kernel/pcp_test_util.h"

#define BULK_N	 16
#define BULK_GFP (GFP_KERNEL | __GFP_NOWARN)

static unsigned long pgalloc_sum(void)
{
	return global_vm_event(PGALLOC_DMA) + global_vm_event(PGALLOC_DMA32) +
	       global_vm_event(PGALLOC_NORMAL);
}

static unsigned long numa_allocs(void)
{
	return global_numa_event_state(NUMA_HIT) +
	       global_numa_event_state(NUMA_MISS);
}

/* Each of @n slots a distinct allocated order-0 page. */
static void expect_filled(struct ktest *t, struct page **a, int n)
{
	for (int i = 0; i < n; i++) {
		KASSERT_TRUE(t, a[i] != NULL);
		KEXPECT_TRUE(t, PageAllocated(a[i]) && a[i]->order == 0);
		for (int j = 0; j < i; j++)
			KEXPECT_TRUE(t, a[i] != a[j]);
	}
}

static void array_body(struct ktest *t, int mode)
{
	struct page *a[BULK_N] = {NULL}, *keep3, *keep7;
	unsigned long allocs;

	(void)mode;
	keep3 = a[3] = alloc_pages(BULK_GFP, 0);
	keep7 = a[7] = alloc_pages(BULK_GFP, 0);
	KASSERT_TRUE(t, keep3 && keep7);
	allocs = pgalloc_sum();
	KEXPECT_EQ(t, alloc_pages_bulk_array(BULK_GFP, BULK_N, a), BULK_N);
	KEXPECT_EQ(t, pgalloc_sum() - allocs, BULK_N - 2);
	KEXPECT_TRUE(t, a[3] == keep3 && a[7] == keep7);
	expect_filled(t, a, BULK_N);
	/* full already: its size, and nothing allocated */
	allocs = pgalloc_sum();
	KEXPECT_EQ(t, alloc_pages_bulk_array(BULK_GFP, BULK_N, a), BULK_N);
	KEXPECT_EQ(t, pgalloc_sum(), allocs);
	mm_test_free_array(a, BULK_N);
	KEXPECT_EQ(t, alloc_pages_bulk_array(BULK_GFP, 0, a), 0);
}

static void pcp_bulk_array_fills_null_slots(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, array_body);
}

static void list_body(struct ktest *t, int mode)
{
	LIST_HEAD(list);
	struct page *p;
	int n = 0;

	(void)mode;
	KEXPECT_EQ(t, alloc_pages_bulk_list(BULK_GFP, BULK_N, &list), BULK_N);
	list_for_each_entry(p, &list, lru) {
		KEXPECT_TRUE(t, PageAllocated(p) && p->order == 0);
		n++;
	}
	KEXPECT_EQ(t, n, BULK_N);
	mm_test_free_list(&list);
}

static void pcp_bulk_list_adds_n(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, list_body);
}

/* One NUMA update for the batch, or one per page in the irq mode. */
static void stats_body(struct ktest *t, int mode)
{
	struct page *a[BULK_N] = {NULL};
	unsigned long updates, allocs = pgalloc_sum(), numa = numa_allocs();

	drain_all_pages(NULL); /* the first page refills: same either way */
	updates = global_vm_event(NUMA_STAT_UPDATES);
	KEXPECT_EQ(t, alloc_pages_bulk_array(BULK_GFP, BULK_N, a), BULK_N);
	KEXPECT_EQ(t, global_vm_event(NUMA_STAT_UPDATES) - updates,
		   mode == PCP_MODE_IRQ ? BULK_N : 1);
	KEXPECT_EQ(t, pgalloc_sum() - allocs, BULK_N);
	KEXPECT_EQ(t, numa_allocs() - numa, BULK_N);
	mm_test_free_array(a, BULK_N);
	/* a single allocation: one update in every mode */
	updates = global_vm_event(NUMA_STAT_UPDATES);
	a[0] = alloc_pages(BULK_GFP, 0);
	KEXPECT_EQ(t, global_vm_event(NUMA_STAT_UPDATES) - updates, 1);
	mm_test_free_array(a, 1);
}

static void pcp_bulk_stats_once_per_batch(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, stats_body);
}

/*
 * Node 0's DMA zone, short of memory on purpose: low watermark set just
 * under what is free, so a batch (which needs low + N) cannot come from
 * it, but one page can; then min above it too, so nothing can.
 */
static void short_body(struct ktest *t, int mode)
{
	const gfp_t gfp =
		GFP_KERNEL | __GFP_DMA | __GFP_THISNODE | __GFP_NOWARN;
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA];
	unsigned long saved[NR_WMARK], free;
	struct page *a[BULK_N] = {NULL};

	(void)mode;
	drain_all_pages(z);
	for (int i = 0; i < NR_WMARK; i++)
		saved[i] = z->_watermark[i];
	free = zone_page_state_snapshot(z, NR_FREE_PAGES);
	WRITE_ONCE(z->_watermark[WMARK_LOW], free - 8);
	KEXPECT_EQ(t, alloc_pages_bulk_array(gfp, BULK_N, a), 1);
	KEXPECT_TRUE(t, a[0] != NULL && page_zone(a[0]) == z);
	mm_test_free_array(a, BULK_N);
	a[5] = alloc_pages(BULK_GFP, 0);
	for (int i = 0; i < NR_WMARK; i++)
		WRITE_ONCE(z->_watermark[i], free + 100);
	/* nothing to give: only the slot filled before counts */
	KEXPECT_EQ(t, alloc_pages_bulk_array(gfp, BULK_N, a), 1);
	KEXPECT_TRUE(t, a[0] == NULL);
	for (int i = 0; i < NR_WMARK; i++)
		WRITE_ONCE(z->_watermark[i], saved[i]);
	mm_test_free_array(a, BULK_N);
}

static void pcp_bulk_partial_when_short(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	if (!zone_managed_pages(&NODE_DATA(0)->node_zones[ZONE_DMA])) {
		ktest_skip(t, "node 0 has no DMA zone");
		return;
	}
	pcp_test_each_mode(t, short_body);
}

/* Sections free_pages_list entered, counted at pcp_after_lock (armed
 * to count only: it fires at the 2^30th pass). */
static u64 sections_during(struct list_head *list)
{
	struct inject_counts c;

	inject_arm("pcp_after_lock", INJECT_IRQ, 1U << 30, NULL, NULL);
	free_pages_list(list);
	inject_counts("pcp_after_lock", &c);
	inject_disarm("pcp_after_lock");
	return c.hits;
}

static void free_list_body(struct ktest *t, int mode)
{
	const gfp_t dma = BULK_GFP | __GFP_DMA;
	unsigned long frees = global_vm_event(PGFREE);
	LIST_HEAD(list);
	unsigned long n;

	(void)mode;
	n = mm_test_alloc_until_fail(&list, BULK_GFP, 0, 100);
	KASSERT_TRUE(t, n == 100);
	mm_test_alloc_until_fail(&list, BULK_GFP, 2, 3); /* a pcp order */
	mm_test_alloc_until_fail(&list, BULK_GFP, 5, 1); /* to the buddy */
	frees = global_vm_event(PGFREE);
	/* 103 blocks of one zone in the lists: every 32, 4 sections */
	if (CONFIG_INJECT)
		KEXPECT_EQ(t, sections_during(&list), 4);
	else
		free_pages_list(&list);
	KEXPECT_TRUE(t, list_empty(&list));
	KEXPECT_EQ(t, global_vm_event(PGFREE) - frees, 100 + 3 * 4 + 32);
	/* alternating zones: a section per zone change */
	for (int i = 0; i < 8; i++)
		mm_test_alloc_until_fail(&list, i & 1 ? dma : BULK_GFP, 0, 1);
	if (CONFIG_INJECT &&
	    zone_managed_pages(
		    &NODE_DATA(numa_node_id())->node_zones[ZONE_DMA]))
		KEXPECT_EQ(t, sections_during(&list), 8);
	else
		free_pages_list(&list);
	KEXPECT_TRUE(t, list_empty(&list));
	KEXPECT_EQ(t, mm_check(), 0);
}

static void pcp_free_pages_list_batches(struct ktest *t)
{
	if (mm_test_skip(t))
		return;
	pcp_test_each_mode(t, free_list_body);
}

/*
 * A bad block in the list (a tail page of an allocated block: never
 * allocated itself) is reported and unlinked; the rest is freed. (A
 * block freed already cannot be tested this way: its link is in use on
 * the lists, and putting it on a list corrupts them before any check.)
 */
static void pcp_free_pages_list_refuses_bad(struct ktest *t)
{
	unsigned long bad = page_debug_bad_frees;
	struct page *p, *q;
	LIST_HEAD(list);

	if (mm_test_skip(t))
		return;
	p = alloc_pages(BULK_GFP, 1);
	q = alloc_pages(BULK_GFP, 0);
	KASSERT_TRUE(t, p && q);
	ktest_log(t, "one page_alloc: never-allocated line is expected");
	list_add(&p[1].lru, &list);
	list_add(&q->lru, &list);
	free_pages_list(&list);
	KEXPECT_EQ(t, page_debug_bad_frees, bad + 1);
	KEXPECT_TRUE(t, list_empty(&list));
	KEXPECT_FALSE(t, PageAllocated(q));
	__free_pages(p, 1);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case pcp_bulk_cases[] = {
	KTEST_CASE(pcp_bulk_array_fills_null_slots),
	KTEST_CASE(pcp_bulk_list_adds_n),
	KTEST_CASE(pcp_bulk_stats_once_per_batch),
	KTEST_CASE(pcp_bulk_partial_when_short),
	KTEST_CASE(pcp_free_pages_list_batches),
	KTEST_CASE(pcp_free_pages_list_refuses_bad),
	{NULL, NULL},
};

KTEST_SUITE(pcp_bulk, .cases = pcp_bulk_cases);

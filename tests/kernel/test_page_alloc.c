/*
 * ktest suite "page_alloc": watermarks and the GFP_ATOMIC reserve, bad
 * frees reported and survived, page poisoning finding a write after free.
 * Works on node 0's DMA zone (small, and only __GFP_DMA reaches it), so the
 * numbers are exact. Skips until the boot side has run mm_init_finish.
 */
#include "kernel/ktest.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/page_debug.h"
#include "mm/vmstat.h"
#include "tests/kernel/mm_test_util.h"

#define DMA_ONLY (__GFP_DMA | __GFP_THISNODE)

static struct mm_counters pa_before, pa_after;

/* Node 0's DMA zone, or NULL (and the case skipped) without one. */
static struct zone *dma_zone(struct ktest *t)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA];

	if (mm_test_skip(t))
		return NULL;
	if (!zone_managed_pages(z)) {
		ktest_skip(t, "node 0 has no DMA zone");
		return NULL;
	}
	return z;
}

/* Free left once @gfp can no longer allocate order 0 from @z. */
static long floor_for(struct zone *z, bool atomic)
{
	long min = (long)wmark_pages(z, WMARK_MIN);

	if (atomic) {
		min -= min / 2;
		min -= min / 4;
	}
	return min;
}

static void page_alloc_watermark_and_atomic_reserve(struct ktest *t)
{
	struct zone *z = dma_zone(t);
	LIST_HEAD(list);
	unsigned long n;

	if (!z)
		return;
	mm_test_counters_read(&pa_before);
	n = mm_test_alloc_until_fail(&list, GFP_KERNEL | DMA_ONLY, 0, ~0UL);
	ktest_log(t, "GFP_KERNEL took %lu pages, left %lu (min %lu)", n,
		  zone_page_state(z, NR_FREE_PAGES), wmark_pages(z, WMARK_MIN));
	KEXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), floor_for(z, false));
	n = mm_test_alloc_until_fail(&list, GFP_ATOMIC | DMA_ONLY, 0, ~0UL);
	ktest_log(t, "GFP_ATOMIC took %lu more", n);
	KEXPECT_GT(t, n, 0);
	KEXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), floor_for(z, true));
	KEXPECT_TRUE(t, !alloc_pages(GFP_KERNEL | DMA_ONLY | __GFP_NOWARN, 0));
	KEXPECT_EQ(t, mm_check(), 0);
	mm_test_free_list(&list);
	mm_test_counters_read(&pa_after);
	KEXPECT_EQ(t, mm_counters_compare(&pa_before, &pa_after), 0);
}

/* Free @p at @order expecting a refusal that changes nothing. */
static void expect_refused(struct ktest *t, struct page *p, unsigned int order)
{
	unsigned long bad = page_debug_bad_frees;

	mm_counters_read(&pa_before);
	__free_pages(p, order);
	mm_counters_read(&pa_after);
	KEXPECT_EQ(t, page_debug_bad_frees, bad + 1);
	KEXPECT_EQ(t, mm_counters_compare(&pa_before, &pa_after), 0);
}

/* A reserved page some zone spans: the kernel image at least is one. */
static struct page *first_reserved_in_zone(void)
{
	pfn_t pfn;

	for (pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = pfn_to_page(pfn);

		if (PageReserved(p) && page_zonenum(p) != PAGE_NO_ZONE)
			return p;
	}
	return NULL;
}

static void page_alloc_bad_frees_survived(struct ktest *t)
{
	struct page *p, *r;

	if (mm_test_skip(t))
		return;
	ktest_log(t, "six page_alloc: lines below are expected");
	p = alloc_pages(GFP_KERNEL, 2);
	KASSERT_TRUE(t, p != NULL);
	expect_refused(t, p, 1);		 /* wrong order */
	expect_refused(t, p + 1, 1);		 /* misaligned */
	expect_refused(t, p + 2, 0);		 /* never allocated (a tail) */
	expect_refused(t, mem_map + max_pfn, 0); /* outside mem_map */
	__free_pages(p, 2);
	expect_refused(t, p, 2); /* double free */
	r = first_reserved_in_zone();
	KASSERT_TRUE(t, r != NULL);
	expect_refused(t, r, 0); /* reserved */
	KEXPECT_EQ(t, mm_check(), 0);
}

static void page_alloc_poison_write_after_free(struct ktest *t)
{
	const gfp_t gfp = GFP_KERNEL | DMA_ONLY | __GFP_MEMALLOC;
	struct zone *z = dma_zone(t);
	bool saved = page_poison_enabled;
	unsigned long hits = page_debug_poison_hits;
	struct page *p, *q = NULL;
	LIST_HEAD(list);

	if (!z)
		return;
	page_poison_enabled = true;
	p = alloc_pages(gfp, 0);
	KASSERT_TRUE(t, p != NULL);
	__free_pages(p, 0);
	((volatile u8 *)page_address(p))[0x123] = 0x5a; /* the bug */
	/* take DMA pages until the poisoned one comes back */
	while (q != p && (q = alloc_pages(gfp | __GFP_NOWARN, 0)))
		list_add(&q->lru, &list);
	page_poison_enabled = saved;
	KEXPECT_TRUE(t, q == p);
	KEXPECT_EQ(t, page_debug_poison_hits, hits + 1);
	mm_test_free_list(&list);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(page_alloc_watermark_and_atomic_reserve),
	KTEST_CASE(page_alloc_bad_frees_survived),
	KTEST_CASE(page_alloc_poison_write_after_free),
	{NULL, NULL},
};

KTEST_SUITE(page_alloc, .cases = page_alloc_cases);

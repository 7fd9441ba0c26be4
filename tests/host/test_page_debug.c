/*
 * Host tests of the safety nets (mm/page_debug.c): every kind of bad free
 * is reported in exactly one line naming it, the page stays off every
 * list and the allocator stays consistent; page poisoning finds a write
 * after free and says where; init_on_free zeroes what is freed.
 */
#include <stdio.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/page_debug.h"
#include "mm/vmstat.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

/* 128 pfns; the zone spans [0, 64) and pfn 0 is a reserved hole. */
static const struct arena_layout small = {
	.nr_pages = 128,
	.nr_nodes = 1,
	.nr_zones = 1,
	.zones = {{0, ZONE_NORMAL, 0, 64}},
	.nr_free = 1,
	.free = {{1, 64}},
};

/*
 * Free @page at @order expecting a refusal whose one line contains @what;
 * the counters and mm_check must not move.
 */
static void expect_bad_free(struct ht *t, int line, struct page *page,
			    unsigned int order, const char *what)
{
	struct mm_counters before, after;
	unsigned long bad = page_debug_bad_frees;
	int msgs = printk_count();
	const char *m;

	mm_counters_read(&before);
	__free_pages(page, order);
	mm_counters_read(&after);
	m = printk_message(msgs);
	if (page_debug_bad_frees != bad + 1 || printk_count() != msgs + 1 ||
	    !m || !strstr(m, what) || !strstr(m, "page_alloc: "))
		ht_fail(t, __FILE__, line, "want one \"%s\" line, got \"%s\"",
			what, m ? m : "(none)");
	if (mm_counters_compare(&before, &after) || mm_check())
		ht_fail(t, __FILE__, line, "allocator changed by a bad free");
}

#define EXPECT_BAD_FREE(t, page, order, what)                                  \
	expect_bad_free(t, __LINE__, page, order, what)

static void debug_double_free(struct ht *t)
{
	struct page *p, *q;
	struct arena a;

	arena_setup(&a, &small);
	arena_no_watermarks();
	p = alloc_pages(GFP_KERNEL, 0);
	q = alloc_pages(GFP_KERNEL, 2);
	HT_ASSERT(t, p && q);
	__free_pages(p, 0);
	EXPECT_BAD_FREE(t, p, 0, "double free of pfn");
	__free_pages(q, 2);
	EXPECT_BAD_FREE(t, q, 2, "double free of pfn");
	EXPECT_BAD_FREE(t, pfn_to_page(32), 5,
			"double free of pfn 0x20 order 5");
	HT_EXPECT(t, printk_printed("(flags 0x2 buddy) from "));
	/* a page inside a bigger free block, not its head */
	EXPECT_BAD_FREE(t, pfn_to_page(33), 0, "double free of pfn 0x21");
	HT_EXPECT(t, printk_all_one_line());
	arena_teardown(&a);
}

static void debug_bad_pages(struct ht *t)
{
	struct arena a;

	arena_setup(&a, &small);
	EXPECT_BAD_FREE(t, pfn_to_page(0), 0, "free of reserved pfn 0x0");
	EXPECT_BAD_FREE(t, pfn_to_page(100), 0,
			"free outside every zone of pfn 0x64");
	EXPECT_BAD_FREE(t, mem_map + 128, 0, "outside mem_map");
	EXPECT_BAD_FREE(t, mem_map + 100000, 0, "outside mem_map");
	EXPECT_BAD_FREE(t, NULL, 0, "outside mem_map");
	EXPECT_BAD_FREE(t, (struct page *)((char *)mem_map + 3), 0,
			"outside mem_map");
	HT_EXPECT(t, printk_all_one_line());
	arena_teardown(&a);
}

static void debug_wrong_order_and_alignment(struct ht *t)
{
	struct arena a;
	struct page *p;

	arena_setup(&a, &small);
	arena_no_watermarks();
	p = alloc_pages(GFP_KERNEL, 2);
	HT_ASSERT(t, p != NULL);
	EXPECT_BAD_FREE(t, p, 1, "wrong-order free (allocated as order 2");
	EXPECT_BAD_FREE(t, p, 6, "misaligned free of"); /* pfn 0 is reserved */
	EXPECT_BAD_FREE(t, p + 1, 1, "misaligned free of");
	EXPECT_BAD_FREE(t, p + 2, 1, "free of never-allocated");
	EXPECT_BAD_FREE(t, p, MAX_ORDER, "impossible-order free of");
	EXPECT_BAD_FREE(t, pfn_to_page(0), 7, "past the end of its zone");
	/* still allocated and intact: the right free works */
	HT_EXPECT(t, PageAllocated(p));
	__free_pages(p, 2);
	HT_EXPECT_EQ(t, page_debug_bad_frees, 6);
	HT_EXPECT_EQ(t, zone_page_state(page_zone(p), NR_FREE_PAGES), 63);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* Allocate everything as order-@order blocks, then free it all. */
static int churn_all(unsigned int order)
{
	struct page *pages[64];
	int n = 0;

	while (n < 64 && (pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN,
						 order)) != NULL)
		n++;
	while (n--)
		__free_pages(pages[n], order);
	return mm_check();
}

/* Is every byte of the page at @mem @byte? */
static bool page_all(const u8 *mem, u8 byte)
{
	int i;

	for (i = 0; i < 4096; i++)
		if (mem[i] != byte)
			return false;
	return true;
}

static void debug_poison_write_after_free(struct ht *t)
{
	struct arena a;
	struct page *p;
	char want[96];
	u8 *mem;

	arena_simple(&a, 64);
	arena_no_watermarks();
	page_poison_enabled = true;
	HT_EXPECT_EQ(t, churn_all(0), 0); /* poisons every page */
	HT_EXPECT_EQ(t, page_debug_poisoned_pages, 64);
	HT_EXPECT_EQ(t, churn_all(0), 0); /* checks every page: clean */
	HT_EXPECT_EQ(t, page_debug_poison_hits, 0);
	p = alloc_pages(GFP_KERNEL, 3);
	HT_ASSERT(t, p != NULL);
	mem = page_address(p + 2);
	memset(mem, 0x11, 4096); /* the owner's data, then the free */
	__free_pages(p, 3);
	HT_EXPECT(t, page_all(mem, PAGE_POISON));
	mem[0xabc] = 0x42; /* the bug: a write after free */
	HT_EXPECT_EQ(t, churn_all(0), 0);
	HT_EXPECT_EQ(t, page_debug_poison_hits, 1);
	snprintf(want, sizeof(want),
		 "poison overwritten in pfn %#lx at offset 0xabc: 0x42, "
		 "expected 0xaa",
		 (unsigned long)page_to_pfn(p + 2));
	HT_EXPECT_MSG(t, printk_printed(want), "%s", want);
	HT_EXPECT(t, printk_all_one_line());
	arena_teardown(&a);
}

/*
 * With poisoning turned off, freed pages keep their contents and are not
 * checked; a page poisoned before the switch is still checked once.
 */
static void debug_poison_off(struct ht *t)
{
	struct arena a;
	struct page *p, *q;
	u8 *mem;

	arena_simple(&a, 64);
	arena_no_watermarks();
	page_poison_enabled = true;
	p = alloc_pages(GFP_KERNEL, 0);
	HT_ASSERT(t, p != NULL);
	__free_pages(p, 0);
	page_poison_enabled = false;
	((u8 *)page_address(p))[7] = 0x42; /* written after a poisoned free */
	q = alloc_pages(GFP_KERNEL, 0);
	HT_ASSERT(t, q == p); /* the last page freed comes back first */
	HT_EXPECT_EQ(t, page_debug_poison_hits, 1);
	HT_EXPECT_EQ(t, page_debug_poisoned_pages, 0);
	mem = page_address(q);
	memset(mem, 0x33, 4096);
	__free_pages(q, 0);
	HT_EXPECT(t, page_all(mem, 0x33)); /* not filled */
	HT_EXPECT(t, !PagePoisoned(q));
	mem[9] = 0x44;
	HT_EXPECT_EQ(t, churn_all(0), 0);
	HT_EXPECT_EQ(t, page_debug_poison_hits, 1); /* not checked */
	arena_teardown(&a);
}

/* Every byte of the 2^@order pages at @mem equals @c. */
static bool all_bytes(const u8 *mem, unsigned int order, u8 c)
{
	for (unsigned long i = 0; i < ((unsigned long)PAGE_SIZE << order); i++)
		if (mem[i] != c)
			return false;
	return true;
}

static void debug_init_on_free_zeroes(struct ht *t)
{
	struct arena a;
	struct page *p;
	u8 *mem;

	arena_simple(&a, 64);
	arena_no_watermarks();
	init_on_free_enabled = true;
	p = alloc_pages(GFP_KERNEL, 2);
	HT_ASSERT(t, p != NULL);
	mem = page_address(p);
	memset(mem, 0x5a, (size_t)PAGE_SIZE << 2);
	__free_pages(p, 2);
	HT_EXPECT(t, all_bytes(mem, 2, 0));
	/* page_poison wins: the freed block holds poison, not zeros */
	page_poison_enabled = true;
	p = alloc_pages(GFP_KERNEL, 0);
	HT_ASSERT(t, p != NULL);
	mem = page_address(p);
	memset(mem, 0x5a, PAGE_SIZE);
	__free_pages(p, 0);
	HT_EXPECT(t, all_bytes(mem, 0, PAGE_POISON));
	/* both off: the freed page keeps what it held */
	page_poison_enabled = init_on_free_enabled = false;
	HT_EXPECT_EQ(t, churn_all(0), 0); /* consume the poisoned page */
	p = alloc_pages(GFP_KERNEL, 0);
	HT_ASSERT(t, p != NULL);
	mem = page_address(p);
	memset(mem, 0x5a, PAGE_SIZE);
	__free_pages(p, 0);
	HT_EXPECT(t, all_bytes(mem, 0, 0x5a));
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(debug_double_free),
	HT_CASE(debug_bad_pages),
	HT_CASE(debug_wrong_order_and_alignment),
	HT_CASE(debug_poison_write_after_free),
	HT_CASE(debug_poison_off),
	HT_CASE(debug_init_on_free_zeroes),
};

HT_MAIN(cases, printk_capture_reset)

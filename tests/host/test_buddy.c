/*
 * Host tests of the buddy core (mm/buddy.c) and the boot hand-over
 * (mm/mm_init.c, mm/zone.c): split and merge at every order, exhaustion
 * and full return, fallback and pageblock stealing, isolation, and boot
 * ranges crossing zone boundaries. Each case builds its own arena.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/prng.h"
#include "mm/buddy.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

static struct zone *normal0(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

static unsigned long nr_free(struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

/* Blocks on @z's order-@o list of type @mt. */
static unsigned long list_len(struct zone *z, unsigned int o, int mt)
{
	return list_count(&z->free_area[o].free_list[mt]);
}

/* Allocate one order-@o block, free it, and find every counter restored. */
static void split_merge_one(struct ht *t, unsigned int o)
{
	struct mm_counters before, after;
	struct zone *z = normal0();
	struct page *p;
	unsigned int k;

	mm_counters_read(&before);
	p = alloc_pages(GFP_KERNEL, o);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT(t, IS_ALIGNED(page_to_pfn(p), 1UL << o));
	HT_EXPECT_EQ(t, nr_free(z), 2048 - (1UL << o));
	/* one order-10 block untouched, the other split down to o */
	HT_EXPECT_EQ(t, z->free_area[MAX_ORDER - 1].nr_free, 1);
	for (k = o; k < MAX_ORDER - 1; k++)
		HT_EXPECT_MSG(t, z->free_area[k].nr_free == 1,
			      "order %u after allocating %u", k, o);
	HT_EXPECT_EQ(t, mm_check(), 0);
	__free_pages(p, o);
	mm_counters_read(&after);
	HT_EXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
}

static void buddy_split_merge_every_order(struct ht *t)
{
	struct arena a;
	unsigned int o;

	arena_simple(&a, 2048);
	arena_no_watermarks();
	HT_EXPECT_EQ(t, normal0()->free_area[MAX_ORDER - 1].nr_free, 2);
	for (o = 0; o < MAX_ORDER; o++)
		split_merge_one(t, o);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
	arena_teardown(&a);
}

/* Every page as order 0, freed in a random order: all merges happen. */
static void buddy_merge_random_order(struct ht *t)
{
	static struct page *pages[2048];
	struct mm_counters before, after;
	struct prng r;
	struct arena a;
	int i, n = 0;

	arena_simple(&a, 2048);
	arena_no_watermarks();
	mm_counters_read(&before);
	while (n < 2048 && (pages[n] = alloc_pages(GFP_KERNEL, 0)))
		n++;
	HT_EXPECT_EQ(t, n, 2048);
	HT_EXPECT_EQ(t, nr_free(normal0()), 0);
	prng_seed(&r, 42);
	for (i = n - 1; i > 0; i--) {
		int j = (int)prng_below(&r, (u64)i + 1);
		struct page *tmp = pages[i];

		pages[i] = pages[j];
		pages[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		__free_pages(pages[i], 0);
		if (i % 256 == 0)
			HT_EXPECT_EQ(t, mm_check(), 0);
	}
	mm_counters_read(&after);
	HT_EXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	arena_teardown(&a);
}

/* 64 pages: take all of them, one more fails with one line, give back. */
static void buddy_exhaust_and_free_all(struct ht *t)
{
	struct mm_counters before, after;
	struct page *pages[64];
	struct arena a;
	int n = 0, i;

	arena_simple(&a, 64);
	arena_no_watermarks();
	mm_counters_read(&before);
	while (n < 64 && (pages[n] = alloc_pages(GFP_KERNEL, 0)))
		n++;
	HT_EXPECT_EQ(t, n, 64);
	HT_EXPECT_EQ(t, nr_free(normal0()), 0);
	HT_EXPECT_EQ(t, zone_page_state(normal0(), NR_ALLOC_PAGES), 64);
	HT_EXPECT(t, alloc_pages(GFP_KERNEL, 0) == NULL);
	HT_EXPECT_EQ(t, printk_warned_count("out of memory"), 1);
	HT_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	HT_EXPECT(t, printk_all_one_line());
	HT_EXPECT_EQ(t, mm_check(), 0);
	for (i = 0; i < n; i++)
		__free_pages(pages[i], 0);
	mm_counters_read(&after);
	HT_EXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	HT_EXPECT_EQ(t, normal0()->free_area[6].nr_free, 1);
	HT_EXPECT_EQ(t, global_vm_event(PGALLOC_NORMAL), 64);
	HT_EXPECT_EQ(t, global_vm_event(PGFREE), 64);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* An unmovable request takes a whole movable order-10 block for itself. */
static void buddy_fallback_claims_large_block(struct ht *t)
{
	struct zone *z;
	struct page *p, *q, *r, *r2;
	struct arena a;

	arena_simple(&a, 2048);
	arena_no_watermarks();
	z = normal0();
	p = alloc_pages(GFP_KERNEL, 0); /* unmovable */
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, p->migratetype, MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p + 512), MIGRATE_UNMOVABLE);
	/* the other order-10 block stays movable and whole */
	HT_EXPECT_EQ(t, list_len(z, 10, MIGRATE_MOVABLE), 1);
	HT_EXPECT_EQ(t, list_len(z, 9, MIGRATE_UNMOVABLE), 1);
	/*
	 * Reclaimable prefers unmovable blocks, but the largest order wins
	 * first (as in Linux): the movable order-10 block beats the
	 * unmovable order-9 one, and is claimed whole.
	 */
	q = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	HT_ASSERT(t, q != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(q), MIGRATE_RECLAIMABLE);
	HT_EXPECT(t, page_to_pfn(q) / 1024 != page_to_pfn(p) / 1024);
	HT_EXPECT_EQ(t, list_len(z, 10, MIGRATE_MOVABLE), 0);
	/* its own order 9 first; then the unmovable order 9, claimed */
	r = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 9);
	r2 = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 9);
	HT_ASSERT(t, r && r2);
	HT_EXPECT(t, page_to_pfn(r) / 1024 == page_to_pfn(q) / 1024);
	HT_EXPECT(t, page_to_pfn(r2) / 1024 == page_to_pfn(p) / 1024);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(r2), MIGRATE_RECLAIMABLE);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, mm_check(), 0);
	__free_pages(r, 9);
	__free_pages(r2, 9);
	__free_pages(p, 0);
	__free_pages(q, 0);
	/* the two pageblocks are both mergeable types: order 10 again */
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 2);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * Allocate the one pageblock as unmovable order-0 pages into @pages, then
 * free every even pfn from @first on, so no two free pages merge.
 * Return: how many were allocated.
 */
static int fragment_block(struct ht *t, struct page **pages, pfn_t first)
{
	int n = 0, i;

	while (n < 512 && (pages[n] = alloc_pages(GFP_KERNEL, 0)))
		n++;
	HT_EXPECT_EQ(t, n, 512);
	for (i = 0; i < n; i++) {
		pfn_t pfn = page_to_pfn(pages[i]);

		if (pfn % 2 == 0 && pfn >= first) {
			__free_pages(pages[i], 0);
			pages[i] = NULL;
		}
	}
	return n;
}

static void free_all(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pages[i])
			__free_pages(pages[i], 0);
}

/* Small blocks: borrowed, unless half the pageblock is free or alike. */
static void buddy_fallback_borrow_or_claim(struct ht *t)
{
	static struct page *pages[512];
	struct page *p;
	struct arena a;
	int n, i;

	arena_simple(&a, 512);
	arena_no_watermarks();
	n = fragment_block(t, pages, 2); /* 255 free: below half */
	HT_EXPECT_EQ(t, get_pageblock_migratetype(pages[0]), MIGRATE_UNMOVABLE);
	p = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, p->migratetype, MIGRATE_RECLAIMABLE);
	__free_pages(p, 0);
	/* movable never claims for order < 4: borrows */
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	/* one more free page makes it exactly half: reclaimable claims */
	for (i = 0; i < n; i++) {
		if (pages[i] == pfn_to_page(0)) {
			__free_pages(pages[i], 0);
			pages[i] = NULL;
		}
	}
	p = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_RECLAIMABLE);
	HT_EXPECT_EQ(t, list_len(normal0(), 0, MIGRATE_UNMOVABLE), 0);
	__free_pages(p, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	free_all(pages, n);
	HT_EXPECT_EQ(t, normal0()->free_area[9].nr_free, 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* An isolated pageblock keeps its free pages apart and out of the count. */
static void buddy_isolate_blocks_merging(struct ht *t)
{
	struct zone *z;
	struct page *a0, *b0;
	struct arena a;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	z = normal0();
	a0 = alloc_pages(GFP_HIGHUSER_MOVABLE, 9);
	b0 = alloc_pages(GFP_HIGHUSER_MOVABLE, 9);
	HT_ASSERT(t, a0 && b0);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, b0, MIGRATE_ISOLATE), 0);
	__free_pages(a0, 9);
	__free_pages(b0, 9);
	HT_EXPECT_EQ(t, nr_free(z), 512);
	HT_EXPECT_EQ(t, z->free_area[9].nr_free, 2);
	HT_EXPECT_EQ(t, z->nr_isolate_pageblock, 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	HT_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10) == NULL);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, b0, MIGRATE_MOVABLE),
		     512);
	HT_EXPECT_EQ(t, nr_free(z), 1024);
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 1); /* merged again */
	HT_EXPECT_EQ(t, z->nr_isolate_pageblock, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	/* isolating a pageblock inside a free order-10 block splits it */
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, a0, MIGRATE_ISOLATE),
		     512);
	HT_EXPECT_EQ(t, nr_free(z), 512);
	HT_EXPECT_EQ(t, mm_check(), 0);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, a0, MIGRATE_MOVABLE),
		     512);
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * A block bigger than a pageblock is freed pageblock by pageblock, each to
 * its own type (Linux 6.10's split_large_buddy): the half of an order-10
 * block whose pageblock was isolated while allocated must land on the
 * isolate list, uncounted, not ride along on the first pageblock's type.
 */
static void buddy_free_large_block_into_isolated_pageblock(struct ht *t)
{
	struct zone *z;
	struct page *p;
	struct arena a;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	z = normal0();
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 10);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, p + 512, MIGRATE_ISOLATE),
		     0);
	__free_pages(p, 10);
	HT_EXPECT_EQ(t, nr_free(z), 512);
	HT_EXPECT_EQ(t, list_len(z, 9, MIGRATE_MOVABLE), 1);
	HT_EXPECT_EQ(t, list_len(z, 9, MIGRATE_ISOLATE), 1);
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, p + 512, MIGRATE_MOVABLE),
		     512);
	HT_EXPECT_EQ(t, nr_free(z), 1024);
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * Isolating both halves of a free order-10 block ends, as freeing would,
 * in one isolated order-10 block: two free isolated buddies of order 9
 * side by side are what mm_check calls a missed merge.
 */
static void buddy_isolate_neighbours_merge(struct ht *t)
{
	struct zone *z;
	struct arena a;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	z = normal0();
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, pfn_to_page(0),
						   MIGRATE_ISOLATE),
		     512);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, pfn_to_page(512),
						   MIGRATE_ISOLATE),
		     512);
	HT_EXPECT_EQ(t, nr_free(z), 0);
	HT_EXPECT_EQ(t, z->nr_isolate_pageblock, 2);
	HT_EXPECT_EQ(t, list_len(z, 10, MIGRATE_ISOLATE), 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, pfn_to_page(0),
						   MIGRATE_MOVABLE),
		     512);
	HT_EXPECT_EQ(t, buddy_move_freepages_block(z, pfn_to_page(512),
						   MIGRATE_MOVABLE),
		     512);
	HT_EXPECT_EQ(t, nr_free(z), 1024);
	HT_EXPECT_EQ(t, z->nr_isolate_pageblock, 0);
	HT_EXPECT_EQ(t, list_len(z, 10, MIGRATE_MOVABLE), 1);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static const struct arena_layout three_zones = {
	.nr_pages = 3100,
	.nr_nodes = 1,
	.nr_zones = 3,
	.zones = {{0, ZONE_DMA, 0, 100},
		  {0, ZONE_DMA32, 100, 1000},
		  {0, ZONE_NORMAL, 1000, 3000}},
	.nr_free = 4,
	/* a hole at [50, 60); the last range runs past every zone; the
	 * third repeats pages already handed over */
	.free = {{1, 50}, {60, 2990}, {2980, 2990}, {2990, 3100}},
};

/* Boot ranges crossing zone boundaries end up split at them, exactly. */
static void buddy_boot_ranges_split_at_zones(struct ht *t)
{
	struct pglist_data *pgdat;
	struct arena a;
	struct zone *z;

	arena_setup(&a, &three_zones);
	pgdat = NODE_DATA(0);
	HT_EXPECT_EQ(t, pgdat->node_zones[ZONE_DMA].managed_pages, 89);
	HT_EXPECT_EQ(t, pgdat->node_zones[ZONE_DMA32].managed_pages, 900);
	HT_EXPECT_EQ(t, pgdat->node_zones[ZONE_NORMAL].managed_pages, 2000);
	for_each_populated_zone(z) {
		HT_EXPECT_EQ(t, nr_free(z), z->managed_pages);
		HT_EXPECT_EQ(t, z->spanned_pages,
			     z == &pgdat->node_zones[ZONE_NORMAL] ? 2000
			     : z == &pgdat->node_zones[ZONE_DMA]  ? 100
								  : 900);
	}
	HT_EXPECT(t, PageReserved(pfn_to_page(0)));
	HT_EXPECT(t, PageReserved(pfn_to_page(55)));
	HT_EXPECT(t, printk_warned("already free"));
	HT_EXPECT(t, printk_warned("in no zone"));
	HT_EXPECT_EQ(t, printk_warn_count(), 2);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* A corrupted state is found: mm_check reports, not crashes. */
static void buddy_mm_check_finds_corruption(struct ht *t)
{
	struct arena a;
	struct zone *z;

	arena_simple(&a, 64);
	z = normal0();
	HT_EXPECT_EQ(t, mm_check(), 0);
	z->free_area[6].nr_free++;
	HT_EXPECT(t, mm_check() > 0);
	HT_EXPECT(t, printk_printed("nr_free 2, lists hold 1"));
	z->free_area[6].nr_free--;
	__mod_zone_page_state(z, NR_FREE_PAGES, 1);
	HT_EXPECT(t, mm_check() > 0);
	HT_EXPECT(t, printk_printed("NR_FREE_PAGES 65, lists hold 64"));
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(buddy_split_merge_every_order),
	HT_CASE(buddy_merge_random_order),
	HT_CASE(buddy_exhaust_and_free_all),
	HT_CASE(buddy_fallback_claims_large_block),
	HT_CASE(buddy_fallback_borrow_or_claim),
	HT_CASE(buddy_isolate_blocks_merging),
	HT_CASE(buddy_free_large_block_into_isolated_pageblock),
	HT_CASE(buddy_isolate_neighbours_merge),
	HT_CASE(buddy_boot_ranges_split_at_zones),
	HT_CASE(buddy_mm_check_finds_corruption),
};

HT_MAIN(cases, printk_capture_reset)

/*
 * Host tests of pageblock policy in mm/buddy.c: which type a request falls
 * back to, when a fallback claims the whole pageblock, the movable
 * smallest-block rule, ALLOC_NOFRAGMENT, and pageblocks that hold pages of
 * two zones (interleaved nodes), which must never be claimed or isolated.
 * Each scenario is built so that exactly one policy decision shows.
 */
#include <stdio.h>
#include <string.h>

#include "mm/buddy.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

static struct zone *zone_of(int nid, enum zone_type t)
{
	return &NODE_DATA(nid)->node_zones[t];
}

/*
 * Node 1 owns pfns [768, 1024) inside node 0's span [0, 2048): the
 * pageblock [512, 1024) holds pages of both nodes' Normal zones.
 */
static const struct arena_layout interleaved = {
	.nr_pages = 2048,
	.nr_nodes = 2,
	.nr_zones = 2,
	.zones = {{1, ZONE_NORMAL, 768, 1024}, {0, ZONE_NORMAL, 0, 2048}},
	.nr_free = 1,
	.free = {{0, 2048}},
};

#define MOVABLE0 (GFP_HIGHUSER_MOVABLE | __GFP_THISNODE)

/*
 * With node 0 down to [512, 768) (movable), an unmovable request falls
 * back there. Claiming that pageblock must not pull node 1's free
 * [768, 1024) onto node 0's lists.
 */
static void pageblock_two_zones_never_claimed(struct ht *t)
{
	struct zone *z0, *z1;
	struct page *big, *mid, *p;
	struct arena a;

	arena_setup(&a, &interleaved);
	arena_no_watermarks();
	z0 = zone_of(0, ZONE_NORMAL);
	z1 = zone_of(1, ZONE_NORMAL);
	HT_EXPECT_EQ(t, zone_managed_pages(z0), 1792);
	HT_EXPECT_EQ(t, zone_managed_pages(z1), 256);
	big = alloc_pages_node(0, MOVABLE0, 10);
	mid = alloc_pages_node(0, MOVABLE0, 9);
	HT_ASSERT(t, big && mid);
	p = alloc_pages_node(0, GFP_KERNEL | __GFP_THISNODE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_to_nid(p), 0);
	HT_EXPECT_MSG(t, page_to_pfn(p) >= 512 && page_to_pfn(p) < 768,
		      "pfn %lu", (unsigned long)page_to_pfn(p));
	/* borrowed, not claimed: the block keeps its type */
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	HT_EXPECT_EQ(t, zone_page_state(z1, NR_FREE_PAGES), 256);
	HT_EXPECT_EQ(t, zone_page_state(z0, NR_FREE_PAGES), 255);
	HT_EXPECT_EQ(t, mm_check(), 0);
	__free_pages(p, 0);
	__free_pages(mid, 9);
	__free_pages(big, 10);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* Isolating a pageblock that holds two zones is refused, both ways. */
static void pageblock_two_zones_never_isolated(struct ht *t)
{
	struct zone *z0, *z1;
	struct arena a;

	arena_setup(&a, &interleaved);
	arena_no_watermarks();
	z0 = zone_of(0, ZONE_NORMAL);
	z1 = zone_of(1, ZONE_NORMAL);
	HT_EXPECT_EQ(t,
		     buddy_move_freepages_block(z0, pfn_to_page(512),
						MIGRATE_ISOLATE),
		     -1);
	HT_EXPECT_EQ(t,
		     buddy_move_freepages_block(z1, pfn_to_page(768),
						MIGRATE_ISOLATE),
		     -1);
	HT_EXPECT_EQ(t, z0->nr_isolate_pageblock, 0);
	HT_EXPECT_EQ(t, zone_page_state(z0, NR_FREE_PAGES), 1792);
	HT_EXPECT_EQ(t, zone_page_state(z1, NR_FREE_PAGES), 256);
	/* a whole pageblock of node 0 still can be */
	HT_EXPECT_EQ(
		t,
		buddy_move_freepages_block(z0, pfn_to_page(0), MIGRATE_ISOLATE),
		512);
	HT_EXPECT_EQ(
		t,
		buddy_move_freepages_block(z0, pfn_to_page(0), MIGRATE_MOVABLE),
		512);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static struct zone *normal0(void)
{
	return zone_of(0, ZONE_NORMAL);
}

/* Retype the pageblock at @pfn, moving its free pages with it. */
static void retype(struct ht *t, pfn_t pfn, int mt)
{
	HT_EXPECT(t, buddy_move_freepages_block(normal0(), pfn_to_page(pfn),
						mt) >= 0);
}

/*
 * 2048 pages, four pageblocks: pageblocks 1 and 3 are taken (order 9,
 * movable), 0 and 2 are free whole pageblocks of types @mt0 and @mt2.
 * Return: the two blocks taken, in @busy.
 */
static void two_free_pageblocks(struct ht *t, struct arena *a, int mt0, int mt2,
				struct page *busy[2])
{
	arena_simple(a, 2048);
	arena_no_watermarks();
	busy[0] = alloc_pages(GFP_HIGHUSER_MOVABLE, 9); /* [0, 512) */
	busy[1] = alloc_pages(GFP_HIGHUSER_MOVABLE, 9); /* [1024, 1536) */
	HT_ASSERT(t, busy[0] && busy[1]);
	/* move them to pageblocks 1 and 3, freeing 0 and 2 */
	__free_pages(busy[0], 9);
	__free_pages(busy[1], 9);
	busy[0] = pfn_to_page(512);
	busy[1] = pfn_to_page(1536);
	HT_ASSERT(t, buddy_move_freepages_block(normal0(), busy[0],
						MIGRATE_ISOLATE) == 512);
	HT_ASSERT(t, buddy_move_freepages_block(normal0(), busy[1],
						MIGRATE_ISOLATE) == 512);
	retype(t, 0, mt0);
	retype(t, 1024, mt2);
	HT_EXPECT_EQ(t, normal0()->free_area[9].nr_free, 4);
}

/* Undo two_free_pageblocks's isolation and check everything merges. */
static void two_free_pageblocks_done(struct ht *t, struct arena *a)
{
	retype(t, 512, MIGRATE_MOVABLE);
	retype(t, 1536, MIGRATE_MOVABLE);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(a);
}

/*
 * Each type falls back in Linux's order when two other types offer a
 * block of the same (largest) order: unmovable to reclaimable before
 * movable, reclaimable to unmovable before movable, movable to
 * reclaimable before unmovable. Pageblock 0 holds the first choice.
 */
static void fallback_order_per_type(struct ht *t)
{
	static const int want[MIGRATE_PCPTYPES][3] = {
		/* request, first choice, second choice */
		{MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
		{MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
		{MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
	};
	static const gfp_t gfp[MIGRATE_PCPTYPES] = {
		[MIGRATE_UNMOVABLE] = GFP_KERNEL,
		[MIGRATE_MOVABLE] = GFP_HIGHUSER_MOVABLE,
		[MIGRATE_RECLAIMABLE] = GFP_KERNEL | __GFP_RECLAIMABLE,
	};
	int i, k;

	for (i = 0; i < MIGRATE_PCPTYPES; i++) {
		for (k = 0; k < 2; k++) { /* first choice in pageblock 0, 2 */
			int first = want[i][1], second = want[i][2];
			pfn_t where = k ? 1024 : 0;
			struct page *busy[2], *p;
			struct arena a;

			two_free_pageblocks(t, &a, k ? second : first,
					    k ? first : second, busy);
			p = alloc_pages(gfp[want[i][0]], 0);
			HT_ASSERT(t, p != NULL);
			HT_EXPECT_MSG(t, page_to_pfn(p) / 512 == where / 512,
				      "%s request took pfn %lu, want the %s "
				      "pageblock at %lu",
				      migratetype_names[want[i][0]],
				      (unsigned long)page_to_pfn(p),
				      migratetype_names[first],
				      (unsigned long)where);
			/* a whole free pageblock is claimed */
			HT_EXPECT_EQ(t, get_pageblock_migratetype(p),
				     want[i][0]);
			__free_pages(p, 0);
			two_free_pageblocks_done(t, &a);
		}
	}
}

/*
 * One pageblock of unmovable type whose largest free block is order 8: a
 * movable request tries to claim from order pageblock_order / 2 = 4 up,
 * and half the block is free, so the pageblock becomes movable.
 */
static void fallback_claim_from_half_pageblock_order(struct ht *t)
{
	struct page *u, *p;
	struct arena a;

	arena_simple(&a, 512);
	arena_no_watermarks();
	retype(t, 0, MIGRATE_UNMOVABLE);
	u = alloc_pages(GFP_KERNEL, 8); /* [0, 256): 256 left free */
	HT_ASSERT(t, u != NULL);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	HT_EXPECT_EQ(t, p->migratetype, MIGRATE_MOVABLE);
	__free_pages(p, 0);
	__free_pages(u, 8);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * A movable request falling back into an unmovable pageblock with only
 * 240 pages free (less than half) still claims it, because 272 of the
 * allocated pages are movable already: free + alike reach half.
 */
static void fallback_claim_counts_alike_pages(struct ht *t)
{
	struct page *m[18], *p;
	struct arena a;
	int i;

	arena_simple(&a, 512);
	arena_no_watermarks();
	m[0] = alloc_pages(GFP_HIGHUSER_MOVABLE, 7);
	m[1] = alloc_pages(GFP_HIGHUSER_MOVABLE, 7);
	for (i = 2; i < 18; i++)
		m[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	for (i = 0; i < 18; i++)
		HT_ASSERT(t, m[i] != NULL);
	retype(t, 0, MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, zone_page_state(normal0(), NR_FREE_PAGES), 240);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	__free_pages(p, 0);
	for (i = 0; i < 18; i++)
		__free_pages(m[i], i < 2 ? 7 : 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * Linux's rule for a non-movable request falling back into a MOVABLE
 * pageblock: every page that is neither free nor movable counts as
 * compatible. 272 unmovable pages and 240 free ones: a reclaimable
 * request claims the block although none of its pages is reclaimable.
 */
static void fallback_into_movable_counts_non_movable(struct ht *t)
{
	struct page *u[18], *p;
	struct arena a;
	int i;

	arena_simple(&a, 512);
	arena_no_watermarks();
	retype(t, 0, MIGRATE_UNMOVABLE);
	u[0] = alloc_pages(GFP_KERNEL, 7);
	u[1] = alloc_pages(GFP_KERNEL, 7);
	for (i = 2; i < 18; i++)
		u[i] = alloc_pages(GFP_KERNEL, 0);
	for (i = 0; i < 18; i++)
		HT_ASSERT(t, u[i] != NULL);
	retype(t, 0, MIGRATE_MOVABLE);
	p = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_RECLAIMABLE);
	__free_pages(p, 0);
	/* the other way round pagelab counts exactly: no reclaimable pages
	 * in an unmovable block means no claim for a reclaimable request */
	retype(t, 0, MIGRATE_UNMOVABLE);
	p = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	for (i = 0; i < 18; i++)
		__free_pages(u[i], i < 2 ? 7 : 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * A movable request that cannot claim (its largest fallback block is
 * order 3, below pageblock_order / 2) takes the smallest block instead:
 * the single free page at pfn 100, not a piece of the order-3 block.
 */
static void fallback_movable_takes_smallest(struct ht *t)
{
	static struct page *u[512];
	struct page *p;
	struct arena a;
	int n = 0, i;

	arena_simple(&a, 512);
	arena_no_watermarks();
	retype(t, 0, MIGRATE_UNMOVABLE);
	while (n < 512 && (u[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0)))
		n++;
	HT_EXPECT_EQ(t, n, 512);
	for (i = 0; i < n; i++) {
		pfn_t pfn = page_to_pfn(u[i]);

		if ((pfn >= 8 && pfn < 16) || pfn == 100) {
			__free_pages(u[i], 0);
			u[i] = NULL;
		}
	}
	HT_EXPECT_EQ(t, normal0()->free_area[3].nr_free, 1);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_to_pfn(p), 100);
	HT_EXPECT_EQ(t, normal0()->free_area[3].nr_free, 1);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	for (i = 0; i < n; i++)
		if (u[i])
			__free_pages(u[i], 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* One node: DMA32 [0, 1024), Normal [1024, 2048). */
static const struct arena_layout dma32_normal = {
	.nr_pages = 2048,
	.nr_nodes = 1,
	.nr_zones = 2,
	.zones = {{0, ZONE_DMA32, 0, 1024}, {0, ZONE_NORMAL, 1024, 2048}},
	.nr_free = 1,
	.free = {{0, 2048}},
};

/*
 * ALLOC_NOFRAGMENT (Linux 5.0+): while a lower zone of the preferred node
 * can serve a request from its own type, a Normal request does not break
 * up another type's pageblock in Normal. Normal holds only scattered
 * unmovable pages; a movable request goes to DMA32. Once DMA32 has no
 * movable pages either, Normal's unmovable pages are borrowed after all.
 */
static void nofragment_prefers_lower_zone(struct ht *t)
{
	static struct page *n[1024], *d[1024];
	struct zone *normal = zone_of(0, ZONE_NORMAL);
	struct page *p;
	struct arena a;
	int nn = 0, nd = 0, i;

	arena_setup(&a, &dma32_normal);
	arena_no_watermarks();
	HT_ASSERT(t, buddy_move_freepages_block(normal, pfn_to_page(1024),
						MIGRATE_UNMOVABLE) == 512);
	HT_ASSERT(t, buddy_move_freepages_block(normal, pfn_to_page(1536),
						MIGRATE_UNMOVABLE) == 512);
	while (nn < 1024 && (n[nn] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0)))
		nn++;
	HT_EXPECT_EQ(t, zone_page_state(normal, NR_FREE_PAGES), 0);
	for (i = 0; i < nn; i += 2) { /* every other page back: no merging */
		__free_pages(n[i], 0);
		n[i] = NULL;
	}
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_zonenum(p), ZONE_DMA32);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_MOVABLE);
	__free_pages(p, 0);
	/* DMA32 full of unmovable pages: now Normal lends one */
	while (nd < 1024 &&
	       (d[nd] = alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_NOWARN,
				    0)))
		nd++;
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_zonenum(p), ZONE_NORMAL);
	HT_EXPECT_EQ(t, get_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	__free_pages(p, 0);
	for (i = 0; i < nd; i++)
		__free_pages(d[i], 0);
	for (i = 0; i < nn; i++)
		if (n[i])
			__free_pages(n[i], 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(pageblock_two_zones_never_claimed),
	HT_CASE(pageblock_two_zones_never_isolated),
	HT_CASE(fallback_order_per_type),
	HT_CASE(fallback_claim_from_half_pageblock_order),
	HT_CASE(fallback_claim_counts_alike_pages),
	HT_CASE(fallback_into_movable_counts_non_movable),
	HT_CASE(fallback_movable_takes_smallest),
	HT_CASE(nofragment_prefers_lower_zone),
};

HT_MAIN(cases, printk_capture_reset)

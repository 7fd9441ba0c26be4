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

static const struct ht_case cases[] = {
	HT_CASE(pageblock_two_zones_never_claimed),
	HT_CASE(pageblock_two_zones_never_isolated),
};

HT_MAIN(cases, printk_capture_reset)

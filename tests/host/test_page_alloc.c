/*
 * Host tests of the allocator front end (mm/page_alloc.c, watermark.c,
 * zone.c, vmstat.c): watermark values and refusals, the GFP_ATOMIC
 * reserve, lowmem reserves, gfp to zone, zonelists by distance, NUMA and
 * event counters, impossible orders and the address-based API.
 */
#include <stdio.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/page_debug.h"
#include "mm/vmstat.h"
#include "mm/watermark.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

extern u64 host_time_ns; /* tests/host/mm_host_env.c */

static struct zone *zone_of(int nid, enum zone_type t)
{
	return &NODE_DATA(nid)->node_zones[t];
}

/* Allocate order-@order blocks with @gfp (plus NOWARN) until one fails. */
static int alloc_until_fail(struct page **pages, int max, gfp_t gfp,
			    unsigned int order)
{
	int n = 0;

	while (n < max &&
	       (pages[n] = alloc_pages(gfp | __GFP_NOWARN, order)) != NULL)
		n++;
	return n;
}

static void free_n(struct page **pages, int n, unsigned int order)
{
	while (n--)
		__free_pages(pages[n], order);
}

/* docs/design.md section 4: one 2 GiB zone gives min 1448, low 1972, high 2496
 */
static void watermark_values_2gib(struct ht *t)
{
	struct arena_layout l = {
		.nr_pages = 524288,
		.no_memory = true,
		.nr_nodes = 1,
		.nr_zones = 1,
		.zones = {{0, ZONE_NORMAL, 0, 524288}},
		.nr_free = 1,
		.free = {{0, 524288}},
	};
	struct arena a;
	struct zone *z;

	arena_setup(&a, &l);
	z = zone_of(0, ZONE_NORMAL);
	HT_EXPECT_EQ(t, min_free_kbytes, 5792);
	HT_EXPECT_EQ(t, wmark_pages(z, WMARK_MIN), 1448);
	HT_EXPECT_EQ(t, wmark_pages(z, WMARK_LOW), 1972);
	HT_EXPECT_EQ(t, wmark_pages(z, WMARK_HIGH), 2496);
	HT_EXPECT_EQ(t, z->free_area[10].nr_free, 512);
	HT_EXPECT_EQ(t, int_sqrt(33554432), 5792);
	HT_EXPECT_EQ(t, int_sqrt(0), 0);
	HT_EXPECT_EQ(t, int_sqrt(1UL << 62), 1UL << 31);
	arena_teardown(&a);
}

/* min_free_kbytes is clamped and split over zones by managed pages. */
static void watermark_split_and_clamp(struct ht *t)
{
	struct arena_layout l = {
		.nr_pages = 4096,
		.no_memory = true,
		.nr_nodes = 1,
		.nr_zones = 2,
		.zones = {{0, ZONE_DMA, 0, 1024}, {0, ZONE_NORMAL, 1024, 4096}},
		.nr_free = 1,
		.free = {{0, 4096}},
	};
	struct arena a;

	/* 16 MiB: sqrt(16384 * 16) = 512 KiB = 128 pages, 1/4 in DMA */
	arena_setup(&a, &l);
	HT_EXPECT_EQ(t, min_free_kbytes, 512);
	HT_EXPECT_EQ(t, wmark_pages(zone_of(0, ZONE_DMA), WMARK_MIN), 32);
	HT_EXPECT_EQ(t, wmark_pages(zone_of(0, ZONE_NORMAL), WMARK_MIN), 96);
	HT_EXPECT_EQ(t, wmark_pages(zone_of(0, ZONE_NORMAL), WMARK_LOW), 120);
	/* DMA keeps NORMAL's managed / 256 from normal requests */
	HT_EXPECT_EQ(t, zone_of(0, ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], 12);
	HT_EXPECT_EQ(t, zone_of(0, ZONE_DMA)->lowmem_reserve[ZONE_DMA], 0);
	arena_teardown(&a);
	/* 64 pages: sqrt(256 * 16) = 64, clamped up to 128 */
	arena_simple(&a, 64);
	HT_EXPECT_EQ(t, min_free_kbytes, 128);
	HT_EXPECT_EQ(t, wmark_pages(zone_of(0, ZONE_NORMAL), WMARK_MIN), 32);
	arena_teardown(&a);
}

/*
 * 1024 pages: min 64, low 80. GFP_KERNEL stops at min, GFP_ATOMIC at
 * 3/8 of it, __GFP_HIGH that may sleep at half, __GFP_MEMALLOC at zero.
 */
static void watermark_refusal_and_atomic_reserve(struct ht *t)
{
	static struct page *kern[1024], *atom[64], *mem[64];
	struct arena a;
	struct zone *z;
	int nk, na, nm;

	arena_simple(&a, 1024);
	z = zone_of(0, ZONE_NORMAL);
	HT_EXPECT_EQ(t, wmark_pages(z, WMARK_MIN), 64);
	HT_EXPECT_EQ(t, wmark_pages(z, WMARK_LOW), 80);
	nk = alloc_until_fail(kern, 1024, GFP_KERNEL, 0);
	HT_EXPECT_EQ(t, nk, 1024 - 64);
	HT_EXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), 64);
	HT_EXPECT(t, !alloc_pages(GFP_KERNEL | __GFP_NOWARN, 1));
	HT_EXPECT(t, !alloc_pages(GFP_KERNEL, 0)); /* warns, once */
	HT_EXPECT_EQ(t, printk_warned_count("out of memory"), 1);
	/* order 0 needs no "large enough block": the watermark is the cause */
	HT_EXPECT(t, !printk_warned("large enough block"));
	HT_EXPECT(t, printk_warned("every allowed zone is at its min "
				   "watermark"));
	na = alloc_until_fail(atom, 64, GFP_ATOMIC, 0);
	HT_EXPECT_EQ(t, na, 64 - 24); /* 64 - 64/2 = 32, - 32/4 = 24 */
	HT_EXPECT(t, !alloc_pages(GFP_KERNEL | __GFP_HIGH | __GFP_NOWARN, 0));
	nm = alloc_until_fail(mem, 64, GFP_KERNEL | __GFP_MEMALLOC, 0);
	HT_EXPECT_EQ(t, nm, 24);
	HT_EXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	free_n(mem, nm, 0);
	free_n(atom, na, 0);
	/* __GFP_HIGH alone (may sleep): half of min, 32 */
	na = alloc_until_fail(atom, 64, GFP_KERNEL | __GFP_HIGH, 0);
	HT_EXPECT_EQ(t, na, 32);
	free_n(atom, na, 0);
	free_n(kern, nk, 0);
	HT_EXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), 1024);
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	arena_teardown(&a);
}

/*
 * __GFP_MEMALLOC ignores watermarks only after every zone was tried at
 * min (Linux's order): with Normal below min and DMA32 between its min and
 * low (plus the reserve DMA32 keeps from Normal requests), DMA32 serves.
 * 4096 pages: each zone min 64, low 80; DMA32 keeps 2048 / 256 = 8.
 */
static void memalloc_tries_min_everywhere_first(struct ht *t)
{
	static struct page *d32[2048], *norm[2048];
	const struct arena_layout l = {
		.nr_pages = 4096,
		.nr_nodes = 1,
		.nr_zones = 2,
		.zones = {{0, ZONE_DMA32, 0, 2048},
			  {0, ZONE_NORMAL, 2048, 4096}},
		.nr_free = 1,
		.free = {{0, 4096}},
	};
	const gfp_t memalloc = GFP_KERNEL | __GFP_MEMALLOC;
	struct zone *dma32, *normal;
	struct page *p;
	struct arena a;
	int nd, nn;

	arena_setup(&a, &l);
	dma32 = zone_of(0, ZONE_DMA32);
	normal = zone_of(0, ZONE_NORMAL);
	HT_EXPECT_EQ(t, wmark_pages(dma32, WMARK_MIN), 64);
	HT_EXPECT_EQ(t, wmark_pages(dma32, WMARK_LOW), 80);
	HT_EXPECT_EQ(t, dma32->lowmem_reserve[ZONE_NORMAL], 8);
	/* empty DMA32, then leave Normal 40 pages (below its min of 64) */
	nd = alloc_until_fail(d32, 2048, memalloc | __GFP_DMA32, 0);
	HT_EXPECT_EQ(t, nd, 2048);
	nn = alloc_until_fail(norm, 2048 - 40, memalloc, 0);
	HT_EXPECT_EQ(t, zone_page_state(normal, NR_FREE_PAGES), 40);
	/* DMA32 back to 80: above min + 8, not above low + 8 */
	while (zone_page_state(dma32, NR_FREE_PAGES) < 80)
		__free_pages(d32[--nd], 0);
	p = alloc_pages(memalloc, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_zonenum(p), ZONE_DMA32);
	HT_EXPECT_EQ(t, zone_page_state(normal, NR_FREE_PAGES), 40);
	__free_pages(p, 0);
	/* at min + 8 DMA32 is closed too: now the reserves are dug into */
	while (zone_page_state(dma32, NR_FREE_PAGES) > 72)
		d32[nd++] = alloc_pages(GFP_KERNEL | __GFP_DMA32, 0);
	p = alloc_pages(memalloc, 0);
	HT_ASSERT(t, p != NULL);
	HT_EXPECT_EQ(t, page_zonenum(p), ZONE_NORMAL);
	__free_pages(p, 0);
	free_n(norm, nn, 0);
	free_n(d32, nd, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/*
 * A burst of failures prints 10 lines per 5 seconds (Linux's default
 * ratelimit for warn_alloc); the first line of the next window says how
 * many were held back.
 */
static void warn_alloc_rate_limited(struct ht *t)
{
	struct arena a;
	int i;

	arena_simple(&a, 64);
	HT_ASSERT(t, alloc_pages(GFP_KERNEL | __GFP_MEMALLOC, 6) != NULL);
	for (i = 0; i < 25; i++) {
		HT_EXPECT(t, !alloc_pages(GFP_ATOMIC, 0));
		host_time_ns += 100000000; /* 2.5 s in all: one window */
	}
	HT_EXPECT_EQ(t, printk_warned_count("out of memory"), 10);
	HT_EXPECT_EQ(t, printk_warn_count(), 10);
	host_time_ns += 3000000000ULL;
	HT_EXPECT(t, !alloc_pages(GFP_ATOMIC, 0));
	HT_EXPECT_EQ(t, printk_warned_count("out of memory"), 11);
	HT_EXPECT(t, printk_warned("page_alloc: 15 allocation failure "
				   "warnings suppressed"));
	HT_EXPECT(t, printk_all_one_line());
	arena_teardown(&a);
}

/* An order-n request counts the block's pages beyond the first as gone. */
static void watermark_high_order(struct ht *t)
{
	struct arena a;
	struct zone *z;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	z = zone_of(0, ZONE_NORMAL);
	/* 1024 free, mark 1000: order 4 leaves 1009 > 1000, order 5 not */
	HT_EXPECT(t, __zone_watermark_ok(z, 4, 1000, ZONE_NORMAL, 0, 1024));
	HT_EXPECT(t, !__zone_watermark_ok(z, 5, 1000, ZONE_NORMAL, 0, 1024));
	HT_EXPECT(t, __zone_watermark_ok(z, 10, 0, ZONE_NORMAL, 0, 1024));
	/* counts say yes, but no block of the order is left: no */
	HT_EXPECT(t, alloc_pages(GFP_KERNEL, 10) != NULL);
	HT_EXPECT(t, !__zone_watermark_ok(z, 1, 0, ZONE_NORMAL, 0, 1024));
	arena_teardown(&a);
}

static const struct arena_layout three_zones = {
	.nr_pages = 3072,
	.no_memory = true,
	.nr_nodes = 1,
	.nr_zones = 3,
	.zones = {{0, ZONE_DMA, 0, 1024},
		  {0, ZONE_DMA32, 1024, 2048},
		  {0, ZONE_NORMAL, 2048, 3072}},
	.nr_free = 1,
	.free = {{0, 3072}},
};

/* gfp picks the highest zone; the walk goes down from there. */
static void gfp_zone_selection(struct ht *t)
{
	static struct page *pages[3072];
	struct arena a;
	struct page *p;
	int n;

	arena_setup(&a, &three_zones);
	arena_no_watermarks();
	p = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	HT_EXPECT(t, p && page_zonenum(p) == ZONE_DMA);
	__free_pages(p, 0);
	p = alloc_pages(GFP_KERNEL | GFP_DMA32, 0);
	HT_EXPECT(t, p && page_zonenum(p) == ZONE_DMA32);
	__free_pages(p, 0);
	n = alloc_until_fail(pages, 3072, GFP_KERNEL, 0);
	HT_EXPECT_EQ(t, n, 3072);
	HT_EXPECT_EQ(t, page_zonenum(pages[0]), ZONE_NORMAL);
	HT_EXPECT_EQ(t, page_zonenum(pages[1024]), ZONE_DMA32);
	HT_EXPECT_EQ(t, page_zonenum(pages[2048]), ZONE_DMA);
	HT_EXPECT_EQ(t, global_vm_event(PGALLOC_NORMAL), 1024);
	HT_EXPECT_EQ(t, global_vm_event(PGALLOC_DMA32), 1025);
	HT_EXPECT_EQ(t, global_vm_event(PGALLOC_DMA), 1025);
	free_n(pages, n, 0);
	HT_EXPECT_EQ(t, global_vm_event(PGFREE), 3074);
	HT_EXPECT_EQ(t, gfp_zone(GFP_DMA | GFP_DMA32), ZONE_DMA);
	HT_EXPECT_EQ(t, gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	HT_EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	HT_EXPECT_EQ(t, gfp_migratetype(__GFP_RECLAIMABLE),
		     MIGRATE_RECLAIMABLE);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* Normal requests leave DMA its reserve; DMA requests may use it. */
static void lowmem_reserve_protects_dma(struct ht *t)
{
	static struct page *pages[4096];
	struct arena_layout l = three_zones;
	struct arena a;
	struct zone *dma;
	int n, d;

	l.zones[2].end = l.nr_pages = l.free[0][1] = 2048 + 8192;
	arena_setup(&a, &l);
	min_free_kbytes = 0;
	setup_per_zone_wmarks();
	dma = zone_of(0, ZONE_DMA);
	HT_EXPECT_EQ(t, dma->lowmem_reserve[ZONE_NORMAL], (1024 + 8192) / 256);
	n = alloc_until_fail(pages, 4096, GFP_KERNEL | __GFP_NOWARN, 3);
	HT_EXPECT_EQ(t, zone_page_state(dma, NR_FREE_PAGES), 40);
	/* the failure line names the protection that refused DMA's pages */
	HT_EXPECT(t, !alloc_pages(GFP_KERNEL, 3));
	HT_EXPECT(t, printk_warned("lowmem protection: zone DMA32 keeps 32 "
				   "pages"));
	d = alloc_until_fail(pages + n, 4096 - n, GFP_KERNEL | GFP_DMA, 3);
	HT_EXPECT_EQ(t, d, 5); /* 40 free, mark 0: order 3 needs 7 + 1 */
	free_n(pages, n + d, 3);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* Node 0 sees node 2 (distance 20) before node 1 (30). */
static const u8 dist3[MAX_NUMNODES][MAX_NUMNODES] = {
	{10, 30, 20, 20},
	{30, 10, 20, 20},
	{20, 20, 10, 20},
	{20, 20, 20, 10},
};

static const struct arena_layout three_nodes = {
	.nr_pages = 1536,
	.no_memory = true,
	.nr_nodes = 4, /* node 3 has no memory */
	.distance = dist3,
	.nr_zones = 4,
	.zones = {{0, ZONE_DMA, 0, 256},
		  {0, ZONE_NORMAL, 256, 512},
		  {1, ZONE_NORMAL, 512, 1024},
		  {2, ZONE_NORMAL, 1024, 1536}},
	.nr_free = 1,
	.free = {{0, 1536}},
};

static void zonelist_order_by_distance(struct ht *t)
{
	struct zone **zl;
	struct arena a;

	arena_setup(&a, &three_nodes);
	zl = NODE_DATA(0)->node_zonelist;
	HT_EXPECT(t, zl[0] == zone_of(0, ZONE_NORMAL));
	HT_EXPECT(t, zl[1] == zone_of(0, ZONE_DMA));
	HT_EXPECT(t, zl[2] == zone_of(2, ZONE_NORMAL));
	HT_EXPECT(t, zl[3] == zone_of(1, ZONE_NORMAL));
	HT_EXPECT(t, zl[4] == NULL);
	zl = NODE_DATA(1)->node_zonelist;
	HT_EXPECT(t, zl[0] == zone_of(1, ZONE_NORMAL));
	HT_EXPECT(t, zl[1] == zone_of(2, ZONE_NORMAL));
	HT_EXPECT(t, zl[2] == zone_of(0, ZONE_NORMAL));
	/* a memoryless node borrows in id order at equal distance */
	zl = NODE_DATA(3)->node_zonelist;
	HT_EXPECT(t, zl[0] == zone_of(0, ZONE_NORMAL));
	HT_EXPECT(t, node_online(3) && !node_online(4));
	HT_EXPECT(t, alloc_pages_node(3, GFP_KERNEL, 0) != NULL);
	HT_EXPECT(t, !alloc_pages_node(5, GFP_KERNEL, 0));
	HT_EXPECT(t, printk_warned("node 5 is not online"));
	arena_teardown(&a);
}

static unsigned long numa(int nid, enum numa_stat_item i)
{
	return zone_numa_event_state(zone_of(nid, ZONE_NORMAL), i);
}

/* hit/miss/foreign by preferred node, local/other by the CPU's node. */
static void numa_counters_meaning(struct ht *t)
{
	static struct page *pages[512];
	struct arena a;
	struct page *p;
	int n;

	arena_setup(&a, &three_nodes);
	arena_no_watermarks();
	set_cpu_numa_node(1, 1);
	p = alloc_pages_node(1, GFP_KERNEL, 3); /* from cpu 0 (node 0) */
	HT_EXPECT(t, p && page_to_nid(p) == 1);
	HT_EXPECT_EQ(t, numa(1, NUMA_HIT), 1); /* one per call, any order */
	HT_EXPECT_EQ(t, numa(1, NUMA_OTHER), 1);
	HT_EXPECT_EQ(t, global_vm_event(PGALLOC_NORMAL), 8);
	host_cpu = 1; /* node 1's CPU from now on */
	n = alloc_until_fail(pages, 512, GFP_KERNEL | __GFP_THISNODE, 0);
	HT_EXPECT_EQ(t, n, 512 - 8);
	HT_EXPECT_EQ(t, numa(1, NUMA_LOCAL), 512 - 8);
	p = alloc_pages(GFP_KERNEL, 0); /* node 1 full: node 2 is nearer */
	HT_EXPECT(t, p && page_to_nid(p) == 2);
	HT_EXPECT_EQ(t, numa(2, NUMA_MISS), 1);
	HT_EXPECT_EQ(t, numa(1, NUMA_FOREIGN), 1);
	HT_EXPECT_EQ(t, numa(2, NUMA_OTHER), 1);
	HT_EXPECT_EQ(t,
		     global_numa_event_state(NUMA_HIT) +
			     global_numa_event_state(NUMA_MISS),
		     1 + (512 - 8) + 1);
	host_cpu = 0;
	arena_teardown(&a);
}

/* Order >= MAX_ORDER: a clear line and NULL, no panic. */
static void impossible_order(struct ht *t)
{
	struct arena a;

	arena_simple(&a, 64);
	HT_EXPECT(t, alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	HT_EXPECT(t, printk_warned("order 11 is impossible"));
	HT_EXPECT(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 200) == NULL);
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	HT_EXPECT_EQ(t, __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 12), 0);
	HT_EXPECT(t, printk_all_one_line());
	arena_teardown(&a);
}

/* Addresses in, addresses out; __GFP_ZERO really zeroes. */
static void address_api_and_zeroing(struct ht *t)
{
	struct arena a;
	unsigned long addr, z;
	size_t i;
	bool zero = true;

	arena_simple(&a, 64);
	arena_no_watermarks();
	addr = __get_free_pages(GFP_KERNEL, 2);
	HT_ASSERT(t, addr != 0);
	HT_EXPECT(t, (char *)addr >= a.mem && (char *)addr < a.mem + 64 * 4096);
	HT_EXPECT_EQ(t, virt_to_page((void *)addr)->order, 2);
	memset((void *)addr, 0x77, 4 * 4096);
	free_pages(addr, 2);
	free_pages(0, 3); /* ignored, as in Linux */
	z = get_zeroed_page(GFP_KERNEL);
	HT_ASSERT(t, z != 0);
	for (i = 0; i < 4096; i++)
		zero &= ((unsigned char *)z)[i] == 0;
	HT_EXPECT(t, zero);
	free_page(z);
	HT_EXPECT_EQ(t, page_debug_bad_frees, 0);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(watermark_values_2gib),
	HT_CASE(watermark_split_and_clamp),
	HT_CASE(watermark_refusal_and_atomic_reserve),
	HT_CASE(watermark_high_order),
	HT_CASE(memalloc_tries_min_everywhere_first),
	HT_CASE(warn_alloc_rate_limited),
	HT_CASE(gfp_zone_selection),
	HT_CASE(lowmem_reserve_protects_dma),
	HT_CASE(zonelist_order_by_distance),
	HT_CASE(numa_counters_meaning),
	HT_CASE(impossible_order),
	HT_CASE(address_api_and_zeroing),
};

HT_MAIN(cases, printk_capture_reset)

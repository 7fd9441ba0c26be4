/*
 * The hand-over from boot-time memory discovery (memblock, SRAT, the page
 * array) to the allocator core (zones, buddy). Boot code calls these in
 * order: memmap_init, zone_init for every non-empty zone of every node,
 * zone_free_boot_range for every free memblock range, mm_init_finish.
 * Host tests call the same sequence over a synthetic arena.
 */
#ifndef MM_MM_INIT_H
#define MM_MM_INIT_H

#include "lib/types.h"
#include "kernel/config.h"

struct page;

enum zone_type {
	ZONE_DMA,    /* below 16 MiB */
	ZONE_DMA32,  /* below 4 GiB */
	ZONE_NORMAL, /* the rest */
	MAX_NR_ZONES,
};

#define ZONE_DMA_END_PFN   ((16ULL << 20) >> 12)
#define ZONE_DMA32_END_PFN ((4ULL << 30) >> 12)

/* The page array: one struct page per pfn in [0, max_pfn). */
extern struct page *mem_map;
extern pfn_t max_pfn;

/* Make @map (@nr entries, already allocated) the page array; every page
 * starts reserved and in no zone. Context: boot CPU, before zone_init. */
void memmap_init(struct page *map, pfn_t nr);
/* Give node @nid's zone @t the span [@start, @end) with @present pages
 * of RAM in it; tags those pages with the zone. */
void zone_init(int nid, enum zone_type t, pfn_t start, pfn_t end, u64 present);
/* Hand free RAM [@start, @end) to the buddy lists in the largest aligned
 * blocks; it may cross zone boundaries. Counts it as managed. */
void zone_free_boot_range(pfn_t start, pfn_t end);
/* Build zonelists from @distance (nr_nodes x nr_nodes, 10 = local),
 * compute watermarks, record boot counter values. */
void mm_init_finish(int nr_nodes, const u8 distance[][MAX_NUMNODES]);

#endif

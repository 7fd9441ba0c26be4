/*
 * Host test fixture for the mm core: a malloc'd page array and "physical
 * memory" arena, zones laid over it, boot ranges freed into the buddy, and
 * mm_init_finish run - the same sequence the boot side calls. Every test
 * builds its own; memmap_init resets all global mm state.
 */
#ifndef TESTS_HOST_MM_ARENA_H
#define TESTS_HOST_MM_ARENA_H

#include "mm/mm_init.h"
#include "mm/mmzone.h"

struct arena_zone {
	int nid;
	enum zone_type type;
	pfn_t start, end;
};

struct arena_layout {
	pfn_t nr_pages; /* pfns 0..nr_pages-1 exist */
	bool no_memory; /* no backing memory: page contents untouched */
	int nr_nodes;
	const u8 (*distance)[MAX_NUMNODES]; /* NULL: 10 local, 20 remote */
	int nr_zones;
	struct arena_zone zones[MAX_NUMNODES * MAX_NR_ZONES];
	int nr_free;
	pfn_t free[16][2]; /* boot ranges [start, end) */
};

struct arena {
	struct page *map;
	char *mem;
	pfn_t nr_pages;
};

/* Build @l over fresh memory (aborts if malloc fails). */
void arena_setup(struct arena *a, const struct arena_layout *l);
/* Build @l again over @a's map and memory (from arena_setup of a layout
 * of the same size): the memory keeps its contents, the rest is new. */
void arena_reuse(struct arena *a, const struct arena_layout *l);
/* One node, one ZONE_NORMAL over all @nr pages, all free. */
void arena_simple(struct arena *a, pfn_t nr);
void arena_teardown(struct arena *a);
/* Watermarks and lowmem reserves all 0, for exact page counts. */
void arena_no_watermarks(void);

#endif

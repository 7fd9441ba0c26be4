/*
 * A reference model of the page allocator's promises, written from the
 * rules (Linux's, as docs/mm-core.md states them) and never from the code
 * under test: its own zone table, zonelists, watermark arithmetic, buddy
 * blocks as plain arrays, pageblock types and fallback policy. The random
 * test (test_mm_random.c) asks it which zone must serve each request and
 * whether the block the allocator returned is one the policy allows, then
 * compares the whole state now and then.
 *
 * It reads nothing of the allocator's: not its zonelists, watermarks,
 * lowmem reserves, free counts, free lists or ALLOC_* flags.
 */
#ifndef TESTS_HOST_MM_MODEL_H
#define TESTS_HOST_MM_MODEL_H

#include "kernel/config.h"
#include "lib/types.h"
#include "mm/gfp.h"
#include "tests/host/mm_arena.h"

#define MM_MAX_ORDER   11 /* orders 0..10 */
#define MM_PB_ORDER    9  /* pageblock: 512 pages */
#define MM_MODEL_PAGES 8192
#define MM_NR_TYPES    3 /* unmovable, movable, reclaimable */
#define MM_NR_ZONE_IDS (MAX_NUMNODES * MAX_NR_ZONES)
#define MM_NO_ZONE     (-1)
#define MM_NOT_HEAD    (-1)

struct mm_model_zone {
	bool exists;		      /* some zone_init named it */
	pfn_t start, end;	      /* span */
	unsigned long managed;	      /* pages handed to the buddy */
	long free;		      /* pages in free blocks */
	unsigned long min, low, high; /* watermarks */
	long reserve[MAX_NR_ZONES];   /* kept from requests up to zone j */
	/* free blocks per order and type */
	unsigned long blocks[MM_MAX_ORDER][MM_NR_TYPES];
};

/* Which zone a request must come from, and how that walk got there. */
struct mm_model_choice {
	int zid;       /* zone id (node * 3 + type), or -1: must fail */
	int preferred; /* first allowed zone: NUMA statistics judge by it */
	bool nofrag;   /* chosen in a walk that fell back by pageblocks only */
};

struct mm_model {
	int nr_nodes;
	u8 dist[MAX_NUMNODES][MAX_NUMNODES];
	struct mm_model_zone zone[MM_NR_ZONE_IDS];
	int zonelist[MAX_NUMNODES][MM_NR_ZONE_IDS + 1]; /* zone ids, -1 ends */
	pfn_t nr_pages;
	s8 zid[MM_MODEL_PAGES];		/* owning zone of each pfn */
	s8 free_order[MM_MODEL_PAGES];	/* order of a free block's head */
	s8 alloc_order[MM_MODEL_PAGES]; /* order of an allocated head */
	u8 alloc_type[MM_MODEL_PAGES];	/* its migratetype */
	u8 pb_type[MM_MODEL_PAGES >> MM_PB_ORDER];
	int cpu_node[NR_CPUS];
};

/* mm_model_init - the state right after boot for layout @l. */
void mm_model_init(struct mm_model *m, const struct arena_layout *l);

/*
 * mm_model_choose - the zone that must serve @order with @gfp preferring
 * node @nid: passes at low (by whole pageblocks first, where the rules
 * say so), at min (adjusted for __GFP_HIGH and atomic callers), and for
 * __GFP_MEMALLOC without watermarks.
 */
struct mm_model_choice mm_model_choose(const struct mm_model *m, int nid,
				       gfp_t gfp, unsigned int order);

/*
 * mm_model_take - check that the block at @pfn is one the policy may hand
 * out for @order, type @mt, from the zone of @c, and record it taken
 * (split, pageblocks claimed). Return: NULL, or why it may not.
 */
const char *mm_model_take(struct mm_model *m, const struct mm_model_choice *c,
			  pfn_t pfn, unsigned int order, int mt);

/* mm_model_free - give back the allocated block at @pfn, merging. */
void mm_model_free(struct mm_model *m, pfn_t pfn);

/* The migratetype @gfp asks for, by the rules. */
int mm_model_gfp_type(gfp_t gfp);

static inline int mm_model_zid(int nid, int type)
{
	return nid * MAX_NR_ZONES + type;
}

#endif

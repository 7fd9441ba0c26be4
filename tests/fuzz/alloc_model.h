/*
 * The page-ownership model fuzz_alloc checks the allocator against: which
 * blocks the fuzzed callers hold (head pfn, order, tag), one owner bit per
 * pfn, and the bad frees it expects refused. It knows nothing of how the
 * allocator keeps its pages (buddy or per-CPU lists): only that a block
 * handed out must be free of every other owner, lie in a zone the request
 * allows, and come back untouched; and that the allocator's own count of
 * allocated pages equals what the callers hold.
 */
#ifndef TESTS_FUZZ_ALLOC_MODEL_H
#define TESTS_FUZZ_ALLOC_MODEL_H

#include "mm/gfp.h"
#include "mm/page.h"

#define AM_MAX_PAGES 16448
#define AM_MAX_HELD  4096

struct am_block {
	pfn_t pfn;
	unsigned int order;
	u64 tag; /* written into the first word of each page */
};

struct alloc_model {
	struct am_block held[AM_MAX_HELD];
	int nheld;
	u8 owned[AM_MAX_PAGES]; /* 1: inside a held block */
	int head[AM_MAX_PAGES]; /* held[] index + 1 of the block at a head */
	unsigned long pages[MAX_NR_ZONES]; /* held pages per zone type */
	unsigned long bad_frees;	   /* refusals the allocator owes us */
	u64 next_tag;
	bool memory; /* pages are backed: tags are written */
};

void am_init(struct alloc_model *m, bool memory);
/* Is there room to hold one more block? */
bool am_full(const struct alloc_model *m);
/*
 * am_take - the allocator handed @page of @order to a caller that asked
 * with @gfp: check it (aborting with the reason if it breaks a promise)
 * and record it held.
 */
void am_take(struct alloc_model *m, struct page *page, unsigned int order,
	     gfp_t gfp);
/* am_release - held block @i leaves the model (about to be freed): its
 * pages' tags are checked first. Return: its head page. */
struct page *am_release(struct alloc_model *m, int i, unsigned int *order);
/* Index of the held block headed at @pfn with @order, or -1. */
int am_find(const struct alloc_model *m, pfn_t pfn, unsigned int order);
/* Every held block still looks allocated to the allocator, with its tag,
 * and NR_ALLOC_PAGES of each zone equals what the model holds there. */
void am_check(const struct alloc_model *m);

#endif

/*
 * Migratetype fallback: what the buddy allocator does when the requested
 * type has no free block. Mirrors Linux's __rmqueue_fallback,
 * find_suitable_fallback, can_steal_fallback and try_to_claim_block.
 *
 * The policy in three questions
 * -----------------------------
 * Which type to take from: each type has a fixed list of others to try
 * (the fallbacks table), and the largest free block of any of them wins,
 * since taking a big block is the best chance to claim a whole pageblock.
 *
 * Whether to claim the pageblock: always for blocks of a pageblock or
 * more; for smaller blocks, unmovable and reclaimable requests always try
 * (left alone they would scatter over many pageblocks) and movable ones
 * from pageblock_order / 2 up. The claim succeeds when the free pages
 * plus the allocated pages "alike" the request reach half the pageblock.
 *
 * What a movable request does when it cannot claim: take the smallest
 * fallback block instead of breaking up a large one for nothing.
 *
 * ALLOC_NOFRAGMENT allows only whole pageblocks to be taken, so the
 * caller tries a lower zone of the same node before mixing types here.
 */
#include "mm/buddy.h"
#include "mm/explain.h"
#include "mm/internal.h"

/* Where each type looks when its own lists are empty (Linux's order). */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
	[MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
	[MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

/* First fallback type of @start_mt with a block on @area, or -1. */
static int find_fallback_type(const struct free_area *area, int start_mt)
{
	int i;

	for (i = 0; i < MIGRATE_PCPTYPES - 1; i++)
		if (!free_area_empty(area, fallbacks[start_mt][i]))
			return fallbacks[start_mt][i];
	return -1;
}

/* Should taking a block of @order for @start_mt try to claim its pageblock? */
static bool should_try_claim(unsigned int order, int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	return start_mt == MIGRATE_UNMOVABLE || start_mt == MIGRATE_RECLAIMABLE;
}

/* What one walk over a pageblock found. */
struct block_census {
	unsigned long free;    /* in free blocks */
	unsigned long same;    /* allocated as the requested type */
	unsigned long movable; /* allocated as movable */
};

/*
 * Count a pageblock's free pages and its allocated pages by the type
 * cached at allocation. Linux guesses the types from LRU flags; pagelab
 * knows them. Context: zone->lock held; the reads of allocated pages race
 * with their owners, harmless for a heuristic.
 */
static void count_block(pfn_t start, int start_mt, struct block_census *c)
{
	pfn_t pfn = start;

	*c = (struct block_census){0};
	while (pfn < start + pageblock_nr_pages) {
		struct page *p = pfn_to_page(pfn);
		unsigned long n = 1;

		if (PageBuddy(p)) {
			n = 1UL << buddy_order(p);
			c->free += n;
		} else if (PageAllocated(p)) {
			n = 1UL << p->order;
			c->same += p->migratetype == start_mt ? n : 0;
			c->movable += p->migratetype == MIGRATE_MOVABLE ? n : 0;
		}
		pfn += n;
	}
}

/*
 * Pages of the pageblock that count as compatible with @start_mt. A
 * non-movable request in a MOVABLE pageblock counts every page that is
 * neither free nor movable, as Linux does: anything not movable pins the
 * block anyway. Between unmovable and reclaimable, where Linux cannot
 * tell the types apart and counts none, pagelab counts exactly.
 */
static unsigned long alike_pages(const struct block_census *c, int start_mt,
				 int block_mt)
{
	if (start_mt != MIGRATE_MOVABLE && block_mt == MIGRATE_MOVABLE)
		return pageblock_nr_pages - c->free - c->movable;
	return c->same;
}

/*
 * Try to make the pageblock(s) of the free block at @page (order @order)
 * @start_mt's: whole blocks outright, a partial one when at least half of
 * it is free or alike. Context: zone->lock held.
 * Return: true if claimed (the free pages now sit on @start_mt's lists).
 */
static bool try_claim_block(struct zone *z, struct page *page,
			    unsigned int order, int start_mt, int block_mt)
{
	pfn_t start = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	struct block_census c;
	unsigned long alike;

	if (order >= pageblock_order) {
		/* the block covers whole pageblocks: just retag and move it */
		set_pageblock_range(page, order, start_mt);
		list_move(&page->buddy_list,
			  &z->free_area[buddy_order(page)].free_list[start_mt]);
		EXPLAIN(EX_CLAIM, start, -1, 0, 0, 1, start_mt);
		return true;
	}
	if (!pageblock_in_zone(z, start))
		return false;
	count_block(start, start_mt, &c);
	alike = alike_pages(&c, start_mt, block_mt);
	EXPLAIN(EX_CLAIM, start, c.free, alike, pageblock_nr_pages / 2,
		c.free + alike >= pageblock_nr_pages / 2, start_mt);
	if (c.free + alike < pageblock_nr_pages / 2)
		return false;
	buddy_move_freepages_block_locked(z, page, start_mt);
	return true;
}

/* The smallest order from *@order up with a fallback block, or -1. */
static int pick_smallest(struct zone *z, unsigned int *order, int start_mt)
{
	unsigned int o;
	int mt;

	for (o = *order; o < MAX_ORDER; o++) {
		mt = find_fallback_type(&z->free_area[o], start_mt);
		if (mt >= 0) {
			*order = o;
			return mt;
		}
	}
	return -1;
}

/*
 * Which order and type to steal from, no smaller than @min_order: the
 * largest block of the first fallback type, except that a movable request
 * that could not claim it takes the smallest block instead, so as not to
 * break up big blocks of other types for nothing.
 * Return: the type, or -1 with *@order untouched.
 */
static int pick_fallback(struct zone *z, unsigned int *order, int start_mt,
			 unsigned int min_order)
{
	int o, mt;

	for (o = MAX_ORDER - 1; o >= (int)min_order; o--) {
		mt = find_fallback_type(&z->free_area[o], start_mt);
		if (mt < 0)
			continue;
		if (start_mt == MIGRATE_MOVABLE && o > (int)*order &&
		    !should_try_claim((unsigned int)o, start_mt))
			return pick_smallest(z, order, start_mt);
		*order = (unsigned int)o;
		return mt;
	}
	return -1;
}

struct page *buddy_rmqueue_fallback(struct zone *z, unsigned int order,
				    int start_mt, unsigned int alloc_flags)
{
	unsigned int o = order, min_order = order;
	struct page *page;
	int mt;

	/* no pieces of other types' pageblocks, only whole pageblocks */
	if ((alloc_flags & ALLOC_NOFRAGMENT) && order < pageblock_order)
		min_order = pageblock_order;
	mt = pick_fallback(z, &o, start_mt, min_order);
	if (mt < 0)
		return NULL;
	page = list_first_entry(&z->free_area[o].free_list[mt], struct page,
				buddy_list);
	EXPLAIN(EX_FALLBACK, start_mt, mt, o, page_to_pfn(page));
	if (should_try_claim(o, start_mt) &&
	    try_claim_block(z, page, o, start_mt, mt))
		return buddy_rmqueue_smallest(z, order, start_mt);
	buddy_take_block(z, page, order, o, mt);
	return page;
}

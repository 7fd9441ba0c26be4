/*
 * The buddy allocator: free lists per order and migratetype, with split on
 * allocation and merge on free. Mirrors Linux's __free_one_page, expand,
 * __rmqueue_smallest and move_freepages_block; the fallback between
 * migratetypes (__rmqueue_fallback) is in mm/fallback.c.
 *
 * How it works
 * ------------
 * Free memory is kept as blocks of 2^order pages, order 0..MAX_ORDER-1,
 * each aligned to its own size: an order-3 block starts at a pfn that is a
 * multiple of 8. Every such block has exactly one "buddy", the other half
 * of the order+1 block that contains both:
 *
 *	buddy_pfn = pfn ^ (1 << order)
 *
 *	order 2:  [ 0  1  2  3 ][ 4  5  6  7 ]   pfn 0 and pfn 4 are buddies
 *	order 3:  [ 0  1  2  3  4  5  6  7   ]   ...and together make this
 *
 * Allocating order n: find the smallest order >= n with a free block,
 * take it, and give back the unused upper halves one order at a time
 * ("expand"): an order-3 block serving an order-0 request returns an
 * order-2, an order-1 and an order-0 block to the lists.
 *
 * Freeing order n: while the buddy is itself a free block of the same
 * order in the same zone, unlink it and become the combined block at the
 * lower of the two pfns (pfn & buddy_pfn); go on one order up. So freeing
 * everything always ends in the largest aligned blocks the range allows.
 *
 * Migratetypes: each 2 MiB pageblock is tagged unmovable, movable,
 * reclaimable or isolate, and a free block sits on the list of its
 * pageblock's type. An allocation asks for a type; when that type has no
 * block, it falls back to another type's largest block and, if that block
 * is big or the pageblock is mostly free or already used by its own kind,
 * claims the whole pageblock, so unmovable pages gather in few pageblocks
 * instead of pinning many. Blocks never merge across pageblocks when one
 * of them is isolated.
 *
 * Invariant kept here (checked by mm_check): a free block lies on the
 * list of the migratetype of every pageblock it covers.
 */
#include "mm/buddy.h"
#include "mm/explain.h"
#include "mm/internal.h"
#include "mm/vmstat.h"

/* Context: zone->lock held. Isolated free pages are not allocatable. */
static void account_freepages(struct zone *z, long nr, int mt)
{
	if (!is_migrate_isolate(mt))
		__mod_zone_page_state(z, NR_FREE_PAGES, nr);
}

/* Context: zone->lock held. @page already carries PG_buddy and order. */
static void add_to_free_list(struct zone *z, struct page *page,
			     unsigned int order, int mt, bool tail)
{
	struct free_area *area = &z->free_area[order];

	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[mt]);
	else
		list_add(&page->buddy_list, &area->free_list[mt]);
	area->nr_free++;
}

/* Context: zone->lock held. */
static void del_from_free_list(struct zone *z, struct page *page,
			       unsigned int order)
{
	list_del(&page->buddy_list);
	__ClearPageBuddy(page);
	z->free_area[order].nr_free--;
}

/* Tag every pageblock of the order-@order block at @page. (Z) */
void set_pageblock_range(struct page *page, unsigned int order, int mt)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i += pageblock_nr_pages)
		set_pageblock_migratetype(page + i, mt);
}

/*
 * May the order-@order block at @pfn (type @mt) merge with its buddy?
 * Only if the buddy is a free block of exactly that order in this zone,
 * and, from pageblock order up, neither side is isolated.
 * Context: zone->lock held.
 */
static bool buddy_mergeable(struct zone *z, pfn_t pfn, unsigned int order,
			    int mt)
{
	pfn_t bpfn = buddy_pfn_of(pfn, order);
	struct page *buddy;
	int bmt;

	if (!zone_spans_pfn(z, bpfn))
		return false;
	buddy = pfn_to_page(bpfn);
	if (!PageBuddy(buddy) || buddy_order(buddy) != order ||
	    !page_in_zone(buddy, z))
		return false;
	if (order < pageblock_order)
		return true; /* same pageblock, so same type */
	bmt = get_pageblock_migratetype(buddy);
	return bmt == mt ||
	       (migratetype_is_mergeable(mt) && migratetype_is_mergeable(bmt));
}

/*
 * The merged block at @pfn stopped because its buddy is busy. If the
 * parent's buddy is free, freeing that busy buddy would build a large
 * block, so queue ours at the tail where it is handed out last.
 * Context: zone->lock held.
 */
static bool buddy_merge_likely(struct zone *z, pfn_t pfn, unsigned int order)
{
	pfn_t parent, uncle;
	struct page *p;

	if (order >= MAX_ORDER - 2)
		return false;
	parent = pfn & ~(1UL << order);
	uncle = buddy_pfn_of(parent, order + 1);
	if (!zone_spans_pfn(z, uncle))
		return false;
	p = pfn_to_page(uncle);
	return PageBuddy(p) && buddy_order(p) == order + 1 &&
	       page_in_zone(p, z);
}

void buddy_free_locked(struct zone *z, struct page *page, unsigned int order,
		       int mt)
{
	pfn_t pfn = page_to_pfn(page);
	bool tail;

	assert_zone_locked(z);
	EXPLAIN(EX_BUDDY_FREE, z, pfn, order, mt);
	ASSERT(!PageBuddy(page) && IS_ALIGNED(pfn, 1UL << order) &&
		       order < MAX_ORDER,
	       "pfn 0x%lx order %u flags 0x%x", (unsigned long)pfn, order,
	       page->flags);
	account_freepages(z, 1L << order, mt);
	while (order < MAX_ORDER - 1 && buddy_mergeable(z, pfn, order, mt)) {
		struct page *buddy = pfn_to_page(buddy_pfn_of(pfn, order));

		/* a mergeable buddy of another type joins ours (6.10 rule) */
		if (order >= pageblock_order &&
		    get_pageblock_migratetype(buddy) != mt)
			set_pageblock_range(buddy, order, mt);
		del_from_free_list(z, buddy, order);
		EXPLAIN(EX_MERGE, pfn, buddy_pfn_of(pfn, order), order);
		pfn &= buddy_pfn_of(pfn, order);
		order++;
	}
	page = pfn_to_page(pfn);
	set_buddy_order(page, order);
	tail = buddy_merge_likely(z, pfn, order);
	EXPLAIN(EX_PLACED, pfn, order, mt, tail);
	add_to_free_list(z, page, order, mt, tail);
}

/*
 * Split the order-@high block at @page down to order @low, returning the
 * upper half at each step to @mt's lists; @page keeps the low part.
 * Context: zone->lock held.
 */
static void expand(struct zone *z, struct page *page, unsigned int low,
		   unsigned int high, int mt)
{
	while (high > low) {
		struct page *half;

		high--;
		half = page + (1UL << high);
		EXPLAIN(EX_SPLIT, page_to_pfn(half), high, mt);
		set_buddy_order(half, high);
		add_to_free_list(z, half, high, mt, false);
	}
}

/* Take the block at @page (order @high, on @mt's list), keep 2^@low. (Z) */
void buddy_take_block(struct zone *z, struct page *page, unsigned int low,
		      unsigned int high, int mt)
{
	del_from_free_list(z, page, high);
	expand(z, page, low, high, mt);
}

/* Smallest free block of type @mt that holds @order. Context: (Z). */
struct page *buddy_rmqueue_smallest(struct zone *z, unsigned int order, int mt)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];
		struct page *page;

		if (free_area_empty(area, mt))
			continue;
		page = list_first_entry(&area->free_list[mt], struct page,
					buddy_list);
		EXPLAIN(EX_TAKE, z, page_to_pfn(page), order, o, mt);
		buddy_take_block(z, page, order, o, mt);
		return page;
	}
	return NULL;
}

/*
 * Does every page of the pageblock at @start belong to @z? Where node
 * spans interleave, a pageblock can hold pages of two zones; claiming or
 * isolating it would move the other zone's free pages onto our lists.
 * Only zones whose span holds another zone's pages need the page walk.
 */
bool pageblock_in_zone(const struct zone *z, pfn_t start)
{
	unsigned long i;

	if (!zone_spans_pfn(z, start) ||
	    !zone_spans_pfn(z, start + pageblock_nr_pages - 1))
		return false;
	if (!z->foreign_pages)
		return true;
	for (i = 0; i < pageblock_nr_pages; i++)
		if (!page_in_zone(pfn_to_page(start + i), z))
			return false;
	return true;
}

struct page *buddy_rmqueue_locked(struct zone *z, unsigned int order, int mt,
				  unsigned int alloc_flags)
{
	struct page *page;

	assert_zone_locked(z);
	ASSERT(order < MAX_ORDER && mt >= 0 && mt < MIGRATE_PCPTYPES,
	       "order %u migratetype %d", order, mt);
	page = buddy_rmqueue_smallest(z, order, mt);
	if (!page)
		page = buddy_rmqueue_fallback(z, order, mt, alloc_flags);
	if (page)
		account_freepages(z, -(1L << order), mt);
	return page;
}

/*
 * A free block bigger than a pageblock that covers the pageblock at
 * @start is cut into pageblock-sized blocks, so the pageblock can change
 * type on its own. Context: zone->lock held.
 */
static void split_covering_block(struct zone *z, pfn_t start)
{
	unsigned int o;

	for (o = pageblock_order; o < MAX_ORDER; o++) {
		pfn_t head = start & ~((1UL << o) - 1);
		struct page *p = pfn_to_page(head);
		unsigned int order = buddy_order(p);
		int mt;
		unsigned long i;

		if (!zone_spans_pfn(z, head) || !PageBuddy(p) ||
		    !page_in_zone(p, z) || order < o)
			continue;
		if (order == pageblock_order)
			return;
		mt = get_pageblock_migratetype(p);
		del_from_free_list(z, p, order);
		for (i = 0; i < (1UL << order); i += pageblock_nr_pages) {
			set_buddy_order(p + i, pageblock_order);
			add_to_free_list(z, p + i, pageblock_order, mt, true);
		}
		return;
	}
}

/*
 * Move the free blocks of the pageblock at @start to @mt's lists. A whole
 * free pageblock is freed again instead, so it merges with its neighbours
 * as a free would: leaving isolation, with those isolation had kept
 * apart; entering it, with an isolated neighbour.
 * Context: zone->lock held.
 * Return: pages moved; *@merged gets those freed again (already counted).
 */
static long move_block_pages(struct zone *z, pfn_t start, int mt, long *merged)
{
	pfn_t pfn = start;
	long moved = 0;

	*merged = 0;
	while (pfn < start + pageblock_nr_pages) {
		struct page *p = pfn_to_page(pfn);
		unsigned int order = buddy_order(p);

		/* pageblock_in_zone vetted the block; a stray tag is skipped */
		if (!PageBuddy(p) || !page_in_zone(p, z)) {
			pfn++;
			continue;
		}
		if (order >= pageblock_order) {
			del_from_free_list(z, p, order);
			buddy_free_locked(z, p, order, mt);
			if (!is_migrate_isolate(mt))
				*merged += 1L << order;
		} else {
			list_move(&p->buddy_list,
				  &z->free_area[order].free_list[mt]);
		}
		moved += 1L << order;
		pfn += 1UL << order;
	}
	return moved;
}

long buddy_move_freepages_block_locked(struct zone *z, struct page *page,
				       int mt)
{
	pfn_t start = page_to_pfn(page) & ~(pageblock_nr_pages - 1);
	int old_mt = get_pageblock_migratetype(page);
	long moved, merged;

	assert_zone_locked(z);
	if (!pageblock_in_zone(z, start))
		return -1;
	split_covering_block(z, start);
	set_pageblock_migratetype(page, mt);
	moved = move_block_pages(z, start, mt, &merged);
	if (is_migrate_isolate(old_mt) != is_migrate_isolate(mt)) {
		/* isolated free pages are not counted as free */
		__mod_zone_page_state(z, NR_FREE_PAGES,
				      is_migrate_isolate(mt) ? -moved
							     : moved - merged);
		z->nr_isolate_pageblock += is_migrate_isolate(mt) ? 1 : -1UL;
	} else if (merged) {
		/* freed again to a counted type: it was counted already */
		__mod_zone_page_state(z, NR_FREE_PAGES, -merged);
	}
	return moved;
}

void buddy_free(struct zone *z, struct page *page, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);
	unsigned long i;

	EXPLAIN(EX_ZONE_LOCK, z);
	count_vm_events(ZONE_LOCK, 1);
	/*
	 * A block covering several pageblocks goes back one pageblock at a
	 * time, each to its own type (Linux 6.10's split_large_buddy): one
	 * may have been isolated while the block was allocated.
	 */
	if (order <= pageblock_order) {
		buddy_free_locked(z, page, order,
				  get_pageblock_migratetype(page));
	} else {
		for (i = 0; i < (1UL << order); i += pageblock_nr_pages)
			buddy_free_locked(z, page + i, pageblock_order,
					  get_pageblock_migratetype(page + i));
	}
	spin_unlock_irqrestore(&z->lock, flags);
	EXPLAIN(EX_ZONE_UNLOCK, z);
}

struct page *buddy_rmqueue(struct zone *z, unsigned int order, int mt,
			   unsigned int alloc_flags)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);
	struct page *page;

	EXPLAIN(EX_ZONE_LOCK, z);
	count_vm_events(ZONE_LOCK, 1);
	page = buddy_rmqueue_locked(z, order, mt, alloc_flags);
	spin_unlock_irqrestore(&z->lock, flags);
	EXPLAIN(EX_ZONE_UNLOCK, z);
	return page;
}

long buddy_move_freepages_block(struct zone *z, struct page *page, int mt)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);
	long moved = buddy_move_freepages_block_locked(z, page, mt);

	spin_unlock_irqrestore(&z->lock, flags);
	return moved;
}

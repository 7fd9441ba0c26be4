/*
 * The buddy allocator proper: free lists per order and migratetype, split
 * on allocation, merge on free, fallback between migratetypes. Everything
 * above it (watermarks, zonelists, per-CPU lists, debug checks) is in other
 * files. The _locked workers are meant to be called many times under one
 * zone->lock hold, as the per-CPU list refill and drain do.
 */
#ifndef MM_BUDDY_H
#define MM_BUDDY_H

#include "mm/mmzone.h"

/*
 * buddy_free_locked - put the 2^@order pages at @page on @z's free lists,
 * merging with free buddies, and add them to NR_FREE_PAGES (unless @mt is
 * MIGRATE_ISOLATE). @mt is the pageblock's migratetype.
 * Context: zone->lock held, IRQs off. @page must not be on any list.
 */
void buddy_free_locked(struct zone *z, struct page *page, unsigned int order,
		       int mt);

/*
 * buddy_rmqueue_locked - take a block of 2^@order pages for migratetype @mt
 * (one of the PCPTYPES), falling back to other types when @mt has none, and
 * take it off NR_FREE_PAGES. The block is off every list, PG_buddy clear.
 * Of @alloc_flags only ALLOC_NOFRAGMENT matters here: fall back to whole
 * pageblocks of other types only.
 * Context: zone->lock held, IRQs off.
 * Return: the head page, or NULL when no list can supply the order.
 */
struct page *buddy_rmqueue_locked(struct zone *z, unsigned int order, int mt,
				  unsigned int alloc_flags);

/*
 * buddy_move_freepages_block_locked - give the pageblock holding @page the
 * migratetype @mt and move its free blocks to @mt's lists, adjusting
 * NR_FREE_PAGES when the block enters or leaves MIGRATE_ISOLATE.
 * Context: zone->lock held, IRQs off.
 * Return: free pages moved, or -1 if the pageblock sticks out of @z.
 */
long buddy_move_freepages_block_locked(struct zone *z, struct page *page,
				       int mt);

/*
 * buddy_free_block_locked - buddy_free_locked to the pageblock's own
 * migratetype, one pageblock at a time for a block larger than one.
 * Context: zone->lock held, IRQs off.
 */
void buddy_free_block_locked(struct zone *z, struct page *page,
			     unsigned int order);

/*
 * buddy_free - buddy_free_locked under the zone lock, to the pageblock's
 * own migratetype. Context: any; takes zone->lock with IRQs saved.
 */
void buddy_free(struct zone *z, struct page *page, unsigned int order);

/*
 * buddy_rmqueue - buddy_rmqueue_locked under the zone lock.
 * Context: any; takes zone->lock with IRQs saved.
 */
struct page *buddy_rmqueue(struct zone *z, unsigned int order, int mt,
			   unsigned int alloc_flags);

/*
 * buddy_move_freepages_block - the same under the zone lock.
 * Context: any; takes zone->lock with IRQs saved.
 */
long buddy_move_freepages_block(struct zone *z, struct page *page, int mt);

#endif

/*
 * The zone's list of deferred nolock frees (Linux 6.15's
 * zone->trylock_free_pages): free_pages_nolock, finding both this CPU's
 * pcp->lock and zone->lock busy, pushes the block here with one
 * compare-and-swap and returns; whoever holds zone->lock next takes the
 * whole list with one exchange and frees it to the buddy. Pushers never
 * wait and never remove, and only a zone->lock holder removes (all at
 * once), so the stack has no ABA problem and needs no lock of its own.
 *
 * The link is the block's pcp_list.next, pointing at the next block's
 * pcp_list (the block is on no other list; prev is NULL);
 * its order is in page->order. Its pages count as the zone's fifth state
 * in mm_check: managed = free + allocated + per-CPU + deferred.
 */
#ifndef MM_PCP_DEFERRED_H
#define MM_PCP_DEFERRED_H

#include "mm/mmzone.h"

/*
 * zone_deferred_push - put the vetted free block of 2^@order pages at
 * @page on @z's deferred list. Context: any, NMI included; no lock.
 */
void zone_deferred_push(struct zone *z, struct page *page, unsigned int order);

/*
 * zone_deferred_drain_locked - free every block on @z's deferred list to
 * the buddy. Context: zone->lock held, IRQs off. Return: pages freed.
 */
unsigned long zone_deferred_drain_locked(struct zone *z);

/*
 * zone_deferred_flush - what every allocator hold of zone->lock does
 * first: one load, and a drain only if something waits.
 * Context: zone->lock held, IRQs off.
 */
static inline void zone_deferred_flush(struct zone *z)
{
	if (__builtin_expect(__atomic_load_n(&z->nolock_deferred,
					     __ATOMIC_RELAXED) != NULL,
			     0))
		zone_deferred_drain_locked(z);
}

/*
 * The link to the next block's pcp_list, or NULL at the end. Context: a
 * zone->lock holder (nothing after the head it read is removed).
 */
static inline struct list_head *deferred_link(const struct page *page)
{
	return page->pcp_list.next;
}

/* zone_deferred_pages - pages waiting on @z's list. Context: any; racy. */
static inline unsigned long zone_deferred_pages(const struct zone *z)
{
	return __atomic_load_n(&z->nolock_deferred_pages, __ATOMIC_RELAXED);
}

#endif

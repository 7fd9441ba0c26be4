/*
 * The zone's deferred nolock frees (see pcp_deferred.h): a stack pushed
 * lock-free from any context and emptied by zone->lock holders. Linux
 * 6.15 keeps the same thing as an llist in zone->trylock_free_pages.
 */
#include "mm/pcp_deferred.h"
#include "mm/buddy.h"
#include "mm/internal.h"
#include "mm/vmstat.h"

void zone_deferred_push(struct zone *z, struct page *page, unsigned int order)
{
	struct page *head =
		__atomic_load_n(&z->nolock_deferred, __ATOMIC_RELAXED);

	page->order = (u8)order;
	page->pcp_list.prev = NULL;
	/* counted before it is visible, so a drainer never takes the
	 * count below zero */
	__atomic_add_fetch(&z->nolock_deferred_pages, 1UL << order,
			   __ATOMIC_RELAXED);
	/* the link is written before the release that publishes it */
	do {
		page->pcp_list.next = head ? &head->pcp_list : NULL;
	} while (!__atomic_compare_exchange_n(&z->nolock_deferred, &head, page,
					      true, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	count_vm_events(NOLOCK_DEFERRED, 1);
}

unsigned long zone_deferred_drain_locked(struct zone *z)
{
	struct page *page;
	unsigned long pages = 0, blocks = 0;

	assert_zone_locked(z);
	/* the acquire pairs with the pushers' release: their links are
	 * visible to us */
	page = __atomic_exchange_n(&z->nolock_deferred, NULL, __ATOMIC_ACQUIRE);
	while (page) {
		struct list_head *next = deferred_link(page);
		unsigned int order = page->order;

		page->pcp_list.next = NULL;
		buddy_free_block_locked(z, page, order);
		pages += 1UL << order;
		blocks++;
		page = next ? list_entry(next, struct page, pcp_list) : NULL;
	}
	if (blocks) {
		__atomic_sub_fetch(&z->nolock_deferred_pages, pages,
				   __ATOMIC_RELAXED);
		count_vm_events(NOLOCK_DRAINED, blocks);
	}
	return pages;
}

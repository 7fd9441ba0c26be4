/*
 * The buddy lists' locator for `page PFN` (page_where.h): a free page lies
 * in exactly one free block, whose head is the page's pfn rounded down to
 * that block's order and carries PG_buddy. Linux answers the same question
 * for /proc/kpageflags with PageBuddy() and buddy_order().
 */
#include "lib/format.h"
#include "mm/page_where.h"

/* Which free list of @order holds @head. Context: zone->lock held. */
static int buddy_list_of(struct zone *z, struct page *head, unsigned int order)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		struct list_head *pos;

		list_for_each(pos, &z->free_area[order].free_list[mt])
			if (pos == &head->buddy_list)
				return mt;
	}
	return -1;
}

/* Context: shell; takes zone->lock with IRQs saved, walks one order's lists. */
static bool buddy_find(struct zone *z, pfn_t pfn, struct page_where *w)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);
	bool found = false;

	for (unsigned int o = 0; o < MAX_ORDER && !found; o++) {
		pfn_t head = pfn & ~((1UL << o) - 1);
		struct page *p = pfn_to_page(head);

		if (!zone_spans_pfn(z, head) || !PageBuddy(p) || p->order != o)
			continue;
		found = true;
		*w = (struct page_where){.head = head, .order = o, .cpu = -1};
		w->list_mt = buddy_list_of(z, p, o);
	}
	spin_unlock_irqrestore(&z->lock, flags);
	if (found)
		ksnprintf(w->list, sizeof(w->list), "buddy order %u, %s list",
			  w->order,
			  w->list_mt < 0 ? "(on no list!)"
					 : migratetype_names[w->list_mt]);
	return found;
}
PAGE_LOCATOR(buddy, buddy_find);

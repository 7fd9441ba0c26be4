/*
 * Safety nets of the page allocator: every free is vetted (double free,
 * reserved page, outside every zone, wrong order, misaligned) and, with
 * page_poison=1, freed pages are filled with PAGE_POISON and checked when
 * handed out again; with init_on_free=1 (and no poisoning) they are zeroed,
 * so no freed data lingers. Mirrors Linux's free_page_is_bad/bad_page,
 * mm/page_poison.c and init_on_free.
 */
#ifndef MM_PAGE_DEBUG_H
#define MM_PAGE_DEBUG_H

#include "mm/page.h"

extern bool page_poison_enabled;	     /* page_poison= on the cmdline */
extern bool init_on_free_enabled;	     /* init_on_free= on the cmdline */
extern unsigned long page_debug_bad_frees;   /* frees refused so far */
extern unsigned long page_debug_poison_hits; /* poisoned pages found written */
/*
 * Pages carrying PG_poisoned, not yet checked by an allocation. Zero
 * unless page_poison is or was on, so the allocation fast path skips the
 * walk over the block's struct pages with one load.
 */
extern unsigned long page_debug_poisoned_pages;

/*
 * page_debug_free_prepare - vet a free of 2^@order pages at @page by
 * @caller and, if it is good, mark the block no longer allocated.
 * A bad free gets one report line, e.g.
 *   page_alloc: double free of pfn 0x1234 order 0 (flags 0x2 buddy) from
 * f+0x9/0x40 and the page is left exactly as it was, on no new list. Context:
 * any; may take the page's zone->lock to diagnose a bad free. Return: true if
 * the free may proceed.
 */
bool page_debug_free_prepare(struct page *page, unsigned int order,
			     unsigned long caller);

/*
 * page_debug_poison - fill the block being freed: with PAGE_POISON under
 * page_poison (which wins, as it must see every byte), else with zeros
 * under init_on_free. Context: any; the block is off every list.
 */
void page_debug_poison(struct page *page, unsigned int order,
		       unsigned long caller);

/*
 * page_debug_check_poison - check every poisoned page of a block being
 * handed out; report the first changed byte of each (pfn, offset, value).
 * Context: any; the block is off every list.
 */
void page_debug_check_poison(struct page *page, unsigned int order);

/*
 * page_debug_alloc_check - page_debug_check_poison, only if some page is
 * still poisoned. A page poisoned while page_poison was on is checked
 * when next handed out even if poisoning was turned off meanwhile, and a
 * page freed with it off is never checked. Context: any; the block is
 * off every list (the zone lock that took it ordered the poisoning free
 * before us, so a poisoned block is never missed).
 */
static inline void page_debug_alloc_check(struct page *page, unsigned int order)
{
	if (__atomic_load_n(&page_debug_poisoned_pages, __ATOMIC_RELAXED))
		page_debug_check_poison(page, order);
}

/* page_flags_str - "0x6 buddy|allocated" into @buf. Return: @buf. */
char *page_flags_str(u32 flags, char *buf, size_t size);

#endif

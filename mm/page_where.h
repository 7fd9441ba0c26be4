/*
 * Where a free page sits, for `page PFN`. Each kind of list that can hold
 * free pages registers a locator with PAGE_LOCATOR: the buddy lists today;
 * the per-CPU lists add "on CPU k's pcp list L" beside their own code,
 * without touching the command. Kernel only.
 */
#ifndef MM_PAGE_WHERE_H
#define MM_PAGE_WHERE_H

#include "mm/mmzone.h"

struct page_where {
	pfn_t head;	    /* first pfn of the free block holding the page */
	unsigned int order; /* that block's order */
	int list_mt;	    /* migratetype of the list it is on */
	int cpu;	    /* the CPU whose list holds it, or -1 */
	char list[64];	    /* "buddy order 3, movable list" */
};

struct page_locator {
	const char *name;
	/*
	 * Return true when @pfn of zone @z is on one of this locator's lists,
	 * with @w filled in. Takes whatever locks its lists need.
	 */
	bool (*find)(struct zone *z, pfn_t pfn, struct page_where *w);
};

#define PAGE_LOCATOR(lname, lfind)                                             \
	static const struct page_locator __page_locator_##lname __used         \
		__section(".page_locators") __aligned(8) = {#lname, lfind}

#endif

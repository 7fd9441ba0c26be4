/*
 * The page array's allocation at boot: one struct page per pfn from 0 to
 * the end of RAM, taken from memblock and handed to mm-core's
 * memmap_init, which marks every entry reserved until the buddy frees it.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include "lib/types.h"

struct memmap_stats {
	pfn_t nr_pages;	  /* entries: pfns 0 .. end of RAM */
	u64 entry_size;	  /* sizeof(struct page) */
	phys_addr_t phys; /* where the array lies */
	u64 bytes;
	u64 alloc_us, init_us; /* memblock (zeroing) and memmap_init */
};

extern struct memmap_stats memmap_stats;

/*
 * memmap_setup - allocate the page array and let mm-core initialise it;
 * print the time taken per GiB of RAM covered. Panics when the array
 * does not fit, since nothing can run without it.
 * Context: boot CPU, after paging_init (the array may lie above 4 GiB).
 */
void memmap_setup(void);

#endif

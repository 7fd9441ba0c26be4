/*
 * Zeroed physical pages for the kernel's own structures (page tables,
 * stacks, per-CPU areas) at any point of boot: from memblock until the
 * hand-over to the buddy allocator, from the buddy allocator after it.
 */
#ifndef MM_PHYS_PAGES_H
#define MM_PHYS_PAGES_H

#include "lib/types.h"

/*
 * phys_pages_alloc - @size bytes (rounded up to a power-of-two number of
 * pages once the buddy serves them), page aligned and zeroed.
 * Context: any; may take zone->lock with IRQs saved.
 * Return: the physical address, or 0 when memory is exhausted.
 */
phys_addr_t phys_pages_alloc(u64 size);

#endif

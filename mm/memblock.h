/*
 * memblock: physical memory before the buddy allocator exists. Built from
 * the firmware map (sorted, merged, page-clipped), with reservations for the
 * first MiB, the kernel image and the boot information. Mirrors Linux's
 * mm/memblock.c in spirit: two range lists, "memory" and "reserved".
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "lib/types.h"

struct mb2_info;

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	phys_addr_t base;
	u64 size;
	int nid; /* NUMA node, set once SRAT is known; 0 before */
};

struct memblock_type {
	int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
	const char *name;
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Build memory and reserved from the boot information. Context: boot CPU. */
void memblock_init(const struct mb2_info *info);
int memblock_add(phys_addr_t base, u64 size);
int memblock_reserve(phys_addr_t base, u64 size);
/*
 * memblock_alloc - @size bytes aligned to @align from free memory below
 * @limit (0 = any), reserved and zeroed. Return: physical address or 0.
 */
phys_addr_t memblock_phys_alloc(u64 size, u64 align, phys_addr_t limit);
/* the same, returned as a direct-map pointer; NULL on failure */
void *memblock_alloc(u64 size, u64 align);
phys_addr_t memblock_start_of_ram(void);
phys_addr_t memblock_end_of_ram(void);
/* Call @fn for each free (memory minus reserved) range, page-aligned. */
void memblock_for_each_free(void (*fn)(phys_addr_t start, phys_addr_t end,
				       void *arg),
			    void *arg);

#endif

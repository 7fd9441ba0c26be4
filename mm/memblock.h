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
	phys_addr_t current_limit; /* allocations stay below; 0 = no limit */
	bool frozen; /* free RAM went to the buddy: allocating is a bug */
};

extern struct memblock memblock;

/* Build memory and reserved from the boot information. Context: boot CPU. */
void memblock_init(const struct mb2_info *info);
/*
 * memblock_add_firmware_map - add the usable RAM of @info's multiboot2 map
 * to memblock.memory, page-clipped, then remove whatever the map or the EFI
 * map (when present) calls non-RAM. Absurd entries are warned about and
 * skipped. Pure: host tests call it on crafted maps.
 * Return: bytes of usable RAM found.
 */
u64 memblock_add_firmware_map(const struct mb2_info *info);
/*
 * memblock_drop_far_ram - remove RAM regions from the top, each with one
 * warning line, while a flat page array of @bytes_per_page per page from
 * 0 to the end of RAM would take more than a quarter of all RAM: a stray
 * entry far above the rest would otherwise size the page array. pagelab
 * has no sparse memory model (docs/mm-core.md says why). The lowest
 * region always stays. Return: bytes removed.
 */
u64 memblock_drop_far_ram(u64 bytes_per_page);
/* Forget every region and reservation (boot, and each host test). */
void memblock_reset(void);
/* Return: 0, or -1 when the region table is full (warned). */
int memblock_add(phys_addr_t base, u64 size);
int memblock_remove(phys_addr_t base, u64 size);
int memblock_reserve(phys_addr_t base, u64 size);
/* Mark memory [@base, @base+@size) as node @nid, splitting regions. */
int memblock_set_node(phys_addr_t base, u64 size, int nid);
bool memblock_is_memory(phys_addr_t addr);
/* Whether [@base, @base+@size) overlaps a reservation. */
bool memblock_is_reserved(phys_addr_t base, u64 size);
/* Bytes of memory in [@start, @end) (holes excluded). */
u64 memblock_memory_in_range(phys_addr_t start, phys_addr_t end);
/* Allocations only come from below @limit (0: no limit). */
void memblock_set_current_limit(phys_addr_t limit);
/* After the hand-over to the buddy: every later allocation fails loudly. */
void memblock_freeze(void);
/* Print both lists in the style of Linux's boot log. */
void memblock_dump(int (*out)(const char *fmt, ...));
/*
 * memblock_zero - zero @size bytes at physical @pa. The kernel writes
 * through the direct map (mm/memblock_init.c); host tests provide their own.
 */
void memblock_zero(phys_addr_t pa, u64 size);
/*
 * memblock_phys_alloc - @size bytes aligned to @align from free memory below
 * @limit (0 = any; memblock.current_limit applies too), taken from the top
 * down as Linux does, so low memory stays free for DMA. Reserved and zeroed.
 * Return: physical address or 0.
 */
phys_addr_t memblock_phys_alloc(u64 size, u64 align, phys_addr_t limit);
/*
 * memblock_phys_alloc_node - the same from node @nid's memory only (below
 * memblock.current_limit), for data one node's CPUs use (per-CPU areas).
 * Return: physical address, or 0 (quietly) if @nid has no room.
 */
phys_addr_t memblock_phys_alloc_node(u64 size, u64 align, int nid);
/* the same, returned as a direct-map pointer; NULL on failure */
void *memblock_alloc(u64 size, u64 align);
phys_addr_t memblock_start_of_ram(void);
phys_addr_t memblock_end_of_ram(void);
/* Call @fn for each free (memory minus reserved) range, page-aligned,
 * in address order; a range never spans two nodes. */
void memblock_for_each_free(void (*fn)(phys_addr_t start, phys_addr_t end,
				       void *arg),
			    void *arg);

#endif

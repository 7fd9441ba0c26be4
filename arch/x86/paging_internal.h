/*
 * Between the page-table walker (paging.c) and the code that lays out the
 * kernel's address space (paging_init.c, vmap.c). Not for other folders.
 */
#ifndef ARCH_X86_PAGING_INTERNAL_H
#define ARCH_X86_PAGING_INTERNAL_H

#include "arch/x86/paging.h"
#include "kernel/spinlock.h"

#define PT_ENTRIES    512
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define LEVEL_4K      1 /* a PT entry maps 4 KiB */
#define LEVEL_2M      2 /* a PD entry with PTE_HUGE maps 2 MiB */
#define LEVEL_1G      3 /* a PDPT entry with PTE_HUGE maps 1 GiB */

/* Serialises every change to the kernel's tables after boot. */
extern spinlock_t paging_lock;
extern phys_addr_t kernel_pml4;

static inline u64 level_size(int level)
{
	return 1ULL << (12 + 9 * (level - 1));
}

/*
 * paging_map_leaf_locked - install one leaf of @level (4K, 2M or 1G) in the
 * tables rooted at @pml4, creating the tables above it.
 * Return: 0, or -1 when out of page tables or a larger leaf is in the way.
 * Context: paging_lock held (asserted once @pml4 is kernel_pml4), or the
 * boot CPU building tables that are not live yet.
 */
int paging_map_leaf_locked(phys_addr_t pml4, u64 virt, phys_addr_t phys,
			   int level, u64 flags);
/* A zeroed page for a table, from memblock or, after the hand-over, the
 * buddy allocator. Return: its physical address or 0.
 * Context: as paging_map_leaf_locked. */
phys_addr_t paging_alloc_table(void);

#endif

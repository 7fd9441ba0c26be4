/*
 * The kernel's page tables after boot: a direct map of all RAM with the
 * largest pages the CPU offers, the image with W^X permissions, and a
 * region for guarded stacks and MMIO mapped with 4 KiB pages.
 */
#ifndef ARCH_X86_PAGING_H
#define ARCH_X86_PAGING_H

#include "lib/types.h"

#define PTE_PRESENT (1ULL << 0)
#define PTE_WRITE   (1ULL << 1)
#define PTE_USER    (1ULL << 2)
#define PTE_PWT	    (1ULL << 3)
#define PTE_PCD	    (1ULL << 4)
#define PTE_HUGE    (1ULL << 7)
#define PTE_GLOBAL  (1ULL << 8)
#define PTE_NX	    (1ULL << 63)

/* Region for kernel stacks (with unmapped guard pages) and MMIO. */
#define VMAP_BASE 0xffffc90000000000ULL
#define VMAP_SIZE (1ULL << 40)

/*
 * paging_init - build the final tables (direct map of [0, @end_of_ram) plus
 * the kernel image) and switch CR3 to them. The low identity map of the
 * boot tables is dropped. Context: boot CPU, after memblock_init.
 */
void paging_init(phys_addr_t end_of_ram);
/* Map [@virt, @virt+@size) to @phys with 4 KiB pages. Return: 0 or -1. */
int paging_map(u64 virt, phys_addr_t phys, u64 size, u64 flags);
void paging_unmap(u64 virt, u64 size);
/* Reserve @size bytes of VMAP address space (never reused). */
u64 vmap_reserve(u64 size);
/* Map MMIO uncached at a fresh VMAP address. */
void *ioremap(phys_addr_t phys, u64 size);
/* CR3 value for APs (and the trampoline). */
u64 paging_kernel_cr3(void);
/* Return: the physical address @virt maps to, or ~0 if unmapped. */
phys_addr_t paging_translate(u64 virt);

#endif

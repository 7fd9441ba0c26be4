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
 * What paging_init found and built, for the log, tests and the shell.
 * (C) set by paging_init, constant after; (P) paging_lock once live
 */
struct paging_info {
	bool gbpages; /* CPUID 0x80000001 EDX bit 26: 1 GiB pages (C) */
	bool nx; /* CPUID 0x80000001 EDX bit 20, EFER.NXE set at entry (C) */
	u64 nr_1g, nr_2m, nr_4k; /* direct-map leaf entries (C) */
	u64 pt_pages;		 /* page-table pages allocated so far (P) */
};

extern struct paging_info paging_info;

/*
 * paging_init - build the final tables: the direct map of every memblock
 * memory range (largest pages that fit, no-execute), the image with
 * text RX, rodata R+NX and data/bss RW+NX, and the VMAP top-level entries;
 * switch CR3 to them, dropping the boot tables and their low identity map.
 * @end_of_ram bounds the direct map (memblock_end_of_ram()). Afterwards
 * memblock may hand out memory anywhere in RAM.
 * Context: boot CPU, after memblock_init, before any other CPU runs.
 */
void paging_init(phys_addr_t end_of_ram);

/*
 * paging_map - map [@virt, @virt+@size) to @phys with 4 KiB pages and
 * @flags (PTE_* bits; PTE_PRESENT is implied). Both must be page aligned.
 * Page tables come from memblock during boot, then from a reserve taken
 * at paging_init.
 * Return: 0, or -1 when a page table could not be allocated or the range
 * is already covered by a large page.
 * Context: any CPU; takes paging_lock with IRQs saved.
 */
int paging_map(u64 virt, phys_addr_t phys, u64 size, u64 flags);
/*
 * paging_unmap - clear the 4 KiB entries of [@virt, @virt+@size) and flush
 * them from this CPU's TLB. Other CPUs are not shot down: callers unmap
 * only what no other CPU has used (VMAP addresses are never reused).
 * Context: any CPU; takes paging_lock with IRQs saved.
 */
void paging_unmap(u64 virt, u64 size);
/*
 * vmap_reserve - @size bytes (rounded up to pages) of VMAP address space,
 * never reused, with at least one unmapped page before the next
 * reservation. Return: the address, or 0 when VMAP is exhausted.
 * Context: any CPU; takes vmap_lock.
 */
u64 vmap_reserve(u64 size);
/*
 * ioremap - map MMIO [@phys, @phys+@size) uncached (PCD|PWT) and no-execute
 * at a fresh VMAP address. @phys need not be page aligned.
 * Return: the address of @phys, or NULL. Context: any CPU.
 */
void *ioremap(phys_addr_t phys, u64 size);
/*
 * vmap_stack_map - map the @size bytes of stack at @phys (page aligned)
 * into VMAP with an unmapped guard page just below, so an overflow faults
 * instead of overwriting whatever lies below. The stack grows down from
 * the returned address + @size. Return: lowest mapped address or NULL.
 * Context: any CPU.
 */
void *vmap_stack_map(phys_addr_t phys, u64 size);
/* The same, with the stack's pages taken from memblock (boot only). */
void *vmap_stack_alloc(u64 size);
/* CR3 value for APs (and the trampoline). Below 4 GiB, so 32-bit code can
 * load it. */
u64 paging_kernel_cr3(void);
/*
 * paging_identity_map_low - map [@phys, @phys+@size) at the same virtual
 * address, writable and executable, in the kernel's own tables. The AP
 * trampoline needs this: between setting CR0.PG and jumping to the kernel
 * half it runs at its physical address with the kernel's CR3. @phys must
 * be below 4 GiB. Undo with paging_identity_unmap_low once every AP runs
 * in the kernel half. Return: 0 or -1. Context: any CPU (paging_lock).
 */
int paging_identity_map_low(phys_addr_t phys, u64 size);
void paging_identity_unmap_low(phys_addr_t phys, u64 size);
/* Return: the physical address @virt maps to, or ~0 if unmapped. */
phys_addr_t paging_translate(u64 virt);
/* Return: the leaf entry for @virt (any level), 0 if unmapped; for tests. */
u64 paging_leaf_entry(u64 virt);

#endif

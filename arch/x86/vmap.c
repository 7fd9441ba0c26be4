/*
 * VMAP: kernel virtual space mapped page by page, for stacks with an
 * unmapped guard page below them and for MMIO mapped uncached. A bump
 * allocator that never reuses an address, so no other CPU can hold a stale
 * TLB entry for a new mapping. Linux's equivalents are vmalloc's
 * VM_NO_GUARD-less areas and ioremap.
 */
#include "kernel/lock_order.h"
#include "arch/x86/paging_internal.h"
#include "arch/x86/layout.h"
#include "lib/printk.h"
#include "mm/phys_pages.h"

static DEFINE_SPINLOCK_RANK(vmap_lock, LOCK_RANK_VMAP);
/* (V) vmap_lock; a leaf lock, never held across paging_lock */
static u64 vmap_next = VMAP_BASE; /* (V) */

u64 vmap_reserve(u64 size)
{
	unsigned long irq = spin_lock_irqsave(&vmap_lock);
	u64 len = ALIGN_UP(size, (u64)PAGE_SIZE) + PAGE_SIZE; /* + a gap */
	u64 va = 0;

	if (size && len <= VMAP_BASE + VMAP_SIZE - vmap_next) {
		va = vmap_next;
		vmap_next += len;
	}
	spin_unlock_irqrestore(&vmap_lock, irq);
	if (!va)
		pr_err("vmap: cannot reserve 0x%llx bytes\n",
		       (unsigned long long)size);
	return va;
}

void *ioremap(phys_addr_t phys, u64 size)
{
	phys_addr_t start = ALIGN_DOWN(phys, (phys_addr_t)PAGE_SIZE);
	u64 len = ALIGN_UP(phys + size, (phys_addr_t)PAGE_SIZE) - start;
	u64 va = vmap_reserve(len);

	if (!va ||
	    paging_map(va, start, len, PTE_WRITE | PTE_PCD | PTE_PWT | PTE_NX))
		return NULL;
	return (void *)(va + (phys - start));
}

void *vmap_stack_map(phys_addr_t phys, u64 size)
{
	u64 len = ALIGN_UP(size, (u64)PAGE_SIZE);
	/* the guard is the page before; vmap_reserve's gap after the
	 * previous reservation already leaves one unmapped, ask for one
	 * more so the guard is ours even at the start of VMAP */
	u64 va = vmap_reserve(len + PAGE_SIZE);

	if (!va || !IS_ALIGNED(phys, (phys_addr_t)PAGE_SIZE))
		return NULL;
	va += PAGE_SIZE;
	if (paging_map(va, phys, len, PTE_WRITE | PTE_NX))
		return NULL;
	return (void *)va;
}

void *vmap_stack_alloc(u64 size)
{
	u64 len = ALIGN_UP(size, (u64)PAGE_SIZE);
	phys_addr_t pa = phys_pages_alloc(len);

	return pa ? vmap_stack_map(pa, len) : NULL;
}

/*
 * The page-table walker: four levels (PML4, PDPT, PD, PT), tables reached
 * through the direct map. Creates missing tables on the way down, maps
 * and unmaps 4 KiB pages, and translates addresses for tests. Linux splits
 * the same work between its pgtable helpers and set_memory_*.
 */
#include "kernel/lock_order.h"
#include "arch/x86/paging_internal.h"
#include "arch/x86/layout.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/phys_pages.h"

DEFINE_SPINLOCK_RANK(paging_lock, LOCK_RANK_PAGING);
phys_addr_t kernel_pml4;
struct paging_info paging_info;

static u64 *table_of(u64 entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

static int index_at(u64 virt, int level)
{
	return (int)((virt >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1));
}

/* Context: paging_lock held, or paging_init alone on the boot CPU. */
phys_addr_t paging_alloc_table(void)
{
	phys_addr_t pa = phys_pages_alloc(PAGE_SIZE);

	if (!pa) {
		pr_err("paging: out of page-table pages\n");
		return 0;
	}
	paging_info.pt_pages++;
	return pa;
}

/*
 * Walk from @pml4 down to the table that holds @virt's entry at @level,
 * creating tables when @create. Return: the entry, or NULL when a table is
 * missing (and not created) or a large page covers @virt higher up.
 * Context: paging_lock held when @create or @pml4 is live, as in the callers.
 */
static u64 *walk(phys_addr_t pml4, u64 virt, int level, bool create)
{
	u64 *table = phys_to_virt(pml4);

	for (int l = 4; l > level; l--) {
		u64 *e = &table[index_at(virt, l)];

		if (*e & PTE_HUGE)
			return NULL;
		if (!(*e & PTE_PRESENT)) {
			phys_addr_t pa = create ? paging_alloc_table() : 0;

			if (!pa)
				return NULL;
			*e = pa | PTE_PRESENT | PTE_WRITE;
		}
		table = table_of(*e);
	}
	return &table[index_at(virt, level)];
}

int paging_map_leaf_locked(phys_addr_t pml4, u64 virt, phys_addr_t phys,
			   int level, u64 flags)
{
	u64 *e;

	/* paging_init builds fresh tables alone; once live they are shared */
	if (pml4 == kernel_pml4)
		lockdep_assert_held(&paging_lock);
	e = walk(pml4, virt, level, true);
	if (!e)
		return -1;
	if (!paging_info.nx)
		flags &= ~PTE_NX; /* a reserved bit without NX: #PF */
	*e = phys | flags | PTE_PRESENT | (level > LEVEL_4K ? PTE_HUGE : 0);
	return 0;
}

static void invlpg(u64 virt)
{
	__asm__ volatile("invlpg (%0)" ::"r"(virt) : "memory");
}

int paging_map(u64 virt, phys_addr_t phys, u64 size, u64 flags)
{
	unsigned long irq = spin_lock_irqsave(&paging_lock);
	int ret = 0;
	u64 off;

	for (off = 0; off < size; off += PAGE_SIZE) {
		ret = paging_map_leaf_locked(kernel_pml4, virt + off,
					     phys + off, LEVEL_4K, flags);
		if (ret)
			break;
		invlpg(virt + off); /* a stale "not present" may be cached */
	}
	spin_unlock_irqrestore(&paging_lock, irq);
	if (ret) {
		/* all or nothing: callers treat a failure as "not mapped" */
		paging_unmap(virt, off);
		pr_err("paging: cannot map 0x%llx -> 0x%llx (+0x%llx)\n",
		       (unsigned long long)virt, (unsigned long long)phys,
		       (unsigned long long)size);
	}
	return ret;
}

void paging_unmap(u64 virt, u64 size)
{
	unsigned long irq = spin_lock_irqsave(&paging_lock);

	for (u64 off = 0; off < size; off += PAGE_SIZE) {
		u64 *e = walk(kernel_pml4, virt + off, LEVEL_4K, false);

		if (e && *e) {
			*e = 0;
			invlpg(virt + off);
		}
	}
	spin_unlock_irqrestore(&paging_lock, irq);
}

u64 paging_leaf_entry(u64 virt)
{
	u64 *table = phys_to_virt(kernel_pml4);

	for (int l = 4; l >= 1; l--) {
		u64 e = table[index_at(virt, l)];

		if (!(e & PTE_PRESENT))
			return 0;
		if (l == LEVEL_4K || (e & PTE_HUGE))
			return e;
		table = table_of(e);
	}
	return 0;
}

phys_addr_t paging_translate(u64 virt)
{
	u64 *table = phys_to_virt(kernel_pml4);

	for (int l = 4; l >= 1; l--) {
		u64 e = table[index_at(virt, l)];

		if (!(e & PTE_PRESENT))
			return ~0ULL;
		if (l == LEVEL_4K || (e & PTE_HUGE))
			return (e & PTE_ADDR_MASK & ~(level_size(l) - 1)) +
			       (virt & (level_size(l) - 1));
		table = table_of(e);
	}
	return ~0ULL;
}

u64 paging_kernel_cr3(void)
{
	return kernel_pml4;
}

int paging_identity_map_low(phys_addr_t phys, u64 size)
{
	phys_addr_t start = ALIGN_DOWN(phys, (phys_addr_t)PAGE_SIZE);
	u64 len = ALIGN_UP(phys + size, (phys_addr_t)PAGE_SIZE) - start;

	if (phys + size > 4 * GiB)
		return -1;
	return paging_map(start, start, len, PTE_WRITE);
}

void paging_identity_unmap_low(phys_addr_t phys, u64 size)
{
	phys_addr_t start = ALIGN_DOWN(phys, (phys_addr_t)PAGE_SIZE);

	paging_unmap(start,
		     ALIGN_UP(phys + size, (phys_addr_t)PAGE_SIZE) - start);
}

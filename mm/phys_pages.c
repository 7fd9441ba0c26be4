/*
 * One source of pages for arch code across the memblock → buddy hand-over,
 * so a page-table walk or a new stack never has to know which allocator
 * is live (Linux splits this between memblock_alloc and the slab/page APIs).
 */
#include "mm/phys_pages.h"
#include "arch/x86/layout.h"
#include "lib/bitops.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/page.h"

phys_addr_t phys_pages_alloc(u64 size)
{
	u64 pages = DIV_ROUND_UP(size, (u64)PAGE_SIZE);
	struct page *page;
	phys_addr_t pa;

	if (!size)
		return 0;
	if (!memblock.frozen) {
		pa = memblock_phys_alloc(pages * PAGE_SIZE, PAGE_SIZE, 0);
		if (pa)
			memset(phys_to_virt(pa), 0, pages * PAGE_SIZE);
		return pa;
	}
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO,
			   ilog2(roundup_pow_of_two(pages)));
	return page ? (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT : 0;
}

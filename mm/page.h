/*
 * struct page: one descriptor per page frame, kept in the flat array
 * mem_map indexed by pfn from 0. Mirrors the parts of Linux's mm_types.h and
 * page-flags.h the allocator core needs, and nothing that belongs to users.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "arch/x86/layout.h"
#include "lib/list.h"
#include "lib/types.h"
#include "mm/mm_init.h"

/*
 * Lock letters for the fields below:
 * (Z) zone->lock of the page's zone, while the page is free in the buddy
 * (O) whoever owns the page: the allocator between allocation and hand-out
 *     and during the free checks, the caller while it is allocated
 * (C) constant once zone_init has tagged the page
 */
struct page {
	u32 flags; /* PG_* bits; PG_buddy (Z), the others (O) or boot */
	/*
	 * Order of the block this page heads: of the free block while
	 * PG_buddy is set (Z), of the allocation while PG_allocated (O).
	 */
	u8 order;
	/* type the block was allocated as; later the pcp list it sits on (O) */
	u8 migratetype;
	/* zone id in bits 0-1 (PAGE_NO_ZONE: none), node id above (C) */
	u8 zone_node;
	/*
	 * The migratetype of the pageblock this page starts; meaningful only
	 * on a pageblock's first page (Z). Kept here rather than in a zone
	 * bitmap so zones need no memory of their own before the allocator
	 * works; get/set_pageblock_migratetype are the only users.
	 */
	u8 pageblock_mt;
	union {
		struct list_head buddy_list; /* on a free_area list (Z) */
		struct list_head pcp_list;   /* on a per-CPU list, later */
		struct list_head lru;	     /* free for the owner's use (O) */
	};
	/* return address of the last alloc or free of this block, for reports
	 */
	unsigned long caller;
	unsigned long private; /* the owner's, untouched by the allocator */
};

_Static_assert(sizeof(struct page) <= 64, "struct page must fit 64 bytes");

/* Page flags. Tails of free or allocated blocks carry none of the first 3. */
enum pageflags {
	PG_reserved,  /* never handed to the buddy: holes, firmware, kernel */
	PG_buddy,     /* heads a free block on a free_area list */
	PG_allocated, /* heads a block the allocator handed out; order valid */
	PG_poisoned,  /* filled with PAGE_POISON when freed (page_poison=1) */
	PG_checked,   /* scratch mark for mm_check, clear outside it */
	NR_PAGEFLAGS,
};

#define PAGE_POISON 0xaa /* Linux's byte: an odd, non-canonical pattern */

#define PAGE_ZONE_BITS 2
#define PAGE_NO_ZONE   3 /* zone id of a page no zone_init has claimed */

#define PAGE_FLAG_OPS(name, bit)                                               \
	static inline bool Page##name(const struct page *p)                    \
	{                                                                      \
		return p->flags & (1U << (bit));                               \
	}                                                                      \
	static inline void __SetPage##name(struct page *p)                     \
	{                                                                      \
		p->flags |= 1U << (bit);                                       \
	}                                                                      \
	static inline void __ClearPage##name(struct page *p)                   \
	{                                                                      \
		p->flags &= ~(1U << (bit));                                    \
	}

PAGE_FLAG_OPS(Reserved, PG_reserved)
PAGE_FLAG_OPS(Buddy, PG_buddy)
PAGE_FLAG_OPS(Allocated, PG_allocated)
PAGE_FLAG_OPS(Poisoned, PG_poisoned)
PAGE_FLAG_OPS(Checked, PG_checked)

static inline unsigned int page_zonenum(const struct page *p)
{
	return p->zone_node & ((1U << PAGE_ZONE_BITS) - 1);
}

static inline int page_to_nid(const struct page *p)
{
	return p->zone_node >> PAGE_ZONE_BITS;
}

static inline void set_page_zone_node(struct page *p, unsigned int zid, int nid)
{
	p->zone_node = (u8)((unsigned int)nid << PAGE_ZONE_BITS | zid);
}

static inline pfn_t page_to_pfn(const struct page *p)
{
	return (pfn_t)(p - mem_map);
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return mem_map + pfn;
}

#ifdef HOST_TEST
/*
 * Host tests back "physical memory" with a malloc'd arena: physical
 * address 0 is mm_host_phys_base. The kernel uses the direct map below.
 */
extern char *mm_host_phys_base;

static inline void *page_address(const struct page *p)
{
	return mm_host_phys_base + (page_to_pfn(p) << PAGE_SHIFT);
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page((pfn_t)((const char *)addr - mm_host_phys_base) >>
			   PAGE_SHIFT);
}
#else
/* page_address - the page's direct-map address: a constant offset. */
static inline void *page_address(const struct page *p)
{
	return phys_to_virt((phys_addr_t)page_to_pfn(p) << PAGE_SHIFT);
}

static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(virt_to_phys(addr) >> PAGE_SHIFT);
}
#endif

#endif

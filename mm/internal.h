/*
 * Helpers shared inside mm/ and by its tests, not by the rest of the
 * kernel: allocation flags, lock assertions, buddy-page accessors.
 * Mirrors the role of Linux's mm/internal.h.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "arch/x86/irqflags.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/mmzone.h"

/*
 * How hard one allocation attempt may dig, from the gfp flags and the
 * attempt (fast path at the low watermark, then the min watermark).
 * The watermark index sits in the low bits, as in Linux.
 */
#define ALLOC_WMARK_MIN	    WMARK_MIN
#define ALLOC_WMARK_LOW	    WMARK_LOW
#define ALLOC_WMARK_HIGH    WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04 /* __GFP_MEMALLOC: ignore them all */
#define ALLOC_WMARK_MASK    (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HIGH	    0x20 /* __GFP_HIGH: may use half of min */
#define ALLOC_HARDER	    0x40 /* cannot wait either: a further quarter */
/* fall back to whole pageblocks of other types only (first pass) */
#define ALLOC_NOFRAGMENT 0x100
/* alloc_pages_nolock: zone->lock only ever trylocked (a refill fails) */
#define ALLOC_TRYLOCK 0x200

/* The caller of the function this appears in, for reports. */
#define RET_IP ((unsigned long)__builtin_return_address(0))

/*
 * Every _locked worker starts with this: the zone lock is ours and IRQs
 * are off, because IRQ handlers allocate and would deadlock on it.
 */
#define assert_zone_locked(z)                                                  \
	ASSERT(spin_held_by_me(&(z)->lock) && irqs_disabled(),                 \
	       "zone %s lock not held with IRQs off", (z)->name)

static inline unsigned int buddy_order(const struct page *p)
{
	return p->order;
}

static inline void set_buddy_order(struct page *p, unsigned int order)
{
	p->order = (u8)order;
	__SetPageBuddy(p);
}

/* Linux's is_migrate_isolate and migratetype_is_mergeable. */
static inline bool is_migrate_isolate(int mt)
{
	return mt == MIGRATE_ISOLATE;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* Buddy of the order-@order block at @pfn: the other half of its parent. */
static inline pfn_t buddy_pfn_of(pfn_t pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

/*
 * Shared by mm/buddy.c and mm/fallback.c; every one needs zone->lock held
 * with IRQs off.
 */
/* Tag every pageblock of the order-@order block at @page with @mt. */
void set_pageblock_range(struct page *page, unsigned int order, int mt);
/* Unlink the free block at @page (order @high, on @mt's list), keep
 * 2^@low pages at @page and give the rest back to @mt's lists. */
void buddy_take_block(struct zone *z, struct page *page, unsigned int low,
		      unsigned int high, int mt);
/* The smallest free block of type @mt holding @order, taken; or NULL. */
struct page *buddy_rmqueue_smallest(struct zone *z, unsigned int order, int mt);
/* Whether every page of the pageblock at @start belongs to @z. */
bool pageblock_in_zone(const struct zone *z, pfn_t start);
/* Serve @order for @start_mt from another type (mm/fallback.c), or NULL. */
struct page *buddy_rmqueue_fallback(struct zone *z, unsigned int order,
				    int start_mt, unsigned int alloc_flags);

/*
 * The allocator's front door (mm/page_alloc.c), shared with the bulk
 * allocator (mm/page_alloc_bulk.c).
 */
/* One allocation's fixed facts, worked out once before the walk. */
struct alloc_context {
	struct zone **zonelist;	     /* the preferred node's */
	struct zone *preferred_zone; /* first allowed; NUMA stats judge by it */
	int nid;		     /* preferred node */
	enum zone_type highest_zoneidx;
	int migratetype;
	bool thisnode; /* __GFP_THISNODE: no other node */
};

/* Fill @ac for node @nid and @gfp. Return: false if no zone may serve. */
bool prepare_alloc_context(int nid, unsigned int gfp, struct alloc_context *ac);
/* May @ac's request take pages from @z (zone type, __GFP_THISNODE)? */
bool zone_allowed(const struct alloc_context *ac, const struct zone *z);
/* ALLOC_NOFRAGMENT for a first pass, when Linux would set it. */
unsigned int alloc_flags_nofragment(const struct alloc_context *ac);
/* Make a block taken off the lists the caller's (poison check, order,
 * type, owner, NR_ALLOC_PAGES, __GFP_ZERO). Context: any. */
void prep_new_page(struct page *page, unsigned int order, unsigned int gfp,
		   int mt, unsigned long caller);
/* One allocation with every attempt, warning on failure, for @caller.
 * Context: as alloc_pages_node. */
struct page *alloc_pages_caller(int nid, unsigned int gfp, unsigned int order,
				unsigned long caller);
/*
 * free_pages_prepare - vet a free of 2^@order pages at @page by @caller
 * and make them free: NR_ALLOC_PAGES, poison. Where they go is the
 * caller's choice. Context: any. Return: false if refused (reported).
 */
bool free_pages_prepare(struct page *page, unsigned int order,
			unsigned long caller);

/* warn_alloc_reset - forget the failure warnings' rate limit (memmap_init). */
void warn_alloc_reset(void);

/* Implemented in mm/mm_cmdline.c (kernel) or tests/host (a no-op). */
void mm_read_cmdline(void);

#endif

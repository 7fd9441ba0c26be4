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

/* warn_alloc_reset - forget the failure warnings' rate limit (memmap_init). */
void warn_alloc_reset(void);

/* Implemented in mm/mm_cmdline.c (kernel) or tests/host (a no-op). */
void mm_read_cmdline(void);

#endif

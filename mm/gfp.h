/*
 * The page allocator's public API, with Linux's names and flags
 * (include/linux/gfp.h, gfp_types.h) so code reads the same in both. The
 * bit values are pagelab's own; only their meaning follows Linux.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include "lib/list.h"
#include "lib/types.h"
#include "mm/mmzone.h"

typedef unsigned int gfp_t;

/* Where the pages may come from */
#define __GFP_DMA	  0x01u /* ZONE_DMA only (below 16 MiB) */
#define __GFP_DMA32	  0x02u /* ZONE_DMA32 or lower (below 4 GiB) */
#define __GFP_MOVABLE	  0x04u /* the owner can move them: MIGRATE_MOVABLE */
#define __GFP_RECLAIMABLE 0x08u /* can be freed on demand: RECLAIMABLE */
#define __GFP_THISNODE	  0x10u /* the preferred node and no other */
/* How hard to try */
#define __GFP_HIGH	     0x20u /* important: may use half of min */
#define __GFP_DIRECT_RECLAIM 0x40u /* the caller may sleep */
#define __GFP_KSWAPD_RECLAIM                                                   \
	0x80u /* may wake background reclaim (none yet)                        \
	       */
#define __GFP_IO       0x100u
#define __GFP_FS       0x200u
#define __GFP_MEMALLOC 0x400u /* ignore every watermark (tests, reclaim) */
/* What to do with them */
#define __GFP_ZERO   0x800u  /* return them zeroed */
#define __GFP_NOWARN 0x1000u /* no warning line on failure */

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
/* May sleep; the usual choice in process context. */
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
/* Must not sleep (IRQ handlers, spinlocks held): may dip below min. */
#define GFP_ATOMIC	     (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT	     __GFP_KSWAPD_RECLAIM
#define GFP_DMA		     __GFP_DMA
#define GFP_DMA32	     __GFP_DMA32
#define GFP_HIGHUSER_MOVABLE (GFP_KERNEL | __GFP_MOVABLE)

/* gfp_zone - the highest zone @gfp allows. */
enum zone_type gfp_zone(gfp_t gfp);
/* gfp_migratetype - the migratetype @gfp asks for. */
int gfp_migratetype(gfp_t gfp);

/*
 * alloc_pages_node - 2^@order contiguous pages, preferring node @nid
 * (NUMA_NO_NODE: the running CPU's). Walks @nid's zonelist from the
 * highest zone @gfp allows and takes the first zone that stays above its
 * watermark. Never panics: failure warns once (one line, unless
 * __GFP_NOWARN) and returns NULL; so does an order >= MAX_ORDER.
 * Context: any; with GFP_ATOMIC from IRQ context. Takes zone->lock with
 * IRQs saved, so the caller must not hold one.
 * Return: the first page of the block, or NULL.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
/* alloc_pages - alloc_pages_node on the running CPU's node. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)

/*
 * __free_pages - give back the 2^@order pages at @page, allocated with that
 * same order. A bad free (double, reserved, wrong order, misaligned,
 * outside every zone) is reported in one line and ignored, leaving the
 * allocator consistent. Context: any; takes zone->lock with IRQs saved.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages((page), 0)

/*
 * __get_free_pages - alloc_pages, returning the block's direct-map address.
 * Return: the address, or 0. Context: as alloc_pages.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
/* get_zeroed_page - one zeroed page's address, or 0. */
unsigned long get_zeroed_page(gfp_t gfp);
/* free_pages - __free_pages by address; 0 is ignored. Context: any. */
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages((addr), 0)

/*
 * alloc_pages_bulk_array - fill the NULL slots of @page_array[0..@nr_pages)
 * with order-0 pages, under one pcp section of the first zone of this
 * node that stays above its low watermark plus @nr_pages, counting them
 * once (per page in the irq mode). When the lists cannot serve (lock
 * busy, mode off, no such zone, a remote node's zone first) it falls
 * back to one alloc_pages; when they run dry it stops. Slots already
 * filled are left alone. Context: as alloc_pages.
 * Return: how many slots are filled now (@nr_pages if it was full).
 */
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages,
				     struct page **page_array);
/* The same, preferring node @nid (NUMA_NO_NODE: this CPU's). */
unsigned long alloc_pages_bulk_array_node(gfp_t gfp, int nid,
					  unsigned long nr_pages,
					  struct page **page_array);
/* alloc_pages_bulk_list - up to @nr_pages order-0 pages onto @list's tail
 * (through page->lru), as the array form. Return: pages added. */
unsigned long alloc_pages_bulk_list(gfp_t gfp, unsigned long nr_pages,
				    struct list_head *list);
/*
 * free_pages_list - free every block on @list (linked through page->lru),
 * each at the order it was allocated with: vetted first (a bad one is
 * reported and unlinked), then onto this CPU's lists zone by zone,
 * re-entering the section at each zone change and every 32 blocks (so
 * IRQs are never off for long); blocks the lists cannot take go to the
 * buddy. @list is empty afterwards. Context: as __free_pages.
 */
void free_pages_list(struct list_head *list);

/*
 * alloc_pages_nolock - 2^@order zeroed pages (order 0..3) from any
 * context, NMI included, preferring node @nid (NUMA_NO_NODE: this CPU's),
 * above the min watermark: this CPU's lists if their lock can be had
 * without waiting (mm/page_alloc_nolock.c says which modes allow which
 * contexts), else the buddy if zone->lock can. Never waits, never warns;
 * each failure is counted by reason in vmstat (nolock_fail_*).
 * Context: any. Return: the block, or NULL.
 */
struct page *alloc_pages_nolock(int nid, unsigned int order);
/*
 * free_pages_nolock - give back a block of 2^@order pages from any
 * context: onto this CPU's lists, else to the buddy, else (both locks
 * busy) onto the zone's deferred list, which the next zone->lock holder
 * empties. Never waits. Context: any.
 */
void free_pages_nolock(struct page *page, unsigned int order);

#endif

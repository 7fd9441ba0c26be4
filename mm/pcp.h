/*
 * The per-CPU page lists (pcp): each CPU keeps, per zone, a small stock
 * of free blocks of orders 0..3 (per migratetype) and of pageblock order,
 * so most allocations and frees never take zone->lock. Refilled from the
 * buddy and spilled back to it in batches, one zone-lock hold each.
 * Mirrors struct per_cpu_pages (include/linux/mmzone.h) and the pcp half
 * of Linux's mm/page_alloc.c. Data flow: buddy -> pcp -> caller.
 *
 * This header is the API and the data; how a section is protected (five
 * modes, switchable at run time) is mm/pcp_lock.h, kernel only.
 */
#ifndef MM_PCP_H
#define MM_PCP_H

#include "lib/list.h"
#include "lib/types.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"

/* Orders above this one are "costly": only the pageblock order joins them. */
#define PAGE_ALLOC_COSTLY_ORDER 3
/* Lists of orders 0..3, one per pcp migratetype, then one pageblock list. */
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS	      (NR_LOWORDER_PCP_LISTS + 1)
#define PCP_THP_LIST	      NR_LOWORDER_PCP_LISTS

/*
 * The lock inside each pcp, lean on purpose so the struct keeps to four
 * cache lines: one word taken with a compare-and-swap, plus who holds it
 * (for "held by me" checks and reports). Its lockdep class, statistics
 * and rank live once, outside (mm/pcp_lock.h). No preemption handling
 * of its own: the pcp section pins the task first.
 */
struct pcp_spinlock {
	u32 locked;	       /* 0 free, 1 held */
	int holder_cpu;	       /* where it was taken; -1 when free */
	const void *owner_ctx; /* lock_owner_token() of the holder */
};

/*
 * One CPU's lists for one zone, in that CPU's per-CPU area (node-local).
 * Lock letters: (P) held in the current mode's way: IRQs off on the
 * owning CPU (irq), the pcp local lock (local), pcp->lock (spin_irqsave,
 * spin, rt), or the remote gate closed (mm/pcp_remote.c);
 * (W) written only by sizing under the pcp admin lock, read locklessly:
 * readers trust only count.
 */
struct per_cpu_pages {
	struct pcp_spinlock lock;
	int count;	   /* pages (not blocks) on the lists (P) */
	int high;	   /* spill once count reaches it (W) */
	int batch;	   /* refill and spill unit (W) */
	short free_factor; /* spills since the last allocation scale up (P) */
	short pad;
	/* hot end first; page->migratetype holds the list's type (P) */
	struct list_head lists[NR_PCP_LISTS];
} __aligned(64);

#define PCP_STRUCT_LINES 4
_Static_assert(sizeof(struct per_cpu_pages) == PCP_STRUCT_LINES * 64,
	       "struct per_cpu_pages must stay on four cache lines");

/* pcp_allowed_order - may blocks of @order live on the lists? */
static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

/* The list of @order blocks of pcp type @mt (all types share order 9). */
static inline int order_to_pindex(int mt, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return PCP_THP_LIST;
	return MIGRATE_PCPTYPES * (int)order + mt;
}

static inline unsigned int pindex_to_order(int pindex)
{
	if (pindex == PCP_THP_LIST)
		return pageblock_order;
	return (unsigned int)pindex / MIGRATE_PCPTYPES;
}

/* The type of list @pindex; -1 for the pageblock list, which mixes. */
static inline int pindex_to_mt(int pindex)
{
	return pindex == PCP_THP_LIST ? -1 : pindex % MIGRATE_PCPTYPES;
}

/*
 * pcp_rmqueue - take one block of 2^@order pages (a pcp order) of type
 * @mt from this CPU's list for @z, refilling the list from the buddy
 * first if it is empty, and count it (PGALLOC, NUMA against @preferred:
 * accurately inside the section in the irq mode, as events after it in
 * the others). Of @alloc_flags only what the buddy uses matters.
 * Context: task or hard IRQ, not NMI; not under zone->lock.
 * Return: the block (off every list, not yet prepared), or NULL when the
 * lists cannot serve: mode off, lock busy, or the buddy had nothing. The
 * caller then asks the buddy itself.
 */
struct page *pcp_rmqueue(struct zone *preferred, struct zone *z,
			 unsigned int order, int mt, unsigned int alloc_flags);
/* pcp_stats_accurate - does the mode keep NUMA counts accurate (irq)?
 * Context: any; a switch may make the answer stale, harmlessly: readers
 * add both kinds. */
bool pcp_stats_accurate(void);

/*
 * pcp_free - put a vetted block of 2^@order pages (a pcp order) of @z on
 * this CPU's list, spilling a batch to the buddy when count reaches high.
 * Context: as pcp_rmqueue.
 * Return: false if the lists did not take it (isolated pageblock, mode
 * off, lock busy): the caller frees it to the buddy.
 */
bool pcp_free(struct zone *z, struct page *page, unsigned int order);

/*
 * drain_local_pages - give this CPU's lists for @z (NULL: every zone)
 * back to the buddy. Context: any but NMI; skips lists it cannot lock.
 */
void drain_local_pages(struct zone *z);
/*
 * __drain_all_pages - empty every CPU's lists of @z (NULL: every zone)
 * with the drain mechanism in use (mm/drain.h: ipi, work or remote).
 * Without @force, ipi and work visit only CPUs whose lists look
 * non-empty (an unlocked look, as Linux's); remote reads each count
 * under its pcp->lock. One drain at a time: a caller for every zone
 * returns 0 at once if another drain runs (Linux's trylock), a caller
 * for one zone waits for it.
 * Context: task, preemptible, no pcp or zone lock held.
 * Return: pages given back to the buddy.
 */
unsigned long __drain_all_pages(struct zone *z, bool force);
/*
 * drain_all_pages - __drain_all_pages(@z, true), but waiting for a
 * running drain even when @z is NULL: for callers that need the lists
 * empty afterwards. Context: as above. Return: pages given back.
 */
unsigned long drain_all_pages(struct zone *z);
/*
 * pcp_drain_for_retry - an allocation with @gfp found nothing: drain
 * every CPU's lists if the caller may wait (Linux drains on the direct
 * reclaim path). Context: any. Return: true if a retry may now succeed.
 */
bool pcp_drain_for_retry(gfp_t gfp);

/*
 * zone_pcp_disable - high 0 and batch 1 on every CPU for @z, then drain:
 * afterwards no page of @z stays on a list. Nests; zone_pcp_enable
 * undoes one. Context: task, preemptible.
 */
void zone_pcp_disable(struct zone *z);
void zone_pcp_enable(struct zone *z);
/*
 * zone_pcp_disabled - does a zone_pcp_disable hold @z's lists off? Frees
 * and allocations then go straight to the buddy. Context: any; racy on
 * purpose: a section that read it stale still finds high 0 and batch 1
 * under its protection, so whatever it adds leaves with it.
 */
static inline bool zone_pcp_disabled(const struct zone *z)
{
	return READ_ONCE(z->pcp_disabled) > 0;
}
/* zone_pcp_update_all - recompute every zone's high and batch (after a
 * watermark or CPU change). Context: task, preemptible; or boot. */
void zone_pcp_update_all(void);

/* Linux's zone_batchsize and zone_highsize (mm/pcp_size.c). */
int zone_batchsize(const struct zone *z);
int zone_highsize(const struct zone *z, int batch, int cpu_online);

/* vm.percpu_pagelist_high_fraction: 0, or at least this. */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8
extern int percpu_pagelist_high_fraction;
/*
 * pcp_set_high_fraction - set vm.percpu_pagelist_high_fraction and
 * recompute every zone's high. Context: task, preemptible.
 * Return: 0, or -22 (EINVAL) for a negative value or one in 1..7.
 */
int pcp_set_high_fraction(long fraction);

/* Pages on every CPU's lists of @z (NULL: all zones); racy. Context: any. */
unsigned long pcp_pages(const struct zone *z);

/* pcp_init - lists, sizes and mode, after mm_boot_handover. Context: boot. */
void pcp_init(void);

#endif

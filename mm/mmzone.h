/*
 * Nodes, zones and their free areas: the data the buddy allocator works on.
 * Mirrors Linux's include/linux/mmzone.h (struct zone, struct pglist_data,
 * free_area, migratetypes, zonelists), cut down to what pagelab uses.
 *
 * Lock order (mm): zone->lock is the innermost mm lock, taken with IRQs
 * saved; under it only printk's leaf locks. The per-CPU page lists will
 * nest: local lock -> pcp->lock -> zone->lock.
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include "kernel/config.h"
#include "kernel/spinlock.h"
#include "lib/list.h"
#include "lib/types.h"
#include "mm/mm_init.h"
#include "mm/page.h"

#define MAX_ORDER	   11 /* orders 0..10: blocks of 4 KiB up to 4 MiB */
#define MAX_ORDER_NR_PAGES (1UL << (MAX_ORDER - 1))
#define pageblock_order	   9 /* 2 MiB: the unit that carries a migratetype */
#define pageblock_nr_pages (1UL << pageblock_order)
#define NUMA_NO_NODE	   (-1)

/*
 * What a block may hold, so that pages that can never move are packed into
 * few pageblocks. The first three have per-CPU lists later (PCPTYPES);
 * ISOLATE parks the free pages of blocks being taken offline.
 */
enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE = MIGRATE_PCPTYPES,
	MIGRATE_TYPES,
};

extern const char *const migratetype_names[MIGRATE_TYPES];

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK,
};

/* Accurate counters (see vmstat.h): per zone, exact when quiescent. */
enum zone_stat_item {
	NR_FREE_PAGES,	/* pages on buddy lists, isolated ones excepted */
	NR_ALLOC_PAGES, /* pages handed out and not yet freed (pagelab) */
	NR_VM_ZONE_STAT_ITEMS,
};

/* NUMA placement events, counted per zone as Linux does. */
enum numa_stat_item {
	NUMA_HIT,	     /* allocated here, on the preferred node */
	NUMA_MISS,	     /* allocated here, preferred another node */
	NUMA_FOREIGN,	     /* preferred here, allocated on another node */
	NUMA_INTERLEAVE_HIT, /* kept for the /proc layout; no mempolicy yet */
	NUMA_LOCAL,	     /* allocated here by a CPU of this node */
	NUMA_OTHER,	     /* allocated here by a CPU of another node */
	NR_VM_NUMA_EVENT_ITEMS,
};

/*
 * One CPU's share of a zone's statistics: a per-CPU variable (mm/vmstat.c
 * holds one per zone in each CPU's copy), on other cache lines than the
 * per-CPU page lists. Two kinds (mm/vmstat.h):
 *  - (D) signed drifts of the accurate counters, folded into the zone's
 *    totals once one passes stat_threshold, or by the housekeeping CPU;
 *    changed only with atomic instructions, so another CPU may fold them
 *    without interrupting this one. vm_numa_diff holds the NUMA counts
 *    made in the pcp irq mode, which keeps them accurate.
 *  - (E) event counts, this CPU's only, one %gs-relative add each.
 */
struct per_cpu_zonestat {
	s8 vm_stat_diff[NR_VM_ZONE_STAT_ITEMS];	 /* (D) */
	s8 vm_numa_diff[NR_VM_NUMA_EVENT_ITEMS]; /* (D) */
	s8 stat_threshold;			 /* (T) vmstat_set_thresholds */
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS]; /* (E) */
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES]; /* block heads (Z) */
	unsigned long nr_free; /* blocks on all lists of this order (Z) */
};

/*
 * Lock letters: (Z) zone->lock, taken with IRQs saved
 * (C) constant after mm_init_finish (boot or test setup writes it alone)
 * (W) rewritten only by watermark setup, read locklessly: a stale value
 *     only moves a decision by a few pages
 * (S) through the vmstat helpers only (atomic or per-CPU, see vmstat.c)
 * (T) written by vmstat_set_thresholds (boot, or the CPU count changed)
 */
struct zone {
	unsigned long _watermark[NR_WMARK]; /* (W) */
	long lowmem_reserve[MAX_NR_ZONES];  /* (W) kept for higher requests */
	struct pglist_data *zone_pgdat;	    /* (C) */
	int node;			    /* (C) */
	enum zone_type zone_idx;	    /* (C) */
	const char *name;		    /* (C) */
	pfn_t zone_start_pfn;		    /* (C) */
	unsigned long spanned_pages;	    /* (C) end - start, holes too */
	unsigned long present_pages;	    /* (C) RAM in the span */
	/* (C) pfns of the span tagged with another zone (interleaved nodes) */
	unsigned long foreign_pages;
	unsigned long managed_pages;	    /* (Z) handed to the buddy */
	unsigned long nr_isolate_pageblock; /* (Z) */
	/*
	 * The per-CPU lists' sizing (mm/pcp_size.c): what every CPU's
	 * pcp->high and pcp->batch are set to, and how many callers of
	 * zone_pcp_disable want them at 0 and 1 meanwhile. (A) pcp admin lock
	 */
	int pageset_high;
	int pageset_batch;
	int pcp_disabled;
	spinlock_t lock;
	struct free_area free_area[MAX_ORDER];	   /* (Z) */
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];	   /* (S) */
	long vm_numa_stat[NR_VM_NUMA_EVENT_ITEMS]; /* (S) irq mode's, folded */
	/* (T) below this many free pages the per-CPU drifts could hide a
	 * watermark: the check then adds them (0: they never can) */
	unsigned long percpu_drift_mark;
	/* the per-CPU share is zone_pcpu_stats[] in mm/vmstat.c (S) */
	/*
	 * Free blocks alloc_pages_nolock's callers could not give back
	 * (mm/pcp_deferred.c): a lock-free stack, pushed with a compare-
	 * and-swap from any context, emptied whole by zone->lock holders.
	 * (L) lock-free; (X) atomic
	 */
	struct page *nolock_deferred;	     /* (L) */
	unsigned long nolock_deferred_pages; /* (X) pages on it */
};

/* Every zone of every node, plus the NULL that ends a zonelist. */
#define MAX_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES + 1)
/* Slots of per-CPU arrays with one entry per possible zone (zone_id). */
#define ZONE_IDS (MAX_NUMNODES * MAX_NR_ZONES)

struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES]; /* by zone_type */
	/*
	 * Where an allocation preferring this node looks, in order: this
	 * node's zones highest first, then each other node's by distance.
	 * Only zones with managed pages appear; NULL ends it. (C)
	 */
	struct zone *node_zonelist[MAX_ZONELIST];
	int node_id;			  /* (C) */
	pfn_t node_start_pfn;		  /* (C) */
	unsigned long node_spanned_pages; /* (C) */
	unsigned long node_present_pages; /* (C) */
};

extern struct pglist_data node_data[MAX_NUMNODES];
extern u64 node_online_mask; /* (C) */
extern const char *const zone_names[MAX_NR_ZONES];

#define NODE_DATA(nid) (&node_data[nid])

static inline bool node_online(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && (node_online_mask >> nid) & 1;
}

static inline int zone_to_nid(const struct zone *z)
{
	return z->node;
}

/* zone_id - @z's slot in per-CPU arrays kept per zone, 0..ZONE_IDS-1. */
static inline int zone_id(const struct zone *z)
{
	return z->node * MAX_NR_ZONES + (int)z->zone_idx;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline pfn_t zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *z, pfn_t pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

static inline unsigned long zone_managed_pages(const struct zone *z)
{
	return READ_ONCE(z->managed_pages);
}

static inline unsigned long wmark_pages(const struct zone *z,
					enum zone_watermarks w)
{
	return READ_ONCE(z->_watermark[w]);
}

/* page_zone - the zone a page was tagged with; the page must have one. */
static inline struct zone *page_zone(const struct page *p)
{
	return &NODE_DATA(page_to_nid(p))->node_zones[page_zonenum(p)];
}

/* The zone_node tag every page of @z carries. */
static inline u8 zone_page_tag(const struct zone *z)
{
	return (u8)((unsigned int)z->node << PAGE_ZONE_BITS | z->zone_idx);
}

static inline bool page_in_zone(const struct page *p, const struct zone *z)
{
	return p->zone_node == zone_page_tag(z);
}

/*
 * Pageblock migratetype, stored on the block's first page.
 * Context: zone->lock held to change it; reads may race with a steal,
 * which only sends one free to the neighbouring type's list.
 */
static inline int get_pageblock_migratetype(const struct page *p)
{
	pfn_t first = page_to_pfn(p) & ~(pageblock_nr_pages - 1);

	return READ_ONCE(pfn_to_page(first)->pageblock_mt);
}

static inline void set_pageblock_migratetype(struct page *p, int mt)
{
	pfn_t first = page_to_pfn(p) & ~(pageblock_nr_pages - 1);

	WRITE_ONCE(pfn_to_page(first)->pageblock_mt, (u8)mt);
}

static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]);
}

/* Zone iteration over online nodes; see next_zone in mm/zone.c. */
struct zone *first_zone(void);
struct zone *next_zone(struct zone *z);

#define for_each_zone(z) for ((z) = first_zone(); (z); (z) = next_zone(z))
#define for_each_populated_zone(z)                                             \
	for_each_zone(z)                                                       \
		if (!populated_zone(z)) {                                      \
		} else

#define for_each_online_node(nid)                                              \
	for ((nid) = 0; (nid) < MAX_NUMNODES; (nid)++)                         \
		if (!node_online(nid)) {                                       \
		} else

/* Which node each CPU belongs to; filled by the boot side from SRAT. */
extern int cpu_to_node_map[NR_CPUS];
void set_cpu_numa_node(int cpu, int nid);
/* numa_node_id - node of the CPU running. Context: any. */
int numa_node_id(void);

/* mm_initialised - whether mm_init_finish has run, so the API works. */
bool mm_initialised(void);

#endif

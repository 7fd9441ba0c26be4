/*
 * Memory statistics, in Linux's two kinds (mm/vmstat.c, vmstat.h):
 *  - accurate counters per zone (NR_FREE_PAGES, NR_ALLOC_PAGES, and the
 *    NUMA counts made in the pcp irq mode): a total plus a signed drift
 *    per CPU with Linux's stat_threshold, folded by the housekeeping CPU
 *    without interrupting the others (mm/vmstat_diff.c). zone_page_state
 *    reads the total (may lag by the drifts), zone_page_state_snapshot
 *    adds the drifts.
 *  - event counters (pgalloc_*, pgfree, numa_* in the other modes, the
 *    pcp events): per-CPU counts added in one instruction, summed over
 *    CPUs when read.
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

#include "kernel/config.h"
#include "kernel/percpu.h"
#include "mm/mmzone.h"

enum vm_event_item {
	PGALLOC_DMA, /* pages allocated per zone type; follows zone_type */
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGFREE, /* pages freed, on every path */
	/* pagelab's own, for the per-CPU lists (mm/pcp.c) */
	PCP_REFILL, /* a list refilled from the buddy (one zone-lock hold) */
	PCP_SPILL,  /* a batch spilled back to the buddy (one hold) */
	PCP_TRYLOCK_FAIL,  /* a pcp->lock trylock failed: buddy fallback */
	ZONE_LOCK,	   /* zone->lock taken by the allocator or its lists */
	NUMA_STAT_UPDATES, /* zone_statistics calls: per page or per batch */
	/* any-context allocation (mm/page_alloc_nolock.c): outcomes, then
	 * why the lists were passed by, then why an allocation failed */
	NOLOCK_ALLOC,	       /* alloc_pages_nolock calls that got a block */
	NOLOCK_FREE,	       /* free_pages_nolock calls */
	NOLOCK_DEFERRED,       /* frees that found both locks busy: deferred */
	NOLOCK_DRAINED,	       /* deferred blocks a zone->lock holder freed */
	NOLOCK_PCP_BUSY,       /* pcp->lock trylock failed: the zone next */
	NOLOCK_MODE_FORBIDS,   /* the mode gives this context no lists */
	NOLOCK_FAIL_ZONE_BUSY, /* failed: zone->lock trylock failed */
	NOLOCK_FAIL_EMPTY,     /* failed: below the watermark, or no block */
	NOLOCK_FAIL_ORDER,     /* failed: not an order 0..3 request */
	NR_VM_EVENT_ITEMS,
};

/* One CPU's events: a per-CPU variable (vm_event_states in vmstat.c). */
struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
};

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

/*
 * __mod_zone_page_state - add @delta to @z's counter @item: to this CPU's
 * drift, or, once that passes the zone's threshold, to the total.
 * Context: any, NMI included (atomic instructions, no IRQ flag);
 * mod_zone_page_state is the same.
 */
void __mod_zone_page_state(struct zone *z, enum zone_stat_item item,
			   long delta);
void mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta);

/* zone_page_state - @z's total for @item, without the CPUs' drifts (off
 * by at most CPUs x threshold), never negative. Context: any. */
unsigned long zone_page_state(const struct zone *z, enum zone_stat_item item);
/* zone_page_state_snapshot - the total plus every CPU's drift, never
 * negative. Context: any; exact when quiescent. */
unsigned long zone_page_state_snapshot(const struct zone *z,
				       enum zone_stat_item item);
/* zone_page_state_exact - the snapshot, sign included, for checks that
 * must see a counter gone below zero. Context: any; exact when quiescent. */
long zone_page_state_exact(const struct zone *z, enum zone_stat_item item);
/* Sums of zone_page_state over a node's zones and over all zones. */
unsigned long node_page_state(int nid, enum zone_stat_item item);
unsigned long global_zone_page_state(enum zone_stat_item item);

/*
 * vmstat_fold_all - move every CPU's drifts into the zones' totals, from
 * this CPU, interrupting none (atomic exchanges). The housekeeping CPU
 * does it every second (mm/vmstat_fold.c). Context: any but NMI.
 */
void vmstat_fold_all(void);
/*
 * vmstat_set_thresholds - Linux's refresh_zone_stat_thresholds for @cpus
 * online CPUs: each zone's stat_threshold on every CPU, and its
 * percpu_drift_mark. Until it runs thresholds are 0: every update goes
 * to the total (the host tests, and boot). Context: boot, or quiescent.
 */
void vmstat_set_thresholds(int cpus);
/* vmstat_fold_start - the housekeeping CPU's thread that calls
 * vmstat_fold_all every second (mm/vmstat_fold.c). Context: boot. */
void vmstat_fold_start(void);
extern unsigned long vmstat_folds;
/* @cpu's threshold for @z (zoneinfo's "vm stats threshold"). */
int zone_stat_threshold(const struct zone *z, int cpu);
/* CPUs with a copy of the per-CPU variables: the ones to sum over. */
bool vmstat_cpu_has_copy(int cpu);

/*
 * count_vm_events - add @n to this CPU's @item, in one instruction.
 * Context: any, IRQ context included; no pinning needed.
 */
void count_vm_events(enum vm_event_item item, unsigned long n);

unsigned long global_vm_event(enum vm_event_item item);

/*
 * zone_statistics - count @nr allocations from @z whose preferred zone was
 * @preferred: hit or miss (plus foreign on @preferred) by the preferred
 * node, local or other by the node of the CPU running; as event counters
 * (the local, spin and rt modes: Linux 5.14 on). Context: any.
 */
void zone_statistics(struct zone *preferred, struct zone *z, long nr);
/* The same as accurate counters (the irq mode, before Linux 5.14): the
 * caller has IRQs off, as that mode's callers did. Context: any. */
void zone_statistics_accurate(struct zone *preferred, struct zone *z, long nr);
/*
 * count_alloc - account @nr allocations of 2^@order pages from @z that
 * preferred @preferred: PGALLOC for the zone type, and the NUMA counts,
 * accurate (@accurate) or as events. Context: any.
 */
void count_alloc(struct zone *preferred, struct zone *z, unsigned int order,
		 long nr, bool accurate);

unsigned long zone_numa_event_state(const struct zone *z,
				    enum numa_stat_item item);
unsigned long node_numa_event_state(int nid, enum numa_stat_item item);
unsigned long global_numa_event_state(enum numa_stat_item item);

/*
 * vmstat_threshold - how far a CPU's diff of a zone counter may drift
 * before it is folded into the zone (Linux's calculate_normal_threshold):
 * 2 * fls(@cpus) * (1 + fls(@managed pages in 128 MiB units)), at most
 * 125. More CPUs or memory: more drift, fewer shared-line updates.
 */
int vmstat_threshold(unsigned long managed, int cpus);

/* Forget every event count and drift, and the thresholds. Zone totals
 * live in the zones and are reset with them by memmap_init.
 * Context: quiescent (boot, test setup). */
void vmstat_reset(void);

#endif

/*
 * Memory statistics, in Linux's two kinds (mm/vmstat.c, vmstat.h):
 *  - accurate counters per zone (NR_FREE_PAGES, ...), exact when quiescent:
 *    an atomic total, or per-CPU signed diffs summed when read; later a
 *    total plus diffs folded by housekeeping. Callers only use the
 *    helpers, so that change stays in vmstat.c.
 *  - event counters (pgalloc_*, pgfree, numa_*): per-CPU counts added in
 *    one instruction, summed over CPUs when read.
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
	PCP_TRYLOCK_FAIL, /* a pcp->lock trylock failed: buddy fallback */
	ZONE_LOCK,	  /* zone->lock taken by the allocator or its lists */
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
 * __mod_zone_page_state - add @delta to @z's counter @item.
 * Context: IRQs off (per-CPU diffs with a threshold will need it), e.g.
 * under zone->lock. mod_zone_page_state is the same from any context.
 */
void __mod_zone_page_state(struct zone *z, enum zone_stat_item item,
			   long delta);
void mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta);

/* zone_page_state - @z's counter @item, never negative. Context: any. */
unsigned long zone_page_state(const struct zone *z, enum zone_stat_item item);
/*
 * zone_page_state_exact - @z's counter @item exactly, sign included, for
 * checks that must see a counter gone below zero. With per-CPU diffs it
 * will add every CPU's. Context: any; exact when quiescent.
 */
long zone_page_state_exact(const struct zone *z, enum zone_stat_item item);
/* Sums over a node's zones and over all zones. Context: any. */
unsigned long node_page_state(int nid, enum zone_stat_item item);
unsigned long global_zone_page_state(enum zone_stat_item item);

/*
 * count_vm_events - add @n to this CPU's @item, in one instruction.
 * Context: any, IRQ context included; no pinning needed.
 */
void count_vm_events(enum vm_event_item item, unsigned long n);

unsigned long global_vm_event(enum vm_event_item item);

/*
 * zone_statistics - count @nr allocations from @z whose preferred zone was
 * @preferred: hit or miss (plus foreign on @preferred) by the preferred
 * node, local or other by the node of the CPU running. Context: any.
 */
void zone_statistics(struct zone *preferred, struct zone *z, long nr);

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

/* Forget every event count. Zone counters live in the zones and are
 * reset with them by memmap_init. Context: quiescent (boot, test setup). */
void vmstat_reset(void);

#endif

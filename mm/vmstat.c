/*
 * Event counters and their names (see vmstat.h for the two kinds; the
 * accurate counters are in vmstat_diff.c). Mirrors Linux's mm/vmstat.c
 * and zone_statistics() from page_alloc.c.
 *
 * Every event count is a per-CPU variable changed with one %gs-relative
 * instruction (this_cpu_add), so neither an interrupt nor a migration can
 * lose an update: a thread moved between reading its CPU number and adding
 * would otherwise add to another CPU's slot while that CPU does too. They
 * are deliberately racy to read: summed over CPUs when read.
 */
#include "mm/vmstat.h"
#include "mm/explain.h"
#include "kernel/percpu_ops.h"
#include "lib/bitops.h"
#include "lib/string.h"

DEFINE_PER_CPU(struct vm_event_state, vm_event_states);
/* Each CPU's share of every zone's statistics, by zone_id(). */
DEFINE_PER_CPU(struct per_cpu_zonestat, zone_pcpu_stats[ZONE_IDS]);

const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	[NR_FREE_PAGES] = "nr_free_pages",
	[NR_ALLOC_PAGES] = "nr_allocated",
};

const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	[NUMA_HIT] = "numa_hit",
	[NUMA_MISS] = "numa_miss",
	[NUMA_FOREIGN] = "numa_foreign",
	[NUMA_INTERLEAVE_HIT] = "numa_interleave",
	[NUMA_LOCAL] = "numa_local",
	[NUMA_OTHER] = "numa_other",
};

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	[PGALLOC_DMA] = "pgalloc_dma",
	[PGALLOC_DMA32] = "pgalloc_dma32",
	[PGALLOC_NORMAL] = "pgalloc_normal",
	[PGFREE] = "pgfree",
	[PCP_REFILL] = "pcp_refill",
	[PCP_SPILL] = "pcp_spill",
	[PCP_TRYLOCK_FAIL] = "pcp_trylock_fail",
	[ZONE_LOCK] = "zone_lock",
	[NUMA_STAT_UPDATES] = "numa_stat_updates",
};

bool vmstat_cpu_has_copy(int cpu)
{
#ifdef HOST_TEST
	(void)cpu;
	return true; /* tests/host/include/kernel/percpu.h makes one on use */
#else
	return percpu_areas[cpu] != NULL;
#endif
}

void count_vm_events(enum vm_event_item item, unsigned long n)
{
	this_cpu_add(vm_event_states.event[item], n);
}

unsigned long global_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (vmstat_cpu_has_copy(cpu))
			sum += READ_ONCE(
				per_cpu(vm_event_states, cpu).event[item]);
	return sum;
}

static void count_numa_event(struct zone *z, enum numa_stat_item item, long nr)
{
	this_cpu_add(zone_pcpu_stats[zone_id(z)].vm_numa_event[item], nr);
}

void zone_statistics(struct zone *preferred, struct zone *z, long nr)
{
	int nid = zone_to_nid(z);

	count_vm_events(NUMA_STAT_UPDATES, 1);
	if (nid == zone_to_nid(preferred)) {
		count_numa_event(z, NUMA_HIT, nr);
	} else {
		count_numa_event(z, NUMA_MISS, nr);
		count_numa_event(preferred, NUMA_FOREIGN, nr);
	}
	count_numa_event(z, nid == numa_node_id() ? NUMA_LOCAL : NUMA_OTHER,
			 nr);
}

void count_alloc(struct zone *preferred, struct zone *z, unsigned int order,
		 long nr, bool accurate)
{
	count_vm_events((enum vm_event_item)(PGALLOC_DMA + z->zone_idx),
			(unsigned long)nr << order);
	EXPLAIN(EX_STAT_ALLOC, z, nr << order, accurate,
		zone_to_nid(z) == zone_to_nid(preferred),
		zone_to_nid(z) == numa_node_id());
	if (accurate)
		zone_statistics_accurate(preferred, z, nr);
	else
		zone_statistics(preferred, z, nr);
}

unsigned long node_numa_event_state(int nid, enum numa_stat_item item)
{
	unsigned long sum = 0;
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++)
		sum += zone_numa_event_state(&NODE_DATA(nid)->node_zones[t],
					     item);
	return sum;
}

unsigned long global_numa_event_state(enum numa_stat_item item)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(nid)
		sum += node_numa_event_state(nid, item);
	return sum;
}

void vmstat_reset(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!vmstat_cpu_has_copy(cpu))
			continue;
		memset(per_cpu_ptr(&vm_event_states, cpu), 0,
		       sizeof(vm_event_states));
		memset(per_cpu_ptr(&zone_pcpu_stats[0], cpu), 0,
		       sizeof(zone_pcpu_stats));
	}
}

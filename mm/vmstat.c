/*
 * Zone, node and event counters (see vmstat.h for the two kinds). Mirrors
 * Linux's mm/vmstat.c and zone_statistics() from page_alloc.c, before the
 * per-CPU diffs: an accurate counter is one atomic word per zone for now.
 */
#include "mm/vmstat.h"
#include "lib/string.h"

struct vm_event_state vm_event_states[NR_CPUS];

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
};

void __mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	/* atomic, so updates outside zone->lock (NR_ALLOC_PAGES) stay exact */
	__atomic_add_fetch(&z->vm_stat[item], delta, __ATOMIC_RELAXED);
}

void mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	__mod_zone_page_state(z, item, delta);
}

unsigned long zone_page_state(const struct zone *z, enum zone_stat_item item)
{
	long x = __atomic_load_n(&z->vm_stat[item], __ATOMIC_RELAXED);

	/* with per-CPU diffs a total can dip below zero for a while */
	return x < 0 ? 0 : (unsigned long)x;
}

long zone_page_state_exact(const struct zone *z, enum zone_stat_item item)
{
	return __atomic_load_n(&z->vm_stat[item], __ATOMIC_RELAXED);
}

unsigned long node_page_state(int nid, enum zone_stat_item item)
{
	unsigned long sum = 0;
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++)
		sum += zone_page_state(&NODE_DATA(nid)->node_zones[t], item);
	return sum;
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(nid)
		sum += node_page_state(nid, item);
	return sum;
}

unsigned long global_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(vm_event_states[cpu].event[item]);
	return sum;
}

static void count_numa_event(struct zone *z, enum numa_stat_item item, long nr)
{
	z->per_cpu_zonestats[raw_smp_processor_id()].vm_numa_event[item] += nr;
}

void zone_statistics(struct zone *preferred, struct zone *z, long nr)
{
	int nid = zone_to_nid(z);

	if (nid == zone_to_nid(preferred)) {
		count_numa_event(z, NUMA_HIT, nr);
	} else {
		count_numa_event(z, NUMA_MISS, nr);
		count_numa_event(preferred, NUMA_FOREIGN, nr);
	}
	count_numa_event(z, nid == numa_node_id() ? NUMA_LOCAL : NUMA_OTHER,
			 nr);
}

unsigned long zone_numa_event_state(const struct zone *z,
				    enum numa_stat_item item)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(z->per_cpu_zonestats[cpu].vm_numa_event[item]);
	return sum;
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
	memset(vm_event_states, 0, sizeof(vm_event_states));
}

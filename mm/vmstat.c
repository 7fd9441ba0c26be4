/*
 * Zone, node and event counters (see vmstat.h for the two kinds). Mirrors
 * Linux's mm/vmstat.c and zone_statistics() from page_alloc.c.
 *
 * Every per-CPU count is a per-CPU variable changed with one %gs-relative
 * instruction (this_cpu_add), so neither an interrupt nor a migration can
 * lose an update: a thread moved between reading its CPU number and adding
 * would otherwise add to another CPU's slot while that CPU does too.
 *
 * Accurate counters: NR_FREE_PAGES is one atomic word per zone (it changes
 * under zone->lock anyway); NR_ALLOC_PAGES, changed outside the lock on
 * every allocation and free, is a per-CPU signed diff, summed when read.
 * The per-CPU lists will give every accurate counter diffs with a
 * threshold, folded into zone->vm_stat; that change stays in this file.
 */
#include "mm/vmstat.h"
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
};

/* CPUs with a copy of the per-CPU variables: the ones to sum over. */
static bool cpu_has_copy(int cpu)
{
#ifdef HOST_TEST
	(void)cpu;
	return true; /* tests/host/include/kernel/percpu.h makes one on use */
#else
	return percpu_areas[cpu] != NULL;
#endif
}

/* Counters kept as per-CPU diffs rather than one atomic word. */
static bool stat_is_percpu(enum zone_stat_item item)
{
	return item == NR_ALLOC_PAGES;
}

void __mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	if (stat_is_percpu(item))
		this_cpu_add(zone_pcpu_stats[zone_id(z)].vm_stat_diff[item],
			     delta);
	else
		__atomic_add_fetch(&z->vm_stat[item], delta, __ATOMIC_RELAXED);
}

void mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	/* both kinds are safe from any context: one instruction each */
	__mod_zone_page_state(z, item, delta);
}

long zone_page_state_exact(const struct zone *z, enum zone_stat_item item)
{
	long x = __atomic_load_n(&z->vm_stat[item], __ATOMIC_RELAXED);
	int cpu;

	if (!stat_is_percpu(item))
		return x;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_has_copy(cpu))
			x += READ_ONCE(per_cpu(zone_pcpu_stats, cpu)[zone_id(z)]
					       .vm_stat_diff[item]);
	return x;
}

unsigned long zone_page_state(const struct zone *z, enum zone_stat_item item)
{
	long x = zone_page_state_exact(z, item);

	/* per-CPU diffs summed while they change can dip below zero */
	return x < 0 ? 0 : (unsigned long)x;
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

void count_vm_events(enum vm_event_item item, unsigned long n)
{
	this_cpu_add(vm_event_states.event[item], n);
}

unsigned long global_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_has_copy(cpu))
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
		if (cpu_has_copy(cpu))
			sum += READ_ONCE(
				per_cpu(zone_pcpu_stats, cpu)[zone_id(z)]
					.vm_numa_event[item]);
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

int vmstat_threshold(unsigned long managed, int cpus)
{
	int mem = fls((unsigned int)(managed >> (27 - PAGE_SHIFT)));

	return MIN(125, 2 * fls((unsigned int)cpus) * (1 + mem));
}

void vmstat_reset(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_has_copy(cpu))
			continue;
		memset(per_cpu_ptr(&vm_event_states, cpu), 0,
		       sizeof(vm_event_states));
		memset(per_cpu_ptr(&zone_pcpu_stats[0], cpu), 0,
		       sizeof(zone_pcpu_stats));
	}
}

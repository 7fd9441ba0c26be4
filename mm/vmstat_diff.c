/*
 * The accurate counters (NR_FREE_PAGES, NR_ALLOC_PAGES, and the NUMA
 * counts of the pcp irq mode): a total per zone plus a signed drift per
 * CPU, folded into the total once it passes the zone's stat_threshold,
 * and by the housekeeping CPU every second. Mirrors Linux's
 * __mod_zone_page_state, refresh_cpu_vm_stats, calculate_normal_threshold,
 * refresh_zone_stat_thresholds and zone_page_state_snapshot.
 *
 * Linux changes a drift with IRQs off and a plain add, so only its own CPU
 * may fold it, and folding an isolated CPU's drifts means interrupting it.
 * pagelab changes drifts with a compare-and-swap and folds them with an
 * exchange, both atomic against every CPU: the housekeeping CPU folds
 * every CPU's drifts from afar, interrupting none, and an update is safe
 * from any context (NMI included) without touching the IRQ flag.
 */
#include "mm/vmstat.h"
#include "lib/bitops.h"

DECLARE_PER_CPU(struct per_cpu_zonestat, zone_pcpu_stats[ZONE_IDS]);

/* Odd while a fold moves drifts into totals (see zone_snapshot). */
static unsigned int fold_seq;
static DEFINE_SPINLOCK(fold_lock);

static struct per_cpu_zonestat *zstat(const struct zone *z, int cpu)
{
	return &per_cpu(zone_pcpu_stats, cpu)[zone_id(z)];
}

/*
 * Add @delta to the drift @d of a total, or, once the sum would pass
 * @threshold either way, the sum to @total and the drift back to 0.
 * Context: any; @d may be any CPU's (a migration meanwhile only changes
 * whose drift holds the pages, never how many).
 */
static void drift_add(s8 *d, long *total, long delta, int threshold)
{
	s8 old = __atomic_load_n(d, __ATOMIC_RELAXED);

	if (delta > threshold || delta < -threshold) {
		__atomic_add_fetch(total, delta, __ATOMIC_RELAXED);
		return;
	}
	for (;;) {
		long x = old + delta;
		s8 new = (x > threshold || x < -threshold) ? 0 : (s8)x;

		if (__atomic_compare_exchange_n(d, &old, new, false,
						__ATOMIC_RELAXED,
						__ATOMIC_RELAXED)) {
			if (!new &&x)
				__atomic_add_fetch(total, x, __ATOMIC_RELAXED);
			return;
		}
	}
}

void __mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	struct per_cpu_zonestat *pz = raw_cpu_ptr(&zone_pcpu_stats[zone_id(z)]);

	drift_add(&pz->vm_stat_diff[item], &z->vm_stat[item], delta,
		  READ_ONCE(pz->stat_threshold));
}

void mod_zone_page_state(struct zone *z, enum zone_stat_item item, long delta)
{
	__mod_zone_page_state(z, item, delta);
}

static void numa_accurate(struct zone *z, enum numa_stat_item item, long nr)
{
	struct per_cpu_zonestat *pz = raw_cpu_ptr(&zone_pcpu_stats[zone_id(z)]);

	drift_add(&pz->vm_numa_diff[item], &z->vm_numa_stat[item], nr,
		  READ_ONCE(pz->stat_threshold));
}

void zone_statistics_accurate(struct zone *preferred, struct zone *z, long nr)
{
	int nid = zone_to_nid(z);

	count_vm_events(NUMA_STAT_UPDATES, 1);
	if (nid == zone_to_nid(preferred)) {
		numa_accurate(z, NUMA_HIT, nr);
	} else {
		numa_accurate(z, NUMA_MISS, nr);
		numa_accurate(preferred, NUMA_FOREIGN, nr);
	}
	numa_accurate(z, nid == numa_node_id() ? NUMA_LOCAL : NUMA_OTHER, nr);
}

/*
 * @total plus every CPU's drift (and, for the NUMA counts, every CPU's
 * events), taken while no fold runs: a fold moves a drift into the total
 * between our reads of the two, and we would count it twice or not at
 * all. After many tries (an NMI that interrupted the folder) it gives
 * the last sum, off by at most that fold. Context: any.
 */
static long zone_snapshot(const struct zone *z, const long *total,
			  size_t diff_off, size_t event_off)
{
	long x = 0;

	for (int tries = 0; tries < 1000; tries++) {
		unsigned int seq = __atomic_load_n(&fold_seq, __ATOMIC_ACQUIRE);

		x = __atomic_load_n(total, __ATOMIC_RELAXED);
		for (int cpu = 0; cpu < NR_CPUS; cpu++) {
			const char *pz;

			if (!vmstat_cpu_has_copy(cpu))
				continue;
			pz = (const char *)zstat(z, cpu);
			x += __atomic_load_n((const s8 *)(pz + diff_off),
					     __ATOMIC_RELAXED);
			if (event_off)
				x += (long)READ_ONCE(*(
					const unsigned long *)(pz + event_off));
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!(seq & 1) &&
		    __atomic_load_n(&fold_seq, __ATOMIC_RELAXED) == seq)
			break;
	}
	return x;
}

long zone_page_state_exact(const struct zone *z, enum zone_stat_item item)
{
	return zone_snapshot(
		z, &z->vm_stat[item],
		__builtin_offsetof(struct per_cpu_zonestat, vm_stat_diff) +
			(size_t)item,
		0);
}

unsigned long zone_page_state_snapshot(const struct zone *z,
				       enum zone_stat_item item)
{
	long x = zone_page_state_exact(z, item);

	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long zone_page_state(const struct zone *z, enum zone_stat_item item)
{
	long x = __atomic_load_n(&z->vm_stat[item], __ATOMIC_RELAXED);

	/* the drifts not folded yet can leave the total below zero */
	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long zone_numa_event_state(const struct zone *z,
				    enum numa_stat_item item)
{
	long x = zone_snapshot(
		z, &z->vm_numa_stat[item],
		__builtin_offsetof(struct per_cpu_zonestat, vm_numa_diff) +
			(size_t)item,
		__builtin_offsetof(struct per_cpu_zonestat, vm_numa_event) +
			(size_t)item * sizeof(unsigned long));

	return x < 0 ? 0 : (unsigned long)x;
}

unsigned long node_page_state(int nid, enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (int t = 0; t < MAX_NR_ZONES; t++)
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

/* Move one drift into its total. Context: fold_lock held. */
static void fold_one(s8 *d, long *total)
{
	s8 v = __atomic_exchange_n(d, 0, __ATOMIC_RELAXED);

	if (v)
		__atomic_add_fetch(total, v, __ATOMIC_RELAXED);
}

/* Context: fold_lock held. */
static void fold_cpu_zone(struct zone *z, int cpu)
{
	struct per_cpu_zonestat *pz = zstat(z, cpu);

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		fold_one(&pz->vm_stat_diff[i], &z->vm_stat[i]);
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		fold_one(&pz->vm_numa_diff[i], &z->vm_numa_stat[i]);
}

void vmstat_fold_all(void)
{
	unsigned long flags = spin_lock_irqsave(&fold_lock);
	struct zone *z;

	__atomic_add_fetch(&fold_seq, 1, __ATOMIC_RELEASE); /* odd */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for_each_populated_zone(z)
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			if (vmstat_cpu_has_copy(cpu))
				fold_cpu_zone(z, cpu);
	__atomic_add_fetch(&fold_seq, 1, __ATOMIC_RELEASE); /* even */
	spin_unlock_irqrestore(&fold_lock, flags);
}

int vmstat_threshold(unsigned long managed, int cpus)
{
	int mem = fls((unsigned int)(managed >> (27 - PAGE_SHIFT)));

	return MIN(125, 2 * fls((unsigned int)cpus) * (1 + mem));
}

void vmstat_set_thresholds(int cpus)
{
	struct zone *z;

	vmstat_fold_all();
	for_each_populated_zone(z) {
		int t = vmstat_threshold(zone_managed_pages(z), cpus);
		unsigned long drift = (unsigned long)cpus * (unsigned long)t;

		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			if (vmstat_cpu_has_copy(cpu))
				WRITE_ONCE(zstat(z, cpu)->stat_threshold,
					   (s8)t);
		/* Linux sets percpu_drift_mark only where the drifts of all
		 * CPUs could cross the gap between min and low; pagelab for
		 * every zone, so a check near the marks is always exact */
		WRITE_ONCE(z->percpu_drift_mark,
			   t ? wmark_pages(z, WMARK_HIGH) + drift : 0);
	}
}

int zone_stat_threshold(const struct zone *z, int cpu)
{
	return vmstat_cpu_has_copy(cpu)
		       ? READ_ONCE(zstat(z, cpu)->stat_threshold)
		       : 0;
}

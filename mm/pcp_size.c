/*
 * How big the per-CPU lists may grow: batch (the refill and spill unit)
 * and high (spill once count reaches it), per zone, the same on every
 * CPU; vm.percpu_pagelist_high_fraction; zone_pcp_disable/enable; and
 * pcp_init, which sets the lists up at boot. Mirrors Linux's
 * zone_batchsize, zone_highsize, zone_set_pageset_high_and_batch,
 * percpu_pagelist_high_fraction_sysctl_handler and zone_pcp_disable.
 * Kernel only.
 */
#include "kernel/cpumask.h"
#include "lib/bitops.h"
#include "lib/printk.h"
#include "mm/drain.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"
#include "mm/vmstat.h"

int percpu_pagelist_high_fraction;
/* Set once, by pcp_init, after it sized every zone. */
static bool pcp_ready;

/*
 * About a quarter of a thousandth of the zone, at most 64 pages, then
 * rounded to 2^n - 1 (after adding half again), so batches of
 * neighbouring CPUs do not keep hitting the same cache colours. A 1 GiB
 * zone or larger gets 63; a zone under 8 MiB gets 0 (the caller makes it
 * 1: nothing stays on the lists).
 */
int zone_batchsize(const struct zone *z)
{
	unsigned long b = MIN(zone_managed_pages(z) >> 10, 256UL) / 4;

	if (b < 1)
		b = 1;
	return (int)rounddown_pow_of_two(b + b / 2) - 1;
}

/* Online CPUs on @nid: the ones whose frees mostly land in its zones. */
static int node_online_cpus(int nid)
{
	int cpu, n = 0;

	for_each_online_cpu(cpu)
		n += cpu_to_node_map[cpu] == nid;
	return n;
}

/*
 * The lists of all CPUs of the zone's node together may hold the low
 * watermark (so full lists never push the zone into reclaim), or, with
 * the fraction set, 1/fraction of the zone; never less than 4 batches.
 * @cpu_online counts a CPU coming online that is not in the mask yet.
 */
int zone_highsize(const struct zone *z, int batch, int cpu_online)
{
	int fraction = READ_ONCE(percpu_pagelist_high_fraction);
	unsigned long total =
		fraction ? zone_managed_pages(z) / (unsigned)fraction
			 : wmark_pages(z, WMARK_LOW);
	int cpus = node_online_cpus(z->node) + cpu_online;
	unsigned long high;

	if (!cpus) /* a node of memory only: every CPU frees into it */
		cpus = num_online_cpus();
	high = total / (unsigned long)MAX(cpus, 1);
	return (int)MIN(MAX(high, (unsigned long)batch << 2), 1UL << 30);
}

/* Context: pcp_admin_lock held (or boot, before any section). */
void zone_pcp_update_locked(struct zone *z)
{
	int batch = MAX(1, zone_batchsize(z));
	int high = zone_highsize(z, batch, 0);
	int cpu;

	z->pageset_batch = batch;
	z->pageset_high = high;
	if (z->pcp_disabled) {
		batch = 1;
		high = 0;
	}
	for_each_pcp_cpu(cpu) {
		struct per_cpu_pages *pcp = pcp_of(z, cpu);

		/* batch first: a reader pairing a new high with the old
		 * batch errs towards spilling, never towards hoarding */
		WRITE_ONCE(pcp->batch, batch);
		WRITE_ONCE(pcp->high, high);
	}
}

void zone_pcp_update_all(void)
{
	struct zone *z;

	if (!READ_ONCE(pcp_ready))
		return; /* boot: pcp_init sizes every zone itself */
	pcp_admin_lock_take();
	for_each_populated_zone(z)
		zone_pcp_update_locked(z);
	pcp_admin_lock_drop();
}

int pcp_set_high_fraction(long fraction)
{
	struct zone *z;

	if (fraction < 0 || fraction > 0x7fffffff ||
	    (fraction && fraction < MIN_PERCPU_PAGELIST_HIGH_FRACTION))
		return -22;
	pcp_admin_lock_take();
	if (fraction != percpu_pagelist_high_fraction) {
		WRITE_ONCE(percpu_pagelist_high_fraction, (int)fraction);
		for_each_populated_zone(z)
			zone_pcp_update_locked(z);
	}
	pcp_admin_lock_drop();
	return 0;
}

/*
 * Every writer of high and batch (the sysctl, the CPU count, watermark
 * changes) goes through zone_pcp_update_locked under the admin lock, and
 * that honours pcp_disabled: so a recomputation racing with a disable
 * can neither bring the old sizes back nor be lost when it ends. Nested
 * callers (two offlines of one zone, a test inside an offline) count.
 * Context: task, preemptible; takes and drops pcp_admin_lock, then
 * drains every CPU (drain_all_pages).
 */
void zone_pcp_disable(struct zone *z)
{
	pcp_admin_lock_take();
	z->pcp_disabled++;
	zone_pcp_update_locked(z);
	pcp_admin_lock_drop();
	/*
	 * high 0 and batch 1 are in place before any list is drained: a
	 * section that began before sees them when it ends (its lock or
	 * the gate orders it after our writes), and the drain below waits
	 * for it; any section after finds nothing to keep.
	 */
	drain_all_pages(z);
}

/* Context: task, preemptible; takes pcp_admin_lock. */
void zone_pcp_enable(struct zone *z)
{
	pcp_admin_lock_take();
	ASSERT(z->pcp_disabled > 0, "zone %s: enable without disable", z->name);
	z->pcp_disabled--;
	zone_pcp_update_locked(z);
	pcp_admin_lock_drop();
}

/* Context: boot, no section can run (the mode is still off). */
static void pcp_init_lists(void)
{
	int cpu;

	for_each_pcp_cpu(cpu) {
		struct per_cpu_pages *sets = per_cpu_ptr(&pcp_sets[0], cpu);

		for (int id = 0; id < ZONE_IDS; id++) {
			struct per_cpu_pages *pcp = &sets[id];

			*pcp = (struct per_cpu_pages){
				.lock = {.holder_cpu = -1}, .batch = 1};
			for (int i = 0; i < NR_PCP_LISTS; i++)
				INIT_LIST_HEAD(&pcp->lists[i]);
		}
	}
}

void pcp_init(void)
{
	struct zone *z;
	int mode = pcp_boot_mode(), fixed;

	pcp_init_lists();
	for_each_populated_zone(z) {
		zone_pcp_update_locked(z);
		pr_info("pcp: node %d zone %-6s batch %d high %d\n", z->node,
			z->name, z->pageset_batch, z->pageset_high);
	}
	pr_info("pcp: struct per_cpu_pages %lu bytes, %lu cache lines; "
		"lock mode %s%s\n",
		(unsigned long)sizeof(struct per_cpu_pages),
		(unsigned long)sizeof(struct per_cpu_pages) / 64,
		pcp_mode_names[mode],
		pcp_mode_fixed(&fixed) ? " (fixed at build time)" : "");
	pcp_check_init();
	vmstat_set_thresholds(num_online_cpus());
	vmstat_fold_start();
	drain_init();
	WRITE_ONCE(pcp_ready, true);
	smp_mb(); /* lists and sizes before any section can see the mode */
	WRITE_ONCE(pcp_lock_mode, mode);
}

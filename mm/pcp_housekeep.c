/*
 * Isolation first: the housekeeping CPU (housekeeping=) does the per-CPU
 * lists' periodic work for every CPU, from afar, so an isolated CPU is
 * never interrupted by the allocator. Each pass folds every CPU's vmstat
 * drifts, trims the lists of CPUs that have been idle (no allocation or
 * free since the last passes; Linux 6.7's decay) and those holding
 * another node's pages (Linux's expire), and recomputes high and batch
 * when what they depend on changed. Linux runs this as work on each CPU
 * (vmstat_update) and, since 6.5, skips isolated CPUs, whose lists then
 * keep their pages; here the trim takes pcp->lock remotely in the lock
 * modes and closes the gate (no interrupt either) in irq and local.
 * Kernel only.
 */
#include "kernel/cpumask.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "lib/printk.h"
#include "mm/drain.h"
#include "mm/internal.h"
#include "mm/numa.h"
#include "mm/pcp_internal.h"
#include "mm/vmstat.h"

/* Passes without activity before a CPU's lists are trimmed. */
#define HK_IDLE_PASSES 2
/* ... before another node's pages on them are all given back. */
#define HK_REMOTE_PASSES 3

/* Every CPU's event counters (mm/vmstat.c), read from afar. */
DECLARE_PER_CPU(struct vm_event_state, vm_event_states);

u64 pcp_hk_interval_ns = 1000ULL * 1000 * 1000;
unsigned long pcp_hk_passes, pcp_hk_trimmed;

/* The housekeeper's own view of each CPU: only its thread writes it. */
struct hk_cpu {
	unsigned long activity; /* PGALLOC + PGFREE seen last pass */
	int idle;		/* passes since that changed */
};
static struct hk_cpu hk_cpus[NR_CPUS];
/* What high and batch were computed from (see hk_sizes_changed). */
static unsigned long hk_size_key;

/* @cpu's allocations and frees so far: its own event counters. */
static unsigned long hk_activity(int cpu)
{
	const struct vm_event_state *e = per_cpu_ptr(&vm_event_states, cpu);

	return READ_ONCE(e->event[PGALLOC_DMA]) +
	       READ_ONCE(e->event[PGALLOC_DMA32]) +
	       READ_ONCE(e->event[PGALLOC_NORMAL]) +
	       READ_ONCE(e->event[PGFREE]);
}

/*
 * How many pages to take from @cpu's lists of @z now: all of another
 * node's pages once idle long enough, half (at least a batch) of an idle
 * CPU's, none of a busy one's. Racy count: the trim re-reads it locked.
 */
static int hk_trim_amount(struct zone *z, int cpu)
{
	const struct per_cpu_pages *pcp = pcp_of(z, cpu);
	int count = READ_ONCE(pcp->count), idle = hk_cpus[cpu].idle;

	if (count <= 0 || idle < HK_IDLE_PASSES)
		return 0;
	if (z->node != cpu_to_node(cpu) && idle >= HK_REMOTE_PASSES)
		return count;
	return MAX(count / 2, READ_ONCE(pcp->batch));
}

/* Context: task, pcp_admin_lock held, in the lock modes or under the
 * gate (@mode PCP_MODE_OFF). */
static void hk_trim_all(int mode)
{
	struct zone *z;
	int cpu;

	for_each_pcp_cpu(cpu)
		for_each_populated_zone(z) {
			int n = hk_trim_amount(z, cpu);

			if (n)
				pcp_hk_trimmed +=
					pcp_trim_zone_remote(z, cpu, mode, n);
		}
}

/* Anything to trim at all? Decides whether the gate must close. */
static bool hk_any_to_trim(void)
{
	struct zone *z;
	int cpu;

	for_each_pcp_cpu(cpu)
		for_each_populated_zone(z)
			if (hk_trim_amount(z, cpu))
				return true;
	return false;
}

static void hk_trim(void)
{
	struct pcp_section gate;
	int mode;

	if (!hk_any_to_trim())
		return;
	pcp_admin_lock_take();
	mode = READ_ONCE(pcp_lock_mode);
	if (pcp_mode_has_lock(mode)) {
		hk_trim_all(mode);
		pcp_admin_lock_drop();
		return;
	}
	pcp_admin_lock_drop();
	if (mode == PCP_MODE_OFF)
		return; /* boot, or a switch that drains everything itself */
	pcp_remote_begin(&gate);
	hk_trim_all(PCP_MODE_OFF);
	pcp_remote_end(&gate);
}

/* A key of what zone_highsize reads: online CPUs, the fraction, each
 * zone's low watermark. Changed: recompute every CPU's high and batch. */
static bool hk_sizes_changed(void)
{
	unsigned long key = (unsigned long)num_online_cpus() * 1000003UL +
			    (unsigned long)percpu_pagelist_high_fraction;
	struct zone *z;
	bool changed;

	for_each_populated_zone(z)
		key = key * 31 + wmark_pages(z, WMARK_LOW);
	changed = key != hk_size_key;
	hk_size_key = key;
	return changed;
}

void pcp_housekeep_pass(void)
{
	int cpu;

	vmstat_fold_all();
	for_each_pcp_cpu(cpu) {
		unsigned long a = hk_activity(cpu);

		if (a != hk_cpus[cpu].activity)
			hk_cpus[cpu] = (struct hk_cpu){.activity = a};
		else if (hk_cpus[cpu].idle < 1000)
			hk_cpus[cpu].idle++;
	}
	hk_trim();
	if (hk_sizes_changed())
		zone_pcp_update_all();
	WRITE_ONCE(pcp_hk_passes, pcp_hk_passes + 1);
}

static int pcp_hk_fn(void *arg)
{
	(void)arg;
	for (;;) {
		sched_sleep_ns(READ_ONCE(pcp_hk_interval_ns));
		pcp_housekeep_pass();
	}
	return 0;
}

void pcp_housekeep_start(void)
{
	hk_sizes_changed(); /* pcp_init has just sized every zone */
	if (!kthread_create_on_cpu(pcp_hk_fn, NULL, housekeeping_cpu(),
				   "pcp_hk"))
		pr_warn("pcp: no housekeeping thread: idle CPUs' lists keep "
			"their pages until a drain\n");
}

/*
 * Draining every CPU's per-CPU lists, three ways, chosen with drain= at
 * boot or `drain mode` at the shell:
 *
 *   ipi     a call-function IPI to each CPU with pages; each empties its
 *           own lists in its handler (Linux before 5.0's work queue)
 *   work    a work item for each such CPU, run by a per-CPU kernel
 *           thread there (Linux 5.x: mm_percpu_wq, flush_work)
 *   remote  the draining CPU takes each pcp->lock itself; nothing runs on
 *           the others (Linux 6.0, seed 002). Only in the lock modes.
 *
 * Plus what the kernel measures about them (`drainstat`). Kernel only.
 */
#ifndef MM_DRAIN_H
#define MM_DRAIN_H

#include "lib/types.h"
#include "mm/mmzone.h"

enum drain_mech { DRAIN_IPI, DRAIN_WORK, DRAIN_REMOTE, NR_DRAIN_MECHS };

extern const char *const drain_mech_names[NR_DRAIN_MECHS];

/* The mechanism named @s, or -1. */
int drain_mech_parse(const char *s);
/* The mechanism asked for (drain= or `drain mode`). Context: any. */
int drain_mech_get(void);
/*
 * drain_mech_set - ask for @mech from now on. Asking for remote while
 * the pcp mode has no pcp->lock prints one line saying drains use ipi
 * until the mode has one. Context: task. Return: 0, or -22.
 */
int drain_mech_set(int mech);
/* The mechanism a drain starting now uses: remote becomes ipi in the
 * irq and local modes. Context: any. */
int drain_mech_effective(void);

/* __drain_all_pages(zone, force) and drain_all_pages: mm/pcp.h. */

/* The drain mutex, for tests of the rule above. Context: task. */
bool drain_mutex_trylock(void);
void drain_mutex_lock(void);
void drain_mutex_unlock(void);

/* `drain bound off`: lift the per-hold bound, to measure what it buys. */
extern bool drain_hold_unbounded;

/*
 * Per-CPU halves (mm/pcp_drain.c, mm/drain_work.c). pcp_drain_this_cpu
 * empties this CPU's lists of @z (NULL: all), entering a section per
 * bounded chunk. Context: pinned to the CPU (IPI handler, bound thread).
 * Return: pages freed; *@busy counts zones whose section could not be
 * entered (pcp->lock held, gate closed): the caller tries again.
 */
unsigned long pcp_drain_this_cpu(struct zone *z, int *busy);
/* Queue a drain of @z on every CPU of @mask and wait for all of them.
 * Context: task, preemptible, drain mutex held. Return: pages. */
struct cpumask;
unsigned long drain_work_all(struct zone *z, const struct cpumask *mask);

/* drain_init - drain= and the housekeeping thread. Context: boot, from
 * pcp_init once the lists work. */
void drain_init(void);

/* ---- drainstat (mm/drain_stat.c) ---- */

#define DRAINSTAT_RING 1024

struct drain_summary {
	unsigned long drains; /* in the ring, of this mechanism */
	u64 min, median, p99, max;
};

/* A finished drain: @cycles long, @pages freed, over @cpus CPUs. */
void drainstat_drain(int mech, u64 cycles, unsigned long pages, int cpus);
/* A drain for every zone that found another running and returned. */
void drainstat_skipped(void);
/* A drain that asked for remote and used ipi (no pcp->lock). */
void drainstat_fallback(void);
/* This CPU handled a drain IPI (@work: a work item) taking @cycles. */
void drainstat_cpu(bool work, u64 cycles, unsigned long pages);
/* Durations of the last drains of @mech in the ring. Context: task. */
void drainstat_summary(int mech, struct drain_summary *s);
/* Per-CPU and global counts, for tests. */
u64 drainstat_cpu_ipis(int cpu);
u64 drainstat_cpu_works(int cpu);
u64 drainstat_cpu_pages(int cpu);
unsigned long drainstat_drains(int mech);
unsigned long drainstat_skips(void);
unsigned long drainstat_fallbacks(void);
/* The most pages one zone->lock hold of a spill or drain freed. */
int drainstat_max_hold_pages(void);
/* Zero everything, zone->lock's longest hold included. Context: task. */
void drainstat_reset(void);

/* ---- housekeeping (mm/pcp_housekeep.c) ---- */

/* Passes done, pages trimmed by them. */
extern unsigned long pcp_hk_passes, pcp_hk_trimmed;
/* Nanoseconds between passes (default 1 s); tests shorten it. */
extern u64 pcp_hk_interval_ns;
/* Boot: start the housekeeping CPU's pass thread. */
void pcp_housekeep_start(void);
/* One pass now, from the calling CPU. Context: task, preemptible. */
void pcp_housekeep_pass(void);

#endif

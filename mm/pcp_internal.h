/*
 * Shared between the pcp files (fast paths, sizing, remote access, mode
 * switch, views, checks, tests): the workers that run inside a section
 * and the remote side's entry points. Not for callers of the allocator.
 * Kernel only.
 */
#ifndef MM_PCP_INTERNAL_H
#define MM_PCP_INTERNAL_H

#include "kernel/percpu.h"
#include "mm/pcp_lock.h"

/* CPUs that have a per-CPU area, hence lists (online or not). */
#define for_each_pcp_cpu(cpu)                                                  \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)                              \
		if (!percpu_areas[cpu]) {                                      \
		} else

/* @cpu's lists for @z. Context: any; the contents need a section. */
static inline struct per_cpu_pages *pcp_of(const struct zone *z, int cpu)
{
	return per_cpu_ptr(&pcp_sets[zone_id(z)], cpu);
}

/*
 * pcp_spill_locked - give up to @pages pages of the section's lists back
 * to @z's buddy under one zone->lock hold: list @pindex first, then round
 * robin, each from its cold end. Context: inside @s's section (or a
 * remote one); takes zone->lock with IRQs saved. Return: pages freed
 * (a high-order block may take it past @pages).
 */
int pcp_spill_locked(struct zone *z, const struct pcp_section *s, int pages,
		     int pindex);
/*
 * Linux 6.10's PCP_BATCH_SCALE_MAX: a drain or a spill frees at most
 * batch << PCP_BATCH_SCALE_MAX pages per zone->lock hold.
 */
#define PCP_BATCH_SCALE_MAX 5
/*
 * pcp_hold_bound - pages one zone->lock hold may free from lists whose
 * batch is @batch; `drain bound off` lifts it, to measure what the bound
 * buys (mm/pcp_drain.c). Context: any.
 */
int pcp_hold_bound(int batch);
/* drainstat_hold - count a zone->lock hold that freed @pages pages from
 * a pcp (mm/drain_stat.c). Context: any but NMI. */
void drainstat_hold(int pages);
/* One block off the hot end, refilled first when empty. Context: in @s. */
struct page *pcp_pop_locked(struct zone *z, const struct pcp_section *s,
			    unsigned int order, int mt,
			    unsigned int alloc_flags);
/*
 * pcp_push_locked - put the vetted block of 2^@order pages at @page (its
 * pageblock of type @mt, not isolated) on the section's list, then spill
 * a batch if count reached high. Context: inside @s's section.
 */
void pcp_push_locked(struct zone *z, const struct pcp_section *s,
		     struct page *page, unsigned int order, int mt);
/*
 * pcp_nr_to_free - how many pages a spill frees now that count reached
 * @high: everything (@free_high), one (@high below @batch: disabled),
 * else batch doubled per spill in a row, kept in [batch, high - batch].
 * Context: in a section of @pcp (free_factor changes).
 */
int pcp_nr_to_free(struct per_cpu_pages *pcp, int high, int batch,
		   bool free_high);

/*
 * Remote access (mm/pcp_remote.c). The admin lock serialises everything
 * that reaches other CPUs' lists or changes the mode or the sizes; it is
 * an RT lock (its holder stays preemptible).
 */
extern spinlock_t pcp_admin_lock;

/*
 * pcp_admin_lock_take/drop - the admin lock, with migration off while it
 * is held: an RT lock is released on the CPU that took it, and its holder
 * yields while it waits for sections. Context: task, preemptible.
 */
static inline void pcp_admin_lock_take(void)
{
	migrate_disable();
	spin_lock_rt(&pcp_admin_lock);
}

static inline void pcp_admin_lock_drop(void)
{
	spin_unlock_rt(&pcp_admin_lock);
	migrate_enable();
}
/*
 * pcp_gate_close - publish PCP_MODE_OFF and wait until no section is
 * inside any CPU's lists; from then on every section falls back to the
 * buddy. Context: task, preemptible, pcp_admin_lock held.
 * Return: the mode to hand to pcp_gate_open.
 */
int pcp_gate_close(void);
/* pcp_gate_open - publish @mode again. Context: as pcp_gate_close. */
void pcp_gate_open(int mode);
/* Is the gate closed by the running context? */
bool pcp_gate_closed_by_me(void);
/*
 * pcp_remote_begin/end - stop every CPU's use of its lists (gate closed)
 * for a walk of any of them: views, checks, locators. Context: task,
 * preemptible; takes (and end drops) pcp_admin_lock.
 */
void pcp_remote_begin(struct pcp_section *s);
void pcp_remote_end(struct pcp_section *s);
/*
 * pcp_drain_zone_remote - empty @cpu's lists for @z from any CPU: under
 * pcp->lock when the mode has one, else under the closed gate (which
 * the caller holds). Context: task, preemptible, pcp_admin_lock held.
 * Return: pages given back.
 */
unsigned long pcp_drain_zone_remote(struct zone *z, int cpu, int mode);
/* The same, but at most @most pages (the housekeeper's trims). */
unsigned long pcp_trim_zone_remote(struct zone *z, int cpu, int mode, int most);

/* Sizing (mm/pcp_size.c): @z's high and batch to every CPU's lists.
 * Context: pcp_admin_lock held, or boot. */
void zone_pcp_update_locked(struct zone *z);
/* Mode (mm/pcp_mode.c): the mode pcp_init publishes, from pcp_lock=. */
int pcp_boot_mode(void);
/* The mode named @s ("spin"), or -1. */
int pcp_mode_parse(const char *s);
/* Whether this build fixes the mode (make PCP_MODE=...); *@mode gets it. */
bool pcp_mode_fixed(int *mode);
/*
 * pcp_set_mode - switch every CPU to @mode: gate closed (no section
 * inside anywhere), every list drained, @mode published.
 * Context: task, preemptible. Return: 0; -22 for no such mode, -1 when
 * the build fixes another mode.
 */
int pcp_set_mode(int mode);
/* The mode now (PCP_MODE_OFF while a switcher works). Context: any. */
int pcp_get_mode(void);
extern unsigned long pcp_mode_switches;
/* Checks (mm/pcp_check.c): register the mm_check walkers. Context: boot. */
void pcp_check_init(void);

#endif

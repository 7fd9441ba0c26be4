/*
 * Emptying every CPU's per-CPU lists: the drain mutex, the choice of
 * mechanism (ipi, work, remote: mm/drain.h), the IPI and remote ways,
 * and the per-CPU half that ipi and work run on each target. Mirrors
 * Linux's __drain_all_pages, drain_pages_zone and drain_local_pages, as
 * they were before 5.0 (IPI), in 5.x (work queue) and from 6.0 (remote).
 * Lock order: drain mutex -> pcp admin lock -> pcp->lock -> zone->lock.
 * Kernel only.
 */
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/drain.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"

CMDLINE_KEY(drain, "ipi|work|remote: how every CPU's per-CPU lists are "
		   "drained (default remote)");

const char *const drain_mech_names[NR_DRAIN_MECHS] = {
	[DRAIN_IPI] = "ipi",
	[DRAIN_WORK] = "work",
	[DRAIN_REMOTE] = "remote",
};

static int drain_mech = DRAIN_REMOTE;
bool drain_hold_unbounded;
/* 0 free, 1 held: one drain at a time (Linux's pcpu_drain_mutex) */
static int drain_mutex_word;
/* pcp_mode_switches when the fallback line was last printed, plus 1 */
static unsigned long drain_fallback_told;

int pcp_hold_bound(int batch)
{
	if (READ_ONCE(drain_hold_unbounded))
		return 1 << 30;
	return MAX(batch, 1) << PCP_BATCH_SCALE_MAX;
}

int drain_mech_parse(const char *s)
{
	for (int m = 0; m < NR_DRAIN_MECHS; m++)
		if (!strcmp(s, drain_mech_names[m]))
			return m;
	return -1;
}

int drain_mech_get(void)
{
	return READ_ONCE(drain_mech);
}

/* One line, once per pcp mode, when remote must use ipi instead. */
static void drain_tell_fallback(int mode)
{
	unsigned long now = READ_ONCE(pcp_mode_switches) + 1;

	if (READ_ONCE(drain_fallback_told) == now)
		return;
	WRITE_ONCE(drain_fallback_told, now);
	pr_info("drain: remote needs pcp->lock, which the %s mode does not "
		"have: drains use ipi until the mode is spin_irqsave, spin "
		"or rt\n",
		pcp_mode_names[mode]);
}

int drain_mech_effective(void)
{
	int mech = drain_mech_get();
	int mode = READ_ONCE(pcp_lock_mode);

	if (mech == DRAIN_REMOTE && mode != PCP_MODE_OFF &&
	    !pcp_mode_has_lock(mode))
		return DRAIN_IPI;
	return mech;
}

int drain_mech_set(int mech)
{
	int mode = READ_ONCE(pcp_lock_mode);

	if (mech < 0 || mech >= NR_DRAIN_MECHS)
		return -22;
	WRITE_ONCE(drain_mech, mech);
	if (mech == DRAIN_REMOTE && mode != PCP_MODE_OFF &&
	    !pcp_mode_has_lock(mode))
		drain_tell_fallback(mode);
	return 0;
}

/* Boot, from pcp_init: drain= and the housekeeping thread. */
void drain_init(void)
{
	const char *s = cmdline_str("drain", NULL);
	int mech = s ? drain_mech_parse(s) : DRAIN_REMOTE;

	if (mech < 0) {
		pr_warn("drain: bad value '%s' for drain (ipi, work or "
			"remote), using remote\n",
			s);
		mech = DRAIN_REMOTE;
	}
	WRITE_ONCE(drain_mech, mech);
	pcp_housekeep_start();
}

bool drain_mutex_trylock(void)
{
	int free = 0;

	return __atomic_compare_exchange_n(&drain_mutex_word, &free, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Context: task, preemptible: the holder may be on this CPU. */
void drain_mutex_lock(void)
{
	while (!drain_mutex_trylock())
		sched_yield();
}

void drain_mutex_unlock(void)
{
	__atomic_store_n(&drain_mutex_word, 0, __ATOMIC_RELEASE);
}

/*
 * Empty this CPU's lists of @z in bounded chunks, a section each, so a
 * hard IRQ handler never keeps IRQs off for more than one chunk.
 * Context: pinned to this CPU. Return: pages; *@busy as for the caller.
 */
static unsigned long pcp_drain_this_zone(struct zone *z, int *busy)
{
	unsigned long n = 0;
	int left;

	do {
		struct pcp_section s;

		if (!pcp_enter(zone_id(z), &s)) {
			/* a closed gate with nothing on the list is done */
			if (READ_ONCE(pcp_lock_mode) != PCP_MODE_OFF ||
			    READ_ONCE(
				    this_cpu_ptr(&pcp_sets[zone_id(z)])->count))
				(*busy)++;
			return n;
		}
		left = s.pcp->count; /* read inside the section */
		if (left > 0) {
			int chunk = MIN(left, pcp_hold_bound(s.pcp->batch));

			n += (unsigned long)pcp_spill_locked(z, &s, chunk, 0);
			left -= chunk;
		}
		pcp_exit(&s);
	} while (left > 0);
	return n;
}

unsigned long pcp_drain_this_cpu(struct zone *z, int *busy)
{
	unsigned long n = 0;
	struct zone *zz;

	for_each_populated_zone(zz)
		if (!z || zz == z)
			n += pcp_drain_this_zone(zz, busy);
	return n;
}

/* What an ipi drain tells its targets, and what they tell back. */
struct drain_ipi_call {
	struct zone *z;
	struct cpumask retry; /* CPUs that found a list they could not lock */
	unsigned long pages;  /* (atomic) */
};

/* Context: hard IRQ (the call-function IPI), or the drainer's own CPU
 * with IRQs off. */
static void drain_ipi_fn(void *arg)
{
	struct drain_ipi_call *c = arg;
	u64 t0 = rdtsc();
	int busy = 0;
	unsigned long n = pcp_drain_this_cpu(c->z, &busy);

	if (busy)
		cpumask_set_cpu(smp_processor_id(), &c->retry);
	__atomic_add_fetch(&c->pages, n, __ATOMIC_RELAXED);
	drainstat_cpu(false, rdtsc() - t0, n);
}

static bool drain_mask_empty(const struct cpumask *m)
{
	return cpumask_weight(m) == 0;
}

/*
 * IPI every CPU of @mask and wait; this CPU runs the call itself. A CPU
 * whose IPI interrupted its own section (spin, rt) cannot lock its lists
 * there: it is sent another IPI once we have yielded.
 * Context: task, preemptible, drain mutex held. Return: pages.
 */
static unsigned long drain_ipi_all(struct zone *z, struct cpumask *mask)
{
	static struct drain_ipi_call c; /* under the drain mutex */
	unsigned long flags;

	c = (struct drain_ipi_call){.z = z};
	migrate_disable(); /* "this CPU" must stay one CPU throughout */
	for (;;) {
		cpumask_clear(&c.retry);
		smp_call_function_many(mask, drain_ipi_fn, &c, true);
		local_irq_save(flags);
		if (cpumask_test_cpu(smp_processor_id(), mask))
			drain_ipi_fn(&c);
		local_irq_restore(flags);
		if (drain_mask_empty(&c.retry))
			break;
		*mask = c.retry;
		sched_yield(); /* a preempted rt holder here may need us */
	}
	migrate_enable();
	return c.pages;
}

/*
 * Take each CPU's pcp->lock from here (seed 002). The admin lock keeps
 * the mode from changing under us. Context: task, preemptible, drain
 * mutex held. Return: pages, or -1 if the mode has no pcp->lock.
 */
static long drain_remote_all(struct zone *z, int *cpus)
{
	unsigned long n = 0;
	struct zone *zz;
	int cpu, mode;

	pcp_admin_lock_take();
	mode = READ_ONCE(pcp_lock_mode);
	if (mode == PCP_MODE_OFF) { /* boot: nothing was ever on a list */
		pcp_admin_lock_drop();
		return 0;
	}
	if (!pcp_mode_has_lock(mode)) {
		pcp_admin_lock_drop();
		return -1;
	}
	for_each_pcp_cpu(cpu) {
		for_each_populated_zone(zz)
			if (!z || zz == z)
				n += pcp_drain_zone_remote(zz, cpu, mode);
		(*cpus)++;
	}
	pcp_admin_lock_drop();
	return (long)n;
}

/* Online CPUs to visit: all with @force, else those whose lists of @z
 * (NULL: any zone) look non-empty, read without a lock as Linux does. */
static void drain_pick_cpus(struct zone *z, bool force, struct cpumask *m)
{
	int cpu;

	cpumask_clear(m);
	for_each_online_cpu(cpu) {
		struct zone *zz;
		bool has = force;

		for_each_populated_zone(zz)
			if (!has && (!z || zz == z))
				has = READ_ONCE(pcp_of(zz, cpu)->count) > 0;
		if (has)
			cpumask_set_cpu(cpu, m);
	}
}

/* Context: task, preemptible, drain mutex held. */
static unsigned long drain_locked(struct zone *z, bool force)
{
	int mech = drain_mech_get(), cpus = 0;
	u64 t0 = rdtsc();
	struct cpumask mask;
	unsigned long n;

	if (mech == DRAIN_REMOTE) {
		long r = drain_remote_all(z, &cpus);

		if (r >= 0) {
			drainstat_drain(mech, rdtsc() - t0, (unsigned long)r,
					cpus);
			return (unsigned long)r;
		}
		drain_tell_fallback(READ_ONCE(pcp_lock_mode));
		drainstat_fallback();
		mech = DRAIN_IPI;
	}
	drain_pick_cpus(z, force, &mask);
	cpus = cpumask_weight(&mask);
	if (mech == DRAIN_IPI)
		n = drain_ipi_all(z, &mask);
	else
		n = drain_work_all(z, &mask);
	drainstat_drain(mech, rdtsc() - t0, n, cpus);
	return n;
}

unsigned long __drain_all_pages(struct zone *z, bool force)
{
	unsigned long n;

	if (!drain_mutex_trylock()) {
		if (!z) { /* the running drain does the work */
			drainstat_skipped();
			return 0;
		}
		drain_mutex_lock();
	}
	n = drain_locked(z, force);
	drain_mutex_unlock();
	return n;
}

/*
 * Callers that need the lists empty afterwards (zone_pcp_disable, mode
 * switches, tests) wait for a running drain even for every zone: they
 * cannot take "someone else is at it" as done.
 */
unsigned long drain_all_pages(struct zone *z)
{
	unsigned long n;

	drain_mutex_lock();
	n = drain_locked(z, true);
	drain_mutex_unlock();
	return n;
}

bool pcp_drain_for_retry(gfp_t gfp)
{
	if (!(gfp & __GFP_DIRECT_RECLAIM) || !preemptible() ||
	    READ_ONCE(pcp_lock_mode) == PCP_MODE_OFF)
		return false;
	return __drain_all_pages(NULL, false) > 0;
}

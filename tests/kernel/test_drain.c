/*
 * ktest suite "drain": the three drain mechanisms (ipi, work, remote) in
 * every pcp locking mode, under allocation on every CPU; the drain mutex
 * (every zone: trylock, one zone: wait); a remote drain that reads count
 * only under the lock (Linux 6.10's bug left a free made just before the
 * lock on the list); bounded zone->lock holds; drains racing owners that
 * allocate in task and hard IRQ context while `pcp lock` and `drain
 * mode` switch.
 */
#include "kernel/inject.h"
#include "kernel/isolation.h"
#include "lib/prng.h"
#include "tests/kernel/drain_test_util.h"

static int dt_modes_fixed(int m)
{
	int fixed;

	return pcp_mode_fixed(&fixed) && m != fixed;
}

/*
 * One mode, one mechanism: workers stock a list on every CPU and keep
 * allocating; one drain must leave every CPU's stocked list empty. Then,
 * workers stopped, a drain leaves every list of every CPU empty.
 */
static void dt_empties_one(struct ktest *t, int mode, int mech)
{
	unsigned long fb = drainstat_fallbacks(), n;
	int used = mech;
	static struct dt_workers w;

	KASSERT_TRUE(t, dt_workers_start(&w));
	for (int i = 0; i < w.nr; i++)
		KEXPECT_GT(t, dt_fill_len(w.cpu[i]), 0);
	drain_mech_set(mech);
	if (mech == DRAIN_REMOTE && !pcp_mode_has_lock(mode))
		used = DRAIN_IPI;
	KEXPECT_EQ(t, drain_mech_effective(), used);
	n = __drain_all_pages(NULL, true);
	KEXPECT_GE(t, n, (unsigned long)w.nr);
	for (int i = 0; i < w.nr; i++)
		if (dt_fill_len(w.cpu[i]))
			ktest_fail(t, __FILE__, __LINE__,
				   "mode %s drain %s: cpu%d's stocked list "
				   "not empty",
				   pcp_mode_names[mode], drain_mech_names[mech],
				   w.cpu[i]);
	KEXPECT_EQ(t, drainstat_fallbacks() - fb, used != mech);
	dt_workers_stop(&w);
	KEXPECT_GT(t, w.ops, 0);
	drain_all_pages(NULL);
	KEXPECT_EQ(t, pcp_pages(NULL), 0);
}

static void drain_every_mechanism_empties_every_pcp(struct ktest *t)
{
	int boot = pcp_get_mode(), mech = drain_mech_get();

	if (mm_test_skip(t))
		return;
	for (int m = 0; m < NR_PCP_MODES; m++) {
		if (dt_modes_fixed(m))
			continue;
		KEXPECT_EQ(t, pcp_set_mode(m), 0);
		for (int d = 0; d < NR_DRAIN_MECHS; d++)
			dt_empties_one(t, m, d);
	}
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	drain_mech_set(mech);
	KEXPECT_EQ(t, mm_check(), 0);
}

/* A drain for one zone, run on a thread while the test holds the mutex. */
struct dt_waiter {
	struct zone *z;
	bool started, done;
};

static int dt_waiter_fn(void *arg)
{
	struct dt_waiter *wt = arg;

	__atomic_store_n(&wt->started, true, __ATOMIC_RELEASE);
	__drain_all_pages(wt->z, false);
	__atomic_store_n(&wt->done, true, __ATOMIC_RELEASE);
	return 0;
}

static void drain_mutex_all_zones_trylock_one_zone_waits(struct ktest *t)
{
	struct dt_waiter wt = {.z = pcp_test_zone()};
	unsigned long skips = drainstat_skips();
	struct thread *th;

	KASSERT_TRUE(t, drain_mutex_trylock());
	/* every zone: returns at once, having drained nothing */
	KEXPECT_EQ(t, __drain_all_pages(NULL, true), 0);
	KEXPECT_EQ(t, drainstat_skips() - skips, 1);
	th = kthread_create(dt_waiter_fn, &wt, raw_smp_processor_id(),
			    "dt-wait");
	KASSERT_TRUE(t, th != NULL);
	while (!__atomic_load_n(&wt.started, __ATOMIC_ACQUIRE))
		sched_yield();
	/* it had its chances to finish; one zone must wait for us */
	for (int i = 0; i < 200; i++)
		sched_yield();
	KEXPECT_FALSE(t, __atomic_load_n(&wt.done, __ATOMIC_ACQUIRE));
	drain_mutex_unlock();
	kthread_join(th);
	KEXPECT_TRUE(t, wt.done);
	KEXPECT_EQ(t, drainstat_skips() - skips, 1);
}

/* The count-under-lock case: pages freed (in an IRQ) just before the
 * drainer locks this CPU's list. */
static struct {
	struct page *p[16];
	int n, ran, count_after;
	struct zone *z;
} dt_cu;

/* Context: the injected hard IRQ, on the drainer's CPU. */
static void dt_cu_irq(struct inject_point *p, void *arg)
{
	(void)arg;
	inject_disarm(p->name);
	for (int i = 0; i < dt_cu.n; i++)
		__free_pages(dt_cu.p[i], 0);
	dt_cu.ran++;
	dt_cu.count_after = this_cpu_ptr(&pcp_sets[zone_id(dt_cu.z)])->count;
}

/* @cpu's position among the CPUs with lists: the remote drain's order. */
static u32 dt_pcp_rank(int cpu)
{
	u32 r = 0;
	int c;

	for_each_pcp_cpu(c)
		if (c < cpu)
			r++;
	return r;
}

static void dt_count_under_lock_body(struct ktest *t, int mode)
{
	struct zone *z = pcp_test_zone();
	int cpu = raw_smp_processor_id();

	if (!pcp_mode_has_lock(mode))
		return; /* remote is ipi there: nothing to race */
	dt_cu.z = z;
	dt_cu.ran = 0;
	dt_cu.n = 0;
	for (int i = 0; i < 16; i++) {
		dt_cu.p[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		if (dt_cu.p[i])
			dt_cu.n++;
		else
			break;
	}
	drain_all_pages(z); /* this CPU's list of z is empty now */
	KEXPECT_EQ(t, pcp_of(z, cpu)->count, 0);
	/* the drain reaches the point once per CPU, in CPU order */
	KASSERT_TRUE(t, inject_arm("drain_remote_before_lock", INJECT_IRQ,
				   dt_pcp_rank(cpu) + 1, dt_cu_irq, NULL) > 0);
	drain_all_pages(z);
	inject_disarm("drain_remote_before_lock");
	KEXPECT_EQ(t, dt_cu.ran, 1);
	KEXPECT_GT(t, dt_cu.count_after, 0);
	KEXPECT_EQ(t, pcp_of(z, cpu)->count, 0);
	if (t->failures)
		ktest_log(t, "mode %s: %d pages freed before the lock, %d left",
			  pcp_mode_names[mode], dt_cu.count_after,
			  pcp_of(z, cpu)->count);
}

static void drain_remote_reads_count_under_lock(struct ktest *t)
{
	int mech = drain_mech_get();

	if (!CONFIG_INJECT) {
		ktest_skip(t, "built with INJECT=0");
		return;
	}
	drain_mech_set(DRAIN_REMOTE);
	pcp_test_each_mode(t, dt_count_under_lock_body);
	drain_mech_set(mech);
}

/*
 * Put @pages order-0 pages on this CPU's list of @z, high lifted so none
 * spills. Context: a thread bound to one CPU. Return: pages there.
 */
static int dt_stock(struct zone *z, int pages, struct list_head *tmp)
{
	struct per_cpu_pages *pcp = this_cpu_ptr(&pcp_sets[zone_id(z)]);
	struct page *p, *n;

	pcp_admin_lock_take();
	WRITE_ONCE(pcp->high, 1 << 30);
	pcp_admin_lock_drop();
	for (int i = 0; i < pages; i++) {
		p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		if (!p)
			break;
		list_add(&p->lru, tmp);
	}
	list_for_each_entry_safe(p, n, tmp, lru) {
		list_del(&p->lru);
		__free_pages(p, 0);
	}
	return READ_ONCE(pcp->count);
}

static struct {
	int held[NR_DRAIN_MECHS + 2];
	int bound;
	int stocked[NR_DRAIN_MECHS + 2];
} dt_b;

/* Context: a thread bound to one CPU, mode spin (remote works). */
static int dt_bound_fn(void *arg)
{
	struct zone *z = arg;
	LIST_HEAD(tmp);

	for (int k = 0; k < NR_DRAIN_MECHS + 2; k++) {
		/* k == NR_DRAIN_MECHS: the owner's spill; +1: unbounded */
		dt_b.stocked[k] = dt_stock(z, 10 * dt_b.bound, &tmp);
		drainstat_reset();
		WRITE_ONCE(drain_hold_unbounded, k == NR_DRAIN_MECHS + 1);
		if (k < NR_DRAIN_MECHS) {
			drain_mech_set(k);
			drain_all_pages(z);
		} else {
			struct pcp_section s;

			while (!pcp_enter(zone_id(z), &s))
				sched_yield();
			pcp_spill_locked(z, &s, s.pcp->count, 0);
			pcp_exit(&s);
		}
		WRITE_ONCE(drain_hold_unbounded, false);
		dt_b.held[k] = drainstat_max_hold_pages();
		zone_pcp_update_all(); /* high back */
		drain_all_pages(z);
	}
	return 0;
}

static void drain_bounded_zone_lock_holds(struct ktest *t)
{
	struct zone *z = pcp_test_zone();
	int mech = drain_mech_get(), boot = pcp_get_mode(), fixed;
	struct thread *th;

	if (pcp_mode_fixed(&fixed) && fixed != PCP_MODE_SPIN) {
		ktest_skip(t, "needs the spin mode");
		return;
	}
	KEXPECT_EQ(t, pcp_set_mode(PCP_MODE_SPIN), 0);
	dt_b.bound = pcp_hold_bound(z->pageset_batch);
	if (zone_page_state(z, NR_FREE_PAGES) < 12UL * (unsigned)dt_b.bound) {
		ktest_skip(t, "zone too small for 10x the bound");
		return;
	}
	th = kthread_create_on_cpu(dt_bound_fn, z, raw_smp_processor_id(),
				   "dt-bound");
	KASSERT_TRUE(t, th != NULL);
	kthread_join(th);
	for (int k = 0; k < NR_DRAIN_MECHS + 2; k++) {
		const char *what = k < NR_DRAIN_MECHS	 ? drain_mech_names[k]
				   : k == NR_DRAIN_MECHS ? "spill"
							 : "unbounded";

		ktest_log(t,
			  "%s: %d pages stocked, longest hold %d pages "
			  "(bound %d)",
			  what, dt_b.stocked[k], dt_b.held[k], dt_b.bound);
		KEXPECT_GE(t, dt_b.stocked[k], 10 * dt_b.bound);
		if (k <= NR_DRAIN_MECHS)
			KEXPECT_LE(t, dt_b.held[k], dt_b.bound);
		else /* without the bound one hold takes the whole list */
			KEXPECT_GE(t, dt_b.held[k], 10 * dt_b.bound);
	}
	drain_mech_set(mech);
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	KEXPECT_EQ(t, pcp_pages(z), 0);
}

static const struct ktest_case drain_cases[] = {
	KTEST_CASE(drain_every_mechanism_empties_every_pcp),
	KTEST_CASE(drain_mutex_all_zones_trylock_one_zone_waits),
	KTEST_CASE(drain_remote_reads_count_under_lock),
	KTEST_CASE(drain_bounded_zone_lock_holds),
	{NULL, NULL},
};
KTEST_SUITE(drain, .cases = drain_cases);

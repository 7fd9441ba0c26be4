/*
 * ktest suite "nolock_smp": everything at once. Workers (up to four
 * CPUs) allocate and free at random: orders 0..3 and 9, singly, in bulk
 * (freed with free_pages_list) and with the nolock calls; they free each
 * other's blocks through a shared exchange and are moved between CPUs by
 * the migrator; every tick allocates in hard IRQ and raises allocating
 * NMIs on its own and the next CPU (irq_alloc_test, nmi_alloc_test);
 * the pcp mode switches every 200 ms. Every block anyone holds carries an
 * owner tag (alloc_test_claim), so a block handed out twice is caught,
 * and page_poison is on, so a write to a free block is caught.
 *
 * Every half second, and at the end, the workers are parked and mm_check
 * (which holds the interrupt load off) must pass: lists, counts, the
 * deferred frees, managed = free + allocated + per-CPU + deferred, and
 * PGALLOC - PGFREE = allocated. At the end every counter must be back.
 */
#include "lib/prng.h"
#include "mm/alloc_test_load.h"
#include "mm/page_debug.h"
#include "mm/pcp_deferred.h"
#include "tests/kernel/migrator.h"
#include "tests/kernel/pcp_test_util.h"

#define NS_MAX_WORKERS 4
#define NS_MIN_OPS     600 /* per worker, at least */
#define NS_STASH       16
#define NS_XCHG	       32
#define NS_BULK	       4
#define NS_SWITCH_NS   (200 * 1000 * 1000)
#define NS_CHECK_NS    (500 * 1000 * 1000)
#define NS_MIN_SWITCH  5
#define NS_MIN_CHECKS  2

struct ns_run {
	spinlock_t xlock;
	struct page *xchg[NS_XCHG]; /* (xlock) */
	bool go, stop, stop_switch, hold;
	int done, parked,
		ready; /* workers: finished, parked, past NS_MIN_OPS */
	/* atomic counts */
	u64 pages_in, pages_out, switches, checks, check_problems;
	u64 nolock_allocs, bulk_allocs;
};

static struct ns_run ns;

static unsigned int ns_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	if (x < 55)
		return 0;
	if (x < 98)
		return 1 + (unsigned int)prng_below(r, 3);
	return pageblock_order;
}

static gfp_t ns_gfp(struct prng *r)
{
	static const gfp_t gfp[] = {GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
				    GFP_KERNEL | __GFP_RECLAIMABLE, GFP_ATOMIC};

	return gfp[prng_below(r, ARRAY_SIZE(gfp))] | __GFP_NOWARN;
}

/* Ours now: tag it (a tag already there is a block handed out twice). */
static struct page *ns_take(struct page *p, unsigned long who)
{
	if (!p || !alloc_test_claim(p, who))
		return NULL; /* twice: counted; leave it alone */
	__atomic_add_fetch(&ns.pages_in, 1UL << p->order, __ATOMIC_RELAXED);
	return p;
}

/* Untag, then free through either door. */
static void ns_free(struct page *p, bool nolock)
{
	unsigned int order = p->order;

	alloc_test_release(p);
	__atomic_add_fetch(&ns.pages_out, 1UL << order, __ATOMIC_RELAXED);
	if (nolock)
		free_pages_nolock(p, order);
	else
		__free_pages(p, order);
}

/* A bulk array of order-0 pages: keep one, free the rest as a list. */
static struct page *ns_bulk(struct prng *r, unsigned long who)
{
	struct page *a[NS_BULK] = {NULL}, *keep = NULL;
	LIST_HEAD(list);

	alloc_pages_bulk_array(ns_gfp(r), NS_BULK, a);
	for (int i = 0; i < NS_BULK; i++) {
		if (!ns_take(a[i], who))
			continue;
		__atomic_add_fetch(&ns.bulk_allocs, 1, __ATOMIC_RELAXED);
		if (!keep) {
			keep = a[i];
			continue;
		}
		alloc_test_release(a[i]);
		__atomic_add_fetch(&ns.pages_out, 1, __ATOMIC_RELAXED);
		list_add_tail(&a[i]->lru, &list);
	}
	free_pages_list(&list);
	return keep;
}

static struct page *ns_alloc(struct prng *r, unsigned long who)
{
	u64 x = prng_below(r, 100);

	if (x < 50)
		return ns_take(alloc_pages(ns_gfp(r), ns_order(r)), who);
	if (x < 75)
		return ns_bulk(r, who);
	x = prng_below(r, 4);
	__atomic_add_fetch(&ns.nolock_allocs, 1, __ATOMIC_RELAXED);
	return ns_take(alloc_pages_nolock(NUMA_NO_NODE, (unsigned int)x), who);
}

/* Hand @p to the exchange; free whatever was there (someone else's). */
static void ns_exchange(struct prng *r, struct page **p)
{
	int i = (int)prng_below(r, NS_XCHG);
	unsigned long flags = spin_lock_irqsave(&ns.xlock);
	struct page *theirs = ns.xchg[i];

	ns.xchg[i] = *p;
	spin_unlock_irqrestore(&ns.xlock, flags);
	*p = NULL;
	if (theirs)
		ns_free(theirs, prng_below(r, 2));
}

/* Wait here while the checker looks. Context: a worker, preemptible. */
static void ns_park(void)
{
	__atomic_add_fetch(&ns.parked, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ns.hold, __ATOMIC_SEQ_CST))
		sched_yield();
	__atomic_sub_fetch(&ns.parked, 1, __ATOMIC_SEQ_CST);
}

static void ns_step(struct prng *r, struct page **slot, unsigned long who)
{
	if (!*slot) {
		*slot = ns_alloc(r, who);
	} else if (prng_below(r, 100) < 60) {
		ns_free(*slot, prng_below(r, 2));
		*slot = NULL;
	} else {
		ns_exchange(r, slot);
	}
}

static int ns_worker(void *arg)
{
	unsigned long who = (unsigned long)(uintptr_t)arg + 1;
	struct page *stash[NS_STASH] = {NULL};
	struct prng r;
	int ops = 0;

	prng_seed(&r, 0x90c0 + who);
	while (!__atomic_load_n(&ns.go, __ATOMIC_ACQUIRE))
		sched_yield();
	while (ops < NS_MIN_OPS || !READ_ONCE(ns.stop)) {
		if (__atomic_load_n(&ns.hold, __ATOMIC_SEQ_CST))
			ns_park();
		ns_step(&r, &stash[prng_below(&r, NS_STASH)], who);
		if (++ops == NS_MIN_OPS)
			__atomic_add_fetch(&ns.ready, 1, __ATOMIC_RELEASE);
	}
	for (int i = 0; i < NS_STASH; i++)
		if (stash[i])
			ns_free(stash[i], false);
	__atomic_add_fetch(&ns.done, 1, __ATOMIC_RELEASE);
	return 0;
}

static int ns_switcher(void *arg)
{
	int mode = 0, fixed;

	(void)arg;
	while (!READ_ONCE(ns.stop_switch)) {
		mode = (mode + 1) % NR_PCP_MODES;
		if (pcp_mode_fixed(&fixed))
			mode = fixed;
		if (pcp_set_mode(mode) == 0)
			__atomic_add_fetch(&ns.switches, 1, __ATOMIC_RELAXED);
		sched_sleep_ns(NS_SWITCH_NS);
	}
	return 0;
}

/*
 * Park every running worker, check, let them go. Blocks workers hold
 * are allocated, which mm_check accounts for. Context: the test thread.
 */
static void ns_check(struct ktest *t, int workers)
{
	int problems;

	__atomic_store_n(&ns.hold, true, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ns.parked, __ATOMIC_SEQ_CST) +
		       __atomic_load_n(&ns.done, __ATOMIC_SEQ_CST) <
	       workers)
		sched_yield();
	problems = mm_check();
	__atomic_store_n(&ns.hold, false, __ATOMIC_SEQ_CST);
	ns.checks++;
	ns.check_problems += (u64)problems;
	if (problems)
		ktest_log(t, "check %lu: %d problems", (unsigned long)ns.checks,
			  problems);
}

/* Check every NS_CHECK_NS until enough switches, checks and operations
 * have happened; then stop the workers. Context: the test thread. */
static void ns_supervise(struct ktest *t, int workers)
{
	while (__atomic_load_n(&ns.ready, __ATOMIC_ACQUIRE) < workers ||
	       READ_ONCE(ns.switches) < NS_MIN_SWITCH ||
	       ns.checks < NS_MIN_CHECKS) {
		sched_sleep_ns(NS_CHECK_NS);
		ns_check(t, workers);
	}
	WRITE_ONCE(ns.stop, true);
}

/* Free what the exchange holds and what waits on deferred lists, with
 * the load off, so the counters can be compared with the start. */
static void ns_settle(void)
{
	struct zone *z;

	for (int i = 0; i < NS_XCHG; i++)
		if (ns.xchg[i])
			ns_free(ns.xchg[i], false);
	alloc_test_set(false, false);
	alloc_test_pause();
	alloc_test_resume();
	for_each_populated_zone(z) {
		unsigned long flags = spin_lock_irqsave(&z->lock);

		zone_deferred_flush(z);
		spin_unlock_irqrestore(&z->lock, flags);
	}
}

static void ns_run_all(struct ktest *t, struct migrator *m)
{
	struct thread *sw;

	KASSERT_TRUE(t, migrator_start(m));
	sw = kthread_create_on_cpu(ns_switcher, NULL,
				   migrator_cpu(migrator_nr_cpus() - 1),
				   "nolock-sw");
	KASSERT_TRUE(t, sw != NULL);
	alloc_test_set(true, true);
	__atomic_store_n(&ns.go, true, __ATOMIC_RELEASE);
	ns_supervise(t, m->nr_threads);
	for (int i = 0; i < m->nr_threads; i++)
		kthread_join(m->threads[i]);
	WRITE_ONCE(ns.stop_switch, true);
	kthread_join(sw);
	migrator_stop(m);
	ns_settle();
}

/* What the note reports: fallbacks and failures by reason, this run. */
static const enum vm_event_item ns_events[] = {
	PCP_TRYLOCK_FAIL,    NOLOCK_ALLOC,	    NOLOCK_FREE,
	NOLOCK_DEFERRED,     NOLOCK_DRAINED,	    NOLOCK_PCP_BUSY,
	NOLOCK_MODE_FORBIDS, NOLOCK_FAIL_ZONE_BUSY, NOLOCK_FAIL_EMPTY,
	NOLOCK_FAIL_ORDER,
};

static unsigned long ns_ev0[ARRAY_SIZE(ns_events)];

static void ns_log_events(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_events); i++)
		ktest_log(t, "%s +%lu", vm_event_names[ns_events[i]],
			  global_vm_event(ns_events[i]) - ns_ev0[i]);
}

static struct mm_counters ns_before, ns_after;

static void ns_start(struct ktest *t, struct migrator *m, int nr)
{
	ns = (struct ns_run){0};
	spin_lock_init(&ns.xlock, "ns_xlock");
	*m = (struct migrator){.nr_threads = nr};
	for (int i = 0; i < nr; i++) {
		m->threads[i] =
			kthread_create(ns_worker, (void *)(uintptr_t)i,
				       migrator_worker_cpu_nr(i), "nolock-smp");
		KASSERT_TRUE(t, m->threads[i] != NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ns_events); i++)
		ns_ev0[i] = global_vm_event(ns_events[i]);
}

static void nolock_smp_everything_at_once(struct ktest *t)
{
	static struct migrator m;
	bool poison = page_poison_enabled;
	unsigned long hits = page_debug_poison_hits;
	u64 twice = alloc_test_twice;
	struct alloc_test_stats st0, st;
	int boot = pcp_get_mode(), nr;

	if (mm_test_skip(t))
		return;
	nr = MIN(NS_MAX_WORKERS, MAX(2, migrator_nr_worker_cpus()));
	page_poison_enabled = true;
	mm_test_counters_read(&ns_before);
	alloc_test_stats(&st0);
	ns_start(t, &m, nr);
	ns_run_all(t, &m);
	alloc_test_stats(&st);
	page_poison_enabled = poison;
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	ktest_log(t,
		  "%d workers: %lu pages in, %lu nolock and %lu bulk "
		  "allocations, %lu switches, %lu checks, %lu migrations",
		  nr, (unsigned long)ns.pages_in,
		  (unsigned long)ns.nolock_allocs,
		  (unsigned long)ns.bulk_allocs, (unsigned long)ns.switches,
		  (unsigned long)ns.checks, (unsigned long)m.moves);
	ktest_log(t,
		  "load: %lu tick runs (%lu blocks), %lu NMI runs (%lu "
		  "blocks, %lu failed allocations)",
		  (unsigned long)(st.irq_runs - st0.irq_runs),
		  (unsigned long)(st.irq_blocks - st0.irq_blocks),
		  (unsigned long)(st.nmi_runs - st0.nmi_runs),
		  (unsigned long)(st.nmi_blocks - st0.nmi_blocks),
		  (unsigned long)(st.nmi_fails - st0.nmi_fails));
	ns_log_events(t);
	KEXPECT_EQ(t, alloc_test_twice - twice, 0);
	KEXPECT_EQ(t, page_debug_poison_hits, hits);
	KEXPECT_EQ(t, ns.pages_in, ns.pages_out);
	KEXPECT_EQ(t, ns.check_problems, 0);
	KEXPECT_GE(t, ns.checks, NS_MIN_CHECKS);
	KEXPECT_GT(t, st.irq_runs - st0.irq_runs, 0);
	KEXPECT_GT(t, st.nmi_runs - st0.nmi_runs, 0);
	mm_test_counters_read(&ns_after);
	KEXPECT_EQ(t, mm_counters_compare(&ns_before, &ns_after), 0);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case nolock_smp_cases[] = {
	KTEST_CASE(nolock_smp_everything_at_once),
	{NULL, NULL},
};

KTEST_SUITE(nolock_smp, .cases = nolock_smp_cases);

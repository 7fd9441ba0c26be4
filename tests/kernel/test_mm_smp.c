/*
 * ktest suite "mm_smp": the allocator on every CPU at once. Workers (one
 * per CPU, at least two) allocate and free random orders and migratetypes,
 * hand blocks to each other through a shared exchange so that many are
 * freed on another CPU than the one that allocated them, and are moved
 * between CPUs at random by the migrator, while IPIs to their CPUs
 * allocate and free from hard IRQ context. Afterwards the event counters
 * must have moved by exactly what was done (PGALLOC and PGFREE by the
 * pages, numa_hit + numa_miss by the allocations), every zone counter must
 * be back at its value from before, and mm_check must be clean.
 */
#include "kernel/ktest.h"
#include "lib/prng.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/kernel/migrator.h"
#include "tests/kernel/mm_test_util.h"

#define MMS_MAX_WORKERS 4    /* more only queue on the zone lock under TCG */
#define MMS_OPS		1500 /* per worker, at least */
#define MMS_MOVES	16   /* migrations to see, where there are CPUs */
#define MMS_STASH	16   /* blocks a worker holds at most */
#define MMS_XCHG	32   /* blocks in flight between workers */
#define MMS_IPI_GAP_NS	(1000 * 1000)

struct mms_run {
	struct migrator *m;
	bool want_moves; /* go on past MMS_OPS until MMS_MOVES migrations */
	spinlock_t xlock;
	struct page *xchg[MMS_XCHG]; /* (xlock) */
	bool go;		     /* workers start together */
	int done;		     /* workers finished (atomic) */
	bool ipi_on;		     /* IPIs may allocate */
	/* what was done, all atomic */
	u64 allocs, pages_in, pages_out, ipi_allocs, cross_frees;
	u64 ipi_in, ipi_out;
};

static struct mms_run run;

static unsigned int mms_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	if (x < 60)
		return 0;
	if (x < 90)
		return 1 + (unsigned int)prng_below(r, 3);
	if (x < 99)
		return 4 + (unsigned int)prng_below(r, 3);
	return 9;
}

static gfp_t mms_gfp(struct prng *r)
{
	static const gfp_t gfp[] = {
		GFP_KERNEL,
		GFP_HIGHUSER_MOVABLE,
		GFP_KERNEL | __GFP_RECLAIMABLE,
		GFP_ATOMIC,
		GFP_ATOMIC | __GFP_MOVABLE,
		GFP_KERNEL | __GFP_DMA32,
	};

	return gfp[prng_below(r, ARRAY_SIZE(gfp))] | __GFP_NOWARN;
}

static void mms_free(struct page *p)
{
	unsigned int order = p->order;

	__free_pages(p, order);
	__atomic_add_fetch(&run.pages_out, 1UL << order, __ATOMIC_RELAXED);
}

static struct page *mms_alloc(struct prng *r)
{
	struct page *p = alloc_pages(mms_gfp(r), mms_order(r));

	if (p) {
		__atomic_add_fetch(&run.allocs, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&run.pages_in, 1UL << p->order,
				   __ATOMIC_RELAXED);
	}
	return p;
}

/*
 * Swap *@p with a random exchange slot: a block in the slot is freed by
 * us, wherever it was allocated. Context: preemptible; takes xlock.
 */
static void mms_exchange(struct prng *r, struct page **p)
{
	int i = (int)prng_below(r, MMS_XCHG);
	struct page *theirs;
	unsigned long flags = spin_lock_irqsave(&run.xlock);

	theirs = run.xchg[i];
	run.xchg[i] = *p;
	spin_unlock_irqrestore(&run.xlock, flags);
	*p = NULL;
	if (theirs) {
		mms_free(theirs);
		__atomic_add_fetch(&run.cross_frees, 1, __ATOMIC_RELAXED);
	}
}

/* Workers actually moved so far (a move of a sleeping one may not count). */
static u64 mms_migrations(void)
{
	u64 n = 0;
	int i;

	for (i = 0; i < run.m->nr_threads; i++)
		n += READ_ONCE(run.m->threads[i]->nr_migrations);
	return n;
}

/* Bounded by operations, not time: a slow host just takes longer. */
static bool mms_want_more(int ops)
{
	return run.want_moves && ops < 40 * MMS_OPS &&
	       mms_migrations() < MMS_MOVES;
}

static int mms_worker(void *arg)
{
	struct page *stash[MMS_STASH] = {NULL};
	struct prng r;
	int i;

	prng_seed(&r, 0x6d6d0000 + (u64)(uintptr_t)arg);
	while (!__atomic_load_n(&run.go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (i = 0; i < MMS_OPS || mms_want_more(i); i++) {
		struct page **slot = &stash[prng_below(&r, MMS_STASH)];
		u64 x = prng_below(&r, 100);

		if (!*slot)
			*slot = mms_alloc(&r);
		else if (x < 70)
			mms_free(*slot), *slot = NULL;
		else
			mms_exchange(&r, slot);
	}
	for (i = 0; i < MMS_STASH; i++)
		if (stash[i])
			mms_free(stash[i]);
	__atomic_add_fetch(&run.done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Context: call-function IPI (hard IRQ): an atomic allocation and free. */
static void mms_ipi(void *arg)
{
	struct page *p;

	(void)arg;
	__atomic_add_fetch(&run.ipi_in, 1, __ATOMIC_ACQ_REL);
	if (__atomic_load_n(&run.ipi_on, __ATOMIC_ACQUIRE)) {
		p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);
		if (p) {
			__atomic_add_fetch(&run.allocs, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&run.pages_in, 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&run.ipi_allocs, 1,
					   __ATOMIC_RELAXED);
			mms_free(p);
		}
	}
	__atomic_add_fetch(&run.ipi_out, 1, __ATOMIC_ACQ_REL);
}

/* No IPI allocates from here on: the counters stand still. */
static void mms_quiesce_ipis(void)
{
	__atomic_store_n(&run.ipi_on, false, __ATOMIC_RELEASE);
	while (__atomic_load_n(&run.ipi_in, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&run.ipi_out, __ATOMIC_ACQUIRE))
		sched_yield();
}

/* The event counts the test checks, summed over CPUs. */
struct mms_events {
	unsigned long pgalloc, pgfree, hit, miss, foreign, local, other;
};

static void mms_events_read(struct mms_events *e)
{
	e->pgalloc = global_vm_event(PGALLOC_DMA) +
		     global_vm_event(PGALLOC_DMA32) +
		     global_vm_event(PGALLOC_NORMAL);
	e->pgfree = global_vm_event(PGFREE);
	e->hit = global_numa_event_state(NUMA_HIT);
	e->miss = global_numa_event_state(NUMA_MISS);
	e->foreign = global_numa_event_state(NUMA_FOREIGN);
	e->local = global_numa_event_state(NUMA_LOCAL);
	e->other = global_numa_event_state(NUMA_OTHER);
}

static struct mm_counters mms_before, mms_after;

static void mms_check_counts(struct ktest *t, const struct mms_events *a,
			     const struct mms_events *b)
{
	KEXPECT_EQ(t, b->pgalloc - a->pgalloc, run.pages_in);
	KEXPECT_EQ(t, b->pgfree - a->pgfree, run.pages_out);
	KEXPECT_EQ(t, run.pages_out, run.pages_in);
	KEXPECT_EQ(t, (b->hit - a->hit) + (b->miss - a->miss), run.allocs);
	KEXPECT_EQ(t, (b->local - a->local) + (b->other - a->other),
		   run.allocs);
	KEXPECT_EQ(t, b->miss - a->miss, b->foreign - a->foreign);
	KEXPECT_EQ(t, mm_counters_compare(&mms_before, &mms_after), 0);
	KEXPECT_EQ(t, mm_check(), 0);
}

/*
 * Workers made, migrator running, counters read: go, and while they run
 * send the IPIs that allocate, every MMS_IPI_GAP_NS, to the CPUs workers
 * start on (the migrator's own IPIs would wake every idle CPU, which under
 * TCG with 32 CPUs costs a minute). Context: a thread; sends IPIs.
 */
static void mms_run_workers(struct migrator *m)
{
	struct prng r;
	int i;

	prng_seed(&r, 0x1b1);
	__atomic_store_n(&run.go, true, __ATOMIC_RELEASE);
	while (__atomic_load_n(&run.done, __ATOMIC_ACQUIRE) < m->nr_threads) {
		int cpu = migrator_worker_cpu_nr((int)prng_below(&r, 64));

		if (cpu != raw_smp_processor_id())
			smp_call_function_single(cpu, mms_ipi, NULL, false);
		sched_sleep_ns(MMS_IPI_GAP_NS);
	}
	mms_quiesce_ipis();
	for (i = 0; i < MMS_XCHG; i++)
		if (run.xchg[i])
			mms_free(run.xchg[i]);
}

static void mm_smp_exact_counters(struct ktest *t)
{
	static struct migrator m;
	struct mms_events a, b;
	u64 moved = 0;
	int nr, i;

	if (mm_test_skip(t))
		return;
	nr = MIN(MMS_MAX_WORKERS, MAX(2, migrator_nr_worker_cpus()));
	run = (struct mms_run){
		.ipi_on = true, .m = &m, .want_moves = migrator_nr_cpus() > 1};
	spin_lock_init(&run.xlock, "mms_xlock");
	m = (struct migrator){.nr_threads = nr};
	for (i = 0; i < nr; i++) {
		m.threads[i] =
			kthread_create(mms_worker, (void *)(uintptr_t)i,
				       migrator_worker_cpu_nr(i), "mm-smp");
		KASSERT_TRUE(t, m.threads[i]);
	}
	KASSERT_TRUE(t, migrator_start(&m));
	/* thread stacks are taken before the counters are read */
	mm_test_counters_read(&mms_before);
	mms_events_read(&a);
	mms_run_workers(&m);
	mms_events_read(&b);
	mm_test_counters_read(&mms_after);
	migrator_stop(&m);
	for (i = 0; i < nr; i++) {
		moved += READ_ONCE(m.threads[i]->nr_migrations);
		kthread_join(m.threads[i]);
	}
	ktest_log(t,
		  "%d workers: %lu allocations (%lu in IPIs), %lu pages, "
		  "%lu cross-CPU frees, %lu migrations",
		  nr, (unsigned long)run.allocs, (unsigned long)run.ipi_allocs,
		  (unsigned long)run.pages_in, (unsigned long)run.cross_frees,
		  (unsigned long)moved);
	mms_check_counts(t, &a, &b);
	KEXPECT_GT(t, run.cross_frees, 0);
	if (migrator_nr_cpus() > 1)
		KEXPECT_GT(t, moved, 0);
}

static const struct ktest_case mm_smp_cases[] = {
	KTEST_CASE(mm_smp_exact_counters),
	{NULL, NULL},
};

KTEST_SUITE(mm_smp, .cases = mm_smp_cases);

/*
 * ktest suite "pcp_smp": the per-CPU lists under load while the locking
 * mode is switched under them. Workers (one per CPU, up to four)
 * allocate and free random pcp orders and types, tag every block they
 * hold (page->private) so that a block handed out twice is caught, pass
 * blocks to each other through a shared exchange (frees on another CPU),
 * and are moved between CPUs by the migrator, while IPIs to their CPUs
 * allocate and free from hard IRQ context. Meanwhile a switcher cycles through
 * the five modes. Afterwards: no double hand-out, poison intact, every counter
 * back, PGALLOC and PGFREE moved by what was done, mm_check clean. A switch
 * that let a section of the old mode run on (no quiesce, no lock sweep)
 * corrupts the lists under a drain: this test is the one that notices.
 */
#include "kernel/isolation.h"
#include "lib/prng.h"
#include "mm/page_debug.h"
#include "tests/kernel/migrator.h"
#include "tests/kernel/pcp_test_util.h"

#define PS_MAX_WORKERS 4    /* more only queue on the zone lock under TCG */
#define PS_OPS	       1000 /* per worker */
#define PS_STASH       16
#define PS_XCHG	       32
#define PS_SWITCH_NS   (20 * 1000 * 1000)
#define PS_IPI_GAP_NS  (1000 * 1000)
#define PS_TAG	       0x7c70000000000000UL /* | worker id + 1 */
#define PS_TAG_MASK    0xffff000000000000UL

struct ps_run {
	struct migrator *m;
	spinlock_t xlock;
	struct page *xchg[PS_XCHG]; /* (xlock) */
	bool go, stop_switch;
	int done; /* workers finished */
	/* atomic counts */
	u64 pages_in, pages_out, twice, switches, ipi_allocs, ipi_done;
};

static struct ps_run ps;

static unsigned int ps_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	if (x < 55)
		return 0;
	if (x < 99)
		return 1 + (unsigned int)prng_below(r, 3);
	return pageblock_order;
}

static gfp_t ps_gfp(struct prng *r)
{
	static const gfp_t gfp[] = {GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
				    GFP_KERNEL | __GFP_RECLAIMABLE, GFP_ATOMIC};

	return gfp[prng_below(r, ARRAY_SIZE(gfp))] | __GFP_NOWARN;
}

/* Claim @p for @who: a block still tagged is held twice. */
static void ps_tag(struct page *p, unsigned long who)
{
	unsigned long old = __atomic_exchange_n(&p->private, PS_TAG | who,
						__ATOMIC_ACQ_REL);

	if ((old & PS_TAG_MASK) == PS_TAG)
		__atomic_add_fetch(&ps.twice, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&ps.pages_in, 1UL << p->order, __ATOMIC_RELAXED);
}

static void ps_free(struct page *p)
{
	unsigned int order = p->order;

	__atomic_store_n(&p->private, 0, __ATOMIC_RELEASE);
	__free_pages(p, order);
	__atomic_add_fetch(&ps.pages_out, 1UL << order, __ATOMIC_RELAXED);
}

/* Context: hard IRQ (the migrator's IPIs): one atomic block, freed. */
static void ps_ipi(void *arg)
{
	struct page *p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);

	(void)arg;
	if (p) {
		ps_tag(p, 0xffff);
		ps_free(p);
		__atomic_add_fetch(&ps.ipi_allocs, 1, __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&ps.ipi_done, 1, __ATOMIC_RELEASE);
}

static void ps_exchange(struct prng *r, struct page **p)
{
	int i = (int)prng_below(r, PS_XCHG);
	unsigned long flags = spin_lock_irqsave(&ps.xlock);
	struct page *theirs = ps.xchg[i];

	ps.xchg[i] = *p;
	spin_unlock_irqrestore(&ps.xlock, flags);
	*p = NULL;
	if (theirs)
		ps_free(theirs);
}

static int ps_worker(void *arg)
{
	unsigned long who = (unsigned long)(uintptr_t)arg + 1;
	struct page *stash[PS_STASH] = {NULL};
	struct prng r;

	prng_seed(&r, 0x7c70 + who);
	while (!__atomic_load_n(&ps.go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (int i = 0; i < PS_OPS; i++) {
		struct page **slot = &stash[prng_below(&r, PS_STASH)];

		if (!*slot) {
			*slot = alloc_pages(ps_gfp(&r), ps_order(&r));
			if (*slot)
				ps_tag(*slot, who);
		} else if (prng_below(&r, 100) < 70) {
			ps_free(*slot);
			*slot = NULL;
		} else {
			ps_exchange(&r, slot);
		}
	}
	for (int i = 0; i < PS_STASH; i++)
		if (stash[i])
			ps_free(stash[i]);
	__atomic_add_fetch(&ps.done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Cycle through the modes until told to stop. Context: a thread. */
static int ps_switcher(void *arg)
{
	int mode = 0, fixed;

	(void)arg;
	while (!READ_ONCE(ps.stop_switch)) {
		mode = (mode + 1) % NR_PCP_MODES;
		if (pcp_mode_fixed(&fixed))
			mode = fixed;
		if (pcp_set_mode(mode) == 0)
			__atomic_add_fetch(&ps.switches, 1, __ATOMIC_RELAXED);
		sched_sleep_ns(PS_SWITCH_NS);
	}
	return 0;
}

static unsigned long ps_pgalloc(void)
{
	return global_vm_event(PGALLOC_DMA) + global_vm_event(PGALLOC_DMA32) +
	       global_vm_event(PGALLOC_NORMAL);
}

static struct mm_counters ps_before, ps_after;

/*
 * Until the workers are done, every PS_IPI_GAP_NS an IPI that allocates
 * to a CPU workers start on (not the migrator's random CPUs: waking 32
 * idle CPUs under TCG costs a minute); then wait for the last ones, sent
 * without waiting, to finish. Context: the test thread.
 */
static void ps_send_ipis(struct migrator *m)
{
	struct prng r;
	u64 sent = 0;

	prng_seed(&r, 0x7c71);
	while (__atomic_load_n(&ps.done, __ATOMIC_ACQUIRE) < m->nr_threads) {
		int cpu = migrator_worker_cpu_nr((int)prng_below(&r, 64));

		if (cpu != raw_smp_processor_id() &&
		    smp_call_function_single(cpu, ps_ipi, NULL, false) == 0)
			sent++;
		sched_sleep_ns(PS_IPI_GAP_NS);
	}
	while (__atomic_load_n(&ps.ipi_done, __ATOMIC_ACQUIRE) < sent)
		sched_yield();
}

/* Start workers, migrator and switcher; wait; stop them in order. */
static void ps_run_all(struct ktest *t, struct migrator *m)
{
	struct thread *sw;

	ps.m = m;
	KASSERT_TRUE(t, migrator_start(m));
	/* not beside the migrator: its CPU is busy enough */
	sw = kthread_create_on_cpu(ps_switcher, NULL,
				   migrator_cpu(migrator_nr_cpus() - 1),
				   "pcp-sw");
	KASSERT_TRUE(t, sw != NULL);
	__atomic_store_n(&ps.go, true, __ATOMIC_RELEASE);
	ps_send_ipis(m);
	WRITE_ONCE(ps.stop_switch, true);
	kthread_join(sw);
	migrator_stop(m);
	for (int i = 0; i < m->nr_threads; i++)
		kthread_join(m->threads[i]);
	for (int i = 0; i < PS_XCHG; i++)
		if (ps.xchg[i])
			ps_free(ps.xchg[i]);
}

static void pcp_smp_mode_switch_under_load(struct ktest *t)
{
	static struct migrator m;
	bool poison = page_poison_enabled;
	unsigned long hits = page_debug_poison_hits, alloc0, free0;
	int boot = pcp_get_mode(), nr;

	if (mm_test_skip(t))
		return;
	nr = MIN(PS_MAX_WORKERS, MAX(2, migrator_nr_worker_cpus()));
	ps = (struct ps_run){0};
	spin_lock_init(&ps.xlock, "ps_xlock");
	m = (struct migrator){.nr_threads = nr};
	for (int i = 0; i < nr; i++) {
		m.threads[i] =
			kthread_create(ps_worker, (void *)(uintptr_t)i,
				       migrator_worker_cpu_nr(i), "pcp-smp");
		KASSERT_TRUE(t, m.threads[i] != NULL);
	}
	page_poison_enabled = true;
	mm_test_counters_read(&ps_before);
	alloc0 = ps_pgalloc();
	free0 = global_vm_event(PGFREE);
	ps_run_all(t, &m);
	page_poison_enabled = poison;
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	ktest_log(t,
		  "%d workers: %lu pages in, %lu mode switches, %lu IRQ "
		  "allocations, %lu migrations",
		  nr, (unsigned long)ps.pages_in, (unsigned long)ps.switches,
		  (unsigned long)ps.ipi_allocs, (unsigned long)m.moves);
	KEXPECT_EQ(t, ps.twice, 0);
	KEXPECT_EQ(t, page_debug_poison_hits, hits);
	KEXPECT_EQ(t, ps.pages_in, ps.pages_out);
	KEXPECT_EQ(t, ps_pgalloc() - alloc0, ps.pages_in);
	KEXPECT_EQ(t, global_vm_event(PGFREE) - free0, ps.pages_out);
	KEXPECT_GE(t, ps.switches, 2);
	mm_test_counters_read(&ps_after);
	KEXPECT_EQ(t, mm_counters_compare(&ps_before, &ps_after), 0);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case pcp_smp_cases[] = {
	KTEST_CASE(pcp_smp_mode_switch_under_load),
	{NULL, NULL},
};

KTEST_SUITE(pcp_smp, .cases = pcp_smp_cases);

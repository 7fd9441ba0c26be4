/*
 * ktest suite "drain_race": drains racing the lists' owners. Workers on
 * every other CPU allocate and free random pcp orders and types, tagging
 * each block they hold (a block handed out twice is caught); hard IRQs
 * injected at the refill and spill steps allocate and free too; this
 * thread drains every CPU over and over, switching `drain mode` every
 * few drains, while a switcher cycles `pcp lock` through the five modes.
 * Afterwards no block was held twice, every page came back, the counters
 * are where they started and mm_check is clean.
 */
#include "kernel/inject.h"
#include "lib/prng.h"
#include "mm/mm_check.h"
#include "tests/kernel/drain_test_util.h"

#define DR_OPS	       100 /* per worker */
#define DR_STASH       16
#define DR_MAX_WORKERS 4 /* more only queue on the zone lock under TCG */
#define DR_SWITCH_NS   (15 * 1000 * 1000)
#define DR_TAG	       0x6472000000000000UL /* | worker id + 1 */
#define DR_TAG_MASK    0xffff000000000000UL

static struct {
	bool stop_switch;
	int done, nr;
	u64 pages_in, pages_out, twice, irq_allocs, switches, drains;
} dr;

static void dr_tag(struct page *p, unsigned long who)
{
	unsigned long old = __atomic_exchange_n(&p->private, DR_TAG | who,
						__ATOMIC_ACQ_REL);

	if ((old & DR_TAG_MASK) == DR_TAG)
		__atomic_add_fetch(&dr.twice, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&dr.pages_in, 1UL << p->order, __ATOMIC_RELAXED);
}

static void dr_free(struct page *p)
{
	unsigned int order = p->order;

	__atomic_store_n(&p->private, 0, __ATOMIC_RELEASE);
	__free_pages(p, order);
	__atomic_add_fetch(&dr.pages_out, 1UL << order, __ATOMIC_RELAXED);
}

/* Context: an injected hard IRQ at a refill or spill step. */
static void dr_irq(struct inject_point *p, void *arg)
{
	struct page *pg = alloc_pages(GFP_ATOMIC | __GFP_NOWARN,
				      (unsigned int)(p->hits & 1));

	(void)arg;
	if (pg) {
		dr_tag(pg, 0xffff);
		dr_free(pg);
		__atomic_add_fetch(&dr.irq_allocs, 1, __ATOMIC_RELAXED);
	}
}

static unsigned int dr_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	return x < 60	? 0
	       : x < 99 ? 1 + (unsigned int)prng_below(r, 3)
			: pageblock_order;
}

static int dr_worker(void *arg)
{
	static const gfp_t gfp[] = {GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
				    GFP_KERNEL | __GFP_RECLAIMABLE};
	unsigned long who = (unsigned long)(uintptr_t)arg + 1;
	struct page *stash[DR_STASH] = {NULL};
	struct prng r;

	prng_seed(&r, 0x6472 + who);
	for (int i = 0; i < DR_OPS; i++) {
		struct page **slot = &stash[prng_below(&r, DR_STASH)];

		if (*slot) {
			dr_free(*slot);
			*slot = NULL;
			continue;
		}
		*slot = alloc_pages(gfp[prng_below(&r, ARRAY_SIZE(gfp))] |
					    __GFP_NOWARN,
				    dr_order(&r));
		if (*slot)
			dr_tag(*slot, who);
	}
	for (int i = 0; i < DR_STASH; i++)
		if (stash[i])
			dr_free(stash[i]);
	__atomic_add_fetch(&dr.done, 1, __ATOMIC_RELEASE);
	return 0;
}

static int dr_switcher(void *arg)
{
	int mode = 0, fixed;

	(void)arg;
	while (!READ_ONCE(dr.stop_switch)) {
		mode = (mode + 1) % NR_PCP_MODES;
		if (pcp_mode_fixed(&fixed))
			mode = fixed;
		if (pcp_set_mode(mode) == 0)
			__atomic_add_fetch(&dr.switches, 1, __ATOMIC_RELAXED);
		sched_sleep_ns(DR_SWITCH_NS);
	}
	return 0;
}

/* Drain until every worker is done, changing mechanism every 4. */
static void dr_drain_loop(void)
{
	struct prng r;

	prng_seed(&r, 0x6473);
	while (__atomic_load_n(&dr.done, __ATOMIC_ACQUIRE) < dr.nr) {
		if (dr.drains % 4 == 0)
			drain_mech_set((int)((dr.drains / 4) % NR_DRAIN_MECHS));
		__drain_all_pages(NULL, prng_below(&r, 2));
		dr.drains++;
		sched_yield();
	}
}

static struct thread *dr_start_workers(struct thread **th)
{
	int me = raw_smp_processor_id();

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!sched_cpu_active(cpu) || dr.nr == DR_MAX_WORKERS ||
		    (cpu == me && sched_nr_active_cpus() > 1))
			continue;
		th[dr.nr] = kthread_create_on_cpu(
			dr_worker, (void *)(uintptr_t)dr.nr, cpu, "dr-worker");
		if (!th[dr.nr])
			return NULL;
		dr.nr++;
	}
	return th[0];
}

static void drain_racing_owners_lose_no_page(struct ktest *t)
{
	static struct thread *th[NR_CPUS];
	static struct mm_counters before, after;
	int boot = pcp_get_mode(), mech = drain_mech_get();
	struct inject_counts c1, c2;
	struct thread *sw;

	if (mm_test_skip(t))
		return;
	dr = (typeof(dr)){0};
	mm_test_counters_read(&before);
	if (CONFIG_INJECT) {
		inject_arm("pcp_refill", INJECT_IRQ, 5, dr_irq, NULL);
		inject_arm("pcp_spill", INJECT_IRQ, 3, dr_irq, NULL);
	}
	sw = kthread_create(dr_switcher, NULL, raw_smp_processor_id(),
			    "dr-switch");
	KASSERT_TRUE(t, sw != NULL);
	KASSERT_TRUE(t, dr_start_workers(th) != NULL);
	dr_drain_loop();
	for (int i = 0; i < dr.nr; i++)
		kthread_join(th[i]);
	WRITE_ONCE(dr.stop_switch, true);
	kthread_join(sw);
	if (CONFIG_INJECT) {
		inject_disarm("pcp_refill");
		inject_disarm("pcp_spill");
		inject_counts("pcp_refill", &c1);
		inject_counts("pcp_spill", &c2);
		ktest_log(t,
			  "injected IRQs taken: %lu at refills, %lu at "
			  "spills; %lu IRQ allocations",
			  (unsigned long)c1.taken, (unsigned long)c2.taken,
			  (unsigned long)dr.irq_allocs);
		KEXPECT_GT(t, dr.irq_allocs, 0);
	}
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	drain_mech_set(mech);
	ktest_log(t, "%d workers: %lu pages in, %lu drains, %lu mode switches",
		  dr.nr, (unsigned long)dr.pages_in, (unsigned long)dr.drains,
		  (unsigned long)dr.switches);
	KEXPECT_EQ(t, dr.twice, 0);
	KEXPECT_EQ(t, dr.pages_in, dr.pages_out);
	KEXPECT_GT(t, dr.drains, 0);
	mm_test_counters_read(&after);
	KEXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case drain_race_cases[] = {
	KTEST_CASE(drain_racing_owners_lose_no_page),
	{NULL, NULL},
};
KTEST_SUITE(drain_race, .cases = drain_race_cases);

/*
 * The offline suites' load (offline_load.h): workers that allocate and
 * free on every CPU and check each block against the offline range, a
 * mode switcher, and a sampler of one CPU's lists under their lock.
 */
#include "tests/kernel/offline_load.h"
#include "kernel/cpumask.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "lib/prng.h"
#include "mm/gfp.h"
#include "mm/pcp_internal.h"

#define OL_STASH       8
#define OL_BULK	       12
#define OL_SWITCH_NS   (20 * 1000 * 1000)
#define OL_PAUSE_NS    (1000 * 1000)
#define OL_PAUSE_EVERY 4

struct ol_worker_arg {
	struct ol_load *l;
	int id;
};

static struct ol_worker_arg ol_args[OL_MAX_WORKERS];

/* Is the block at @p inside the range while the range is offline? */
static void ol_check(struct ol_load *l, struct page *p, unsigned long e0)
{
	pfn_t pfn = page_to_pfn(p), end = pfn + (1UL << p->order);
	unsigned long e1 = __atomic_load_n(&l->epoch, __ATOMIC_ACQUIRE);

	/* offline for the whole allocation: the epoch did not move */
	if (e0 != e1 || !(e0 & 1))
		return;
	if (pfn < READ_ONCE(l->forbid_end) &&
	    end > READ_ONCE(l->forbid_start)) {
		if (__atomic_fetch_add(&l->forbidden, 1, __ATOMIC_RELAXED) == 0)
			WRITE_ONCE(l->forbidden_pfn, pfn);
	}
}

static unsigned int ol_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	return x < 50	? 0
	       : x < 99 ? 1 + (unsigned int)prng_below(r, 3)
			: pageblock_order;
}

/* One single allocation into @slot (freeing what was there). */
static void ol_single(struct ol_load *l, int id, struct prng *r,
		      struct page **slot)
{
	unsigned long e0 = __atomic_load_n(&l->epoch, __ATOMIC_ACQUIRE);
	struct page *p;

	if (*slot) {
		__free_pages(*slot, (*slot)->order);
		*slot = NULL;
		return;
	}
	p = alloc_pages_node(l->nid, GFP_KERNEL | __GFP_NOWARN, ol_order(r));
	if (!p) {
		__atomic_add_fetch(&l->fails, 1, __ATOMIC_RELAXED);
		return;
	}
	ol_check(l, p, e0);
	__atomic_add_fetch(&l->ops[id], 1, __ATOMIC_RELAXED);
	*slot = p;
}

/* A bulk allocation, every page checked, freed as a list. */
static void ol_bulk(struct ol_load *l, int id)
{
	unsigned long e0 = __atomic_load_n(&l->epoch, __ATOMIC_ACQUIRE);
	unsigned long n;
	struct page *p;
	LIST_HEAD(list);

	n = alloc_pages_bulk_list(GFP_KERNEL | __GFP_NOWARN, OL_BULK, &list);
	if (!n)
		__atomic_add_fetch(&l->fails, 1, __ATOMIC_RELAXED);
	list_for_each_entry(p, &list, lru)
		ol_check(l, p, e0);
	__atomic_add_fetch(&l->ops[id], n, __ATOMIC_RELAXED);
	free_pages_list(&list);
}

static int ol_worker(void *arg)
{
	struct ol_worker_arg *a = arg;
	struct ol_load *l = a->l;
	struct page *stash[OL_STASH] = {NULL};
	struct prng r;

	prng_seed(&r, 0x0ff1 + (u64)a->id);
	while (!__atomic_load_n(&l->stop, __ATOMIC_ACQUIRE)) {
		if (prng_below(&r, 8) == 0)
			ol_bulk(l, a->id);
		else
			ol_single(l, a->id, &r,
				  &stash[prng_below(&r, OL_STASH)]);
		/* 8 CPUs share 2 host cores under TCG: leave the test thread
		 * and the drains some of them */
		if (prng_below(&r, OL_PAUSE_EVERY) == 0)
			sched_sleep_ns(OL_PAUSE_NS);
	}
	for (int i = 0; i < OL_STASH; i++)
		if (stash[i])
			__free_pages(stash[i], stash[i]->order);
	return 0;
}

static int ol_switcher(void *arg)
{
	struct ol_load *l = arg;
	int mode = pcp_get_mode(), fixed;

	while (!__atomic_load_n(&l->stop, __ATOMIC_ACQUIRE)) {
		mode = (mode + 1) % NR_PCP_MODES;
		if (pcp_mode_fixed(&fixed))
			mode = fixed;
		if (pcp_set_mode(mode) == 0)
			__atomic_add_fetch(&l->switches, 1, __ATOMIC_RELAXED);
		sched_sleep_ns(OL_SWITCH_NS);
	}
	return 0;
}

bool ol_load_start(struct ol_load *l)
{
	int cpu, me = raw_smp_processor_id();

	l->nr = 0;
	for_each_online_cpu(cpu) {
		/* the test thread's CPU stays free for it (unless alone) */
		if (cpu_is_isolated(cpu) || l->nr == OL_MAX_WORKERS ||
		    (cpu == me && num_online_cpus() > 1))
			continue;
		ol_args[l->nr] = (struct ol_worker_arg){.l = l, .id = l->nr};
		l->th[l->nr] = kthread_create_on_cpu(ol_worker, &ol_args[l->nr],
						     cpu, "offline-load");
		if (!l->th[l->nr])
			return false;
		l->nr++;
	}
	if (l->switch_modes) {
		l->switcher = kthread_create_on_cpu(
			ol_switcher, l, housekeeping_cpu(), "offline-sw");
		if (!l->switcher)
			return false;
	}
	return true;
}

void ol_load_stop(struct ol_load *l)
{
	__atomic_store_n(&l->stop, true, __ATOMIC_RELEASE);
	for (int i = 0; i < l->nr; i++)
		kthread_join(l->th[i]);
	if (l->switcher)
		kthread_join(l->switcher);
	l->nr = 0;
	l->switcher = NULL;
}

bool ol_load_wait_ops(struct ol_load *l, u64 n, unsigned int max_ms)
{
	u64 base[OL_MAX_WORKERS];
	int i;

	for (i = 0; i < l->nr; i++)
		base[i] = __atomic_load_n(&l->ops[i], __ATOMIC_RELAXED);
	for (unsigned int ms = 0; ms < max_ms; ms++) {
		for (i = 0; i < l->nr; i++)
			if (__atomic_load_n(&l->ops[i], __ATOMIC_RELAXED) <
			    base[i] + n)
				break;
		if (i == l->nr)
			return true;
		sched_sleep_ns(1000 * 1000);
	}
	return false;
}

void ol_load_forbid(struct ol_load *l, pfn_t start, pfn_t end, bool offline)
{
	unsigned long e = __atomic_load_n(&l->epoch, __ATOMIC_RELAXED);

	WRITE_ONCE(l->forbid_start, start);
	WRITE_ONCE(l->forbid_end, end);
	if ((e & 1) != offline)
		__atomic_store_n(&l->epoch, e + 1, __ATOMIC_RELEASE);
}

/* Context: pcp_admin_lock held, so the mode cannot change under us. */
static long ol_pcp_count_locked(struct per_cpu_pages *pcp, int mode, int *high,
				int *batch)
{
	unsigned long flags = 0;
	long n = 0;

	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_save(flags);
	if (mode != PCP_MODE_RT)
		preempt_disable();
	pcp_spin_lock_wait(&pcp->lock, mode == PCP_MODE_RT);
	/* the lists themselves, not only count: a list count forgot */
	for (int i = 0; i < NR_PCP_LISTS; i++)
		n += (long)list_count(&pcp->lists[i]) << pindex_to_order(i);
	if (n != pcp->count)
		n = -1 - n; /* the caller reports count and lists disagreeing */
	*high = pcp->high;
	*batch = pcp->batch;
	pcp_spin_unlock(&pcp->lock);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_restore(flags);
	if (mode != PCP_MODE_RT)
		preempt_enable();
	return n;
}

long ol_pcp_count(struct zone *z, int cpu, int *high, int *batch)
{
	struct per_cpu_pages *pcp = pcp_of(z, cpu);
	struct pcp_section gate;
	long n;
	int mode;

	pcp_admin_lock_take();
	mode = pcp_get_mode();
	if (pcp_mode_has_lock(mode)) {
		n = ol_pcp_count_locked(pcp, mode, high, batch);
		pcp_admin_lock_drop();
		return n;
	}
	pcp_admin_lock_drop();
	pcp_remote_begin(&gate);
	n = 0;
	for (int i = 0; i < NR_PCP_LISTS; i++)
		n += (long)list_count(&pcp->lists[i]) << pindex_to_order(i);
	if (n != pcp->count)
		n = -1 - n;
	*high = pcp->high;
	*batch = pcp->batch;
	pcp_remote_end(&gate);
	return n;
}

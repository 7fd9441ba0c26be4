/*
 * ktest suite "offline_pcp": zone_pcp_disable, which memory offline
 * stands on. Under allocation on every CPU (and mode switches), a
 * disabled zone's lists are empty at every sample until
 * zone_pcp_enable; the disable nests and wins over a high/batch
 * recomputation. And the race Linux 6.0-6.10 lost: a drainer that reads
 * a list's count before taking its lock skips a refill in flight, and
 * offline_pages then waits forever for the pages the refill parked.
 */
#include "kernel/cpumask.h"
#include "kernel/inject.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "tests/kernel/offline_load.h"
#include "tests/kernel/pcp_test_util.h"

#define OP_SAMPLES   10
#define OP_SAMPLE_NS (2 * 1000 * 1000)

static struct ol_load op_load;

/*
 * Every CPU's lists of @z, under their protection: empty, with high 0
 * and batch 1 (@disabled), or with the zone's own sizes. Return: the
 * pages found (0 when disabled and all is well); failures reported.
 */
static long op_sample(struct ktest *t, struct zone *z, bool disabled)
{
	long pages = 0;
	int cpu;

	for_each_online_cpu(cpu) {
		int high, batch;
		long n = ol_pcp_count(z, cpu, &high, &batch);

		if (n < 0) {
			ktest_fail(t, __FILE__, __LINE__,
				   "cpu %d: count disagrees with lists (%ld)",
				   cpu, -1 - n);
			continue;
		}
		pages += n;
		if (disabled && (n || high || batch != 1))
			ktest_fail(t, __FILE__, __LINE__,
				   "cpu %d zone %s disabled: count %ld high %d "
				   "batch %d",
				   cpu, z->name, n, high, batch);
		if (!disabled &&
		    (high != z->pageset_high || batch != z->pageset_batch))
			ktest_fail(t, __FILE__, __LINE__,
				   "cpu %d zone %s: high %d batch %d, zone "
				   "says %d %d",
				   cpu, z->name, high, batch, z->pageset_high,
				   z->pageset_batch);
	}
	return pages;
}

/* Sample OP_SAMPLES times while the load runs; the load must progress. */
static void op_sample_disabled(struct ktest *t, struct zone *z)
{
	for (int i = 0; i < OP_SAMPLES; i++) {
		KEXPECT_EQ(t, op_sample(t, z, true), 0);
		sched_sleep_ns(OP_SAMPLE_NS);
	}
	KEXPECT_TRUE(t, ol_load_wait_ops(&op_load, 5, 20000));
}

/* While enabled the lists fill again: some sample finds pages. */
static bool op_lists_used_again(struct ktest *t, struct zone *z)
{
	for (int i = 0; i < 2000; i++) {
		if (op_sample(t, z, false) > 0)
			return true;
		sched_sleep_ns(1000 * 1000);
	}
	return false;
}

static void offline_pcp_disable_under_load(struct ktest *t)
{
	struct zone *z = pcp_test_zone();
	int boot = pcp_get_mode(), nr;
	u64 fails;

	if (mm_test_skip(t))
		return;
	op_load = (struct ol_load){.nid = z->node, .switch_modes = true};
	KASSERT_TRUE(t, ol_load_start(&op_load));
	KEXPECT_TRUE(t, ol_load_wait_ops(&op_load, 20, 20000));
	zone_pcp_disable(z);
	op_sample_disabled(t, z);
	/* nested: one enable leaves it disabled */
	zone_pcp_disable(z);
	zone_pcp_enable(z);
	op_sample_disabled(t, z);
	/* a recomputation while disabled keeps 0 and 1, and is not lost */
	KEXPECT_EQ(t, pcp_set_high_fraction(8), 0);
	op_sample_disabled(t, z);
	zone_pcp_enable(z);
	KEXPECT_EQ(t, z->pageset_high, zone_highsize(z, z->pageset_batch, 0));
	KEXPECT_TRUE(t, op_lists_used_again(t, z));
	KEXPECT_EQ(t, pcp_set_high_fraction(0), 0);
	nr = op_load.nr;
	ol_load_stop(&op_load);
	fails = op_load.fails;
	ktest_log(t,
		  "zone %s, %d workers, %lu mode switches, %lu failed "
		  "allocations",
		  z->name, nr, (unsigned long)op_load.switches,
		  (unsigned long)fails);
	KEXPECT_EQ(t, fails, 0);
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
	KEXPECT_EQ(t, op_sample(t, z, false) >= 0, true);
	KEXPECT_EQ(t, mm_check(), 0);
}

/*
 * The refill race. A thread on CPU 0 empties its list and allocates, so
 * its section refills a batch; an NMI injected in the middle of that
 * refill (pcp_refill, inside pcp->lock and zone->lock) holds the refill
 * there until a drainer on another CPU, started meanwhile, has finished
 * zone_pcp_disable (or OR_WINDOW_MS passed). A drainer that takes each
 * list's protection before reading count must wait for the refill and
 * then drain it: it cannot finish inside the window, and the list is
 * empty after. One that reads count first sees 0, skips CPU 0, finishes
 * inside the window, and leaves the refill's pages parked on the list.
 */
#define OR_WINDOW_MS 150
#define OR_START_MS  2000

struct or_race {
	struct zone *z;
	int cpu; /* the refilling CPU */
	int fired, started, done, abort;
	int done_in_window;
	struct page *page;
};

static struct or_race orr;

/* Context: NMI on the refilling CPU, inside its refill. */
static void or_hold_refill(struct inject_point *p, void *arg)
{
	u64 hz = READ_ONCE(tsc_hz), t0;

	(void)p;
	(void)arg;
	if (raw_smp_processor_id() != orr.cpu ||
	    __atomic_exchange_n(&orr.fired, 1, __ATOMIC_ACQ_REL))
		return;
	t0 = rdtsc();
	while (!__atomic_load_n(&orr.started, __ATOMIC_ACQUIRE) &&
	       rdtsc() - t0 < hz / 1000 * OR_START_MS)
		cpu_relax();
	t0 = rdtsc();
	while (rdtsc() - t0 < hz / 1000 * OR_WINDOW_MS) {
		if (__atomic_load_n(&orr.done, __ATOMIC_ACQUIRE)) {
			WRITE_ONCE(orr.done_in_window, 1);
			break;
		}
		cpu_relax();
	}
}

static int or_refiller(void *arg)
{
	(void)arg;
	orr.page = alloc_pages_node(orr.z->node, GFP_KERNEL | __GFP_NOWARN, 0);
	return 0;
}

static int or_drainer(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&orr.fired, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&orr.abort, __ATOMIC_ACQUIRE))
		cpu_relax();
	__atomic_store_n(&orr.started, 1, __ATOMIC_RELEASE);
	zone_pcp_disable(orr.z);
	__atomic_store_n(&orr.done, 1, __ATOMIC_RELEASE);
	return 0;
}

/* One race in the current mode. */
static void or_race_once(struct ktest *t, struct zone *z, int dcpu)
{
	struct thread *d, *r;
	int high, batch;
	long left;

	drain_all_pages(z);
	orr = (struct or_race){.z = z, .cpu = 0};
	KASSERT_TRUE(t, inject_arm("pcp_refill", INJECT_NMI, 1, or_hold_refill,
				   NULL) > 0);
	d = kthread_create_on_cpu(or_drainer, NULL, dcpu, "or-drain");
	KASSERT_TRUE(t, d != NULL);
	r = kthread_create_on_cpu(or_refiller, NULL, orr.cpu, "or-refill");
	KASSERT_TRUE(t, r != NULL);
	kthread_join(r);
	/* no refill reached the point: free the drainer, fail below */
	__atomic_store_n(&orr.abort, 1, __ATOMIC_RELEASE);
	kthread_join(d);
	inject_disarm("pcp_refill");
	left = ol_pcp_count(z, orr.cpu, &high, &batch);
	if (left || orr.done_in_window)
		ktest_log(t,
			  "mode %s: %ld pages left on cpu %d's list, "
			  "drainer %s the refill",
			  pcp_mode_names[pcp_get_mode()], left, orr.cpu,
			  orr.done_in_window ? "finished during"
					     : "waited for");
	KEXPECT_TRUE(t, orr.page != NULL);
	KEXPECT_EQ(t, orr.fired, 1);
	KEXPECT_EQ(t, left, 0);
	KEXPECT_EQ(t, orr.done_in_window, 0);
	zone_pcp_enable(z);
	if (orr.page)
		__free_pages(orr.page, 0);
}

static void offline_pcp_disable_races_refill(struct ktest *t)
{
	int boot = pcp_get_mode(), fixed, dcpu = -1, cpu;
	struct zone *z = NODE_DATA(cpu_to_node_map[0])->node_zonelist[0];

	if (mm_test_skip(t))
		return;
	if (!CONFIG_INJECT) {
		ktest_skip(t, "needs inject points (built with INJECT=0)");
		return;
	}
	for_each_online_cpu(cpu)
		if (cpu && dcpu < 0 && !cpu_is_isolated(cpu))
			dcpu = cpu;
	if (dcpu < 0) {
		ktest_skip(t, "needs a second CPU to drain from");
		return;
	}
	for (int m = 0; m < NR_PCP_MODES; m++) {
		if (pcp_mode_fixed(&fixed) && m != fixed)
			continue;
		KEXPECT_EQ(t, pcp_set_mode(m), 0);
		or_race_once(t, z, dcpu);
	}
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
}

static const struct ktest_case offline_pcp_cases[] = {
	KTEST_CASE(offline_pcp_disable_under_load),
	KTEST_CASE(offline_pcp_disable_races_refill),
	{NULL, NULL},
};

KTEST_SUITE(offline_pcp, .cases = offline_pcp_cases);

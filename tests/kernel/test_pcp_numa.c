/*
 * ktest suite "pcp_numa": the NUMA counts with two nodes, each case in
 * all five modes (accurate counters in irq, events in the others: the
 * readers add both). From a CPU of node 0, as Linux's zone_statistics
 * says: an allocation served on its preferred node is a hit there, else
 * a miss there and a foreign on the preferred zone; local if served on
 * the allocating CPU's node, else other. Single allocations count one
 * each whatever the order, bulk ones one per page; a bulk request whose
 * first usable zone is on another node takes one page the usual way.
 * Node 0 is made to refuse by raising its zones' watermarks.
 */
#include "kernel/cpumask.h"
#include "tests/kernel/pcp_test_util.h"

#define NN	 16
#define NUMA_GFP (GFP_KERNEL | __GFP_NOWARN)

struct numa_counts {
	unsigned long z0[NR_VM_NUMA_EVENT_ITEMS], z1[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long all[NR_VM_NUMA_EVENT_ITEMS];
};

static struct zone *z0, *z1;
static unsigned long saved_marks[MAX_NR_ZONES][NR_WMARK];

static void numa_read(struct numa_counts *c)
{
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++) {
		c->z0[i] = zone_numa_event_state(z0, (enum numa_stat_item)i);
		c->z1[i] = zone_numa_event_state(z1, (enum numa_stat_item)i);
		c->all[i] = global_numa_event_state((enum numa_stat_item)i);
	}
}

/*
 * Since @a: z0 and z1 moved by @d0 and @d1 (hit, miss, foreign, local,
 * other), and no other zone moved.
 */
static void numa_expect(struct ktest *t, const char *what,
			const struct numa_counts *a, const long d0[5],
			const long d1[5])
{
	static const int items[5] = {NUMA_HIT, NUMA_MISS, NUMA_FOREIGN,
				     NUMA_LOCAL, NUMA_OTHER};
	struct numa_counts b;
	int bad = t->failures;

	numa_read(&b);
	for (int k = 0; k < 5; k++) {
		int i = items[k];

		KEXPECT_EQ(t, (long)(b.z0[i] - a->z0[i]), d0[k]);
		KEXPECT_EQ(t, (long)(b.z1[i] - a->z1[i]), d1[k]);
		KEXPECT_EQ(t, (long)(b.all[i] - a->all[i]), d0[k] + d1[k]);
	}
	if (t->failures != bad)
		ktest_log(t, "in: %s", what);
}

/* Node 0's zones refuse everything (or again accept). */
static void node0_refuse(bool refuse)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &NODE_DATA(0)->node_zones[i];

		for (int w = 0; w < NR_WMARK; w++) {
			if (refuse)
				saved_marks[i][w] = z->_watermark[w];
			WRITE_ONCE(z->_watermark[w],
				   refuse ? 2 * zone_managed_pages(z) + 1000
					  : saved_marks[i][w]);
		}
	}
}

static void single_body(struct ktest *t, int mode)
{
	static const long none[5] = {0}, hit_local[5] = {1, 0, 0, 1, 0},
			  hit_other[5] = {1, 0, 0, 0, 1},
			  foreign[5] = {0, 0, 1, 0, 0},
			  miss_other[5] = {0, 1, 0, 0, 1};
	struct numa_counts a;
	struct page *p;

	(void)mode;
	numa_read(&a);
	p = alloc_pages(NUMA_GFP, 3); /* any order counts one */
	KASSERT_TRUE(t, p && page_zone(p) == z0);
	numa_expect(t, "local", &a, hit_local, none);
	__free_pages(p, 3);

	numa_read(&a);
	p = alloc_pages_node(1, NUMA_GFP | __GFP_THISNODE, 0);
	KASSERT_TRUE(t, p && page_zone(p) == z1);
	numa_expect(t, "node 1, __GFP_THISNODE", &a, none, hit_other);
	__free_pages(p, 0);

	numa_read(&a);
	p = alloc_pages_node(1, NUMA_GFP, 0);
	KASSERT_TRUE(t, p && page_zone(p) == z1);
	numa_expect(t, "node 1 preferred", &a, none, hit_other);
	__free_pages(p, 0);

	node0_refuse(true);
	numa_read(&a);
	p = alloc_pages(NUMA_GFP, 0);
	KEXPECT_TRUE(t, p && page_zone(p) == z1);
	numa_expect(t, "node 0 preferred, full", &a, foreign, miss_other);
	if (p)
		__free_pages(p, 0);
	numa_read(&a);
	p = alloc_pages(NUMA_GFP | __GFP_THISNODE, 0);
	KEXPECT_TRUE(t, p == NULL);
	numa_expect(t, "node 0 only, full", &a, none, none);
	node0_refuse(false);
}

static void bulk_body(struct ktest *t, int mode)
{
	static const long none[5] = {0}, hit_local[5] = {NN, 0, 0, NN, 0},
			  hit_other[5] = {NN, 0, 0, 0, NN},
			  foreign[5] = {0, 0, 1, 0, 0},
			  miss_other[5] = {0, 1, 0, 0, 1};
	struct page *pages[NN] = {NULL};
	struct numa_counts a;
	unsigned long n;

	(void)mode;
	numa_read(&a);
	KEXPECT_EQ(t, alloc_pages_bulk_array(NUMA_GFP, NN, pages), NN);
	numa_expect(t, "bulk local", &a, hit_local, none);
	for (int i = 0; i < NN; i++)
		KEXPECT_TRUE(t, pages[i] && page_zone(pages[i]) == z0);
	mm_test_free_array(pages, NN);

	numa_read(&a);
	KEXPECT_EQ(t,
		   alloc_pages_bulk_array_node(NUMA_GFP | __GFP_THISNODE, 1, NN,
					       pages),
		   NN);
	numa_expect(t, "bulk node 1, __GFP_THISNODE", &a, none, hit_other);
	mm_test_free_array(pages, NN);

	node0_refuse(true);
	numa_read(&a);
	n = alloc_pages_bulk_array(NUMA_GFP, NN, pages);
	KEXPECT_EQ(t, n, 1); /* node 1 is remote: one page, the usual way */
	numa_expect(t, "bulk node 0 preferred, full", &a, foreign, miss_other);
	node0_refuse(false);
	mm_test_free_array(pages, NN);
}

/* Set z0, z1 and a CPU of node 0; false (skipped) without two nodes. */
static bool numa_setup(struct ktest *t, int *cpu)
{
	if (mm_test_skip(t))
		return false;
	if (!node_online(1) || !NODE_DATA(1)->node_zonelist[0]) {
		ktest_skip(t, "one node only");
		return false;
	}
	z0 = NODE_DATA(0)->node_zonelist[0];
	z1 = NODE_DATA(1)->node_zonelist[0];
	for_each_online_cpu(*cpu)
		if (cpu_to_node_map[*cpu] == 0)
			return zone_to_nid(z1) == 1;
	ktest_skip(t, "no CPU on node 0");
	return false;
}

static void pcp_numa_single(struct ktest *t)
{
	int cpu;

	if (numa_setup(t, &cpu))
		pcp_test_each_mode_on(t, single_body, cpu);
}

static void pcp_numa_bulk(struct ktest *t)
{
	int cpu;

	if (numa_setup(t, &cpu))
		pcp_test_each_mode_on(t, bulk_body, cpu);
}

static const struct ktest_case pcp_numa_cases[] = {
	KTEST_CASE(pcp_numa_single),
	KTEST_CASE(pcp_numa_bulk),
	{NULL, NULL},
};

KTEST_SUITE(pcp_numa, .cases = pcp_numa_cases);

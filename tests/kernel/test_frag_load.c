/*
 * ktest suite "frag_load": frag's counts agree exactly with the zone
 * counters on the real machine, and the load threads (mm/load.c) give
 * every block back when stopped, leaving every zone counter where it was;
 * bad configurations start nothing.
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/frag.h"
#include "mm/load.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/kernel/mm_test_util.h"

static struct mm_counters fl_before, fl_after;

/* Quiescent: free pages drawn == NR_FREE_PAGES, the rest == managed. */
static void frag_matches_zone_counters(struct ktest *t)
{
	static char row[FRAG_MAX_WIDTH + 1];
	struct frag_summary s;
	struct frag_geom g;
	struct zone *z;

	if (mm_test_skip(t))
		return;
	for_each_populated_zone(z) {
		frag_geometry(z, 64, &g);
		KEXPECT_LE(t, g.nr_units, 64);
		frag_zone_row(z, &g, row, NULL, &s);
		KEXPECT_EQ(t, strlen(row), g.nr_units);
		KEXPECT_EQ(t, s.free,
			   zone_page_state_snapshot(z, NR_FREE_PAGES));
		KEXPECT_EQ(t, s.pages - s.reserved, zone_managed_pages(z));
		KEXPECT_EQ(t, s.isolated, z->nr_isolate_pageblock);
	}
}

/*
 * frag's 'p' row: a page freed to this CPU's list is counted in its
 * unit, and after every list is drained none is.
 */
static void frag_counts_pcp_pages(struct ktest *t)
{
	static unsigned int counts[FRAG_MAX_WIDTH];
	struct frag_geom g;
	struct page *p;
	struct zone *z;
	unsigned long unit;

	if (mm_test_skip(t))
		return;
	KASSERT_TRUE(t, frag_pcp_walker() != NULL);
	p = alloc_pages(GFP_KERNEL, 0);
	KASSERT_TRUE(t, p != NULL);
	z = page_zone(p);
	__free_pages(p, 0); /* onto this CPU's list: high is above 1 */
	frag_geometry(z, 64, &g);
	unit = (page_to_pfn(p) - g.base) / (g.unit_blocks * pageblock_nr_pages);
	memset(counts, 0, sizeof(counts));
	KEXPECT_GE(t, frag_pcp_count(z, &g, counts), 1);
	KEXPECT_GE(t, counts[unit], 1);
	drain_all_pages(NULL);
	memset(counts, 0, sizeof(counts));
	KEXPECT_EQ(t, frag_pcp_count(z, &g, counts), 0);
}

/*
 * One CPU beside ours (ours alone on one CPU): more load threads only
 * queue on the zone lock, and under TCG with more vCPUs than host cores a
 * fair ticket lock then hands over at the host scheduler's pace.
 */
static u64 other_cpu(void)
{
	int me = smp_processor_id(), cpu;

	for_each_online_cpu(cpu)
		if (cpu < 64 && cpu != me && sched_cpu_active(cpu))
			return 1ULL << cpu;
	return 1ULL << me;
}

/* Counted by hand: __builtin_popcountll needs libgcc. */
static int nr_bits(u64 m)
{
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

static void load_gives_everything_back(struct ktest *t)
{
	struct load_config c = {.cpus = other_cpu(),
				.orders = 0x20f, /* 0-3 and 9 */
				.weight = {1, 2, 1},
				.hold = 32,
				.seed = 7};
	struct load_totals lt, now;
	char why[96] = "";

	if (mm_test_skip(t))
		return;
	mm_test_counters_read(&fl_before);
	KASSERT_TRUE(t, load_start(&c, why, sizeof(why)) == 0);
	sched_sleep_ns(200 * 1000 * 1000);
	load_read(&lt);
	KEXPECT_GT(t, lt.allocs, 0);
	KEXPECT_EQ(t, load_stop(&lt), nr_bits(c.cpus));
	KEXPECT_EQ(t, lt.allocs, lt.frees);
	KEXPECT_EQ(t, lt.held_blocks, 0);
	KEXPECT_EQ(t, lt.held_pages, 0);
	KEXPECT_GT(t, lt.frees, 0);
	load_read(&now);
	KEXPECT_EQ(t, now.threads, 0);
	mm_test_counters_read(&fl_after);
	KEXPECT_EQ(t, mm_counters_compare(&fl_before, &fl_after), 0);
	ktest_log(t, "load: %llu allocations in 200 ms",
		  (unsigned long long)lt.allocs);
}

/*
 * Drawing while the load threads allocate and free on other CPUs: each
 * pageblock is counted under its zone's lock, so no count can exceed the
 * pages there, and lockdep (on in test mode) sees the lock taken right.
 */
static void frag_while_load_runs(struct ktest *t)
{
	static char row[FRAG_MAX_WIDTH + 1];
	struct load_config c = {.cpus = other_cpu(),
				.orders = 0x7ff,
				.weight = {1, 1, 1},
				.hold = 16,
				.seed = 3};
	struct load_totals lt;
	struct frag_summary s;
	struct frag_geom g;
	char why[96] = "";
	struct zone *z;

	if (mm_test_skip(t))
		return;
	KASSERT_TRUE(t, load_start(&c, why, sizeof(why)) == 0);
	for (int i = 0; i < 3; i++) {
		for_each_populated_zone(z) {
			frag_geometry(z, 64, &g);
			frag_zone_row(z, &g, row, NULL, &s);
			KEXPECT_LE(t, s.free + s.reserved, s.pages);
			KEXPECT_EQ(t, strlen(row), g.nr_units);
		}
	}
	load_stop(&lt);
	KEXPECT_EQ(t, lt.allocs, lt.frees);
}

static void load_bad_configs_start_nothing(struct ktest *t)
{
	struct load_config good = {.cpus = other_cpu(),
				   .orders = 1,
				   .weight = {0, 1, 0},
				   .hold = 4};
	struct load_config c;
	struct load_totals lt;
	char why[96];

	c = good, c.cpus = 0;
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	c = good, c.orders = 0;
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	c = good, c.orders = 1U << MAX_ORDER;
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	c = good, c.hold = LOAD_MAX_HOLD + 1;
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	c = good, c.weight[MIGRATE_MOVABLE] = 0;
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	c = good, c.cpus |= 1ULL << 63; /* no such CPU: the rest stop too */
	KEXPECT_EQ(t, load_start(&c, why, sizeof(why)), -1);
	KEXPECT_TRUE(t, ktest_strstr(why, "CPU 63") != NULL);
	load_read(&lt);
	KEXPECT_EQ(t, lt.threads, 0);
	KASSERT_TRUE(t, load_start(&good, why, sizeof(why)) == 0);
	KEXPECT_EQ(t, load_start(&good, why, sizeof(why)), -1);
	KEXPECT_TRUE(t, ktest_strstr(why, "already running") != NULL);
	KEXPECT_GT(t, load_stop(&lt), 0);
	KEXPECT_EQ(t, lt.allocs, lt.frees);
	KEXPECT_EQ(t, load_stop(&lt), 0);
}

static const struct ktest_case frag_load_cases[] = {
	KTEST_CASE(frag_matches_zone_counters),
	KTEST_CASE(frag_counts_pcp_pages),
	KTEST_CASE(load_gives_everything_back),
	KTEST_CASE(frag_while_load_runs),
	KTEST_CASE(load_bad_configs_start_nothing),
	{},
};
KTEST_SUITE(frag_load, .cases = frag_load_cases);

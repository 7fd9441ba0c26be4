/*
 * `allocbench`: the cost, in TSC cycles, of one alloc_pages + __free_pages
 * pair on this CPU, uncontended, for a few orders: the allocator's fast
 * path as one CPU sees it. Median of several runs, a table for people and
 * BENCH lines for tools/. Under -icount the TSC counts guest instructions,
 * so the figures repeat exactly from boot to boot.
 */
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "mm/gfp.h"

#define BENCH_RUNS 9

static const struct {
	unsigned int order;
	int iters;
} bench_orders[] = {{0, 4000}, {3, 2000}, {10, 200}};

/* Cycles per pair for one run of @iters pairs, or 0 if one failed. */
static u64 bench_pairs(unsigned int order, int iters)
{
	u64 t0 = rdtsc();

	for (int i = 0; i < iters; i++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		if (!p)
			return 0;
		__free_pages(p, order);
	}
	return (rdtsc() - t0) / (u64)iters;
}

static u64 median(u64 *v, int n)
{
	for (int i = 1; i < n; i++) /* insertion sort: n is tiny */
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

static int cmd_allocbench(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("%-6s %12s %12s %12s   (cycles per alloc+free, %d runs)\n",
		"order", "median", "min", "max", BENCH_RUNS);
	for (size_t k = 0; k < ARRAY_SIZE(bench_orders); k++) {
		unsigned int order = bench_orders[k].order;
		u64 v[BENCH_RUNS];

		for (int r = 0; r < BENCH_RUNS; r++) {
			v[r] = bench_pairs(order, bench_orders[k].iters);
			if (!v[r]) {
				kprintf("allocbench: order %u allocation "
					"failed\n",
					order);
				return 1;
			}
		}
		u64 med = median(v, BENCH_RUNS);

		kprintf("%-6u %12lu %12lu %12lu\n", order, (unsigned long)med,
			(unsigned long)v[0], (unsigned long)v[BENCH_RUNS - 1]);
		kprintf("BENCH alloc_free_order=%u cycles=%lu\n", order,
			(unsigned long)med);
	}
	return 0;
}
SHELL_CMD(allocbench, "",
	  "cycles per alloc_pages+__free_pages pair at orders 0, 3, 10",
	  cmd_allocbench);
SHELL_HELP(allocbench, SHELL_GROUP_BENCH, "", "allocbench",
	   "cycles per alloc_pages+__free_pages pair at orders 0, 3 and 10,\n"
	   "median of several runs; under TCG compare only rows of one run.");

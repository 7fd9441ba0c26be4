/*
 * `allocbench`: the cost, in TSC cycles, of one alloc_pages + __free_pages
 * pair on this CPU, uncontended, for a few orders: the allocator's fast
 * path as one CPU sees it. A registered benchmark (`bench allocbench`):
 * the orders' repetitions interleaved, median and spread, a table for
 * people then BENCH lines for tools/. Under -icount the TSC counts guest
 * instructions, so the figures repeat exactly from boot to boot.
 */
#include "kernel/bench.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "mm/gfp.h"

static const struct {
	unsigned int order;
	u64 pairs, quick_pairs;
} alloc_bench_orders[] = {{0, 4000, 200}, {3, 2000, 100}, {10, 200, 20}};

#define NR_ALLOC_BENCH ARRAY_SIZE(alloc_bench_orders)

/* One repetition: row->units pairs of order row->param. Return: ticks. */
static u64 alloc_bench_rep(struct bench_row *row)
{
	unsigned int order = (unsigned int)row->param;
	u64 t0 = bench_tsc_begin();

	for (u64 i = 0; i < row->units; i++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		if (!p) {
			row->err = 1;
			break;
		}
		__free_pages(p, order);
	}
	return bench_tsc_end() - t0;
}

static void alloc_bench_print(struct bench_row *rows, int nr, int reps)
{
	struct bench_summary s[NR_ALLOC_BENCH];
	char b[5][24];

	kprintf("%-6s %10s %10s %10s %10s   (%s per alloc+free, %d "
		"repetitions)\n",
		"order", "median", "min", "max", "spread", bench_unit(), reps);
	for (int i = 0; i < nr; i++) {
		bench_summarise(&rows[i], &s[i]);
		kprintf("%-6llu %10s %10s %10s %9s%%\n",
			(unsigned long long)rows[i].param,
			bench_fmt_tenths(b[0], s[i].median),
			bench_fmt_tenths(b[1], s[i].min),
			bench_fmt_tenths(b[2], s[i].max),
			bench_fmt_tenths(b[3], bench_spread_permille(&s[i])));
	}
	for (int i = 0; i < nr; i++)
		kprintf(BENCH_PREFIX "allocbench kernel=pagelab clock=%s "
				     "order=%llu cycles=%s min=%s max=%s "
				     "reps=%d loops=%llu\n",
			bench_clock_name(), (unsigned long long)rows[i].param,
			bench_fmt_tenths(b[0], s[i].median),
			bench_fmt_tenths(b[1], s[i].min),
			bench_fmt_tenths(b[2], s[i].max), rows[i].nr,
			(unsigned long long)rows[i].units);
}

struct alloc_bench_job {
	const struct bench_opts *o;
	struct bench_row rows[NR_ALLOC_BENCH];
};

/* Context: the bench thread on the bench CPU. */
static int alloc_bench_job(void *arg)
{
	struct alloc_bench_job *j = arg;
	int nr = (int)NR_ALLOC_BENCH;

	for (int i = 0; i < nr; i++)
		j->rows[i] = (struct bench_row){
			.variant = "alloc_pages",
			.rep = alloc_bench_rep,
			.param = alloc_bench_orders[i].order,
			.units = j->o->quick ? alloc_bench_orders[i].quick_pairs
					     : alloc_bench_orders[i].pairs,
		};
	if (bench_run_rows(j->rows, nr, j->o)) {
		kprintf("allocbench: an allocation failed\n");
		return 1;
	}
	alloc_bench_print(j->rows, nr, j->o->reps);
	return 0;
}

static int alloc_bench_run(const struct bench_opts *o, int argc, char **argv)
{
	static struct alloc_bench_job job; /* rows are big for a stack */

	(void)argv;
	job.o = o;
	return bench_on_cpu(o, alloc_bench_job, &job);
}
BENCH_DEF(allocbench, "",
	  "cycles per alloc_pages+__free_pages, orders 0, 3, 10",
	  alloc_bench_run);

static int cmd_allocbench(int argc, char **argv)
{
	return bench_run(bench_find("allocbench"), argc, argv);
}
SHELL_CMD(allocbench, "[reps=N] [warmup=N] [cpu=N]",
	  "cycles per alloc_pages+__free_pages pair at orders 0, 3, 10",
	  cmd_allocbench);
SHELL_HELP(allocbench, SHELL_GROUP_BENCH,
	   "reps=N    kept repetitions (default 21)\n"
	   "warmup=N  repetitions thrown away first (default 2)\n"
	   "cpu=N     the CPU it runs on (default 1); the others idle",
	   "allocbench",
	   "cycles per alloc_pages+__free_pages pair at orders 0, 3 and 10,\n"
	   "median and spread of the repetitions (instructions under\n"
	   "tools/qemu-run --icount); under TCG compare only rows of one run.\n"
	   "Same as 'bench allocbench'.");

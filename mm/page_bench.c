/*
 * page_bench: seed 000's table. The cost per page of allocating N order-0
 * pages and freeing them again, N = 1..128, and of one alloc_pages +
 * __free_pages per block of order 0, 1, 3 and 9; one column per allocator
 * mode, in the seed's layout (size, cost per page, % change against the
 * first column). The Linux peer runs the same loops (tools/linux-peer).
 */
#include "kernel/bench.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/pcp_internal.h"

/* A column: one configuration the allocator can be switched to. */
struct page_bench_mode {
	const char *name; /* BENCH mode= */
	/* untimed: switch to this mode (called with @arg); 0 or an error.
	 * NULL: nothing to switch */
	int (*select)(int arg);
	int arg;
};

/* A table: how the pages are allocated and freed. */
struct page_bench_test {
	const char *name; /* BENCH test= */
	const char *what;
	/* @calls calls of @n order-0 pages; NULL: single blocks */
	u64 (*loop)(unsigned int n, u64 calls, int *err);
};

static u64 page_bench_bulk_loop(unsigned int n, u64 calls, int *err);

/*
 * The columns: the per-CPU lists' five lock modes, each selected at run
 * time with pcp_set_mode (which drains every list on the way), so every
 * row is measured in every mode, interleaved, in one boot. irq goes
 * first: seed 000 states its change against it. A build with the mode
 * fixed (make PCP_MODE=...) refuses the others, and their columns say
 * so instead of showing figures. The run ends in the last mode measured.
 */
static const struct page_bench_mode page_bench_modes[] = {
	{"irq", pcp_set_mode, PCP_MODE_IRQ},
	{"local", pcp_set_mode, PCP_MODE_LOCAL},
	{"spin_irqsave", pcp_set_mode, PCP_MODE_SPIN_IRQSAVE},
	{"spin", pcp_set_mode, PCP_MODE_SPIN},
	{"rt", pcp_set_mode, PCP_MODE_RT},
};

/*
 * The tests. HOOK for the bulk allocator: alloc_pages_bulk_array and
 * alloc_pages_bulk_list become "bulk_array" and "bulk_list" entries. Until
 * they exist, "bulk_loop" calls alloc_pages N times: named for what it is.
 * "single" stays last: the code takes the entries before it as bulk tests.
 */
static const struct page_bench_test page_bench_tests[] = {
	{"bulk_loop", "alloc_pages N times, then __free_pages each",
	 page_bench_bulk_loop},
	{"single", "alloc_pages + __free_pages of one block", NULL},
};

static const unsigned int pb_bulk_n[] = {1, 2, 3, 4, 8, 16, 32, 64, 128};
static const unsigned int pb_orders[] = {0, 1, 3, 9};

#define NR_PB_MODES    ARRAY_SIZE(page_bench_modes)
#define NR_PB_BULK     ARRAY_SIZE(pb_bulk_n)
#define NR_PB_ORDERS   ARRAY_SIZE(pb_orders)
#define NR_PB_TESTS    ARRAY_SIZE(page_bench_tests)
#define PB_PAGES       2048 /* per repetition, as the Linux peer */
#define PB_PAGES_QUICK 128

/* Every row: (tests - 1) x N x modes bulk rows, orders x modes singles. */
#define PB_ROWS                                                                \
	((NR_PB_TESTS - 1) * NR_PB_BULK * NR_PB_MODES +                        \
	 NR_PB_ORDERS * NR_PB_MODES)

static struct page *pb_pages[128]; /* the bench thread's only */
static int pb_current_mode;	   /* the mode the allocator is in */

/* Bulk tests' loop: @calls times, N order-0 pages allocated then freed. */
static u64 page_bench_bulk_loop(unsigned int n, u64 calls, int *err)
{
	u64 t0 = bench_tsc_begin();

	for (u64 c = 0; c < calls; c++) {
		unsigned int got;

		for (got = 0; got < n; got++) {
			pb_pages[got] =
				alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);
			if (!pb_pages[got])
				break;
		}
		for (unsigned int i = 0; i < got; i++)
			__free_pages(pb_pages[i], 0);
		if (got < n) {
			*err = 1;
			break;
		}
	}
	return bench_tsc_end() - t0;
}

static u64 pb_single_loop(unsigned int order, u64 calls, int *err)
{
	u64 t0 = bench_tsc_begin();

	for (u64 c = 0; c < calls; c++) {
		struct page *p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order);

		if (!p) {
			*err = 1;
			break;
		}
		__free_pages(p, order);
	}
	return bench_tsc_end() - t0;
}

/* What one row measures. */
struct pb_row {
	int mode, test;	    /* indexes into the tables above */
	unsigned int n;	    /* pages per call (1 for single) */
	unsigned int order; /* block order (0 for bulk) */
	u64 calls;	    /* per repetition */
};

static u64 pb_call(const struct pb_row *r, u64 calls, int *err)
{
	const struct page_bench_test *t = &page_bench_tests[r->test];

	if (t->loop)
		return t->loop(r->n, calls, err);
	return pb_single_loop(r->order, calls, err);
}

static u64 pb_rep(struct bench_row *row)
{
	const struct pb_row *r = row->arg;

	return pb_call(r, r->calls, &row->err);
}

/* Untimed: switch to the row's mode if it is not the current one, then
 * one call so the first timed one does not pay for the switch's drain. */
static int pb_prepare(struct bench_row *row)
{
	const struct pb_row *r = row->arg;
	const struct page_bench_mode *m = &page_bench_modes[r->mode];
	int err = 0;

	if (r->mode == pb_current_mode)
		return 0;
	if (m->select && m->select(m->arg)) {
		kprintf("page_bench: cannot switch to mode %s\n", m->name);
		return 1;
	}
	pb_current_mode = r->mode;
	pb_call(r, 1, &err);
	return err;
}

static struct pb_row pb_rows[PB_ROWS];
static struct bench_row pb_brows[PB_ROWS];
static struct bench_summary pb_sum[PB_ROWS];
static int pb_nr;

static void pb_add(int mode, int test, unsigned int n, unsigned int order,
		   u64 pages)
{
	struct pb_row *r = &pb_rows[pb_nr];

	*r = (struct pb_row){.mode = mode,
			     .test = test,
			     .n = n,
			     .order = order,
			     .calls = (pages + n - 1) / n};
	pb_brows[pb_nr] = (struct bench_row){
		.variant = page_bench_modes[mode].name,
		.rep = pb_rep,
		.prepare = pb_prepare,
		.arg = r,
		.units = r->calls * n,
		.param = page_bench_tests[test].loop ? n : order,
	};
	pb_nr++;
}

/* Measure every row, a group at a time: every bulk test and mode at one
 * N together, then every order and mode of the singles together. */
static int pb_measure(const struct bench_opts *o)
{
	u64 pages = o->quick ? PB_PAGES_QUICK : PB_PAGES;
	int single = (int)NR_PB_TESTS - 1, start;

	pb_nr = 0;
	pb_current_mode = 0; /* whatever mode it is in, start from the first */
	if (page_bench_modes[0].select &&
	    page_bench_modes[0].select(page_bench_modes[0].arg))
		return 1;
	for (size_t i = 0; i < NR_PB_BULK; i++) {
		start = pb_nr;
		for (int t = 0; t < single; t++)
			for (int m = 0; m < (int)NR_PB_MODES; m++)
				pb_add(m, t, pb_bulk_n[i], 0, pages);
		if (bench_run_rows(&pb_brows[start], pb_nr - start, o))
			return 1;
	}
	start = pb_nr;
	for (size_t i = 0; i < NR_PB_ORDERS; i++)
		for (int m = 0; m < (int)NR_PB_MODES; m++)
			pb_add(m, single, 1, pb_orders[i], pages);
	if (bench_run_rows(&pb_brows[start], pb_nr - start, o))
		return 1;
	for (int i = 0; i < pb_nr; i++)
		bench_summarise(&pb_brows[i], &pb_sum[i]);
	return 0;
}

static int pb_find(int test, u64 param, int mode)
{
	for (int i = 0; i < pb_nr; i++)
		if (pb_rows[i].test == test && pb_rows[i].mode == mode &&
		    pb_brows[i].param == param)
			return i;
	return -1;
}

/* Tenths of a tick as tenths of a ns, by the TSC frequency. */
static u64 pb_ns_tenths(u64 tenths)
{
	return tsc_cycles_to_ns(tenths * 1000) / 1000;
}

/* One cell in the seed's layout: the value, and for every column after
 * the first its change against the first, "(+3.83%)" when cheaper. */
static void pb_cell(u64 v, u64 base, bool first)
{
	char b[24];
	s64 hundredths;

	kprintf(" %10s", bench_fmt_tenths(b, v));
	if (first)
		return;
	hundredths = base ? ((s64)base - (s64)v) * 10000 / (s64)base : 0;
	kprintf(" (%c%lld.%02lld%%)", hundredths < 0 ? '-' : '+',
		(long long)(hundredths < 0 ? -hundredths : hundredths) / 100,
		(long long)(hundredths < 0 ? -hundredths : hundredths) % 100);
}

static void pb_table(int test, bool ns)
{
	const struct page_bench_test *t = &page_bench_tests[test];
	bool single = !t->loop;
	size_t nr = single ? NR_PB_ORDERS : NR_PB_BULK;

	kprintf("\n%s: %s; %s per %s, median; %% = change against %s\n",
		t->name, t->what, ns ? "ns" : bench_unit(),
		single ? "block" : "page", page_bench_modes[0].name);
	kprintf("%5s", single ? "order" : "N");
	for (size_t m = 0; m < NR_PB_MODES; m++)
		kprintf(m ? " %10s %-8s" : " %10s", page_bench_modes[m].name,
			"change");
	kprintf("\n");
	for (size_t k = 0; k < nr; k++) {
		u64 param = single ? pb_orders[k] : pb_bulk_n[k];
		int first = pb_find(test, param, 0);

		kprintf("%5llu", (unsigned long long)param);
		for (int m = 0; m < (int)NR_PB_MODES; m++) {
			int i = pb_find(test, param, m);
			u64 v = pb_sum[i].median, base = pb_sum[first].median;

			if (ns) {
				v = pb_ns_tenths(v);
				base = pb_ns_tenths(base);
			}
			pb_cell(v, base, m == 0);
		}
		kprintf("\n");
	}
}

/* The noisiest row, so a reader knows how far to trust the tables. */
static void pb_spread_line(void)
{
	u64 worst = 0, s;
	int at = 0;
	char b[24];

	for (int i = 0; i < pb_nr; i++) {
		s = bench_spread_permille(&pb_sum[i]);
		if (s >= worst) {
			worst = s;
			at = i;
		}
	}
	kprintf("\nspread (max - min) / median of the repetitions: at most "
		"%s%% (%s %s, %s %llu)\n",
		bench_fmt_tenths(b, worst),
		page_bench_tests[pb_rows[at].test].name, pb_brows[at].variant,
		page_bench_tests[pb_rows[at].test].loop ? "N" : "order",
		(unsigned long long)pb_brows[at].param);
}

/* What the run measures, so a checker can tell a missing figure. */
static void pb_plan_line(const struct bench_opts *o)
{
	kprintf(BENCH_PREFIX "page_bench_plan kernel=pagelab clock=%s modes=",
		bench_clock_name());
	for (size_t m = 0; m < NR_PB_MODES; m++)
		kprintf("%s%s", m ? "," : "", page_bench_modes[m].name);
	kprintf(" tests=");
	for (size_t t = 0; t < NR_PB_TESTS; t++)
		kprintf("%s%s", t ? "," : "", page_bench_tests[t].name);
	kprintf(" n=");
	for (size_t i = 0; i < NR_PB_BULK; i++)
		kprintf("%s%u", i ? "," : "", pb_bulk_n[i]);
	kprintf(" orders=");
	for (size_t i = 0; i < NR_PB_ORDERS; i++)
		kprintf("%s%u", i ? "," : "", pb_orders[i]);
	kprintf(" reps=%d\n", o->reps);
}

static void pb_bench_lines(const struct bench_opts *o)
{
	char b[6][24];

	pb_plan_line(o);
	for (int i = 0; i < pb_nr; i++) {
		const struct pb_row *r = &pb_rows[i];
		const struct bench_summary *s = &pb_sum[i];

		kprintf(BENCH_PREFIX
			"page_bench kernel=pagelab mode=%s clock=%s test=%s "
			"order=%u n=%u cycles_per_page=%s min=%s max=%s q1=%s "
			"q3=%s reps=%d loops=%llu ns_per_page=%s\n",
			pb_brows[i].variant, bench_clock_name(),
			page_bench_tests[r->test].name, r->order, r->n,
			bench_fmt_tenths(b[0], s->median),
			bench_fmt_tenths(b[1], s->min),
			bench_fmt_tenths(b[2], s->max),
			bench_fmt_tenths(b[3], s->q1),
			bench_fmt_tenths(b[4], s->q3), pb_brows[i].nr,
			(unsigned long long)r->calls,
			bench_fmt_tenths(b[5], pb_ns_tenths(s->median)));
	}
}

/* Context: the bench thread on the bench CPU, the others idle. */
static int pb_job(void *arg)
{
	const struct bench_opts *o = arg;
	bool icount = bench_clock() == BENCH_CLOCK_ICOUNT;

	if (pb_measure(o)) {
		kprintf("page_bench: an allocation failed or a mode could not "
			"be selected; no figures\n");
		return 1;
	}
	kprintf("page_bench: %d repetitions of %d pages per row, rows "
		"interleaved; clock %s\n",
		o->reps, o->quick ? PB_PAGES_QUICK : PB_PAGES,
		bench_clock_name());
	for (int t = 0; t < (int)NR_PB_TESTS; t++)
		pb_table(t, false);
	if (!icount)
		for (int t = 0; t < (int)NR_PB_TESTS; t++)
			pb_table(t, true);
	else
		kprintf("\n(no ns tables: under icount the clock counts "
			"instructions, not time)\n");
	pb_spread_line();
	pb_bench_lines(o);
	return 0;
}

static int page_bench_run(const struct bench_opts *o, int argc, char **argv)
{
	(void)argv;
	return bench_on_cpu(o, pb_job, (void *)o);
}
BENCH_DEF(page_bench, "",
	  "seed 000's table: cost per page of N-page alloc+free, per mode",
	  page_bench_run);

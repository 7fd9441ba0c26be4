/*
 * page_smp: the allocator under SMP load, as aggregate throughput. 1, 2,
 * 4, 8... CPUs each allocate and free on their own at the same time, the
 * single-page loop and the bulk_loop of 64; pages per second in total and
 * per CPU. TCG time only: under icount one vCPU runs at a time. A start on
 * issue 11's scaling table: the pcp mode the boot chose (pcp_lock=), no
 * lock statistics yet.
 */
#include "kernel/bench.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "mm/gfp.h"
#include "mm/pcp_internal.h"

/*
 * Short, and few repetitions: with more vCPUs than host cores, a vCPU
 * holding zone->lock is often descheduled by the host while the others
 * queue behind it on the ticket lock, and a repetition can take seconds.
 */
#define SMP_PAGES	128 /* per CPU per repetition */
#define SMP_PAGES_QUICK 64
#define SMP_MAX_REPS	5
#define SMP_BULK_N	64
#define SMP_MAX_STEPS	7 /* 1, 2, 4 ... 64 CPUs */

struct smp_test {
	const char *name; /* BENCH test= */
	unsigned int n;	  /* pages per call */
};

static const struct smp_test smp_tests[] = {{"single", 1},
					    {"bulk_loop", SMP_BULK_N}};
#define NR_SMP_TESTS ARRAY_SIZE(smp_tests)

struct smp_row {
	const struct smp_test *test;
	int cpus;
	u64 calls; /* per CPU per repetition */
	bool failed;
};

/* One CPU's share: @r->calls calls of n order-0 pages, each freed. */
static u64 smp_worker(void *arg, int idx)
{
	struct smp_row *r = arg;
	struct page *pages[SMP_BULK_N];
	unsigned int n = r->test->n;

	(void)idx;
	for (u64 c = 0; c < r->calls; c++) {
		unsigned int got;

		for (got = 0; got < n; got++) {
			pages[got] = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0);
			if (!pages[got])
				break;
		}
		for (unsigned int i = 0; i < got; i++)
			__free_pages(pages[i], 0);
		if (got < n) {
			WRITE_ONCE(r->failed, true);
			return c * n + got;
		}
	}
	return r->calls * n;
}

static struct bench_opts smp_opts_capped;
static const struct bench_opts *smp_opts = &smp_opts_capped;

/* One repetition: every CPU of the row at once; wall ticks, first start
 * to last end, so ticks per page is the inverse of the total rate. */
static u64 smp_rep(struct bench_row *row)
{
	struct smp_row *r = row->arg;
	struct bench_smp_result res;

	if (bench_on_cpus(smp_opts, r->cpus, smp_worker, r, &res) ||
	    r->failed || res.units != row->units) {
		row->err = 1;
		return 0;
	}
	return res.ticks;
}

/* Pages per second from tenths of a tick per page. */
static u64 smp_rate(u64 tenths)
{
	return tenths ? tsc_hz * 10 / tenths : 0;
}

static int smp_usable_cpus(void)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += sched_cpu_active(cpu) && !cpu_is_isolated(cpu);
	return n;
}

static struct smp_row smp_rows[NR_SMP_TESTS * SMP_MAX_STEPS];
static struct bench_row smp_brows[NR_SMP_TESTS * SMP_MAX_STEPS];

static void smp_print(int nr)
{
	struct bench_summary s;

	kprintf("page_smp: each CPU allocates and frees its own pages, all at "
		"once; pages per second (TCG time), median of %d\n",
		smp_opts->reps);
	kprintf("%-10s %5s %12s %12s %8s\n", "test", "CPUs", "total/s",
		"per CPU/s", "spread");
	for (int i = 0; i < nr; i++) {
		char b[24];

		bench_summarise(&smp_brows[i], &s);
		kprintf("%-10s %5d %12llu %12llu %7s%%\n",
			smp_rows[i].test->name, smp_rows[i].cpus,
			(unsigned long long)smp_rate(s.median),
			(unsigned long long)smp_rate(s.median) /
				(u64)smp_rows[i].cpus,
			bench_fmt_tenths(b, bench_spread_permille(&s)));
	}
	for (int i = 0; i < nr; i++) {
		bench_summarise(&smp_brows[i], &s);
		kprintf(BENCH_PREFIX "page_smp kernel=pagelab mode=%s "
				     "clock=%s test=%s order=0 n=%u cpus=%d "
				     "pages_per_sec=%llu min=%llu max=%llu "
				     "reps=%d loops=%llu\n",
			smp_brows[i].variant, bench_clock_name(),
			smp_rows[i].test->name, smp_rows[i].test->n,
			smp_rows[i].cpus,
			(unsigned long long)smp_rate(s.median),
			(unsigned long long)smp_rate(s.max),
			(unsigned long long)smp_rate(s.min), smp_brows[i].nr,
			(unsigned long long)smp_rows[i].calls);
	}
}

/* Context: the bench thread; the other CPUs idle until their turn. */
static int smp_job(void *arg)
{
	const struct bench_opts *o = arg;
	u64 pages = o->quick ? SMP_PAGES_QUICK : SMP_PAGES;
	int usable = smp_usable_cpus(), nr = 0;

	for (size_t t = 0; t < NR_SMP_TESTS; t++)
		for (int k = 1, step = 0; k <= usable && step < SMP_MAX_STEPS;
		     k *= 2, step++, nr++) {
			smp_rows[nr] = (struct smp_row){
				.test = &smp_tests[t],
				.cpus = k,
				.calls = pages / smp_tests[t].n};
			smp_brows[nr] = (struct bench_row){
				.variant = pcp_mode_names[pcp_get_mode()],
				.rep = smp_rep,
				.arg = &smp_rows[nr],
				.units = smp_rows[nr].calls * smp_tests[t].n *
					 (u64)k};
		}
	smp_opts_capped = *o;
	smp_opts_capped.reps = MIN(o->reps, SMP_MAX_REPS);
	if (bench_run_rows(smp_brows, nr, smp_opts)) {
		kprintf("page_smp: an allocation failed or a CPU could not "
			"start; no figures\n");
		return 1;
	}
	smp_print(nr);
	return 0;
}

static int page_smp_run(const struct bench_opts *o, int argc, char **argv)
{
	(void)argv;
	if (bench_clock() == BENCH_CLOCK_ICOUNT) {
		kprintf("page_smp: skipped: under icount one vCPU runs at a "
			"time, so SMP figures are TCG time only\n");
		return 0;
	}
	return bench_on_cpu(o, smp_job, (void *)o);
}
BENCH_DEF(page_smp, "",
	  "pages per second with 1, 2, 4.. CPUs allocating at once (TCG time)",
	  page_smp_run);

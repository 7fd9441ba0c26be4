/*
 * The measuring core of the harness (bench.h): repetitions of interleaved
 * rows, each kept repetition as tenths of a TSC tick per unit, and their
 * summary (median, quartiles, min, max). Linux has no in-kernel harness;
 * this follows what its out-of-tree page_bench modules print.
 */
#include "kernel/bench.h"
#include "lib/format.h"

/* One repetition of @row; keep its cost per unit unless warming up. */
static int bench_rep(struct bench_row *row, bool keep)
{
	u64 ticks;

	if (row->prepare) {
		row->err = row->prepare(row);
		if (row->err)
			return row->err;
	}
	ticks = row->rep(row);
	if (row->err)
		return row->err;
	if (keep && row->nr < BENCH_MAX_REPS)
		row->tenths[row->nr++] =
			(ticks * 10 + row->units / 2) / row->units;
	return 0;
}

int bench_run_rows(struct bench_row *rows, int nr, const struct bench_opts *o)
{
	for (int i = 0; i < nr; i++) {
		rows[i].nr = 0;
		rows[i].err = 0;
		if (!rows[i].units)
			rows[i].units = 1;
	}
	for (int round = 0; round < o->warmup + o->reps; round++) {
		for (int i = 0; i < nr; i++) {
			int idx = (round & 1) ? nr - 1 - i : i;
			int err = bench_rep(&rows[idx], round >= o->warmup);

			if (err)
				return err;
		}
	}
	return 0;
}

/* Insertion sort: at most BENCH_MAX_REPS values. */
static void bench_sort(u64 *v, int n)
{
	for (int i = 1; i < n; i++) {
		u64 x = v[i];
		int j;

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The value at fraction @num/@den of the sorted @v, midpoint-rounded. */
static u64 bench_quantile(const u64 *v, int n, int num, int den)
{
	int lo = (n - 1) * num / den;
	int rem = (n - 1) * num % den;

	if (!rem || lo + 1 >= n)
		return v[lo];
	return (v[lo] * (u64)(den - rem) + v[lo + 1] * (u64)rem + den / 2) /
	       (u64)den;
}

void bench_summarise(struct bench_row *row, struct bench_summary *s)
{
	int n = row->nr;

	*s = (struct bench_summary){0};
	if (!n)
		return;
	bench_sort(row->tenths, n);
	s->min = row->tenths[0];
	s->max = row->tenths[n - 1];
	s->median = bench_quantile(row->tenths, n, 1, 2);
	s->q1 = bench_quantile(row->tenths, n, 1, 4);
	s->q3 = bench_quantile(row->tenths, n, 3, 4);
}

char *bench_fmt_tenths(char *buf, u64 tenths)
{
	ksnprintf(buf, 24, "%llu.%llu", (unsigned long long)(tenths / 10),
		  (unsigned long long)(tenths % 10));
	return buf;
}

u64 bench_spread_permille(const struct bench_summary *s)
{
	if (!s->median)
		return 0;
	return ((s->max - s->min) * 1000 + s->median / 2) / s->median;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The schedule: which rows exist, how many repetitions each gets, and in
 * what order they run. Rows measured together are interleaved, A B B A A B
 * ..., so host drift under TCG hits them alike and none always runs second:
 * bulk array and bulk list at the same N, and the four single-page orders.
 * Interleaving the orders lets an order-9 free push the pcp over its high
 * mark between order-0 repetitions; under icount that moved no order's
 * median by more than 4 instructions (0.5%), while running them one after
 * another let a burst of host load land on one order's whole row.
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/sched.h>

#include "peer.h"

static const unsigned int peer_bulk_n[PEER_NR_BULK] = {1,  2,  3,  4,  8,
						       16, 32, 64, 128};
static const unsigned int peer_orders[PEER_NR_ORDER] = {0, 1, 3, 9};

/* Time one repetition of @row; keep its cost per page unless warming up. */
static int peer_rep(struct peer_row *row, bool keep)
{
	u64 pages = (u64)row->loops * row->n;
	int err = 0;
	u64 ticks;

	ticks = peer_loop(row, &err);
	if (err)
		return err;
	if (keep)
		row->tenths[row->nr_reps++] =
			div64_u64(ticks * 10 + pages / 2, pages);
	return 0;
}

/* Run @nr rows for warm-up plus kept repetitions, reversing the order of
 * the rows on every other round. */
static int peer_run_group(struct peer_row *rows, unsigned int nr,
			  const struct peer_config *cfg)
{
	unsigned int round, i, idx;
	int err;

	for (round = 0; round < cfg->warmup + cfg->reps; round++) {
		for (i = 0; i < nr; i++) {
			idx = (round & 1) ? nr - 1 - i : i;
			err = peer_rep(&rows[idx], round >= cfg->warmup);
			if (err)
				return err;
		}
		/* Let the tick's deferred work (vmstat, RCU) run between
		 * repetitions rather than inside one. */
		cond_resched();
	}
	return 0;
}

static void peer_row_init(struct peer_row *row, enum peer_test test,
			  unsigned int order, unsigned int n,
			  const struct peer_config *cfg)
{
	row->test = test;
	row->order = order;
	row->n = n;
	row->loops = DIV_ROUND_UP(cfg->pages, n);
	row->nr_reps = 0;
}

/**
 * peer_run_all - measure every row: bulk array and list for each N, then
 * single pages of each order.
 * @rows: PEER_NR_ROWS rows, filled in here
 * @cfg: repetitions, warm-up and pages per repetition
 *
 * Context: the benchmark thread, bound to its CPU; may sleep between
 *          repetitions.
 * Return: 0, or -ENOMEM if an allocation came back short.
 */
int peer_run_all(struct peer_row *rows, const struct peer_config *cfg)
{
	unsigned int i;
	int err;

	for (i = 0; i < PEER_NR_BULK; i++) {
		struct peer_row *pair = &rows[2 * i];

		peer_row_init(&pair[0], PEER_BULK_ARRAY, 0, peer_bulk_n[i],
			      cfg);
		peer_row_init(&pair[1], PEER_BULK_LIST, 0, peer_bulk_n[i], cfg);
		err = peer_run_group(pair, 2, cfg);
		if (err)
			return err;
	}
	for (i = 0; i < PEER_NR_ORDER; i++) {
		struct peer_row *row = &rows[2 * PEER_NR_BULK + i];

		peer_row_init(row, PEER_SINGLE, peer_orders[i], 1, cfg);
	}
	return peer_run_group(&rows[2 * PEER_NR_BULK], PEER_NR_ORDER, cfg);
}

/**
 * peer_row_median - sort @row's kept repetitions in place (so tenths[0] is
 * the minimum and tenths[nr_reps - 1] the maximum) and return their median,
 * in tenths of a cycle per page; with an even count, the mean of the middle
 * two.
 * @row: a measured row with at least one kept repetition
 */
u64 peer_row_median(struct peer_row *r)
{
	unsigned int i, j, n = r->nr_reps;
	u64 v;

	for (i = 1; i < n; i++) {
		v = r->tenths[i];
		for (j = i; j > 0 && r->tenths[j - 1] > v; j--)
			r->tenths[j] = r->tenths[j - 1];
		r->tenths[j] = v;
	}
	if (n & 1)
		return r->tenths[n / 2];
	return (r->tenths[n / 2 - 1] + r->tenths[n / 2] + 1) / 2;
}

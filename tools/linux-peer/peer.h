/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagepeer: the Linux side of pagelab's page_bench. The same loops as
 * pagelab's harness (bulk array, bulk list, single page), run inside a stock
 * Debian kernel and printed as the same BENCH lines. Shared types.
 */
#ifndef PAGEPEER_PEER_H
#define PAGEPEER_PEER_H

#include <linux/types.h>

#define PEER_MAX_BULK 128 /* largest N, as in seed 000's table */
#define PEER_MAX_REPS 31
#define PEER_NR_BULK  9
#define PEER_NR_ORDER 4
#define PEER_NR_ROWS  (2 * PEER_NR_BULK + PEER_NR_ORDER)

enum peer_test { PEER_BULK_ARRAY, PEER_BULK_LIST, PEER_SINGLE };

/* One figure: a loop, how long each repetition ran, and what it measured. */
struct peer_row {
	enum peer_test test;
	unsigned int order;	   /* single: the order; bulk: 0 */
	unsigned int n;		   /* pages per call; single: 1 */
	unsigned int loops;	   /* calls per repetition */
	unsigned int nr_reps;	   /* repetitions kept after the warm-up */
	u64 tenths[PEER_MAX_REPS]; /* cycles per page x10, one per rep */
};

struct peer_config {
	unsigned int reps;   /* repetitions kept per row */
	unsigned int warmup; /* repetitions run first and thrown away */
	unsigned int pages;  /* pages per repetition (loops = pages / n) */
};

const char *peer_test_name(enum peer_test test);
u64 peer_loop(const struct peer_row *row, int *err);
int peer_run_all(struct peer_row *rows, const struct peer_config *cfg);
u64 peer_row_median(struct peer_row *row);
u64 peer_calibrate(unsigned long iters);
void peer_print_machine(const char *cmdline);

#endif

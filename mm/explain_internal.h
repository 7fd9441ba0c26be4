/*
 * Shared by the explainer's recorder and command (mm/explain.c) and its
 * narrator (mm/explain_print.c). Kernel only.
 */
#ifndef MM_EXPLAIN_INTERNAL_H
#define MM_EXPLAIN_INTERNAL_H

#include "mm/explain.h"

/* Enough for a refill of 63 blocks, each split from a large block. */
#define EXPLAIN_MAX 512

extern struct explain_rec explain_buf[EXPLAIN_MAX];
extern int explain_len;	 /* records kept */
extern int explain_lost; /* records that did not fit */

/*
 * explain_print - tell @n records as numbered steps, summarising long
 * refills and spills after their first blocks. Context: shell thread,
 * after recording stopped (it prints).
 */
void explain_print(const struct explain_rec *r, int n, int lost);

#endif

/*
 * The load the offline suites run under: one worker per CPU (isolated
 * CPUs left out, at most OL_MAX_WORKERS) allocating and freeing pcp
 * orders singly, in bulk (alloc_pages_bulk_list) and through
 * free_pages_list, each holding a few blocks at a time; and a switcher
 * cycling the pcp locking mode. Every block a worker gets is checked
 * against a forbidden pfn range the test publishes with an epoch (odd:
 * the range is offline), and every failed allocation is counted.
 */
#ifndef TESTS_KERNEL_OFFLINE_LOAD_H
#define TESTS_KERNEL_OFFLINE_LOAD_H

#include "kernel/thread.h"
#include "lib/types.h"
#include "mm/mmzone.h"

#define OL_MAX_WORKERS 8

struct ol_load {
	int nid;	   /* node the workers prefer; -1: their own */
	bool switch_modes; /* run the pcp mode switcher too */
	int nr;		   /* workers started */
	struct thread *th[OL_MAX_WORKERS];
	struct thread *switcher;
	bool stop;
	/* the pfns no worker may get while epoch is odd */
	pfn_t forbid_start, forbid_end;
	unsigned long epoch;
	/* atomic counts */
	u64 ops[OL_MAX_WORKERS]; /* allocations that succeeded */
	u64 fails;		 /* allocations that returned nothing */
	u64 forbidden;		 /* blocks handed out from an offline range */
	pfn_t forbidden_pfn;	 /* the first such block */
	u64 switches;
};

/* Start the workers (and the switcher). Return: false if a thread failed. */
bool ol_load_start(struct ol_load *l);
/* Stop everything; every block the workers held is freed. */
void ol_load_stop(struct ol_load *l);
/* Wait until each worker made @n more allocations (or ~@max_ms passed).
 * Return: true if they all did. */
bool ol_load_wait_ops(struct ol_load *l, u64 n, unsigned int max_ms);
/* Declare [@start, @end) offline (or not): flips the epoch. */
void ol_load_forbid(struct ol_load *l, pfn_t start, pfn_t end, bool offline);

/*
 * Pages on @cpu's lists of @z, read under the lists' protection: that
 * list's pcp->lock in the lock modes, the closed gate in the others.
 * *@high and *@batch get the sizes read there. Context: task, preemptible.
 */
long ol_pcp_count(struct zone *z, int cpu, int *high, int *batch);

#endif

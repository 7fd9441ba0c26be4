/*
 * Background allocator load for watching fragmentation (and, later, the
 * per-CPU lists) move: a kernel thread bound to each chosen CPU allocates
 * and frees blocks at random through the ordinary API (alloc_pages_node,
 * __free_pages), holding at most a given number, and gives every block
 * back when stopped. Linux has no such thing in-kernel; think of a
 * stress-ng --vm run, kept inside the kernel. Kernel only.
 */
#ifndef MM_LOAD_H
#define MM_LOAD_H

#include "lib/types.h"
#include "mm/mmzone.h"

#define LOAD_MAX_HOLD 256 /* blocks one thread holds at most */

struct load_config {
	u64 cpus;			       /* a bit per CPU */
	unsigned int orders;		       /* a bit per order */
	unsigned int weight[MIGRATE_PCPTYPES]; /* how often each type */
	unsigned int hold;		       /* 1..LOAD_MAX_HOLD */
	u64 seed;			       /* each thread adds its CPU */
};

/* What the threads did; racy sums while they run, exact once stopped. */
struct load_totals {
	int threads;
	u64 cpus;
	u64 allocs, frees, fails;
	u64 held_blocks, held_pages;
};

/*
 * load_start - start a thread on every CPU of @c->cpus.
 * Context: shell or test thread, preemptible; one caller at a time.
 * Return: 0, or -1 with @why (@len bytes) saying what was wrong (already
 * running, a CPU not online, no memory for the bookkeeping); on failure
 * nothing is left running.
 */
int load_start(const struct load_config *c, char *why, size_t len);

/*
 * load_stop - tell every thread to stop, wait for each to give back all
 * it holds and exit, and fill @t with their final counts.
 * Context: as load_start; sleeps. Return: threads stopped (0: none ran).
 */
int load_stop(struct load_totals *t);

/* load_read - the counts so far (@t->threads 0: not running). */
void load_read(struct load_totals *t);

/* load_print - @t as one line: "load: 2 threads on CPUs 1-2: ...". */
void load_print(const struct load_totals *t);

/* load_fmt_list - "1-3,5" for the set bits of @mask. */
void load_fmt_list(u64 mask, char *buf, size_t len);

#endif

/*
 * mm_check: a full consistency check of every zone's buddy state, for
 * tests, the `check` shell command and debugging. Linux has no single
 * equivalent; it is the sum of its VM_BUG_ONs and page_owner checks.
 */
#ifndef MM_MM_CHECK_H
#define MM_MM_CHECK_H

#include "mm/mmzone.h"

/*
 * mm_check_zone - check @z, printing one line per problem (at most a few
 * dozen). Per zone, with F free pages (in buddy blocks), A allocated pages
 * (heads with PG_allocated and their tails), R reserved pages and O pages
 * of the span tagged with another zone (interleaved nodes; normally 0):
 *   - each free_area's nr_free equals the length of its lists
 *   - each free block is aligned, in the zone, PG_buddy with the list's
 *     order, on exactly one list, the list's migratetype being that of
 *     every pageblock it covers; its tails carry no state
 *   - no two free blocks of one order < MAX_ORDER-1 are buddies that the
 *     merge rule would have joined
 *   - every pfn of the span is exactly one of free, allocated, reserved,
 *     other zone: F + A + R + O == spanned_pages
 *   - NR_FREE_PAGES == sum of nr_free[o] << o over non-isolated lists
 *   - managed_pages == F + A, and NR_ALLOC_PAGES == A
 * Context: takes @z->lock with IRQs saved; meaningful when quiescent.
 * Return: the number of problems found.
 */
int mm_check_zone(struct zone *z);

/*
 * mm_check - mm_check_zone on every populated zone.
 * Context: takes each zone->lock in turn, with IRQs saved.
 * Return: the number of problems.
 */
int mm_check(void);

/* The counters an exhaust-and-free-all must restore exactly. */
struct mm_counters {
	unsigned long nr_free[MAX_NUMNODES][MAX_NR_ZONES][MAX_ORDER];
	unsigned long stat[MAX_NUMNODES][MAX_NR_ZONES][NR_VM_ZONE_STAT_ITEMS];
	unsigned long managed[MAX_NUMNODES][MAX_NR_ZONES];
};

/* Recorded by mm_init_finish. */
extern struct mm_counters mm_boot_counters;

/* mm_counters_read - snapshot every zone's counters. Context: any. */
void mm_counters_read(struct mm_counters *c);
/*
 * mm_counters_compare - print each counter that differs between @a and @b
 * (as "mm: node N zone Z <counter>: a vs b").
 * Return: how many differ.
 */
int mm_counters_compare(const struct mm_counters *a,
			const struct mm_counters *b);

#endif

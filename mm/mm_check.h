/*
 * mm_check: a full consistency check of every zone's buddy state, for
 * tests, the `check` shell command and debugging. Linux has no single
 * equivalent; it is the sum of its VM_BUG_ONs and page_owner checks.
 */
#ifndef MM_MM_CHECK_H
#define MM_MM_CHECK_H

#include "lib/list.h"
#include "mm/mmzone.h"

/*
 * mm_check_zone - check @z, printing one line per problem (at most a few
 * dozen). Every pfn of the span is classified on its own, so block sizes
 * cannot hide one: free (in a buddy block), allocated (in a block whose
 * head has PG_allocated), on a per-CPU list (in a block on one, once
 * those exist), reserved, or another zone's (interleaved nodes).
 *   - every list is walked bounded: each next pointer must be the list
 *     head or a struct page of the zone before it is followed, and each
 *     entry's prev must point back; a corrupt list is reported, never
 *     followed into the weeds or forever
 *   - each free_area's nr_free equals the length of its lists
 *   - each free block is aligned, in the zone, PG_buddy with the list's
 *     order, on exactly one list, whose migratetype is that of every
 *     pageblock it covers; no two free buddies the merge rule would have
 *     joined; each allocated block is aligned, of a real order, inside
 *     the zone; tails of any block carry no state
 *   - NR_FREE_PAGES (exactly, sign included) == pages on non-isolated
 *     lists == free pfns outside isolated pageblocks' lists
 *   - NR_ALLOC_PAGES == allocated pfns; per-CPU list pages == what each
 *     CPU's list says it holds; the deferred nolock frees (a fifth state,
 *     pcp_deferred.h) == the zone's count of them; managed == free +
 *     allocated + per-CPU + deferred
 *   - other zones' pfns == foreign_pages; managed <= present
 *   - nr_isolate_pageblock == pageblocks of the zone typed isolate
 * Context: takes every CPU's per-CPU list lock of @z (if registered),
 * then @z->lock with IRQs saved; meaningful when quiescent.
 * Return: the number of problems found.
 */
int mm_check_zone(struct zone *z);

/*
 * mm_check - mm_check_zone on every populated zone, then the events:
 * PGALLOC - PGFREE must equal the pages allocated (NR_ALLOC_PAGES).
 * Context: as mm_check_zone, one zone at a time; holds the interrupt
 * load (mm/alloc_test_load.h) off meanwhile.
 * Return: the number of problems.
 */
int mm_check(void);

/*
 * The hook for the fourth page state: blocks sitting on a CPU's per-CPU
 * list of a zone. The per-CPU list code registers these; mm_check then
 * takes every CPU's list lock for the zone (ascending CPU order, before
 * zone->lock, the mm lock order), walks each list bounded like a free
 * list, and counts its blocks as their own state. A block on a per-CPU
 * list is not PG_buddy and not PG_allocated; its head's order field holds
 * the block's order and its migratetype field the list's type.
 */
struct mm_check_pcp_ops {
	int nr_lists; /* lists per (zone, CPU) */
	/* Optional: before the lock calls (end: after the unlocks), to stop
	 * every CPU's use of the lists when no per-CPU lock does that.
	 * Context: task, preemptible; may sleep (yield). */
	void (*begin)(struct zone *z);
	void (*end)(struct zone *z);
	/* Context: before zone->lock, IRQs as mm_check's caller has them;
	 * takes (unlock: drops) @cpu's per-CPU list lock of @z. */
	void (*lock)(struct zone *z, int cpu);
	void (*unlock)(struct zone *z, int cpu);
	/* List @idx of @cpu for @z; *@order and *@mt of its blocks. Context:
	 * that CPU's list lock held. NULL if the CPU has none. */
	struct list_head *(*list)(struct zone *z, int cpu, int idx,
				  unsigned int *order, int *mt);
	/* Pages @cpu's lists for @z say they hold. Context: its lock held. */
	long (*count)(struct zone *z, int cpu);
};

/*
 * mm_check_set_pcp_ops - register the per-CPU list walkers (NULL: none).
 * Context: quiescent (boot, test setup).
 */
void mm_check_set_pcp_ops(const struct mm_check_pcp_ops *ops);

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

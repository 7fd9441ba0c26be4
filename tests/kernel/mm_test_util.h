/*
 * Helpers shared by the mm KTAP suites: fail when the boot side has not
 * handed memory over, and allocate-until-failure into a list chained
 * through page->lru (the owner's field), so tests need no memory of their
 * own to remember thousands of pages.
 */
#ifndef TESTS_KERNEL_MM_TEST_UTIL_H
#define TESTS_KERNEL_MM_TEST_UTIL_H

#include "kernel/ktest.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/pcp.h"

/* Fail the case (and return true) when mm_init_finish has not run: every
 * boot hands memory to the buddy before tests start, so this is a bug. */
static inline bool mm_test_skip(struct ktest *t)
{
	if (mm_initialised())
		return false;
	ktest_fail(t, __FILE__, __LINE__, "mm not initialised");
	return true;
}

/*
 * Allocate order-@order blocks with @gfp (plus __GFP_NOWARN) onto @list
 * until one fails or @max are taken. Return: how many were taken.
 */
static inline unsigned long mm_test_alloc_until_fail(struct list_head *list,
						     gfp_t gfp,
						     unsigned int order,
						     unsigned long max)
{
	unsigned long n = 0;
	struct page *p;

	while (n < max && (p = alloc_pages(gfp | __GFP_NOWARN, order))) {
		list_add(&p->lru, list);
		n++;
	}
	return n;
}

/* Free every block on @list at the order it was allocated with. */
static inline void mm_test_free_list(struct list_head *list)
{
	struct page *p, *n;

	/* the analyzer loses track of the list its caller built */
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
	list_for_each_entry_safe(p, n, list, lru) {
		list_del(&p->lru);
		__free_pages(p, p->order);
	}
}

/*
 * Turn every zone's per-CPU lists off (high 0, batch 1: each free goes
 * straight through, each refill takes one block) and drain them, so a
 * test of the buddy itself sees its exact counts; mm_test_pcp_on undoes
 * it. Context: task, preemptible.
 */
static inline void mm_test_pcp_off(void)
{
	struct zone *z;

	for_each_populated_zone(z)
		zone_pcp_disable(z);
}

static inline void mm_test_pcp_on(void)
{
	struct zone *z;

	for_each_populated_zone(z)
		zone_pcp_enable(z);
}

/*
 * The counters an exhaust-and-free-all restores, read with every CPU's
 * lists drained first: pages parked there are free, but not in the
 * buddy's counts. Context: task, preemptible; meaningful when quiescent.
 */
static inline void mm_test_counters_read(struct mm_counters *c)
{
	drain_all_pages(NULL);
	mm_counters_read(c);
}

#endif

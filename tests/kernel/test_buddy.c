/*
 * ktest suite "buddy": the buddy allocator on the real zones the boot side
 * built. Split and merge at every order, and exhausting all memory then
 * freeing it all, must each leave every counter exactly as it found it.
 * Skips with "mm not initialised" until the boot side calls mm_init_finish.
 */
#include "kernel/ktest.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/kernel/mm_test_util.h"

/* Snapshots are large (kilobytes): static, cases run one at a time. */
static struct mm_counters before, after;

static void buddy_mm_check_clean(struct ktest *t)
{
	unsigned long managed = 0;
	struct zone *z;

	if (mm_test_skip(t))
		return;
	KEXPECT_EQ(t, mm_check(), 0);
	mm_counters_read(&after);
	/* no page was handed over or withdrawn since boot, in any zone */
	for_each_populated_zone(z) {
		KEXPECT_EQ(t, after.managed[z->node][z->zone_idx],
			   mm_boot_counters.managed[z->node][z->zone_idx]);
		managed += after.managed[z->node][z->zone_idx];
	}
	KEXPECT_GT(t, managed, 0);
}

static void buddy_split_merge_every_order(struct ktest *t)
{
	unsigned int o;

	if (mm_test_skip(t))
		return;
	mm_test_pcp_off(); /* the buddy's own counts, order by order */
	for (o = 0; o < MAX_ORDER; o++) {
		struct page *p;
		unsigned long free;

		mm_counters_read(&before);
		/* every boot leaves order-10 blocks; watermarks do not apply */
		p = alloc_pages(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOWARN, o);
		if (!p)
			mm_test_pcp_on();
		KASSERT_TRUE(t, p != NULL);
		KEXPECT_EQ(t, page_to_pfn(p) & ((1UL << o) - 1), 0);
		free = before.stat[page_to_nid(p)][page_zonenum(p)]
				  [NR_FREE_PAGES];
		KEXPECT_EQ(t, zone_page_state(page_zone(p), NR_FREE_PAGES),
			   free - (1UL << o));
		__free_pages(p, o);
		mm_counters_read(&after);
		KEXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	}
	mm_test_pcp_on();
	KEXPECT_EQ(t, mm_check(), 0);
}

static void buddy_exhaust_and_free_all(struct ktest *t)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_MEMALLOC;
	unsigned long pages = 0;
	struct zone *z;
	LIST_HEAD(list);
	int o;

	if (mm_test_skip(t))
		return;
	mm_test_counters_read(&before);
	for (o = MAX_ORDER - 1; o >= 0; o--)
		pages += mm_test_alloc_until_fail(&list, gfp, (unsigned int)o,
						  ~0UL)
			 << o;
	ktest_log(t, "took %lu pages", pages);
	for_each_populated_zone(z)
		KEXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), 0);
	KEXPECT_TRUE(t, alloc_pages(gfp | __GFP_NOWARN, 0) == NULL);
	KEXPECT_EQ(t, mm_check(), 0);
	mm_test_free_list(&list);
	mm_test_counters_read(&after);
	KEXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	KEXPECT_EQ(t, mm_check(), 0);
}

static const struct ktest_case buddy_cases[] = {
	KTEST_CASE(buddy_mm_check_clean),
	KTEST_CASE(buddy_split_merge_every_order),
	KTEST_CASE(buddy_exhaust_and_free_all),
	{NULL, NULL},
};

KTEST_SUITE(buddy, .cases = buddy_cases);

/*
 * Host tests of mm_check itself (mm/mm_check.c): each kind of corruption
 * it promises to find is planted, reported in a line that names it, and
 * never crashes or hangs the walk; then the per-CPU list hook, with a
 * stand-in for the per-CPU lists that do not exist yet.
 */
#include <stdio.h>
#include <string.h>

#include "mm/buddy.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

static struct zone *normal0(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

/* mm_check finds problems, and one of its lines contains @what. */
#define EXPECT_FOUND(t, what)                                                  \
	do {                                                                   \
		HT_EXPECT(t, mm_check() > 0);                                  \
		HT_EXPECT_MSG(t, printk_printed(what), "no line with \"%s\"",  \
			      what);                                           \
	} while (0)

/* 64 pages; pfns 0 and 2 allocated then freed: two order-0 free pages. */
static struct list_head *two_entry_list(struct ht *t, struct arena *a,
					struct page *keep[2])
{
	struct page *p[4];
	int i;

	arena_simple(a, 64);
	arena_no_watermarks();
	for (i = 0; i < 4; i++)
		p[i] = alloc_pages(GFP_KERNEL, 0);
	HT_EXPECT_EQ(t, page_to_pfn(p[0]), 0);
	__free_pages(p[0], 0);
	__free_pages(p[2], 0);
	HT_EXPECT_EQ(
		t,
		list_count(&normal0()->free_area[0].free_list[MIGRATE_MOVABLE]),
		2);
	keep[0] = p[1];
	keep[1] = p[3];
	HT_EXPECT_EQ(t, mm_check(), 0);
	return &normal0()->free_area[0].free_list[MIGRATE_MOVABLE];
}

/* A next pointer into nowhere, or into the middle of a struct page. */
static void check_wild_next(struct ht *t)
{
	struct list_head *head, *saved;
	struct page *keep[2];
	struct arena a;

	head = two_entry_list(t, &a, keep);
	saved = head->next->next;
	head->next->next = (struct list_head *)0xdead000000000UL;
	EXPECT_FOUND(t, "order-0 Movable list: entry 1 links to");
	head->next->next = (struct list_head *)((char *)mem_map + 3);
	EXPECT_FOUND(t, "no page of the zone");
	head->next->next = saved;
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* A prev that does not point back, and a cycle that skips the head. */
static void check_broken_links(struct ht *t)
{
	struct list_head *head, *first, *second;
	struct page *keep[2];
	struct arena a;

	head = two_entry_list(t, &a, keep);
	first = head->next;
	second = first->next;
	second->prev = head;
	EXPECT_FOUND(t, "prev does not point back");
	second->prev = first;
	second->next = first; /* a cycle: the walk must stop by itself */
	EXPECT_FOUND(t, "order-0 Movable list: pfn 0x11 is on a list already");
	second->next = head;
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

/* A counter below zero is compared as it is, not clamped to 0. */
static void check_negative_counter(struct ht *t)
{
	struct arena a;

	arena_simple(&a, 64);
	__mod_zone_page_state(normal0(), NR_ALLOC_PAGES, -1);
	EXPECT_FOUND(t, "NR_ALLOC_PAGES -1, span has 0 allocated");
	__mod_zone_page_state(normal0(), NR_ALLOC_PAGES, 1);
	__mod_zone_page_state(normal0(), NR_FREE_PAGES, -65);
	EXPECT_FOUND(t, "NR_FREE_PAGES -1, lists hold 64");
	__mod_zone_page_state(normal0(), NR_FREE_PAGES, 65);
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static void check_isolate_count(struct ht *t)
{
	struct arena a;

	arena_simple(&a, 1024);
	normal0()->nr_isolate_pageblock++;
	EXPECT_FOUND(t, "nr_isolate_pageblock 1, 0 pageblocks isolated");
	normal0()->nr_isolate_pageblock--;
	HT_EXPECT_EQ(t,
		     buddy_move_freepages_block(normal0(), pfn_to_page(512),
						MIGRATE_ISOLATE),
		     512);
	HT_EXPECT_EQ(t, mm_check(), 0);
	normal0()->nr_isolate_pageblock = 0;
	EXPECT_FOUND(t, "nr_isolate_pageblock 0, 1 pageblocks isolated");
	normal0()->nr_isolate_pageblock = 1;
	arena_teardown(&a);
}

/* 48 pages: free order 5 at 0 and order 4 at 32. */
static const struct arena_layout zone48 = {
	.nr_pages = 64,
	.nr_nodes = 1,
	.nr_zones = 1,
	.zones = {{0, ZONE_NORMAL, 0, 48}},
	.nr_free = 1,
	.free = {{0, 48}},
};

/* Allocated blocks: aligned, of a real order, inside the zone. */
static void check_allocated_blocks(struct ht *t)
{
	struct arena a;
	struct page *p, *q0, *q;

	arena_setup(&a, &zone48);
	arena_no_watermarks();
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 4);
	q0 = alloc_pages(GFP_HIGHUSER_MOVABLE, 1);
	q = alloc_pages(GFP_HIGHUSER_MOVABLE, 1);
	HT_ASSERT(t, p && q0 && q);
	HT_EXPECT_EQ(t, page_to_pfn(p), 32);
	HT_EXPECT_EQ(t, mm_check(), 0);
	p->order = 5; /* 32 + 32 > 48 */
	EXPECT_FOUND(t, "allocated block at pfn 0x20 order 5 runs past the "
			"zone");
	p->order = 4;
	q->order = 2; /* q is at pfn 2 */
	HT_EXPECT_EQ(t, page_to_pfn(q), 2);
	EXPECT_FOUND(t, "allocated block at pfn 0x2 misaligned for order 2");
	q->order = MAX_ORDER;
	EXPECT_FOUND(t, "allocated pfn 0x2 has order 11");
	q->order = 1;
	HT_EXPECT_EQ(t, mm_check(), 0);
	arena_teardown(&a);
}

static void check_foreign_count(struct ht *t)
{
	struct arena a;

	arena_simple(&a, 64);
	normal0()->foreign_pages = 3;
	EXPECT_FOUND(t, "0 pfns of other zones in the span, 3 at boot");
	normal0()->foreign_pages = 0;
	arena_teardown(&a);
}

/* ---- the per-CPU list hook, with stand-in lists ----------------------- */

#define FAKE_CPUS  2
#define FAKE_LISTS 2 /* order 0 movable, order 3 unmovable */

static struct fake_pcp {
	struct list_head lists[FAKE_CPUS][FAKE_LISTS];
	long count[FAKE_CPUS];
	int locked[FAKE_CPUS];
	int lock_calls, locked_under_zone_lock;
} fake;

static void fake_lock(struct zone *z, int cpu)
{
	fake.lock_calls++;
	fake.locked_under_zone_lock += spin_is_locked(&z->lock);
	if (cpu < FAKE_CPUS)
		fake.locked[cpu]++;
}

static void fake_unlock(struct zone *z, int cpu)
{
	(void)z;
	if (cpu < FAKE_CPUS)
		fake.locked[cpu]--;
}

static struct list_head *fake_list(struct zone *z, int cpu, int idx,
				   unsigned int *order, int *mt)
{
	(void)z;
	if (cpu >= FAKE_CPUS || !fake.locked[cpu])
		return NULL;
	*order = idx ? 3 : 0;
	*mt = idx ? MIGRATE_UNMOVABLE : MIGRATE_MOVABLE;
	return &fake.lists[cpu][idx];
}

static long fake_count(struct zone *z, int cpu)
{
	(void)z;
	return cpu < FAKE_CPUS ? fake.count[cpu] : 0;
}

static const struct mm_check_pcp_ops fake_ops = {
	.nr_lists = FAKE_LISTS,
	.lock = fake_lock,
	.unlock = fake_unlock,
	.list = fake_list,
	.count = fake_count,
};

/* Take a block from the buddy onto @cpu's list @idx, as a refill would. */
static struct page *fake_refill(struct zone *z, int cpu, int idx)
{
	unsigned int order = idx ? 3 : 0;
	int mt = idx ? MIGRATE_UNMOVABLE : MIGRATE_MOVABLE;
	struct page *p = buddy_rmqueue(z, order, mt, 0);

	if (p) {
		p->order = (u8)order;
		p->migratetype = (u8)mt;
		list_add(&p->pcp_list, &fake.lists[cpu][idx]);
		fake.count[cpu] += 1L << order;
	}
	return p;
}

static void fake_setup(struct zone *z)
{
	int c, i;

	memset(&fake, 0, sizeof(fake));
	for (c = 0; c < FAKE_CPUS; c++)
		for (i = 0; i < FAKE_LISTS; i++)
			INIT_LIST_HEAD(&fake.lists[c][i]);
	mm_check_set_pcp_ops(&fake_ops);
	for (c = 0; c < FAKE_CPUS; c++)
		for (i = 0; i < 3; i++) {
			fake_refill(z, c, 0);
			fake_refill(z, c, 1);
		}
}

/* Pages on per-CPU lists are a state of their own, counted exactly. */
static void check_pcp_state(struct ht *t)
{
	struct zone *z;
	struct arena a;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	z = normal0();
	fake_setup(z);
	HT_EXPECT_EQ(t, zone_page_state(z, NR_FREE_PAGES), 1024 - 2 * 27);
	HT_EXPECT_EQ(t, mm_check(), 0);
	/* every CPU's lock, each before the zone lock, all let go again */
	HT_EXPECT_EQ(t, fake.lock_calls, NR_CPUS);
	HT_EXPECT_EQ(t, fake.locked_under_zone_lock, 0);
	HT_EXPECT_EQ(t, fake.locked[0] + fake.locked[1], 0);
	fake.count[1]++;
	EXPECT_FOUND(t, "cpu 1 per-CPU count 28, lists hold 27");
	fake.count[1]--;
	mm_check_set_pcp_ops(NULL);
	EXPECT_FOUND(t, "is neither free, allocated, on a per-CPU list nor "
			"reserved");
	mm_check_set_pcp_ops(&fake_ops);
	HT_EXPECT_EQ(t, mm_check(), 0);
	mm_check_set_pcp_ops(NULL);
	arena_teardown(&a);
}

/* Per-CPU pages with buddy flags, wrong order fields, on two lists. */
static void check_pcp_corruption(struct ht *t)
{
	struct page *p;
	struct arena a;

	arena_simple(&a, 1024);
	arena_no_watermarks();
	fake_setup(normal0());
	p = list_first_entry(&fake.lists[0][1], struct page, pcp_list);
	p->order = 2;
	EXPECT_FOUND(t, "on cpu 0's order-3 list says order 2");
	p->order = 3;
	__SetPageBuddy(p);
	EXPECT_FOUND(t, "on cpu 0's list has flags 0x2");
	__ClearPageBuddy(p);
	fake.lists[1][0].next->next = (struct list_head *)0x1234;
	EXPECT_FOUND(t, "cpu 1 per-CPU list 0: entry 1 links to");
	mm_check_set_pcp_ops(NULL);
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(check_wild_next),	 HT_CASE(check_broken_links),
	HT_CASE(check_negative_counter), HT_CASE(check_isolate_count),
	HT_CASE(check_allocated_blocks), HT_CASE(check_foreign_count),
	HT_CASE(check_pcp_state),	 HT_CASE(check_pcp_corruption),
};

HT_MAIN(cases, printk_capture_reset)

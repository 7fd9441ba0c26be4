/*
 * mm_check: walk every free list and every pfn of each zone and check the
 * buddy allocator's invariants (listed in mm_check.h). Slow on purpose:
 * tests call it every few thousand operations to catch the first mistake.
 */
#include "mm/mm_check.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/vmstat.h"

#define MM_CHECK_MAX_REPORTS 32

struct mm_counters mm_boot_counters;

/*
 * The state of one zone check. Every helper that takes one runs inside
 * mm_check_zone's hold of z->lock (IRQs off), so the lists stand still.
 */
struct zone_check {
	struct zone *z;
	int problems;
	unsigned long list_free[2]; /* [0] other types, [1] isolated (lists) */
	unsigned long free, allocated, reserved, foreign; /* from the span */
};

static __printf(2, 3) void problem(struct zone_check *c, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (c->problems++ >= MM_CHECK_MAX_REPORTS)
		return;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("mm_check: node %d zone %s: %s\n", c->z->node, c->z->name, msg);
}

/* Do the pageblocks under the block at @pfn all carry @mt? */
static bool block_types_match(pfn_t pfn, unsigned int order, int mt)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i += pageblock_nr_pages)
		if (get_pageblock_migratetype(pfn_to_page(pfn + i)) != mt)
			return false;
	return true;
}

/* Would the buddy allocator have merged the free block at @pfn? */
static bool has_free_mergeable_buddy(struct zone *z, pfn_t pfn,
				     unsigned int order, int mt)
{
	pfn_t bpfn = buddy_pfn_of(pfn, order);
	struct page *b;
	int bmt;

	if (order >= MAX_ORDER - 1 || !zone_spans_pfn(z, bpfn))
		return false;
	b = pfn_to_page(bpfn);
	if (!PageBuddy(b) || buddy_order(b) != order || !page_in_zone(b, z))
		return false;
	bmt = get_pageblock_migratetype(b);
	return order < pageblock_order || bmt == mt ||
	       (migratetype_is_mergeable(mt) && migratetype_is_mergeable(bmt));
}

/* One block found on free_list[@mt] of order @order. */
static void check_free_block(struct zone_check *c, struct page *p,
			     unsigned int order, int mt)
{
	pfn_t pfn = page_to_pfn(p);
	unsigned long pfnl = (unsigned long)pfn;

	if (!zone_spans_pfn(c->z, pfn) || !page_in_zone(p, c->z) ||
	    !zone_spans_pfn(c->z, pfn + (1UL << order) - 1)) {
		problem(c, "free pfn 0x%lx order %u outside the zone", pfnl,
			order);
		return;
	}
	if (PageChecked(p))
		problem(c, "pfn 0x%lx is on two free lists", pfnl);
	__SetPageChecked(p);
	if (!PageBuddy(p) || buddy_order(p) != order)
		problem(c,
			"pfn 0x%lx on the order-%u list has order %u, "
			"flags 0x%x",
			pfnl, order, buddy_order(p), p->flags);
	if (!IS_ALIGNED(pfn, 1UL << order))
		problem(c, "free pfn 0x%lx misaligned for order %u", pfnl,
			order);
	if (p->flags & (1U << PG_allocated | 1U << PG_reserved))
		problem(c, "free pfn 0x%lx has flags 0x%x", pfnl, p->flags);
	if (!block_types_match(pfn, order, mt))
		problem(c, "pfn 0x%lx order %u on the %s list, pageblock is %s",
			pfnl, order, migratetype_names[mt],
			migratetype_names[get_pageblock_migratetype(p)]);
	if (has_free_mergeable_buddy(c->z, pfn, order, mt))
		problem(c, "pfn 0x%lx and its buddy are both free at order %u",
			pfnl, order);
}

/* Walk one list, bounded so a corrupt (cyclic) list cannot hang us. */
static unsigned long check_free_list(struct zone_check *c, unsigned int order,
				     int mt)
{
	struct list_head *head = &c->z->free_area[order].free_list[mt], *pos;
	unsigned long n = 0, limit = c->z->spanned_pages >> order;

	list_for_each(pos, head) {
		if (n++ > limit) {
			problem(c, "order-%u %s list longer than the zone",
				order, migratetype_names[mt]);
			break;
		}
		check_free_block(c, list_entry(pos, struct page, buddy_list),
				 order, mt);
	}
	c->list_free[is_migrate_isolate(mt)] += n << order;
	return n;
}

/* Context: c->z->lock held, IRQs off. */
static void check_free_lists(struct zone_check *c)
{
	unsigned int o;
	int mt;

	assert_zone_locked(c->z);
	for (o = 0; o < MAX_ORDER; o++) {
		unsigned long n = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			n += check_free_list(c, o, mt);
		if (n != c->z->free_area[o].nr_free)
			problem(c, "order %u: nr_free %lu, lists hold %lu", o,
				c->z->free_area[o].nr_free, n);
	}
}

/* The pages after a block's head hold no state of their own. */
static void check_tails(struct zone_check *c, pfn_t head, unsigned long n)
{
	const u32 state =
		1U << PG_buddy | 1U << PG_allocated | 1U << PG_reserved;
	unsigned long i;

	for (i = 1; i < n; i++) {
		const struct page *t = pfn_to_page(head + i);

		if ((t->flags & state) || !page_in_zone(t, c->z)) {
			problem(c,
				"pfn 0x%lx inside block 0x%lx has flags 0x%x",
				(unsigned long)(head + i), (unsigned long)head,
				t->flags);
			return;
		}
	}
}

/* Classify one pfn (and its block); return how many pfns it covered. */
static unsigned long census_one(struct zone_check *c, pfn_t pfn)
{
	struct page *p = pfn_to_page(pfn);
	unsigned long n = 1;

	if (!page_in_zone(p, c->z)) {
		c->foreign++;
	} else if (PageBuddy(p)) {
		n = 1UL << buddy_order(p);
		if (!PageChecked(p))
			problem(c, "free pfn 0x%lx is on no list",
				(unsigned long)pfn);
		__ClearPageChecked(p);
		c->free += n;
	} else if (PageAllocated(p)) {
		n = 1UL << p->order;
		c->allocated += n;
	} else if (PageReserved(p)) {
		c->reserved++;
	} else {
		problem(c, "pfn 0x%lx is neither free, allocated nor reserved",
			(unsigned long)pfn);
	}
	n = MIN(n, (unsigned long)(zone_end_pfn(c->z) - pfn));
	if (n > 1)
		check_tails(c, pfn, n);
	return n;
}

static void check_totals(struct zone_check *c)
{
	struct zone *z = c->z;
	unsigned long nr_free = zone_page_state(z, NR_FREE_PAGES);
	unsigned long nr_alloc = zone_page_state(z, NR_ALLOC_PAGES);
	unsigned long sum = c->free + c->allocated + c->reserved + c->foreign;

	if (nr_free != c->list_free[0])
		problem(c, "NR_FREE_PAGES %lu, lists hold %lu", nr_free,
			c->list_free[0]);
	if (c->free != c->list_free[0] + c->list_free[1])
		problem(c, "span has %lu free pages, lists %lu", c->free,
			c->list_free[0] + c->list_free[1]);
	if (sum != z->spanned_pages)
		problem(c,
			"free %lu + allocated %lu + reserved %lu + other "
			"%lu != spanned %lu",
			c->free, c->allocated, c->reserved, c->foreign,
			z->spanned_pages);
	if (c->free + c->allocated != z->managed_pages)
		problem(c, "free %lu + allocated %lu != managed %lu", c->free,
			c->allocated, z->managed_pages);
	if (nr_alloc != c->allocated)
		problem(c, "NR_ALLOC_PAGES %lu, span has %lu allocated",
			nr_alloc, c->allocated);
	/* a zone cannot hand out RAM it does not have: catches pages given
	 * to the wrong node's zone at boot */
	if (z->managed_pages > z->present_pages)
		problem(c, "managed %lu > present %lu", z->managed_pages,
			z->present_pages);
}

int mm_check_zone(struct zone *z)
{
	struct zone_check c = {.z = z};
	unsigned long flags;
	pfn_t pfn;

	flags = spin_lock_irqsave(&z->lock);
	check_free_lists(&c);
	for (pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);)
		pfn += census_one(&c, pfn);
	check_totals(&c);
	spin_unlock_irqrestore(&z->lock, flags);
	if (c.problems > MM_CHECK_MAX_REPORTS)
		pr_err("mm_check: node %d zone %s: %d more problems\n", z->node,
		       z->name, c.problems - MM_CHECK_MAX_REPORTS);
	return c.problems;
}

int mm_check(void)
{
	struct zone *z;
	int problems = 0;

	for_each_populated_zone(z)
		problems += mm_check_zone(z);
	return problems;
}

void mm_counters_read(struct mm_counters *c)
{
	struct zone *z;
	unsigned int o;
	int i;

	memset(c, 0, sizeof(*c));
	for_each_zone(z) {
		int nid = z->node, t = z->zone_idx;

		for (o = 0; o < MAX_ORDER; o++)
			c->nr_free[nid][t][o] =
				READ_ONCE(z->free_area[o].nr_free);
		for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
			c->stat[nid][t][i] =
				zone_page_state(z, (enum zone_stat_item)i);
		c->managed[nid][t] = zone_managed_pages(z);
	}
}

static int compare_one(int nid, int t, const char *what, unsigned long a,
		       unsigned long b)
{
	if (a == b)
		return 0;
	pr_err("mm: node %d zone %s %s: %lu vs %lu\n", nid, zone_names[t], what,
	       a, b);
	return 1;
}

/* Compare one zone's counters. */
static int compare_zone(const struct mm_counters *a,
			const struct mm_counters *b, int nid, int t)
{
	char name[24];
	int i, n = 0;

	for (i = 0; i < MAX_ORDER; i++) {
		ksnprintf(name, sizeof(name), "nr_free[%d]", i);
		n += compare_one(nid, t, name, a->nr_free[nid][t][i],
				 b->nr_free[nid][t][i]);
	}
	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		n += compare_one(nid, t, zone_stat_names[i], a->stat[nid][t][i],
				 b->stat[nid][t][i]);
	return n + compare_one(nid, t, "managed", a->managed[nid][t],
			       b->managed[nid][t]);
}

int mm_counters_compare(const struct mm_counters *a,
			const struct mm_counters *b)
{
	int nid, t, n = 0;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		for (t = 0; t < MAX_NR_ZONES; t++)
			n += compare_zone(a, b, nid, t);
	return n;
}

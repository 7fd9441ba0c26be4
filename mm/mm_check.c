/*
 * mm_check: walk every list and every pfn of each zone and check the
 * allocator's invariants (listed in mm_check.h). Slow on purpose: tests
 * call it after every case to catch the first mistake. Two independent
 * counts meet at the end: pages found on lists, and pfns found in each
 * state by a walk that looks at every pfn of the span on its own.
 */
#include "mm/mm_check.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/alloc_test_load.h"
#include "mm/internal.h"
#include "mm/pcp_deferred.h"
#include "mm/vmstat.h"

#define MM_CHECK_MAX_REPORTS 32

struct mm_counters mm_boot_counters;
static const struct mm_check_pcp_ops *pcp_ops;

_Static_assert(__builtin_offsetof(struct page, pcp_list) ==
		       __builtin_offsetof(struct page, buddy_list),
	       "one link test serves both kinds of list");

enum block_state { ST_NONE, ST_FREE, ST_ALLOC, ST_PCP };
static const char *const state_names[] = {"", "free", "allocated", "per-CPU"};

/*
 * The state of one zone check. Every helper that takes one runs inside
 * mm_check_zone's hold of z->lock (IRQs off) and of every per-CPU list
 * lock of the zone, so nothing moves.
 */
struct zone_check {
	struct zone *z;
	int problems;
	/* from the lists */
	unsigned long list_free[2]; /* [0] counted types, [1] isolated */
	unsigned long list_pcp;
	unsigned long list_deferred; /* nolock frees waiting (pcp_deferred.h) */
	/* from the pfn walk, one pfn at a time */
	unsigned long pfns[ST_PCP + 1]; /* [ST_NONE]: reserved */
	unsigned long foreign, isolated_blocks;
	pfn_t block_head, block_end; /* the block the walk is inside */
	enum block_state block_state;
	bool tail_reported;
};

/* Where a list is, for reports. */
struct list_where {
	int cpu; /* -1: a free list */
	int idx;
	unsigned int order;
	int mt;
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

static const char *where_str(const struct list_where *w, char *buf, size_t size)
{
	if (w->cpu < 0)
		ksnprintf(buf, size, "order-%u %s list", w->order,
			  migratetype_names[w->mt]);
	else
		ksnprintf(buf, size, "cpu %d per-CPU list %d", w->cpu, w->idx);
	return buf;
}

/* PG_checked marks a head seen on a list; atomic, as owners of allocated
 * pages change their flags without the zone lock. */
static void mark_listed(struct page *p)
{
	__atomic_fetch_or(&p->flags, 1U << PG_checked, __ATOMIC_RELAXED);
}

static bool test_clear_listed(struct page *p)
{
	if (!PageChecked(p))
		return false;
	__atomic_fetch_and(&p->flags, ~(1U << PG_checked), __ATOMIC_RELAXED);
	return true;
}

/*
 * The page whose list link is @node, if @node is the link of a struct
 * page in @z's span; else NULL. Integer arithmetic only: a wild pointer
 * is never followed.
 */
static struct page *link_to_page(const struct zone *z,
				 const struct list_head *node)
{
	const uintptr_t off = __builtin_offsetof(struct page, buddy_list);
	uintptr_t base = (uintptr_t)mem_map, a = (uintptr_t)node - off;
	pfn_t pfn;

	if ((uintptr_t)node < off || a < base ||
	    (a - base) % sizeof(struct page))
		return NULL;
	pfn = (pfn_t)((a - base) / sizeof(struct page));
	if (pfn >= max_pfn || !zone_spans_pfn(z, pfn))
		return NULL;
	return pfn_to_page(pfn);
}

typedef void (*visit_fn)(struct zone_check *c, struct page *p,
			 const struct list_where *w);

/*
 * Walk the list at @head, calling @visit on each page. Each next pointer
 * is vetted before it is followed and each prev must point back; a page
 * seen on a list before (two lists, or a cycle) ends the walk, and so does
 * a list longer than the zone could hold. Return: entries visited.
 */
static unsigned long walk_list(struct zone_check *c, struct list_head *head,
			       const struct list_where *w, visit_fn visit)
{
	unsigned long n = 0, limit = (c->z->spanned_pages >> w->order) + 1;
	struct list_head *prev = head, *pos = head->next;
	bool prev_reported = false;
	char buf[48];

	while (pos != head) {
		struct page *p = link_to_page(c->z, pos);

		if (!p) {
			problem(c,
				"%s: entry %lu links to %p, no page of "
				"the zone",
				where_str(w, buf, sizeof(buf)), n, (void *)pos);
			return n;
		}
		if (pos->prev != prev && !prev_reported) {
			problem(c, "%s: pfn 0x%lx's prev does not point back",
				where_str(w, buf, sizeof(buf)),
				(unsigned long)page_to_pfn(p));
			prev_reported = true;
		}
		if (++n > limit) {
			problem(c, "%s: longer than the zone",
				where_str(w, buf, sizeof(buf)));
			return n;
		}
		if (PageChecked(p)) {
			/* a page on two lists, or a cycle: stop either way */
			problem(c, "%s: pfn 0x%lx is on a list already",
				where_str(w, buf, sizeof(buf)),
				(unsigned long)page_to_pfn(p));
			return n;
		}
		visit(c, p, w);
		prev = pos;
		pos = pos->next;
	}
	if (head->prev != prev)
		problem(c, "%s: the head's prev is not the last entry",
			where_str(w, buf, sizeof(buf)));
	return n;
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

/* Is the block of 2^@order at @p aligned and wholly inside the zone? */
static bool block_fits(struct zone_check *c, struct page *p, unsigned int order,
		       const char *what)
{
	pfn_t pfn = page_to_pfn(p);

	if (!page_in_zone(p, c->z) ||
	    !zone_spans_pfn(c->z, pfn + (1UL << order) - 1)) {
		problem(c, "%s pfn 0x%lx order %u outside the zone", what,
			(unsigned long)pfn, order);
		return false;
	}
	if (!IS_ALIGNED(pfn, 1UL << order))
		problem(c, "%s pfn 0x%lx misaligned for order %u", what,
			(unsigned long)pfn, order);
	return true;
}

/* One block found on a free list. */
static void visit_free(struct zone_check *c, struct page *p,
		       const struct list_where *w)
{
	unsigned long pfn = (unsigned long)page_to_pfn(p);

	if (!block_fits(c, p, w->order, "free"))
		return;
	if (!PageBuddy(p) || buddy_order(p) != w->order)
		problem(c,
			"pfn 0x%lx on the order-%u list has order %u, "
			"flags 0x%x",
			pfn, w->order, buddy_order(p), p->flags);
	if (p->flags & (1U << PG_allocated | 1U << PG_reserved))
		problem(c, "free pfn 0x%lx has flags 0x%x", pfn, p->flags);
	if (!block_types_match(page_to_pfn(p), w->order, w->mt))
		problem(c, "pfn 0x%lx order %u on the %s list, pageblock is %s",
			pfn, w->order, migratetype_names[w->mt],
			migratetype_names[get_pageblock_migratetype(p)]);
	if (has_free_mergeable_buddy(c->z, page_to_pfn(p), w->order, w->mt))
		problem(c, "pfn 0x%lx and its buddy are both free at order %u",
			pfn, w->order);
	mark_listed(p);
}

/* Context: c->z->lock held, IRQs off. */
static void check_free_lists(struct zone_check *c)
{
	struct list_where w = {.cpu = -1};
	unsigned long n;

	assert_zone_locked(c->z);
	for (w.order = 0; w.order < MAX_ORDER; w.order++) {
		struct free_area *area = &c->z->free_area[w.order];
		unsigned long total = 0;

		for (w.mt = 0; w.mt < MIGRATE_TYPES; w.mt++) {
			n = walk_list(c, &area->free_list[w.mt], &w,
				      visit_free);
			c->list_free[is_migrate_isolate(w.mt)] += n << w.order;
			total += n;
		}
		if (total != area->nr_free)
			problem(c, "order %u: nr_free %lu, lists hold %lu",
				w.order, area->nr_free, total);
	}
}

/* One block found on the deferred list: free, waiting for the buddy. */
static void visit_deferred(struct zone_check *c, struct page *p)
{
	unsigned long pfn = (unsigned long)page_to_pfn(p);

	if (p->order >= MAX_ORDER) {
		problem(c, "deferred pfn 0x%lx has order %u", pfn, p->order);
		return;
	}
	if (!block_fits(c, p, p->order, "deferred"))
		return;
	if (p->flags &
	    (1U << PG_buddy | 1U << PG_allocated | 1U << PG_reserved))
		problem(c, "deferred pfn 0x%lx has flags 0x%x", pfn, p->flags);
	mark_listed(p);
	c->list_deferred += 1UL << p->order;
}

/*
 * The zone's deferred nolock frees: a NULL-terminated stack whose every
 * link is vetted before it is followed. Pushers may add at the head
 * meanwhile (that is why mm_check wants quiet); nothing is removed
 * without zone->lock, which we hold.
 */
static void check_deferred(struct zone_check *c)
{
	struct page *p =
		__atomic_load_n(&c->z->nolock_deferred, __ATOMIC_ACQUIRE);
	unsigned long n = 0, claimed = zone_deferred_pages(c->z);

	while (p) {
		struct list_head *next = deferred_link(p);

		if (++n > c->z->spanned_pages || PageChecked(p)) {
			problem(c, "deferred list: pfn 0x%lx twice, or a cycle",
				(unsigned long)page_to_pfn(p));
			break;
		}
		visit_deferred(c, p);
		if (next && !(p = link_to_page(c->z, next))) {
			problem(c,
				"deferred list: entry %lu links to %p, no "
				"page of the zone",
				n, (void *)next);
			break;
		}
		if (!next)
			p = NULL;
	}
	if (claimed != c->list_deferred)
		problem(c, "deferred count %lu, list holds %lu", claimed,
			c->list_deferred);
}

/* One block found on a per-CPU list. */
static void visit_pcp(struct zone_check *c, struct page *p,
		      const struct list_where *w)
{
	unsigned long pfn = (unsigned long)page_to_pfn(p);

	if (!block_fits(c, p, w->order, "per-CPU"))
		return;
	if (p->flags &
	    (1U << PG_buddy | 1U << PG_allocated | 1U << PG_reserved))
		problem(c, "pfn 0x%lx on cpu %d's list has flags 0x%x", pfn,
			w->cpu, p->flags);
	if (p->order != w->order || (w->mt >= 0 && p->migratetype != w->mt))
		problem(c,
			"pfn 0x%lx on cpu %d's order-%u list says order %u "
			"type %u",
			pfn, w->cpu, w->order, p->order, p->migratetype);
	mark_listed(p);
}

/* Every CPU's lists for the zone. Context: all their locks held. */
static void check_pcp_lists(struct zone_check *c,
			    const struct mm_check_pcp_ops *ops)
{
	struct list_where w;

	for (w.cpu = 0; w.cpu < NR_CPUS; w.cpu++) {
		unsigned long pages = 0;
		long claimed = ops->count(c->z, w.cpu);

		for (w.idx = 0; w.idx < ops->nr_lists; w.idx++) {
			struct list_head *head =
				ops->list(c->z, w.cpu, w.idx, &w.order, &w.mt);

			if (head)
				pages += walk_list(c, head, &w, visit_pcp)
					 << w.order;
		}
		if ((long)pages != claimed)
			problem(c, "cpu %d per-CPU count %ld, lists hold %lu",
				w.cpu, claimed, pages);
		c->list_pcp += pages;
	}
}

/* A block head at @pfn in @state: its order must be real and fit. */
static void census_head(struct zone_check *c, struct page *p, pfn_t pfn,
			enum block_state state, unsigned int order)
{
	bool listed = test_clear_listed(p);

	if (order >= MAX_ORDER) {
		problem(c, "%s pfn 0x%lx has order %u", state_names[state],
			(unsigned long)pfn, order);
		order = 0;
	}
	if (!IS_ALIGNED(pfn, 1UL << order))
		problem(c, "%s block at pfn 0x%lx misaligned for order %u",
			state_names[state], (unsigned long)pfn, order);
	if (pfn + (1UL << order) > zone_end_pfn(c->z))
		problem(c, "%s block at pfn 0x%lx order %u runs past the zone",
			state_names[state], (unsigned long)pfn, order);
	if (state == ST_FREE && !listed)
		problem(c, "free pfn 0x%lx is on no list", (unsigned long)pfn);
	if (state == ST_ALLOC && listed)
		problem(c, "allocated pfn 0x%lx is on a list",
			(unsigned long)pfn);
	c->block_head = pfn;
	c->block_end = pfn + (1UL << order);
	c->block_state = state;
	c->tail_reported = false;
	c->pfns[state]++;
}

/* A pfn inside the current block: no state of its own, ours. */
static void census_tail(struct zone_check *c, struct page *p, pfn_t pfn)
{
	const u32 state =
		1U << PG_buddy | 1U << PG_allocated | 1U << PG_reserved;
	bool listed = test_clear_listed(p);

	if (((p->flags & state) || !page_in_zone(p, c->z) || listed) &&
	    !c->tail_reported) {
		problem(c, "pfn 0x%lx inside %s block 0x%lx has flags 0x%x%s",
			(unsigned long)pfn, state_names[c->block_state],
			(unsigned long)c->block_head, p->flags,
			page_in_zone(p, c->z) ? "" : ", another zone's");
		c->tail_reported = true;
	}
	if (page_in_zone(p, c->z))
		c->pfns[c->block_state]++;
	else
		c->foreign++;
}

/* Pageblocks that start in the zone: a real type; count the isolated. */
static void census_pageblock(struct zone_check *c, struct page *p)
{
	int mt = get_pageblock_migratetype(p);

	if (mt >= MIGRATE_TYPES)
		problem(c, "pageblock at pfn 0x%lx has type %d",
			(unsigned long)page_to_pfn(p), mt);
	else if (is_migrate_isolate(mt))
		c->isolated_blocks++;
}

/* Classify one pfn on its own. */
static void census_pfn(struct zone_check *c, pfn_t pfn)
{
	struct page *p = pfn_to_page(pfn);

	if (IS_ALIGNED(pfn, pageblock_nr_pages) && page_in_zone(p, c->z))
		census_pageblock(c, p);
	if (pfn < c->block_end) {
		census_tail(c, p, pfn);
		return;
	}
	if (!page_in_zone(p, c->z))
		c->foreign++;
	else if (PageBuddy(p))
		census_head(c, p, pfn, ST_FREE, buddy_order(p));
	else if (PageAllocated(p))
		census_head(c, p, pfn, ST_ALLOC, p->order);
	else if (PageChecked(p))
		census_head(c, p, pfn, ST_PCP, p->order);
	else if (PageReserved(p))
		c->pfns[ST_NONE]++;
	else
		problem(c,
			"pfn 0x%lx is neither free, allocated, on a "
			"per-CPU list nor reserved",
			(unsigned long)pfn);
}

/* What the lists say against what the pfn walk found. */
static void check_list_totals(struct zone_check *c)
{
	long nr_free = zone_page_state_exact(c->z, NR_FREE_PAGES);
	unsigned long lists = c->list_free[0] + c->list_free[1];

	if (nr_free != (long)c->list_free[0])
		problem(c, "NR_FREE_PAGES %ld, lists hold %lu", nr_free,
			c->list_free[0]);
	if (c->pfns[ST_FREE] != lists)
		problem(c, "span has %lu free pages, lists %lu",
			c->pfns[ST_FREE], lists);
	/* the census cannot tell a per-CPU block from a deferred one */
	if (c->pfns[ST_PCP] != c->list_pcp + c->list_deferred)
		problem(c,
			"span has %lu pages in per-CPU or deferred blocks, "
			"lists %lu + %lu",
			c->pfns[ST_PCP], c->list_pcp, c->list_deferred);
}

static void check_totals(struct zone_check *c)
{
	struct zone *z = c->z;
	long nr_alloc = zone_page_state_exact(z, NR_ALLOC_PAGES);
	unsigned long used =
		c->pfns[ST_FREE] + c->pfns[ST_ALLOC] + c->pfns[ST_PCP];

	check_list_totals(c);
	if (nr_alloc != (long)c->pfns[ST_ALLOC])
		problem(c, "NR_ALLOC_PAGES %ld, span has %lu allocated",
			nr_alloc, c->pfns[ST_ALLOC]);
	if (used != z->managed_pages)
		problem(c,
			"free %lu + allocated %lu + per-CPU %lu + deferred "
			"%lu != managed %lu",
			c->pfns[ST_FREE], c->pfns[ST_ALLOC],
			c->pfns[ST_PCP] -
				MIN(c->pfns[ST_PCP], c->list_deferred),
			c->list_deferred, z->managed_pages);
	if (c->foreign != z->foreign_pages)
		problem(c, "%lu pfns of other zones in the span, %lu at boot",
			c->foreign, z->foreign_pages);
	if (used + c->pfns[ST_NONE] + c->foreign != z->spanned_pages)
		problem(c, "%lu pfns classified, spanned %lu",
			used + c->pfns[ST_NONE] + c->foreign, z->spanned_pages);
	/* a zone cannot hand out RAM it does not have: catches pages given
	 * to the wrong node's zone at boot */
	if (z->managed_pages > z->present_pages)
		problem(c, "managed %lu > present %lu", z->managed_pages,
			z->present_pages);
	if (c->isolated_blocks != z->nr_isolate_pageblock)
		problem(c, "nr_isolate_pageblock %lu, %lu pageblocks isolated",
			z->nr_isolate_pageblock, c->isolated_blocks);
}

/* Context: every per-CPU list lock of @z and @z->lock held, IRQs off. */
static void check_zone_locked(struct zone_check *c,
			      const struct mm_check_pcp_ops *ops)
{
	pfn_t pfn;

	check_free_lists(c);
	if (ops)
		check_pcp_lists(c, ops);
	check_deferred(c);
	for (pfn = c->z->zone_start_pfn; pfn < zone_end_pfn(c->z); pfn++)
		census_pfn(c, pfn);
	check_totals(c);
}

int mm_check_zone(struct zone *z)
{
	const struct mm_check_pcp_ops *ops = READ_ONCE(pcp_ops);
	struct zone_check c = {.z = z};
	unsigned long flags;
	int cpu;

	/* the mm lock order: every per-CPU list lock, then zone->lock */
	if (ops && ops->begin)
		ops->begin(z);
	for (cpu = 0; ops && cpu < NR_CPUS; cpu++)
		ops->lock(z, cpu);
	flags = spin_lock_irqsave(&z->lock);
	check_zone_locked(&c, ops);
	spin_unlock_irqrestore(&z->lock, flags);
	for (cpu = NR_CPUS - 1; ops && cpu >= 0; cpu--)
		ops->unlock(z, cpu);
	if (ops && ops->end)
		ops->end(z);
	if (c.problems > MM_CHECK_MAX_REPORTS)
		pr_err("mm_check: node %d zone %s: %d more problems\n", z->node,
		       z->name, c.problems - MM_CHECK_MAX_REPORTS);
	return c.problems;
}

/*
 * Every allocation counts PGALLOC_* and every accepted free PGFREE, on
 * every path (the per-CPU lists, their fallbacks, the buddy), so the
 * difference is the pages in use: the zones' NR_ALLOC_PAGES.
 * Return: 1 if not (reported), else 0.
 */
static int check_events(void)
{
	long events = 0, used = 0;
	struct zone *z;

	for (int i = PGALLOC_DMA; i <= PGALLOC_NORMAL; i++)
		events += (long)global_vm_event((enum vm_event_item)i);
	events -= (long)global_vm_event(PGFREE);
	for_each_zone(z)
		used += zone_page_state_exact(z, NR_ALLOC_PAGES);
	if (events == used)
		return 0;
	pr_err("mm_check: pgalloc - pgfree = %ld, but %ld pages are "
	       "allocated\n",
	       events, used);
	return 1;
}

int mm_check(void)
{
	struct zone *z;
	int problems = 0;

	/* the tick and NMI load (irq_alloc_test=) cannot wait for a quiet
	 * moment by themselves: hold them off */
	alloc_test_pause();
	for_each_populated_zone(z)
		problems += mm_check_zone(z);
	problems += check_events();
	alloc_test_resume();
	return problems;
}

void mm_check_set_pcp_ops(const struct mm_check_pcp_ops *ops)
{
	WRITE_ONCE(pcp_ops, ops);
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
		/* exact: a counter gone negative must not read as 0 */
		for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
			c->stat[nid][t][i] =
				(unsigned long)zone_page_state_exact(
					z, (enum zone_stat_item)i);
		c->managed[nid][t] = zone_managed_pages(z);
	}
}

static int compare_one(int nid, int t, const char *what, unsigned long a,
		       unsigned long b)
{
	if (a == b)
		return 0;
	pr_err("mm: node %d zone %s %s: %ld vs %ld\n", nid, zone_names[t], what,
	       (long)a, (long)b);
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

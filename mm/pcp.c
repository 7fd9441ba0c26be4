/*
 * The per-CPU page lists' fast paths: pop the hot end, refill a batch
 * from the buddy when empty; push on free, spill a scaled batch back to
 * the buddy (cold end first, round robin over the lists) once count
 * reaches high. Mirrors Linux's rmqueue_pcplist, __rmqueue_pcplist,
 * rmqueue_bulk, free_unref_page_commit, nr_pcp_free, nr_pcp_high and
 * free_pcppages_bulk. Data flow: buddy -> pcp -> caller.
 *
 * Lock order: pcp admin lock -> pcp local lock -> pcp->lock -> zone->lock
 * (kernel/lock_order.h). Every _locked worker here runs inside a pcp
 * section (mm/pcp_lock.h) and takes zone->lock itself, with IRQs saved.
 */
#include "mm/pcp.h"
#include "mm/buddy.h"
#include "mm/explain.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"
#include "mm/pcp_lock.h"

/* Every CPU's lists, one struct per possible zone, on their own lines. */
DEFINE_PER_CPU_ALIGNED(struct per_cpu_pages, pcp_sets[ZONE_IDS]);

/*
 * Take up to @count blocks of @order for @mt from the buddy onto @list's
 * tail (so they leave in physical order), under one zone->lock hold.
 * Context: inside @s's section. Return: blocks taken.
 */
static int pcp_refill_locked(struct zone *z, const struct pcp_section *s,
			     unsigned int order, int count,
			     struct list_head *list, int mt,
			     unsigned int alloc_flags)
{
	unsigned long flags;
	int i;

	pcp_assert_section(s);
	flags = spin_lock_irqsave(&z->lock);
	EXPLAIN(EX_ZONE_LOCK, z);
	for (i = 0; i < count; i++) {
		struct page *page =
			buddy_rmqueue_locked(z, order, mt, alloc_flags);

		if (!page)
			break;
		page->order = (u8)order;
		page->migratetype = (u8)mt;
		list_add_tail(&page->pcp_list, list);
		if (i == count / 2)
			inject_point(pcp_refill);
	}
	spin_unlock_irqrestore(&z->lock, flags);
	EXPLAIN(EX_ZONE_UNLOCK, z);
	count_vm_events(ZONE_LOCK, 1);
	count_vm_events(PCP_REFILL, 1);
	return i;
}

/*
 * The next non-empty list after @pindex, round robin. Context: the
 * section; pcp->count > 0, so one exists.
 */
static int pcp_next_list(const struct per_cpu_pages *pcp, int pindex)
{
	for (int n = 0; n < NR_PCP_LISTS; n++) {
		pindex = pindex == NR_PCP_LISTS - 1 ? 0 : pindex + 1;
		if (!list_empty(&pcp->lists[pindex]))
			return pindex;
	}
	return -1;
}

/*
 * One zone->lock hold of a spill: up to @pages pages (at most @bound,
 * though a block bigger than @bound goes alone), round robin from the
 * list after *@pindex. Context: in @s's section; takes zone->lock with
 * IRQs saved. Return: pages freed.
 */
static int pcp_spill_chunk(struct zone *z, const struct pcp_section *s,
			   int pages, int bound, int *pindex, bool first)
{
	struct per_cpu_pages *pcp = s->pcp;
	unsigned long flags = spin_lock_irqsave(&z->lock);
	int freed = 0;

	EXPLAIN(EX_ZONE_LOCK, z);
	while (freed < pages) {
		struct list_head *list;
		unsigned int order;

		*pindex = pcp_next_list(pcp, *pindex);
		ASSERT(*pindex >= 0, "cpu %d zone %s: count %d, lists empty",
		       raw_smp_processor_id(), z->name, pcp->count);
		list = &pcp->lists[*pindex];
		order = pindex_to_order(*pindex);
		if (freed && freed + (1 << order) > bound)
			break; /* the next block waits for the next hold */
		do {
			struct page *page =
				list_last_entry(list, struct page, pcp_list);

			list_del(&page->pcp_list);
			pcp->count -= 1 << order;
			freed += 1 << order;
			/* the pageblock's type now: a steal or an isolation
			 * may have changed it since the page came here */
			buddy_free_locked(z, page, order,
					  get_pageblock_migratetype(page));
			if (first && freed == 1 << order)
				inject_point(pcp_spill);
		} while (freed < pages && !list_empty(list) &&
			 freed + (1 << order) <= bound);
	}
	spin_unlock_irqrestore(&z->lock, flags);
	EXPLAIN(EX_ZONE_UNLOCK, z);
	count_vm_events(ZONE_LOCK, 1);
	drainstat_hold(freed);
	return freed;
}

/*
 * Bounded holds (Linux 6.10, 6.19): a long spill drops zone->lock every
 * pcp_hold_bound pages, so other CPUs' refills and frees get in between.
 */
int pcp_spill_locked(struct zone *z, const struct pcp_section *s, int pages,
		     int pindex)
{
	int freed = 0, bound;

	pcp_assert_section(s);
	pages = MIN(pages, s->pcp->count);
	if (pages <= 0)
		return 0;
	bound = pcp_hold_bound(READ_ONCE(s->pcp->batch));
	/* the list just freed to goes first: its cold end */
	pindex = pindex == 0 ? NR_PCP_LISTS - 1 : pindex - 1;
	while (freed < pages)
		freed += pcp_spill_chunk(z, s, pages - freed, bound, &pindex,
					 freed == 0);
	count_vm_events(PCP_SPILL, 1);
	return freed;
}

/*
 * One block of @order for @mt from the section's lists, refilled with a
 * batch (scaled down by order, at least 2 unless batch is 1) when empty.
 * Context: inside @s's section. Return: the block, or NULL.
 */
struct page *pcp_pop_locked(struct zone *z, const struct pcp_section *s,
			    unsigned int order, int mt,
			    unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = s->pcp;
	struct list_head *list = &pcp->lists[order_to_pindex(mt, order)];
	struct page *page;

	if (list_empty(list)) {
		int batch = READ_ONCE(pcp->batch);
		int n;

		/* batch 1 means "keep nothing here": a disabled zone */
		if (batch > 1)
			batch = MAX(batch >> order, 2);
		EXPLAIN(EX_PCP_REFILL, z, order, mt, batch);
		n = pcp_refill_locked(z, s, order, batch, list, mt,
				      alloc_flags);
		pcp->count += n << order;
		EXPLAIN(EX_PCP_FILLED, z, n, pcp->count);
		if (!n)
			return NULL;
	}
	page = list_first_entry(list, struct page, pcp_list);
	list_del(&page->pcp_list);
	pcp->count -= 1 << order;
	EXPLAIN(EX_PCP_POP, page_to_pfn(page), order, mt, pcp->count);
	return page;
}

struct page *pcp_rmqueue(struct zone *preferred, struct zone *z,
			 unsigned int order, int mt, unsigned int alloc_flags)
{
	struct pcp_section s;
	struct page *page;
	bool irq;

	if (unlikely(zone_pcp_disabled(z)))
		return NULL;
	if (!pcp_enter(zone_id(z), &s)) {
		EXPLAIN(EX_PCP_BUSY, z);
		return NULL;
	}
	EXPLAIN(EX_PCP_ENTER, z, raw_smp_processor_id(), s.mode, s.pcp->count,
		irqs_disabled(), preempt_count());
	irq = pcp_mode_fold(s.mode) == PCP_MODE_IRQ;
	/* an allocation: the next spills start from batch again */
	s.pcp->free_factor >>= 1;
	page = pcp_pop_locked(z, &s, order, mt, alloc_flags);
	/* the irq mode counts as before 5.14: accurately, IRQs still off */
	if (page && irq)
		count_alloc(preferred, z, order, 1, true);
	EXPLAIN(EX_PCP_EXIT, z, s.pcp->count);
	pcp_exit(&s);
	if (page && !irq)
		count_alloc(preferred, z, order, 1, false);
	return page;
}

bool pcp_stats_accurate(void)
{
	return pcp_mode_fold(READ_ONCE(pcp_lock_mode)) == PCP_MODE_IRQ;
}

/*
 * high as the free path sees it: 0 (spill everything) while high-order
 * pages pile up with no allocation in between, as they fragment memory.
 */
static int pcp_high_now(const struct per_cpu_pages *pcp, bool free_high)
{
	int high = READ_ONCE(pcp->high);

	return free_high ? 0 : high;
}

int pcp_nr_to_free(struct per_cpu_pages *pcp, int high, int batch,
		   bool free_high)
{
	int most, n;

	if (free_high)
		return pcp->count;
	if (high < batch) /* disabled, or a tiny zone: one page at a time */
		return 1;
	/* keep at least batch pages; spill more each time in a row */
	most = high - batch;
	n = batch << pcp->free_factor;
	if (n < most)
		pcp->free_factor++;
	return MIN(MAX(n, batch), most);
}

void pcp_push_locked(struct zone *z, const struct pcp_section *s,
		     struct page *page, unsigned int order, int mt)
{
	struct per_cpu_pages *pcp = s->pcp;
	int pindex = order_to_pindex(mt, order);
	bool free_high;
	int high;

	page->migratetype = (u8)mt;
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	free_high =
		pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER;
	high = pcp_high_now(pcp, free_high);
	EXPLAIN(EX_PCP_PUSH, page_to_pfn(page), order, mt, pcp->count,
		READ_ONCE(pcp->high), free_high);
	if (pcp->count >= high) {
		/* the factor before pcp_nr_to_free raises it, for explain */
		int ff __attribute__((unused)) = pcp->free_factor;
		int n = pcp_nr_to_free(pcp, high, READ_ONCE(pcp->batch),
				       free_high);

		EXPLAIN(EX_PCP_SPILL, n, READ_ONCE(pcp->batch), ff, high);
		pcp_spill_locked(z, s, n, pindex);
	}
}

bool pcp_free(struct zone *z, struct page *page, unsigned int order)
{
	int mt = get_pageblock_migratetype(page);
	struct pcp_section s;

	/* isolated blocks must reach the isolate lists, not a CPU's; a
	 * disabled zone keeps nothing on them (memory offline waits) */
	if (unlikely(is_migrate_isolate(mt) || zone_pcp_disabled(z))) {
		EXPLAIN(EX_PCP_REFUSE, page_to_pfn(page), zone_pcp_disabled(z));
		return false;
	}
	if (!pcp_enter(zone_id(z), &s)) {
		EXPLAIN(EX_PCP_BUSY, z);
		return false;
	}
	EXPLAIN(EX_PCP_ENTER, z, raw_smp_processor_id(), s.mode, s.pcp->count,
		irqs_disabled(), preempt_count());
	pcp_push_locked(z, &s, page, order, mt);
	EXPLAIN(EX_PCP_EXIT, z, s.pcp->count);
	pcp_exit(&s);
	return true;
}

void drain_local_pages(struct zone *z)
{
	struct zone *zz;

	for_each_populated_zone(zz) {
		struct pcp_section s;

		if ((z && zz != z) || !pcp_enter(zone_id(zz), &s))
			continue;
		pcp_spill_locked(zz, &s, s.pcp->count, 0);
		pcp_exit(&s);
	}
}

unsigned long pcp_pages(const struct zone *z)
{
	unsigned long sum = 0;
	int cpu;

	for_each_pcp_cpu(cpu) {
		const struct per_cpu_pages *sets =
			per_cpu_ptr(&pcp_sets[0], cpu);

		for (int id = 0; id < ZONE_IDS; id++)
			if (!z || id == zone_id(z))
				sum += (unsigned long)MAX(
					READ_ONCE(sets[id].count), 0);
	}
	return sum;
}

/*
 * The bulk allocator and the batched free: many order-0 pages under one
 * pcp section, the statistics counted once per batch (per page in the
 * irq mode, which keeps them accurate with IRQs off). Mirrors Linux's
 * __alloc_pages_bulk (5.13, with 5.14's batched accounting) and
 * free_unref_page_list (6.2's trylock per zone). Data flow:
 * buddy -> pcp -> caller, and back. Kernel only.
 */
#include "mm/gfp.h"
#include "mm/buddy.h"
#include "mm/internal.h"
#include "mm/page_debug.h"
#include "mm/pcp_internal.h"
#include "mm/watermark.h"

/* Re-enter the section this often while freeing: IRQs stay off no longer
 * than 32 frees in the modes that turn them off (Linux's SWAP_CLUSTER_MAX). */
#define FREE_LIST_BATCH 32

static int nr_online_nodes(void)
{
	int nid, n = 0;

	for_each_online_node(nid)
		n++;
	return n;
}

/*
 * The zone a batch of @nr pages may come from: the first allowed zone
 * that stays above its watermark plus @nr. NULL when none does, or when
 * the walk reaches another node's zone first: a remote batch would be
 * counted against the wrong node, so the caller takes one page the
 * usual way instead (Linux does the same).
 */
static struct zone *bulk_zone(const struct alloc_context *ac, unsigned long nr,
			      unsigned int alloc_flags)
{
	bool numa = nr_online_nodes() > 1;

	for (struct zone **zp = ac->zonelist; *zp; zp++) {
		struct zone *z = *zp;
		unsigned long mark;

		if (!zone_allowed(ac, z))
			continue;
		if (numa && z != ac->preferred_zone &&
		    zone_to_nid(z) != zone_to_nid(ac->preferred_zone))
			return NULL;
		mark = wmark_pages(z, alloc_flags & ALLOC_WMARK_MASK) + nr;
		if (zone_watermark_ok(z, 0, mark, (int)ac->highest_zoneidx,
				      alloc_flags))
			return z;
	}
	return NULL;
}

/* Where the next page goes: @list's tail, or @array's next NULL slot
 * from *@i on. Return: false when the array has no NULL slot left. */
static bool bulk_put(struct page *page, struct list_head *list,
		     struct page **array, unsigned long nr, unsigned long *i)
{
	if (list) {
		list_add_tail(&page->lru, list);
		return true;
	}
	while (*i < nr && array[*i])
		(*i)++;
	if (*i == nr)
		return false;
	array[(*i)++] = page;
	return true;
}

/* Does the array still have a NULL slot from @i on? */
static bool bulk_room(struct page **array, unsigned long nr, unsigned long i)
{
	while (array && i < nr && array[i])
		i++;
	return !array || i < nr;
}

/*
 * Up to @want pages from @z's lists under one section. Context: any but
 * NMI. Return: pages placed; 0 if the section could not be entered or
 * the lists gave nothing.
 */
static unsigned long bulk_from_pcp(struct zone *z,
				   const struct alloc_context *ac, gfp_t gfp,
				   unsigned int alloc_flags, unsigned long want,
				   struct list_head *list, struct page **array,
				   unsigned long nr, unsigned long caller)
{
	unsigned long taken = 0, slot = 0;
	struct pcp_section s;
	bool irq;

	if (!pcp_enter(zone_id(z), &s))
		return 0;
	irq = pcp_mode_fold(s.mode) == PCP_MODE_IRQ;
	while (taken < want && bulk_room(array, nr, slot)) {
		struct page *page =
			pcp_pop_locked(z, &s, 0, ac->migratetype, alloc_flags);

		if (!page)
			break;
		prep_new_page(page, 0, gfp, ac->migratetype, caller);
		bulk_put(page, list, array, nr, &slot);
		/* before 5.14: accurate counters, per page, IRQs off */
		if (irq)
			count_alloc(ac->preferred_zone, z, 0, 1, true);
		if (++taken == want / 2)
			inject_point(pcp_bulk);
	}
	pcp_exit(&s);
	/* 5.14 on: the whole batch at once, IRQs back on */
	if (taken && !irq)
		count_alloc(ac->preferred_zone, z, 0, (long)taken, false);
	return taken;
}

/* Context: as alloc_pages_node. Return: pages now in @array / added. */
static unsigned long alloc_pages_bulk(gfp_t gfp, int nid,
				      unsigned long nr_pages,
				      struct list_head *list,
				      struct page **array, unsigned long caller)
{
	unsigned long populated = 0, slot = 0, got = 0;
	struct alloc_context ac;
	unsigned int alloc_flags;
	struct page *page;
	struct zone *z;

	for (unsigned long i = 0; array && i < nr_pages; i++)
		populated += array[i] != NULL;
	if (populated >= nr_pages)
		return populated;
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (nr_pages - populated > 1 && node_online(nid) &&
	    prepare_alloc_context(nid, gfp, &ac)) {
		alloc_flags = ALLOC_WMARK_LOW | alloc_flags_nofragment(&ac);
		z = bulk_zone(&ac, nr_pages - populated, alloc_flags);
		if (z)
			got = bulk_from_pcp(z, &ac, gfp, alloc_flags,
					    nr_pages - populated, list, array,
					    nr_pages, caller);
		if (got)
			return populated + got;
	}
	/* one page the usual way: every attempt, every zone */
	page = alloc_pages_caller(nid, gfp, 0, caller);
	if (page && bulk_put(page, list, array, nr_pages, &slot))
		populated++;
	return populated;
}

unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr_pages,
				     struct page **page_array)
{
	return alloc_pages_bulk(gfp, NUMA_NO_NODE, nr_pages, NULL, page_array,
				RET_IP);
}

unsigned long alloc_pages_bulk_array_node(gfp_t gfp, int nid,
					  unsigned long nr_pages,
					  struct page **page_array)
{
	return alloc_pages_bulk(gfp, nid, nr_pages, NULL, page_array, RET_IP);
}

unsigned long alloc_pages_bulk_list(gfp_t gfp, unsigned long nr_pages,
				    struct list_head *list)
{
	return alloc_pages_bulk(gfp, NUMA_NO_NODE, nr_pages, list, NULL,
				RET_IP);
}

/*
 * First pass: vet every block; the refused ones (reported) and the ones
 * no list takes (other orders, isolated pageblocks, zones whose lists
 * zone_pcp_disable turned off) leave the list now.
 */
static void free_list_prepare(struct list_head *list, unsigned long caller)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		unsigned int order = page->order;

		if (!free_pages_prepare(page, order, caller)) {
			list_del_init(&page->lru);
			continue;
		}
		if (pcp_allowed_order(order) &&
		    !is_migrate_isolate(get_pageblock_migratetype(page)) &&
		    !zone_pcp_disabled(page_zone(page)))
			continue;
		list_del(&page->lru);
		buddy_free(page_zone(page), page, order);
		count_vm_events(PGFREE, 1UL << order);
	}
}

void free_pages_list(struct list_head *list)
{
	struct zone *locked = NULL;
	struct page *page, *next;
	struct pcp_section s;
	bool in = false;
	int batch = 0;

	free_list_prepare(list, RET_IP);
	list_for_each_entry_safe(page, next, list, lru) {
		struct zone *z = page_zone(page);
		unsigned int order = page->order;
		int mt = get_pageblock_migratetype(page);

		/* off the caller's list before it goes anywhere */
		list_del(&page->lru);
		if (z != locked || batch == FREE_LIST_BATCH) {
			if (in)
				pcp_exit(&s);
			in = pcp_enter(zone_id(z), &s) != NULL;
			locked = z;
			batch = 0;
		}
		if (in && !is_migrate_isolate(mt)) {
			pcp_push_locked(z, &s, page, order, mt);
			batch++;
		} else {
			buddy_free(z, page, order); /* lock busy: the buddy */
		}
		count_vm_events(PGFREE, 1UL << order);
	}
	if (in)
		pcp_exit(&s);
}

/*
 * The hand-over from boot memory discovery to the allocator core
 * (mm_init.h): the page array, free boot ranges into the buddy, and the
 * final step (zonelists, watermarks). Mirrors Linux's memmap_init,
 * memblock_free_all/__free_pages_core and the tail of mm_core_init.
 */
#include "lib/bitops.h"
#include "lib/printk.h"
#include "mm/buddy.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/vmstat.h"
#include "mm/watermark.h"
#include "mm/zone.h"

struct page *mem_map;
pfn_t max_pfn;
static bool mm_ready;

bool mm_initialised(void)
{
	return READ_ONCE(mm_ready);
}

/* Context: boot CPU (or test setup), nothing else running. (mm_init.h) */
void memmap_init(struct page *map, pfn_t nr)
{
	pfn_t pfn;

	mm_ready = false;
	mem_map = map;
	max_pfn = nr;
	zones_reset_all();
	vmstat_reset();
	warn_alloc_reset();
	for (pfn = 0; pfn < nr; pfn++) {
		struct page *p = &map[pfn];

		p->flags = 1U << PG_reserved;
		p->order = 0;
		p->migratetype = MIGRATE_MOVABLE;
		set_page_zone_node(p, PAGE_NO_ZONE, 0);
		/* as in Linux, every pageblock starts movable */
		p->pageblock_mt = MIGRATE_MOVABLE;
		INIT_LIST_HEAD(&p->lru);
		p->caller = 0;
		p->private = 0;
	}
}

/*
 * How many pages from @pfn on (at most @nr) are reserved pages of @z, that
 * is, RAM of this zone not yet handed to the buddy.
 */
static unsigned long boot_run_ok(const struct zone *z, pfn_t pfn,
				 unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		const struct page *p = pfn_to_page(pfn + i);

		if (!page_in_zone(p, z) || !PageReserved(p))
			break;
	}
	return i;
}

/* Largest order a block at @pfn may have: aligned, inside [.., @end). */
static unsigned int boot_block_order(const struct zone *z, pfn_t pfn, pfn_t end)
{
	unsigned int order = pfn ? (unsigned int)__ffs64(pfn) : MAX_ORDER - 1;

	order = MIN(order, MAX_ORDER - 1);
	end = MIN(end, zone_end_pfn(z));
	while (pfn + (1UL << order) > end)
		order--;
	return order;
}

/*
 * Hand one aligned block of @z to the buddy.
 * Context: boot CPU; takes zone->lock with IRQs saved.
 */
static void free_boot_block(struct zone *z, pfn_t pfn, unsigned int order)
{
	unsigned long i, flags;
	struct page *page = pfn_to_page(pfn);

	for (i = 0; i < (1UL << order); i++)
		__ClearPageReserved(page + i);
	flags = spin_lock_irqsave(&z->lock);
	z->managed_pages += 1UL << order;
	buddy_free_locked(z, page, order, get_pageblock_migratetype(page));
	spin_unlock_irqrestore(&z->lock, flags);
}

/*
 * Skip one page that cannot be handed over (no zone, or already free),
 * warning on the first of a call. Return: the next pfn.
 */
static pfn_t boot_skip_page(pfn_t pfn, bool *warned)
{
	const struct page *p = pfn_to_page(pfn);

	if (!*warned)
		pr_warn("mm: boot range page pfn 0x%lx is %s; skipped\n",
			(unsigned long)pfn,
			page_zonenum(p) == PAGE_NO_ZONE ? "in no zone"
							: "already free");
	*warned = true;
	return pfn + 1;
}

/* Context: boot CPU, after zone_init, before mm_init_finish. (mm_init.h) */
void zone_free_boot_range(pfn_t start, pfn_t end)
{
	bool warned = false;
	pfn_t pfn = start;

	if (end > max_pfn) {
		pr_warn("mm: boot range [0x%lx, 0x%lx) clipped to max_pfn "
			"0x%lx\n",
			(unsigned long)start, (unsigned long)end,
			(unsigned long)max_pfn);
		end = max_pfn;
	}
	while (pfn < end) {
		const struct page *p = pfn_to_page(pfn);
		struct zone *z;
		unsigned int order;
		unsigned long ok;

		if (page_zonenum(p) == PAGE_NO_ZONE) {
			pfn = boot_skip_page(pfn, &warned);
			continue;
		}
		z = page_zone(p);
		order = boot_block_order(z, pfn, end);
		ok = boot_run_ok(z, pfn, 1UL << order);
		if (!ok) {
			pfn = boot_skip_page(pfn, &warned);
			continue;
		}
		order = MIN(order, (unsigned int)ilog2(ok));
		free_boot_block(z, pfn, order);
		pfn += 1UL << order;
	}
}

static void print_zone_summary(void)
{
	struct zone *z;

	for_each_populated_zone(z)
		pr_info("mm: node %d zone %-6s pfn [0x%lx, 0x%lx) present %lu "
			"managed %lu free %lu min %lu low %lu high %lu\n",
			z->node, z->name, (unsigned long)z->zone_start_pfn,
			(unsigned long)zone_end_pfn(z), z->present_pages,
			zone_managed_pages(z),
			zone_page_state(z, NR_FREE_PAGES),
			wmark_pages(z, WMARK_MIN), wmark_pages(z, WMARK_LOW),
			wmark_pages(z, WMARK_HIGH));
}

/* Context: boot CPU, after every zone_free_boot_range. (mm_init.h) */
void mm_init_finish(int nr_nodes, const u8 distance[][MAX_NUMNODES])
{
	ASSERT(nr_nodes >= 1 && nr_nodes <= MAX_NUMNODES, "nr_nodes %d",
	       nr_nodes);
	build_all_zonelists(nr_nodes, distance);
	zones_count_foreign();
	mm_read_cmdline();
	init_per_zone_wmark_min();
	print_zone_summary();
	mm_counters_read(&mm_boot_counters);
	WRITE_ONCE(mm_ready, true);
}

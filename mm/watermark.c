/*
 * Watermarks: how many free pages each zone keeps back, and the check
 * against them. Mirrors Linux's init_per_zone_wmark_min,
 * __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve and
 * __zone_watermark_ok. Worked example (docs/design.md section 4): one 2 GiB
 * zone gives min_free_kbytes 5792, so min 1448, low 1972, high 2496 pages.
 */
#include "mm/watermark.h"
#include "mm/explain.h"
#include "mm/pcp.h"
#include "lib/bitops.h"
#include "mm/internal.h"
#include "mm/vmstat.h"

int min_free_kbytes = 1024;
int watermark_scale_factor = 10;
/* A DMA zone keeps 1/256 of the higher zones' size from their requests. */
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256,
	[ZONE_DMA32] = 256,
	[ZONE_NORMAL] = 32,
};

unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (BITS_PER_LONG - 2);

	/* digit by digit, two bits of @x per bit of the root */
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static unsigned long total_managed_pages(void)
{
	unsigned long sum = 0;
	struct zone *z;

	for_each_populated_zone(z)
		sum += zone_managed_pages(z);
	return sum;
}

/*
 * Zone @i of @pgdat keeps lowmem_reserve[j] pages from requests that could
 * have used the higher zone j: the managed pages of zones i+1..j divided by
 * zone i's ratio. Context: any; (W) fields, read locklessly.
 */
static void zone_set_lowmem_reserve(struct pglist_data *pgdat, int i)
{
	struct zone *z = &pgdat->node_zones[i];
	int ratio = sysctl_lowmem_reserve_ratio[i], j;
	unsigned long upper = 0;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		long reserve = 0;

		if (j > i) {
			upper += zone_managed_pages(&pgdat->node_zones[j]);
			if (ratio && zone_managed_pages(z))
				reserve = (long)(upper / (unsigned long)ratio);
		}
		WRITE_ONCE(z->lowmem_reserve[j], reserve);
	}
}

static void setup_per_zone_lowmem_reserve(void)
{
	int nid, i;

	for_each_online_node(nid)
		for (i = 0; i < MAX_NR_ZONES; i++)
			zone_set_lowmem_reserve(NODE_DATA(nid), i);
}

/* Context: takes @z->lock with IRQs saved, so readers under it agree. */
static void zone_set_wmarks(struct zone *z, unsigned long pages_min,
			    unsigned long total)
{
	unsigned long managed = zone_managed_pages(z);
	unsigned long min = total ? pages_min * managed / total : 0;
	unsigned long gap =
		managed * (unsigned long)watermark_scale_factor / 10000;
	unsigned long flags;

	gap = MAX(min / 4, gap);
	flags = spin_lock_irqsave(&z->lock);
	WRITE_ONCE(z->_watermark[WMARK_MIN], min);
	WRITE_ONCE(z->_watermark[WMARK_LOW], min + gap);
	WRITE_ONCE(z->_watermark[WMARK_HIGH], min + 2 * gap);
	spin_unlock_irqrestore(&z->lock, flags);
}

void setup_per_zone_wmarks(void)
{
	unsigned long pages_min =
		(unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long total = total_managed_pages();
	struct zone *z;

	for_each_populated_zone(z)
		zone_set_wmarks(z, pages_min, total);
	setup_per_zone_lowmem_reserve();
	/* pcp->high follows the low watermark */
	zone_pcp_update_all();
}

void init_per_zone_wmark_min(void)
{
	unsigned long kbytes = total_managed_pages() << (PAGE_SHIFT - 10);
	unsigned long v = int_sqrt(kbytes * 16);

	min_free_kbytes = (int)MIN(MAX(v, 128UL), 262144UL);
	setup_per_zone_wmarks();
}

/* Is there a free block of at least @order that a request may take? */
static bool has_suitable_block(struct zone *z, unsigned int order)
{
	unsigned int o;
	int mt;

	for (o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];

		if (!READ_ONCE(area->nr_free))
			continue;
		/* isolated blocks are never handed out */
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
	}
	return false;
}

bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages)
{
	long min = (long)mark, reserve;
	bool ok;

	/* the pages of this block beyond the first do not count as left */
	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	reserve = READ_ONCE(z->lowmem_reserve[highest_zoneidx]);
	if (free_pages <= min + reserve) {
		EXPLAIN(EX_WMARK, z, mark, free_pages, min, reserve, 0);
		return false;
	}
	ok = order == 0 || has_suitable_block(z, order);
	EXPLAIN(EX_WMARK, z, mark, free_pages, min, reserve, ok ? 1 : 2);
	return ok;
}

/*
 * The zone's free pages for a watermark check: the total, unless it is
 * below the zone's percpu_drift_mark, where the CPUs' drifts not folded
 * yet could be the difference; then the snapshot with them. Linux only
 * takes that care in kswapd (zone_watermark_ok_safe), for zones where the
 * drifts could cross from low to min; pagelab in every check, for every
 * zone, so a zone's floor is exact. The mark sits above the high
 * watermark, but lowmem protection for @highest_zoneidx lifts the floor
 * by its reserve, which may be far above it: the mark moves up with it.
 */
static long zone_free_for_check(const struct zone *z, int highest_zoneidx)
{
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);
	unsigned long mark = READ_ONCE(z->percpu_drift_mark);

	if (mark)
		mark += (unsigned long)READ_ONCE(
			z->lowmem_reserve[highest_zoneidx]);
	if (mark && free < mark)
		free = zone_page_state_snapshot(z, NR_FREE_PAGES);
	return (long)free;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   zone_free_for_check(z, highest_zoneidx));
}

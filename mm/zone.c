/*
 * Nodes and zones: the node table, zone_init (tag pages, set spans), the
 * zonelists ordered by distance, and the CPU-to-node map. Mirrors Linux's
 * free_area_init_core / zone_init_free_lists and build_zonelists.
 */
#include "kernel/lock_order.h"
#include "mm/zone.h"
#include "kernel/percpu.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/internal.h"

struct pglist_data node_data[MAX_NUMNODES];
u64 node_online_mask;
int cpu_to_node_map[NR_CPUS];

const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
};

const char *const migratetype_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable",
	[MIGRATE_MOVABLE] = "Movable",
	[MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_ISOLATE] = "Isolate",
};

void set_cpu_numa_node(int cpu, int nid)
{
	ASSERT(cpu >= 0 && cpu < NR_CPUS && nid >= 0 && nid < MAX_NUMNODES,
	       "cpu %d node %d", cpu, nid);
	cpu_to_node_map[cpu] = nid;
}

int numa_node_id(void)
{
	return cpu_to_node_map[raw_smp_processor_id()];
}

/* An empty zone that knows who it is. Context: quiescent. */
static void zone_reset(struct pglist_data *pgdat, enum zone_type t)
{
	struct zone *z = &pgdat->node_zones[t];
	int o, mt;

	z->zone_pgdat = pgdat;
	z->node = pgdat->node_id;
	z->zone_idx = t;
	z->name = zone_names[t];
	spin_lock_init_class(&z->lock, "zone->lock", LOCK_RANK_ZONE);
	/* lockstat shows its longest hold: drains must keep it bounded */
	spin_lock_time_holds(&z->lock);
	for (o = 0; o < MAX_ORDER; o++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&z->free_area[o].free_list[mt]);
}

void zones_reset_all(void)
{
	int nid, t;

	memset(node_data, 0, sizeof(node_data));
	node_online_mask = 0;
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		node_data[nid].node_id = nid;
		for (t = 0; t < MAX_NR_ZONES; t++)
			zone_reset(&node_data[nid], (enum zone_type)t);
	}
}

/* Claim the unclaimed pages of [@start, @end) for @z. Context: boot. */
static void tag_zone_pages(struct zone *z, pfn_t start, pfn_t end)
{
	pfn_t pfn;

	for (pfn = start; pfn < end; pfn++) {
		struct page *p = pfn_to_page(pfn);

		/* spans of different nodes may interleave: first one wins */
		if (page_zonenum(p) == PAGE_NO_ZONE)
			set_page_zone_node(p, z->zone_idx, z->node);
	}
}

/* Grow @z's span to cover [@start, @end). Context: boot. */
static void zone_span_add(struct zone *z, pfn_t start, pfn_t end, u64 present)
{
	pfn_t old_end = zone_end_pfn(z);

	if (!z->spanned_pages) {
		z->zone_start_pfn = start;
		old_end = end;
	}
	z->zone_start_pfn = MIN(z->zone_start_pfn, start);
	z->spanned_pages = MAX(old_end, end) - z->zone_start_pfn;
	z->present_pages += present;
}

static void node_span_update(struct pglist_data *pgdat)
{
	pfn_t start = ~(pfn_t)0, end = 0;
	unsigned long present = 0;
	int t;

	for (t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &pgdat->node_zones[t];

		if (!z->spanned_pages)
			continue;
		start = MIN(start, z->zone_start_pfn);
		end = MAX(end, zone_end_pfn(z));
		present += z->present_pages;
	}
	pgdat->node_start_pfn = end ? start : 0;
	pgdat->node_spanned_pages = end ? end - start : 0;
	pgdat->node_present_pages = present;
}

/* Context: boot CPU, after memmap_init, before any free. (mm_init.h) */
void zone_init(int nid, enum zone_type t, pfn_t start, pfn_t end, u64 present)
{
	struct zone *z;

	ASSERT(nid >= 0 && nid < MAX_NUMNODES && t < MAX_NR_ZONES &&
		       start < end && end <= max_pfn && present <= end - start,
	       "node %d zone %d [0x%lx, 0x%lx) present %lu max_pfn 0x%lx", nid,
	       (int)t, (unsigned long)start, (unsigned long)end,
	       (unsigned long)present, (unsigned long)max_pfn);
	z = &NODE_DATA(nid)->node_zones[t];
	zone_span_add(z, start, end, present);
	tag_zone_pages(z, start, end);
	node_span_update(NODE_DATA(nid));
	node_online_mask |= 1ULL << nid;
}

/*
 * Count the pfns of @z's span that another zone claimed. A zone with none
 * (the usual case) needs no per-page zone test when it moves pageblocks.
 */
static void zone_count_foreign(struct zone *z)
{
	unsigned long n = 0;
	pfn_t pfn;

	for (pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn++) {
		const struct page *p = pfn_to_page(pfn);

		n += page_zonenum(p) != PAGE_NO_ZONE && !page_in_zone(p, z);
	}
	z->foreign_pages = n;
}

void zones_count_foreign(void)
{
	struct zone *z;

	for_each_zone(z)
		zone_count_foreign(z);
}

static u8 node_distance(const u8 distance[][MAX_NUMNODES], int a, int b)
{
	if (distance)
		return distance[a][b];
	return a == b ? 10 : 20;
}

/* Nodes 0..@nr-1 nearest first as seen from @nid, into @order. */
static void nodes_by_distance(int nid, int nr,
			      const u8 distance[][MAX_NUMNODES], int *order)
{
	int i, j;

	for (i = 0; i < nr; i++)
		order[i] = i;
	/* insertion sort: stable, so equal distances stay in id order */
	for (i = 1; i < nr; i++) {
		int n = order[i];
		u8 d = node_distance(distance, nid, n);

		for (j = i; j > 0; j--) {
			int m = order[j - 1];
			u8 dm = node_distance(distance, nid, m);

			if (dm < d || (dm == d && (m == nid || n != nid)))
				break;
			order[j] = m;
		}
		order[j] = n;
	}
}

static void build_zonelist(struct pglist_data *pgdat, int nr_nodes,
			   const u8 distance[][MAX_NUMNODES])
{
	int order[MAX_NUMNODES], i, t, n = 0;

	nodes_by_distance(pgdat->node_id, nr_nodes, distance, order);
	for (i = 0; i < nr_nodes; i++) {
		for (t = MAX_NR_ZONES - 1; t >= 0; t--) {
			struct zone *z = &NODE_DATA(order[i])->node_zones[t];

			if (zone_managed_pages(z))
				pgdat->node_zonelist[n++] = z;
		}
	}
	pgdat->node_zonelist[n] = NULL;
}

void build_all_zonelists(int nr_nodes, const u8 distance[][MAX_NUMNODES])
{
	int nid;

	for (nid = 0; nid < nr_nodes; nid++) {
		node_online_mask |= 1ULL << nid;
		build_zonelist(NODE_DATA(nid), nr_nodes, distance);
	}
}

/* The zone after @z in (node, zone type) order on online nodes, or NULL. */
struct zone *next_zone(struct zone *z)
{
	int nid = zone_to_nid(z);

	if (z->zone_idx + 1 < MAX_NR_ZONES)
		return z + 1;
	while (++nid < MAX_NUMNODES)
		if (node_online(nid))
			return &NODE_DATA(nid)->node_zones[0];
	return NULL;
}

struct zone *first_zone(void)
{
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++)
		if (node_online(nid))
			return &NODE_DATA(nid)->node_zones[0];
	return NULL;
}

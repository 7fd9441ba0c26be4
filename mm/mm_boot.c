/*
 * The hand-over from boot memory to mm-core: zones described, then every
 * free memblock range given to the buddy, then zonelists and watermarks.
 * After this memblock is frozen; Linux's equivalent is memblock_free_all.
 */
#include "mm/numa.h"
#include "arch/x86/acpi.h"
#include "lib/printk.h"
#include "mm/mm_init.h"
#include "mm/memblock.h"

/*
 * Each memblock region of RAM first, into its own node's zones: zone_init
 * tags only pfns no zone has claimed, and where node spans interleave a
 * node's span covers another node's RAM, which must still be that node's.
 * Then the spans themselves (no new present pages), for the holes.
 */
void numa_zones_init(void)
{
	static const pfn_t zone_lo[MAX_NR_ZONES] = {0, ZONE_DMA_END_PFN,
						    ZONE_DMA32_END_PFN};
	static const pfn_t zone_hi[MAX_NR_ZONES] = {ZONE_DMA_END_PFN,
						    ZONE_DMA32_END_PFN, ~0ULL};

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		for (int t = 0; t < MAX_NR_ZONES; t++) {
			pfn_t s = MAX(r->base >> 12, zone_lo[t]);
			pfn_t e = MIN((r->base + r->size) >> 12, zone_hi[t]);

			if (s < e)
				zone_init(r->nid, (enum zone_type)t, s, e,
					  e - s);
		}
	}
	for (int nid = 0; nid < numa_nr_nodes; nid++)
		for (int t = 0; t < MAX_NR_ZONES; t++) {
			const struct numa_zone_range *z =
				&numa_nodes[nid].zone[t];

			if (z->present)
				zone_init(nid, (enum zone_type)t, z->start,
					  z->end, 0);
		}
}

static void free_range(phys_addr_t start, phys_addr_t end, void *arg)
{
	u64 *pages = arg;

	zone_free_boot_range(start >> 12, end >> 12);
	*pages += (end - start) >> 12;
}

void mm_boot_handover(void)
{
	u64 pages = 0;

	memblock_for_each_free(free_range, &pages);
	memblock_freeze();
	pr_info("mm: %llu pages (%llu MiB) handed to the buddy allocator\n",
		(unsigned long long)pages, (unsigned long long)(pages >> 8));
	mm_init_finish(numa_nr_nodes, acpi.distance);
}

/*
 * Host tests of the boot side that turns SRAT-tagged memblock memory into
 * nodes and zones (mm/numa.c, mm/mm_boot.c) over the mm core: every page
 * must end up in the zone of the node SRAT gives it, even where node spans
 * interleave.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/x86/acpi.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/mm_check.h"
#include "mm/numa.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

struct acpi_info acpi;

/* memblock_alloc.c's hook: no allocation happens here */
void memblock_zero(phys_addr_t pa, u64 size)
{
	(void)pa;
	(void)size;
}

#define MiB_ (1ULL << 20)

/*
 * Node 0 owns [16, 20) and [24, 28) MiB, node 1 [20, 24) MiB: node 0's
 * DMA32 span covers node 1's RAM. Node 1's pages must still be node 1's.
 */
static void numa_interleaved_nodes_keep_their_pages(struct ht *t)
{
	const pfn_t nr = (28 * MiB_) >> 12;
	struct page *map = calloc(nr, sizeof(*map));
	struct zone *z0 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	struct zone *z1 = &NODE_DATA(1)->node_zones[ZONE_DMA32];

	HT_ASSERT(t, map != NULL);
	memset(&acpi, 0, sizeof(acpi));
	acpi.has_srat = true;
	acpi.nr_nodes = 2;
	acpi.nr_mem = 3;
	acpi.mem[0] = (struct acpi_mem_affinity){.base = 16 * MiB_,
						 .len = 4 * MiB_, .node = 0};
	acpi.mem[1] = (struct acpi_mem_affinity){.base = 20 * MiB_,
						 .len = 4 * MiB_, .node = 1};
	acpi.mem[2] = (struct acpi_mem_affinity){.base = 24 * MiB_,
						 .len = 4 * MiB_, .node = 0};
	memblock_reset();
	memblock_add(16 * MiB_, 12 * MiB_);
	numa_init();
	HT_EXPECT_EQ(t, numa_nr_nodes, 2);
	mm_host_phys_base = NULL;
	memmap_init(map, nr);
	numa_zones_init();
	mm_boot_handover();
	HT_EXPECT_EQ(t, page_to_nid(pfn_to_page((20 * MiB_) >> 12)), 1);
	HT_EXPECT_EQ(t, page_to_nid(pfn_to_page((16 * MiB_) >> 12)), 0);
	HT_EXPECT_EQ(t, page_to_nid(pfn_to_page((24 * MiB_) >> 12)), 0);
	HT_EXPECT_EQ(t, z0->present_pages, 2048);
	HT_EXPECT_EQ(t, z1->present_pages, 1024);
	HT_EXPECT_EQ(t, zone_managed_pages(z0), 2048);
	HT_EXPECT_EQ(t, zone_managed_pages(z1), 1024);
	HT_EXPECT_EQ(t, mm_check(), 0);
	free(map);
}

static const struct ht_case cases[] = {
	HT_CASE(numa_interleaved_nodes_keep_their_pages),
};

HT_MAIN(cases, printk_capture_reset)

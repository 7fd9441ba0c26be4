/*
 * NUMA layout at boot: SRAT memory ranges tag memblock memory with node
 * ids, then each node's zones are cut from its span at 16 MiB and 4 GiB.
 * Spanned counts holes, present counts RAM only (Linux's definitions in
 * calculate_node_totalpages). Printed in the style of free_area_init.
 */
#include "mm/numa.h"
#include "arch/x86/acpi.h"
#include "lib/printk.h"
#include "mm/memblock.h"
#include "mm/mmzone.h" /* zone_names */

int numa_nr_nodes = 1;
struct numa_node numa_nodes[MAX_NUMNODES];

static const pfn_t zone_lo[MAX_NR_ZONES] = {0, ZONE_DMA_END_PFN,
					    ZONE_DMA32_END_PFN};
static const pfn_t zone_hi[MAX_NR_ZONES] = {ZONE_DMA_END_PFN,
					    ZONE_DMA32_END_PFN, ~0ULL};

#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << 12)

/* Whether SRAT covers all of memblock memory; Linux too falls back to a
 * single node when it does not (numa_meminfo_cover_memory). */
static bool srat_covers_memory(void)
{
	u64 covered = 0, total = memblock_memory_in_range(0, ~0ULL);

	for (int i = 0; i < acpi.nr_mem; i++)
		covered += memblock_memory_in_range(
			acpi.mem[i].base, acpi.mem[i].base + acpi.mem[i].len);
	if (covered == total)
		return true;
	pr_warn("NUMA: SRAT covers %llu of %llu KiB of RAM, using one node\n",
		(unsigned long long)(covered >> 10),
		(unsigned long long)(total >> 10));
	return false;
}

static void assign_nodes(void)
{
	numa_nr_nodes = 1;
	if (!acpi.has_srat) {
		pr_info("NUMA: no SRAT, one node\n");
		return;
	}
	if (!srat_covers_memory())
		return;
	for (int i = 0; i < acpi.nr_mem; i++)
		memblock_set_node(acpi.mem[i].base, acpi.mem[i].len,
				  acpi.mem[i].node);
	numa_nr_nodes = acpi.nr_nodes;
}

/* Pages of @nid's memory in [@start, @end). */
static u64 node_present(int nid, pfn_t start, pfn_t end)
{
	u64 bytes = 0;

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t s = MAX(PFN_PHYS(start), r->base);
		phys_addr_t e = MIN(PFN_PHYS(end), r->base + r->size);

		if (r->nid == nid && s < e)
			bytes += e - s;
	}
	return bytes >> 12;
}

static void compute_node(int nid, struct numa_node *n)
{
	n->start = n->end = 0;
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		pfn_t s = r->base >> 12, e = (r->base + r->size) >> 12;

		if (r->nid != nid)
			continue;
		if (n->start == n->end || s < n->start)
			n->start = s;
		n->end = MAX(n->end, e);
	}
	n->present = node_present(nid, n->start, n->end);
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct numa_zone_range *z = &n->zone[t];

		z->start = MAX(n->start, zone_lo[t]);
		z->end = MIN(n->end, zone_hi[t]);
		if (z->start >= z->end)
			z->start = z->end = 0;
		z->present = node_present(nid, z->start, z->end);
	}
}

static void print_range(const char *label, pfn_t start, pfn_t end)
{
	if (start >= end)
		pr_info("  %-8s empty\n", label);
	else
		pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", label,
			(unsigned long long)PFN_PHYS(start),
			(unsigned long long)(PFN_PHYS(end) - 1));
}

static void print_layout(void)
{
	pfn_t lo = memblock_start_of_ram() >> 12;
	pfn_t hi = memblock_end_of_ram() >> 12;

	pr_info("Zone ranges:\n");
	for (int t = 0; t < MAX_NR_ZONES; t++)
		print_range(zone_names[t], MAX(lo, zone_lo[t]),
			    MIN(hi, zone_hi[t]));
	pr_info("Movable zone start for each node\n");
	pr_info("Early memory node ranges\n");
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		pr_info("  node %3d: [mem 0x%016llx-0x%016llx]\n", r->nid,
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1));
	}
}

static void print_node(int nid, const struct numa_node *n)
{
	pr_info("Initmem setup node %d [mem 0x%016llx-0x%016llx]\n", nid,
		(unsigned long long)PFN_PHYS(n->start),
		(unsigned long long)(PFN_PHYS(n->end) - 1));
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		const struct numa_zone_range *z = &n->zone[t];

		if (!z->present)
			continue;
		pr_info("  node %d zone %-6s [mem 0x%016llx-0x%016llx] spanned "
			"%llu present %llu\n",
			nid, zone_names[t],
			(unsigned long long)PFN_PHYS(z->start),
			(unsigned long long)(PFN_PHYS(z->end) - 1),
			(unsigned long long)(z->end - z->start),
			(unsigned long long)z->present);
	}
}

void numa_init(void)
{
	assign_nodes();
	print_layout();
	for (int nid = 0; nid < numa_nr_nodes; nid++) {
		compute_node(nid, &numa_nodes[nid]);
		print_node(nid, &numa_nodes[nid]);
	}
}

int numa_apic_to_node(u32 apic_id)
{
	for (int i = 0; i < acpi.nr_cpus; i++)
		if (acpi.cpus[i].apic_id == apic_id)
			return cpu_to_node(i);
	return 0;
}

int cpu_to_node(int cpu)
{
	if (cpu < 0 || cpu >= acpi.nr_cpus)
		return 0;
	/* SRAT may name nodes numa_init discarded for a single node */
	return acpi.cpu_node[cpu] < numa_nr_nodes ? acpi.cpu_node[cpu] : 0;
}

/*
 * ktest suite "mm_layout": what boot found agrees with the QEMU machine
 * the runner started. tests/matrix passes its configuration on the
 * command line (test_mem=, test_nodes=); QEMU's pc machine puts RAM below
 * 3 GiB when -m is 3.5 GiB or more (the rest above 4 GiB), else all of it
 * low, and keeps the top 128 KiB of low RAM for its firmware tables.
 */
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "arch/x86/layout.h"
#include "arch/x86/acpi.h"
#include "mm/memblock.h"
#include "mm/memmap.h"
#include "mm/numa.h"

CMDLINE_KEY(test_mem, "for mm_layout tests: QEMU's -m size");
CMDLINE_KEY(test_nodes, "for mm_layout/acpi tests: QEMU's NUMA nodes");
CMDLINE_KEY(test_cpus, "for acpi tests: QEMU's -smp count");

#define QEMU_LOWMEM_SPLIT 0xe0000000ULL /* -m at or above: low RAM 3 GiB */
#define QEMU_LOWMEM_MAX	  0xc0000000ULL
#define QEMU_FW_TABLES	  (128 * KiB) /* reserved at the top of low RAM */
#define LOW_HOLE_PAGES	  97	      /* 0x9f000-0x100000: BIOS, VGA */

static u64 qemu_low_end(u64 mem)
{
	return mem >= QEMU_LOWMEM_SPLIT ? QEMU_LOWMEM_MAX : mem;
}

static u64 want_mem(struct ktest *t)
{
	u64 mem = (u64)cmdline_int("test_mem", 0);

	if (!mem)
		ktest_skip(t, "no test_mem= on the command line");
	return mem;
}

static u64 zone_present(int t)
{
	u64 n = 0;

	for (int nid = 0; nid < numa_nr_nodes; nid++)
		n += numa_nodes[nid].zone[t].present;
	return n;
}

/* RAM pages QEMU gives for @mem: low RAM minus the BIOS hole and the
 * firmware tables, plus whatever went above 4 GiB. */
static u64 qemu_ram_pages(u64 mem)
{
	u64 low = qemu_low_end(mem);

	return (low - QEMU_FW_TABLES) / PAGE_SIZE - LOW_HOLE_PAGES +
	       (mem - low) / PAGE_SIZE;
}

static void layout_end_of_ram(struct ktest *t)
{
	u64 mem = want_mem(t), low;

	if (!mem)
		return;
	low = qemu_low_end(mem);
	if (mem > low)
		KEXPECT_EQ(t, memblock_end_of_ram(), 4 * GiB + mem - low);
	else
		KEXPECT_EQ(t, memblock_end_of_ram(), low - QEMU_FW_TABLES);
}

static void layout_present_pages(struct ktest *t)
{
	u64 mem = want_mem(t), total = 0;

	if (!mem)
		return;
	for (int nid = 0; nid < numa_nr_nodes; nid++)
		total += numa_nodes[nid].present;
	KEXPECT_EQ(t, total, qemu_ram_pages(mem));
	KEXPECT_EQ(t, total, memblock_memory_in_range(0, ~0ULL) / PAGE_SIZE);
}

static void layout_zone_sizes(struct ktest *t)
{
	u64 mem = want_mem(t), low;

	if (!mem)
		return;
	low = qemu_low_end(mem);
	/* below 16 MiB: 159 pages under the BIOS hole, 15 MiB above it */
	KEXPECT_EQ(t, zone_present(ZONE_DMA), 159 + 15 * MiB / PAGE_SIZE);
	KEXPECT_EQ(t, zone_present(ZONE_DMA32),
		   (low - QEMU_FW_TABLES - 16 * MiB) / PAGE_SIZE);
	KEXPECT_EQ(t, zone_present(ZONE_NORMAL), (mem - low) / PAGE_SIZE);
}

/* Zones never cross 16 MiB or 4 GiB, and lie inside their node. */
static void layout_zone_boundaries(struct ktest *t)
{
	static const pfn_t lo[] = {0, ZONE_DMA_END_PFN, ZONE_DMA32_END_PFN};
	static const pfn_t hi[] = {ZONE_DMA_END_PFN, ZONE_DMA32_END_PFN, ~0ULL};

	for (int nid = 0; nid < numa_nr_nodes; nid++) {
		const struct numa_node *n = &numa_nodes[nid];

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct numa_zone_range *r = &n->zone[z];

			if (!r->present)
				continue;
			KEXPECT_GE(t, r->start, MAX(lo[z], n->start));
			KEXPECT_LE(t, r->end, MIN(hi[z], n->end));
			KEXPECT_LE(t, r->present, r->end - r->start);
		}
	}
	/* node 0 starts at 0 on QEMU, so its DMA zone spans all of it */
	KEXPECT_EQ(t, numa_nodes[0].zone[ZONE_DMA].end, ZONE_DMA_END_PFN);
	if (memblock_end_of_ram() > 4 * GiB)
		KEXPECT_EQ(
			t,
			numa_nodes[numa_nr_nodes - 1].zone[ZONE_NORMAL].start,
			ZONE_DMA32_END_PFN);
}

/* With -numa N QEMU gives each node -m/N of RAM, in node order. */
static void layout_nodes_match_srat(struct ktest *t)
{
	int want = (int)cmdline_int("test_nodes", 1);
	u64 mem = (u64)cmdline_int("test_mem", 0);

	KEXPECT_EQ(t, numa_nr_nodes, want);
	for (int i = 0; i < acpi.nr_mem && numa_nr_nodes > 1; i++) {
		phys_addr_t b = acpi.mem[i].base, e = b + acpi.mem[i].len;

		for (int r = 0; r < memblock.memory.cnt; r++) {
			const struct memblock_region *m =
				&memblock.memory.regions[r];

			if (m->base < e && b < m->base + m->size)
				KEXPECT_EQ(t, m->nid, acpi.mem[i].node);
		}
	}
	for (int nid = 0; nid < numa_nr_nodes && mem && want > 1; nid++) {
		u64 share = mem / (u64)want / PAGE_SIZE;

		KEXPECT_LE(t, numa_nodes[nid].present, share);
		/* minus the BIOS hole and firmware tables at most */
		KEXPECT_GE(t, numa_nodes[nid].present,
			   share - 2 * MiB / PAGE_SIZE);
		if (nid)
			KEXPECT_GE(t, numa_nodes[nid].start,
				   numa_nodes[nid - 1].end);
	}
}

static void layout_memmap_covers_ram(struct ktest *t)
{
	const struct memmap_stats *s = &memmap_stats;

	KEXPECT_EQ(t, s->nr_pages, memblock_end_of_ram() / PAGE_SIZE);
	KEXPECT_LE(t, s->entry_size, 64);
	KEXPECT_GE(t, s->bytes, s->nr_pages * s->entry_size);
	KEXPECT_TRUE(t, memblock_is_reserved(s->phys, s->bytes));
	KEXPECT_TRUE(t, memblock_is_memory(s->phys));
}

struct overlap {
	phys_addr_t base, size;
	int hits;
};

static void count_overlap(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct overlap *o = arg;

	if (s < o->base + o->size && o->base < e)
		o->hits++;
}

extern char __kernel_start[], __kernel_end[];

/* What is in use never reaches the free ranges given to the buddy. */
static void layout_free_ranges_exclude_in_use(struct ktest *t)
{
	struct overlap img = {virt_to_phys(__kernel_start),
			      (u64)__kernel_end - (u64)__kernel_start, 0};
	struct overlap low = {0, MiB, 0};
	struct overlap map = {memmap_stats.phys, memmap_stats.bytes, 0};

	memblock_for_each_free(count_overlap, &img);
	memblock_for_each_free(count_overlap, &low);
	memblock_for_each_free(count_overlap, &map);
	KEXPECT_EQ(t, img.hits, 0);
	KEXPECT_EQ(t, low.hits, 0);
	KEXPECT_EQ(t, map.hits, 0);
}

static const struct ktest_case layout_cases[] = {
	KTEST_CASE(layout_end_of_ram),
	KTEST_CASE(layout_present_pages),
	KTEST_CASE(layout_zone_sizes),
	KTEST_CASE(layout_zone_boundaries),
	KTEST_CASE(layout_nodes_match_srat),
	KTEST_CASE(layout_memmap_covers_ram),
	KTEST_CASE(layout_free_ranges_exclude_in_use),
	{},
};
KTEST_SUITE(mm_layout, .cases = layout_cases);

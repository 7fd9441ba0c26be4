/*
 * Host tests of memblock: crafted firmware maps (sorted or not, overlapping,
 * unaligned, absurd, empty, EFI-only) and the early allocator over them.
 * mm/memblock.c and mm/memblock_fw.c run unchanged; zeroing is recorded.
 */
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"
#include "arch/x86/multiboot2.h"
#include "mm/memblock.h"

static struct mb2_info info;
static phys_addr_t zeroed_pa;
static u64 zeroed_size;

void memblock_zero(phys_addr_t pa, u64 size)
{
	zeroed_pa = pa;
	zeroed_size = size;
}

static void setup(void)
{
	printk_capture_reset();
	memblock_reset();
	memset(&info, 0, sizeof(info));
	zeroed_pa = zeroed_size = 0;
}

static void map_add(u64 base, u64 len, u32 type)
{
	info.mmap[info.nr_mmap++] = (struct mb2_mmap_entry){base, len, type};
}

static void expect_region(struct ht *t, const struct memblock_type *type, int i,
			  u64 base, u64 end)
{
	HT_ASSERT(t, i < type->cnt);
	HT_EXPECT_EQ(t, type->regions[i].base, base);
	HT_EXPECT_EQ(t, type->regions[i].base + type->regions[i].size, end);
}

/* The map QEMU's pc machine gives with -m 4G */
static void qemu_4g_map(void)
{
	map_add(0, 0x9fc00, 1);
	map_add(0x9fc00, 0x400, 2);
	map_add(0xf0000, 0x10000, 2);
	map_add(0x100000, 0xbffe0000 - 0x100000, 1);
	map_add(0xbffe0000, 0x20000, 2);
	map_add(0xfffc0000, 0x40000, 2);
	map_add(0x100000000, 0x40000000, 1);
	map_add(0xfd00000000, 0x300000000, 2);
}

static void fw_qemu_map(struct ht *t)
{
	qemu_4g_map();
	HT_EXPECT_EQ(t, memblock_add_firmware_map(&info),
		     0x9f000 + (0xbffe0000 - 0x100000) + 0x40000000);
	HT_ASSERT(t, memblock.memory.cnt == 3);
	expect_region(t, &memblock.memory, 0, 0, 0x9f000);
	expect_region(t, &memblock.memory, 1, 0x100000, 0xbffe0000);
	expect_region(t, &memblock.memory, 2, 0x100000000, 0x140000000);
	HT_EXPECT_EQ(t, memblock_end_of_ram(), 0x140000000);
	HT_EXPECT_EQ(t, memblock_start_of_ram(), 0);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
}

static void fw_unsorted_overlapping_merge(struct ht *t)
{
	map_add(0x200000, 0x100000, 1);
	map_add(0x100000, 0x180000, 1); /* overlaps the first */
	map_add(0x300000, 0x100000, 1); /* touches it */
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock.memory.cnt, 1);
	expect_region(t, &memblock.memory, 0, 0x100000, 0x400000);
}

static void fw_reserved_wins_over_usable(struct ht *t)
{
	map_add(0x100000, 0x1000000, 1);
	map_add(0x400800, 0x1000, 2); /* inside, unaligned */
	memblock_add_firmware_map(&info);
	HT_ASSERT(t, memblock.memory.cnt == 2);
	expect_region(t, &memblock.memory, 0, 0x100000, 0x400000);
	expect_region(t, &memblock.memory, 1, 0x402000, 0x1100000);
	HT_EXPECT(t, printk_warned("treated as reserved"));
}

static void fw_unaligned_clipped_inward(struct ht *t)
{
	map_add(0x100123, 0x3000, 1);
	map_add(0x200000, 0x800, 1); /* less than a page: vanishes */
	memblock_add_firmware_map(&info);
	HT_ASSERT(t, memblock.memory.cnt == 1);
	expect_region(t, &memblock.memory, 0, 0x101000, 0x103000);
}

static void fw_absurd_entries(struct ht *t)
{
	map_add(0x100000, 0x100000, 1);
	map_add(1ULL << 60, 0x100000, 1);	       /* beyond 2^52 */
	map_add((1ULL << 52) - 0x2000, 1ULL << 40, 1); /* runs past it */
	map_add(0x500000, 0x1000, 77);		       /* unknown type */
	memblock_add_firmware_map(&info);
	HT_ASSERT(t, memblock.memory.cnt == 2);
	expect_region(t, &memblock.memory, 1, (1ULL << 52) - 0x2000,
		      1ULL << 52);
	HT_EXPECT(t, printk_warned("beyond the 2^52"));
	HT_EXPECT(t, printk_warned("clipped"));
}

static void fw_no_ram(struct ht *t)
{
	HT_EXPECT_EQ(t, memblock_add_firmware_map(&info), 0);
	map_add(0, 0x100000, 2);
	map_add(0x100000, 0x800, 1);
	HT_EXPECT_EQ(t, memblock_add_firmware_map(&info), 0);
	HT_EXPECT_EQ(t, memblock_end_of_ram(), 0);
}

/* EFI_MEMORY_DESCRIPTOR: type, pad, phys, virt, pages, attribute */
static u8 efi[6 * 48];

static void efi_desc(int i, u32 type, u64 base, u64 pages)
{
	memcpy(efi + i * 48, &type, 4);
	memcpy(efi + i * 48 + 8, &base, 8);
	memcpy(efi + i * 48 + 24, &pages, 8);
}

static void fw_efi_fallback_and_holes(struct ht *t)
{
	memset(efi, 0, sizeof(efi));
	efi_desc(0, 7, 0x100000, 0x100); /* conventional */
	efi_desc(1, 4, 0x200000, 0x100); /* boot services data */
	efi_desc(2, 6, 0x300000, 0x10);	 /* runtime data: not RAM */
	efi_desc(3, 7, 0x310000, 0xf0);
	info.efi_mmap = efi;
	info.efi_desc_size = 48;
	info.efi_mmap_len = 4 * 48;
	HT_EXPECT_EQ(t, memblock_add_firmware_map(&info), 0x2f0000);
	HT_EXPECT(t, printk_warned("using the EFI memory map"));
	HT_ASSERT(t, memblock.memory.cnt == 2);
	expect_region(t, &memblock.memory, 0, 0x100000, 0x300000);
	expect_region(t, &memblock.memory, 1, 0x310000, 0x400000);
}

/* with a multiboot2 map present, the EFI map can only take RAM away */
static void fw_efi_reservation_applies(struct ht *t)
{
	map_add(0x100000, 0x300000, 1);
	memset(efi, 0, sizeof(efi));
	efi_desc(0, 5, 0x200000, 0x10); /* runtime code */
	info.efi_mmap = efi;
	info.efi_desc_size = 48;
	info.efi_mmap_len = 48;
	memblock_add_firmware_map(&info);
	HT_ASSERT(t, memblock.memory.cnt == 2);
	expect_region(t, &memblock.memory, 1, 0x210000, 0x400000);
}

static void alloc_top_down_below_limit(struct ht *t)
{
	phys_addr_t a, b;

	qemu_4g_map();
	memblock_add_firmware_map(&info);
	memblock_reserve(0, 0x100000);
	memblock_set_current_limit(4ULL << 30);
	a = memblock_phys_alloc(0x3000, 0x1000, 0);
	HT_EXPECT_EQ(t, a, 0xbffe0000 - 0x3000);
	HT_EXPECT_EQ(t, zeroed_pa, a);
	HT_EXPECT_EQ(t, zeroed_size, 0x3000);
	b = memblock_phys_alloc(0x1000, 0x200000, 0);
	HT_EXPECT_EQ(t, b, 0xbfe00000);
	HT_EXPECT(t, memblock_is_reserved(a, 0x3000));
	HT_EXPECT(t, memblock_is_reserved(b, 0x1000));
	memblock_set_current_limit(0);
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0), 0x13ffff000);
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0x200000),
		     0x1ff000);
	/* the first MiB is reserved: nothing fits below it */
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0x80000), 0);
}

static void alloc_failures(struct ht *t)
{
	map_add(0x100000, 0x100000, 1);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x200000, 0x1000, 0), 0);
	HT_EXPECT(t, printk_warned("no 2097152 bytes"));
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 3, 0), 0); /* bad align */
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0x100800), 0);
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x100000, 0x1000, 0), 0x100000);
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0), 0); /* full */
	memblock_reset();
	map_add(0x100000, 0x100000, 1);
	memblock_add_firmware_map(&info);
	memblock_freeze();
	HT_EXPECT_EQ(t, memblock_phys_alloc(0x1000, 0x1000, 0), 0);
	HT_EXPECT(t, printk_printed("after the hand-over"));
}

struct collected {
	int n;
	phys_addr_t s[8], e[8];
};

static void collect(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct collected *c = arg;

	if (c->n < 8) {
		c->s[c->n] = s;
		c->e[c->n] = e;
	}
	c->n++;
}

static void free_ranges_skip_reserved(struct ht *t)
{
	struct collected c = {0};

	map_add(0, 0x9fc00, 1);
	map_add(0x100000, 0x400000, 1);
	memblock_add_firmware_map(&info);
	memblock_reserve(0, 0x100000);
	memblock_reserve(0x200800, 0x1000);   /* unaligned: pages round out */
	memblock_reserve(0x480000, 0x100000); /* runs past the end */
	memblock_for_each_free(collect, &c);
	HT_ASSERT(t, c.n == 2);
	HT_EXPECT_EQ(t, c.s[0], 0x100000);
	HT_EXPECT_EQ(t, c.e[0], 0x200000);
	HT_EXPECT_EQ(t, c.s[1], 0x202000);
	HT_EXPECT_EQ(t, c.e[1], 0x480000);
}

static void set_node_splits_regions(struct ht *t)
{
	map_add(0x100000, 0x7f00000, 1);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock_set_node(0x4000000, 0x4000000, 1), 0);
	HT_ASSERT(t, memblock.memory.cnt == 2);
	expect_region(t, &memblock.memory, 0, 0x100000, 0x4000000);
	expect_region(t, &memblock.memory, 1, 0x4000000, 0x8000000);
	HT_EXPECT_EQ(t, memblock.memory.regions[0].nid, 0);
	HT_EXPECT_EQ(t, memblock.memory.regions[1].nid, 1);
	/* setting the same node again merges nothing wrongly */
	memblock_set_node(0, 0x4000000, 1);
	HT_EXPECT_EQ(t, memblock.memory.cnt, 1);
}

static void table_full_warns(struct ht *t)
{
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS + 4; i++)
		memblock_add(0x100000 + (u64)i * 0x2000, 0x1000);
	HT_EXPECT_EQ(t, memblock.memory.cnt, MEMBLOCK_MAX_REGIONS);
	HT_EXPECT(t, printk_warned("table full"));
	HT_EXPECT(t, printk_all_one_line());
}

/*
 * Found by fuzzing: with one free slot, a hole in the middle of a region
 * was split at its start, found no room to split at its end, and stayed
 * in memory as usable RAM.
 */
static void fw_hole_with_one_free_slot(struct ht *t)
{
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS - 1; i++)
		map_add((u64)i * 0x4000, 0x3000, 1);
	map_add(0x1000, 0x1000, 2);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock.memory.cnt, MEMBLOCK_MAX_REGIONS);
	HT_EXPECT(t, !memblock_is_memory(0x1000));
	expect_region(t, &memblock.memory, 0, 0, 0x1000);
	expect_region(t, &memblock.memory, 1, 0x2000, 0x3000);
	HT_EXPECT(t, !printk_warned("table full"));
}

/* With no free slot, a hole gives up the smaller side with it. */
static void remove_hole_table_full(struct ht *t)
{
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		memblock_add((u64)i * 0x10000, 0x4000);
	HT_EXPECT_EQ(t, memblock_remove(0x1000, 0x1000), -1);
	HT_EXPECT(t, printk_warned("table full, dropping [0x0-0xfff]"));
	expect_region(t, &memblock.memory, 0, 0x2000, 0x4000);
	HT_EXPECT_EQ(t, memblock_remove(0x12000, 0x1000), -1);
	expect_region(t, &memblock.memory, 1, 0x10000, 0x12000);
	/* trimming an end or removing whole regions needs no slot */
	HT_EXPECT_EQ(t, memblock_remove(0x23000, 0x10000), 0);
	expect_region(t, &memblock.memory, 2, 0x20000, 0x23000);
	expect_region(t, &memblock.memory, 3, 0x33000, 0x34000);
	HT_EXPECT_EQ(t, memblock.memory.cnt, MEMBLOCK_MAX_REGIONS);
}

/* Found by fuzzing: a split that failed for lack of room left the one
 * made before it, so the list was no longer merged. */
static void set_node_table_full(struct ht *t)
{
	for (int i = 0; i < MEMBLOCK_MAX_REGIONS - 1; i++)
		memblock_add((u64)i * 0x10000, 0x4000);
	HT_EXPECT_EQ(t, memblock_set_node(0x1000, 0x1000, 1), -1);
	HT_EXPECT_EQ(t, memblock.memory.cnt, MEMBLOCK_MAX_REGIONS - 1);
	expect_region(t, &memblock.memory, 0, 0, 0x4000);
	HT_EXPECT_EQ(t, memblock.memory.regions[0].nid, 0);
}

/*
 * A stray RAM entry far above the rest is dropped with one line rather
 * than sizing the page array (40 bytes per page: 1 TiB of span would need
 * 10 GiB for 128 MiB of RAM). The -m 6G layout is left alone.
 */
static void drop_far_ram(struct ht *t)
{
	const u64 G = 1ULL << 30;

	map_add(0, 128 << 20, MB2_MEM_AVAILABLE);
	map_add(1ULL << 40, 1 << 20, MB2_MEM_AVAILABLE);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock_drop_far_ram(40), 1 << 20);
	HT_EXPECT_EQ(t, memblock.memory.cnt, 1);
	HT_EXPECT_EQ(t, memblock_end_of_ram(), 128 << 20);
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	HT_EXPECT(t, printk_warned("ignoring RAM [mem 0x10000000000-"
				   "0x100000fffff] (1 MiB) far above the "
				   "rest: a flat page array up to it would "
				   "take 10240 MiB of 129 MiB RAM"));
	setup();
	map_add(0, 3 * G, MB2_MEM_AVAILABLE);
	map_add(4 * G, 3 * G, MB2_MEM_AVAILABLE);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock_drop_far_ram(40), 0);
	HT_EXPECT_EQ(t, memblock_end_of_ram(), 7 * G);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
	/* a single region stays whatever it costs */
	setup();
	map_add(1ULL << 40, 1 << 20, MB2_MEM_AVAILABLE);
	memblock_add_firmware_map(&info);
	HT_EXPECT_EQ(t, memblock_drop_far_ram(40), 0);
}

static const struct ht_case cases[] = {
	HT_CASE(fw_qemu_map),
	HT_CASE(fw_unsorted_overlapping_merge),
	HT_CASE(fw_reserved_wins_over_usable),
	HT_CASE(fw_unaligned_clipped_inward),
	HT_CASE(fw_absurd_entries),
	HT_CASE(fw_no_ram),
	HT_CASE(fw_efi_fallback_and_holes),
	HT_CASE(fw_efi_reservation_applies),
	HT_CASE(alloc_top_down_below_limit),
	HT_CASE(alloc_failures),
	HT_CASE(free_ranges_skip_reserved),
	HT_CASE(set_node_splits_regions),
	HT_CASE(table_full_warns),
	HT_CASE(fw_hole_with_one_free_slot),
	HT_CASE(remove_hole_table_full),
	HT_CASE(set_node_table_full),
	HT_CASE(drop_far_ram),
};

HT_MAIN(cases, setup)

/*
 * From the firmware's memory maps to memblock.memory: usable entries are
 * added clipped inward to whole pages, then every entry that is not RAM is
 * removed clipped outward, so when entries overlap the reservation wins.
 * Linux does the same job in e820__memblock_setup after sanitizing e820.
 */
#include "mm/memblock.h"
#include "arch/x86/multiboot2.h"
#include "lib/printk.h"
#include "lib/string.h"

#define PAGE 4096ULL
/* The architecture's limit: no x86-64 CPU addresses more than 2^52. */
#define MAX_PHYS_ADDR (1ULL << 52)

/* EFI_MEMORY_DESCRIPTOR types that are RAM once boot services are gone */
enum efi_mem_type {
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_CONVENTIONAL = 7,
};

/*
 * Clip [base, base+len) to what the CPU can address.
 * Return: false (with a warning) when nothing sensible is left.
 */
static bool sane_range(const char *what, u64 base, u64 *len)
{
	if (base >= MAX_PHYS_ADDR) {
		pr_warn("memblock: %s entry [0x%llx +0x%llx] lies beyond the "
			"2^52 physical address limit, ignored\n",
			what, (unsigned long long)base,
			(unsigned long long)*len);
		return false;
	}
	if (*len > MAX_PHYS_ADDR - base) {
		pr_warn("memblock: %s entry at 0x%llx runs past the 2^52 "
			"physical address limit, clipped\n",
			what, (unsigned long long)base);
		*len = MAX_PHYS_ADDR - base;
	}
	return *len != 0;
}

static void add_ram(const char *what, u64 base, u64 len)
{
	u64 s, e;

	if (!sane_range(what, base, &len))
		return;
	s = ALIGN_UP(base, PAGE);
	e = ALIGN_DOWN(base + len, PAGE);
	if (s < e)
		memblock_add(s, e - s);
}

static void remove_non_ram(const char *what, u64 base, u64 len)
{
	u64 s, e;

	if (!sane_range(what, base, &len))
		return;
	s = ALIGN_DOWN(base, PAGE);
	e = ALIGN_UP(base + len, PAGE);
	if (memblock_memory_in_range(s, e))
		pr_warn("memblock: %s marks [mem 0x%016llx-0x%016llx] in use "
			"but another entry says usable: treated as reserved\n",
			what, (unsigned long long)base,
			(unsigned long long)(base + len - 1));
	memblock_remove(s, e - s);
}

static bool efi_type_is_ram(u32 type)
{
	return type == EFI_LOADER_CODE || type == EFI_LOADER_DATA ||
	       type == EFI_BOOT_SERVICES_CODE ||
	       type == EFI_BOOT_SERVICES_DATA || type == EFI_CONVENTIONAL;
}

/* Call add_ram or remove_non_ram for each EFI descriptor of one kind. */
static void efi_walk(const struct mb2_info *info, bool ram)
{
	const u8 *p = info->efi_mmap;

	for (u32 off = 0; off + info->efi_desc_size <= info->efi_mmap_len;
	     off += info->efi_desc_size) {
		u32 type;
		u64 base, pages;

		memcpy(&type, p + off, 4);
		memcpy(&base, p + off + 8, 8);
		memcpy(&pages, p + off + 24, 8);
		if (pages > (MAX_PHYS_ADDR >> 12))
			pages = MAX_PHYS_ADDR >> 12;
		if (efi_type_is_ram(type) != ram || !pages)
			continue;
		if (ram)
			add_ram("EFI map", base, pages * PAGE);
		else
			remove_non_ram("EFI map", base, pages * PAGE);
	}
}

static void mb2_walk(const struct mb2_info *info, bool ram)
{
	for (int i = 0; i < info->nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];
		bool is_ram = e->type == MB2_MEM_AVAILABLE;

		if (is_ram != ram)
			continue;
		if (ram)
			add_ram("firmware map", e->base, e->len);
		else
			remove_non_ram("firmware map", e->base, e->len);
	}
}

u64 memblock_add_firmware_map(const struct mb2_info *info)
{
	bool have_efi = info->efi_mmap && info->efi_desc_size;

	mb2_walk(info, true);
	if (!memblock.memory.cnt && have_efi) {
		pr_warn("memblock: no usable RAM in the multiboot2 map, using "
			"the EFI memory map\n");
		efi_walk(info, true);
	}
	mb2_walk(info, false);
	if (have_efi)
		efi_walk(info, false);
	return memblock_memory_in_range(0, ~0ULL);
}

/* Bytes of RAM in memblock.memory. */
static u64 total_ram(void)
{
	u64 sum = 0;

	for (int i = 0; i < memblock.memory.cnt; i++)
		sum += memblock.memory.regions[i].size;
	return sum;
}

u64 memblock_drop_far_ram(u64 bytes_per_page)
{
	u64 dropped = 0;

	while (memblock.memory.cnt > 1) {
		const struct memblock_region *top =
			&memblock.memory.regions[memblock.memory.cnt - 1];
		u64 ram = total_ram(),
		    map = memblock_end_of_ram() / PAGE * bytes_per_page;
		phys_addr_t base = top->base;
		u64 size = top->size;

		if (map <= ram / 4)
			break;
		pr_warn("memblock: ignoring RAM [mem 0x%llx-0x%llx] (%llu MiB) "
			"far above the rest: a flat page array up to it would "
			"take %llu MiB of %llu MiB RAM\n",
			(unsigned long long)base,
			(unsigned long long)(base + size - 1),
			(unsigned long long)(size >> 20),
			(unsigned long long)(map >> 20),
			(unsigned long long)(ram >> 20));
		memblock_remove(base, size);
		dropped += size;
	}
	return dropped;
}

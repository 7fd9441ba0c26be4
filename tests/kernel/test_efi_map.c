/*
 * Under UEFI, GRUB hands over the firmware's EFI memory map (multiboot2
 * tag 17) beside its own map. memblock must take free RAM only where EFI
 * says conventional memory and never where it says runtime services, ACPI
 * or MMIO. test_firmware=uefi (tests/matrix) makes a missing map a
 * failure; on a BIOS boot, without a map, the cases skip.
 */
#include "arch/x86/bootinfo.h"
#include "arch/x86/layout.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "lib/string.h"
#include "mm/memblock.h"

CMDLINE_KEY(test_firmware, "for efi_map tests: bios or uefi, as QEMU ran");

enum { EFI_CONVENTIONAL_MEMORY = 7 };

/* The EFI types memblock must leave out: they stay the firmware's. */
static bool efi_type_never_ram(u32 type)
{
	return type == 0 || type == 5 || type == 6 || (type >= 8 && type <= 13);
}

static bool have_map(struct ktest *t)
{
	bool uefi = !strcmp(cmdline_str("test_firmware", "bios"), "uefi");

	if (boot_info.efi_mmap && boot_info.efi_desc_size)
		return true;
	if (uefi)
		KEXPECT_TRUE(t, boot_info.efi_mmap != NULL);
	else
		ktest_skip(t, "BIOS boot: no EFI memory map");
	return false;
}

/* Call @check on each descriptor: type, page-aligned start and end. */
static int efi_for_each(struct ktest *t,
			void (*check)(struct ktest *t, u32 type, u64 s, u64 e))
{
	const u8 *p = boot_info.efi_mmap;
	int n = 0;

	for (u32 off = 0;
	     off + boot_info.efi_desc_size <= boot_info.efi_mmap_len;
	     off += boot_info.efi_desc_size, n++) {
		u32 type;
		u64 base, pages;

		memcpy(&type, p + off, 4);
		memcpy(&base, p + off + 8, 8);
		memcpy(&pages, p + off + 24, 8);
		if (pages && pages < (1ULL << 40))
			check(t, type, base, base + pages * PAGE_SIZE);
	}
	return n;
}

static void check_conventional(struct ktest *t, u32 type, u64 s, u64 e)
{
	if (type == EFI_CONVENTIONAL_MEMORY)
		KEXPECT_EQ(t, memblock_memory_in_range(s, e), e - s);
}

static void check_firmware_owned(struct ktest *t, u32 type, u64 s, u64 e)
{
	if (efi_type_never_ram(type))
		KEXPECT_EQ(t, memblock_memory_in_range(s, e), 0);
}

static void efi_conventional_is_ram(struct ktest *t)
{
	if (have_map(t))
		KEXPECT_GT(t, efi_for_each(t, check_conventional), 0);
}

static void efi_firmware_ranges_are_not_ram(struct ktest *t)
{
	if (have_map(t))
		KEXPECT_GT(t, efi_for_each(t, check_firmware_owned), 0);
}

static const struct ktest_case efi_map_cases[] = {
	KTEST_CASE(efi_conventional_is_ram),
	KTEST_CASE(efi_firmware_ranges_are_not_ram),
	{},
};
KTEST_SUITE(efi_map, .cases = efi_map_cases);

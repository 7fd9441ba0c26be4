/*
 * memblock at boot: RAM from the boot loader's maps, then reservations for
 * what is already in use (the first MiB, the kernel image, the multiboot2
 * information), printed like Linux's early boot log. Also the pieces of
 * memblock that need the kernel's direct map.
 */
#include "mm/memblock.h"
#include "arch/x86/bootinfo.h"
#include "arch/x86/layout.h"
#include "kernel/panic.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/page.h"

extern char __kernel_start[], __kernel_end[];

/* boot/entry.S maps the first 4 GiB; anything above is out of reach
 * until paging_init builds the full direct map and lifts the limit. */
#define BOOT_DIRECT_MAP_END (4ULL * GiB)
/* BIOS data, the EBDA, VGA and option ROMs, and the AP trampoline. */
#define LOW_RESERVED_END (1ULL * MiB)

void memblock_zero(phys_addr_t pa, u64 size)
{
	memset(phys_to_virt(pa), 0, size);
}

void *memblock_alloc(u64 size, u64 align)
{
	phys_addr_t pa = memblock_phys_alloc(size, align, 0);

	return pa ? phys_to_virt(pa) : NULL;
}

static void reserve_in_use(void)
{
	phys_addr_t kstart = virt_to_phys(__kernel_start);
	phys_addr_t kend = virt_to_phys(__kernel_end);

	memblock_reserve(0, LOW_RESERVED_END);
	memblock_reserve(kstart, kend - kstart);
	memblock_reserve(
		ALIGN_DOWN(boot_info_phys, (phys_addr_t)PAGE_SIZE),
		ALIGN_UP(boot_info_phys + boot_info_size,
			 (phys_addr_t)PAGE_SIZE) -
			ALIGN_DOWN(boot_info_phys, (phys_addr_t)PAGE_SIZE));
	pr_info("memblock: kernel image [mem 0x%08llx-0x%08llx], multiboot2 "
		"info [mem 0x%08llx-0x%08llx]\n",
		(unsigned long long)kstart, (unsigned long long)kend - 1,
		(unsigned long long)boot_info_phys,
		(unsigned long long)(boot_info_phys + boot_info_size - 1));
}

void memblock_init(const struct mb2_info *info)
{
	u64 ram;

	memblock_reset();
	ram = memblock_add_firmware_map(info);
	if (!ram)
		panic("memblock: the boot loader reported no usable RAM "
		      "(%d map entries%s); cannot continue",
		      info->nr_mmap, info->efi_mmap ? ", EFI map too" : "");
	ram -= memblock_drop_far_ram(sizeof(struct page));
	reserve_in_use();
	memblock_set_current_limit(BOOT_DIRECT_MAP_END);
	pr_info("memblock: %llu MiB usable RAM, end of RAM 0x%llx\n",
		(unsigned long long)(ram >> 20),
		(unsigned long long)memblock_end_of_ram());
	memblock_dump(printk);
}

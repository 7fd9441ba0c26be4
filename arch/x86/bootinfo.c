/*
 * The boot loader's information: parsed defensively, printed in the style
 * of Linux's e820 boot lines, and shown again by the shell's mmap command.
 */
#include "arch/x86/bootinfo.h"
#include "arch/x86/layout.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/shell.h"
#include "lib/printk.h"

#define MBI_MAX_BYTES	  (1024 * 1024) /* anything larger is a lie */
#define BOOT_MAPPED_LIMIT (4ULL * GiB)	/* what boot/entry.S mapped */

struct mb2_info boot_info;
phys_addr_t boot_info_phys;
u32 boot_info_size;

static void mmap_print(int (*out)(const char *, ...))
{
	for (int i = 0; i < boot_info.nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &boot_info.mmap[i];

		out("[mem 0x%016llx-0x%016llx] %s\n",
		    (unsigned long long)e->base,
		    (unsigned long long)(e->base + e->len - 1),
		    mb2_mem_type_name(e->type));
	}
}

void bootinfo_init(u32 magic, u32 mbi_phys)
{
	size_t avail = MIN((u64)MBI_MAX_BYTES, BOOT_MAPPED_LIMIT - mbi_phys);

	if (magic != MB2_BOOTLOADER_MAGIC)
		panic("boot: bad multiboot2 magic %#x", magic);
	if (mb2_parse(phys_to_virt(mbi_phys), avail, &boot_info) < 0)
		panic("boot: multiboot2 information at %#x is unusable",
		      mbi_phys);
	boot_info_phys = mbi_phys;
	boot_info_size = MIN(*(const u32 *)phys_to_virt(mbi_phys), (u32)avail);
	pr_info("boot: loader '%s', information at %#x\n",
		boot_info.loader_name ? boot_info.loader_name : "(none)",
		mbi_phys);
	pr_info("boot: command line '%s'\n",
		boot_info.cmdline ? boot_info.cmdline : "");
	pr_info("boot: firmware memory map (%d entries):\n", boot_info.nr_mmap);
	mmap_print(printk);
	if (boot_info.rsdp_version)
		pr_info("boot: ACPI RSDP v%d present (%u bytes)\n",
			boot_info.rsdp_version, boot_info.rsdp_len);
	else
		pr_info("boot: no ACPI RSDP from the boot loader\n");
	if (boot_info.efi_mmap)
		pr_info("boot: EFI memory map present (%u bytes)\n",
			boot_info.efi_mmap_len);
}

static int cmd_mmap(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kprintf("firmware memory map (%d entries):\n", boot_info.nr_mmap);
	mmap_print(kprintf);
	return 0;
}
SHELL_CMD(mmap, "", "the firmware memory map from multiboot2", cmd_mmap);

/*
 * What the boot loader told us, parsed once at boot (multiboot2.h).
 * Linux: boot_params and the e820 table (arch/x86/kernel/e820.c).
 */
#ifndef ARCH_X86_BOOTINFO_H
#define ARCH_X86_BOOTINFO_H

#include "arch/x86/multiboot2.h"

extern struct mb2_info boot_info;
/* Where the information structure itself lies, so memblock can keep it. */
extern phys_addr_t boot_info_phys;
extern u32 boot_info_size;

/* Parse the multiboot2 information at physical @mbi_phys and log it. */
void bootinfo_init(u32 magic, u32 mbi_phys);

#endif

/*
 * The kernel's virtual address layout, shared by assembly and C.
 * The image runs at -2 GiB (so -mcmodel=kernel works); all physical memory
 * is reachable at DIRECT_MAP_BASE + phys.
 */
#ifndef ARCH_X86_LAYOUT_H
#define ARCH_X86_LAYOUT_H

#define KERNEL_VMA	 0xffffffff80000000
#define KERNEL_PHYS_LOAD 0x100000
#define DIRECT_MAP_BASE	 0xffff800000000000
#define PAGE_SHIFT	 12
#define PAGE_SIZE	 (1 << PAGE_SHIFT)
#define BOOT_STACK_SIZE	 (16 * 1024)

/* GDT selectors; the TSS takes two slots */
#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS	      0x18

#ifndef __ASSEMBLER__
#include "lib/types.h"

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

/* valid for direct-map and kernel-image addresses */
static inline phys_addr_t virt_to_phys(const void *va)
{
	u64 v = (u64)va;

	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}
#endif

#endif

/*
 * The multiboot2 header GRUB looks for in the first 32 KiB of the image.
 * The entry-address tag gives GRUB the physical entry point directly, so
 * the ELF's higher-half e_entry is never used to start the kernel.
 * Linux's own boot protocol uses arch/x86/boot/header.S instead.
 */
#include "arch/x86/layout.h"

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_TAG_ENTRY 3

	.section .multiboot, "a"
	.balign 8
mb2_header_start:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header_start
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))
	.balign 8
	.short MB2_TAG_ENTRY
	.short 0
	.long 12
	.long _start - KERNEL_VMA
	.balign 8
	.short 0		/* end tag */
	.short 0
	.long 8
mb2_header_end:

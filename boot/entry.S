/*
 * 32-bit entry from GRUB: check we were loaded by multiboot2 on a 64-bit
 * CPU, build the early page tables (identity and direct map of the first
 * 4 GiB, the kernel image at -2 GiB), enter long mode and call kmain().
 * mm/ replaces these tables with the full direct map once RAM is known.
 */
#include "arch/x86/layout.h"

#define PHYS(x) ((x) - KERNEL_VMA)
#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define COM1 0x3f8

	.code32
	.section .boot.text, "ax"
	.global _start
_start:
	cli
	cld
	mov $PHYS(boot_stack_top), %esp
	cmp $MB2_BOOTLOADER_MAGIC, %eax
	jne .Lnot_multiboot
	mov %ebx, %edi			/* multiboot2 info, physical */

	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb .Lno_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz .Lno_long_mode
	mov %edx, %esi			/* bit 20: NX */

	call build_boot_page_tables

	mov %cr4, %eax
	or $(1 << 5), %eax		/* PAE */
	mov %eax, %cr4
	mov $PHYS(boot_pml4), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx		/* EFER */
	rdmsr
	or $(1 << 8), %eax		/* LME */
	test $(1 << 20), %esi
	jz 1f
	or $(1 << 11), %eax		/* NXE, so mm/ can map data no-execute */
1:	wrmsr
	mov %cr0, %eax
	or $((1 << 31) | (1 << 16) | 1), %eax	/* PG, WP, PE */
	mov %eax, %cr0
	lgdt PHYS(boot_gdt_ptr)
	ljmp $GDT_KERNEL_CS, $PHYS(long_mode_entry)

/* 2 MiB pages for the first 4 GiB; the PDs are shared by all three views. */
build_boot_page_tables:
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, PHYS(boot_pd)(, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax
	mov %eax, PHYS(boot_pd) + 4(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $12, %eax
	add $(PHYS(boot_pd) + PTE_P + PTE_W), %eax
	mov %eax, PHYS(boot_pdpt_low)(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jb 2b
	mov $(PHYS(boot_pdpt_low) + PTE_P + PTE_W), %eax
	mov %eax, PHYS(boot_pml4)			/* identity */
	mov %eax, PHYS(boot_pml4) + 256 * 8		/* direct map */
	mov $(PHYS(boot_pdpt_high) + PTE_P + PTE_W), %eax
	mov %eax, PHYS(boot_pml4) + 511 * 8		/* kernel image */
	mov $(PHYS(boot_pd) + PTE_P + PTE_W), %eax
	mov %eax, PHYS(boot_pdpt_high) + 510 * 8
	add $4096, %eax
	mov %eax, PHYS(boot_pdpt_high) + 511 * 8
	ret

/* Print the NUL-terminated string at %esi on COM1, then halt for good. */
.Lnot_multiboot:
	mov $PHYS(msg_not_mb2), %esi
	jmp early_die
.Lno_long_mode:
	mov $PHYS(msg_no_lm), %esi
early_die:
	mov $(COM1 + 5), %dx
1:	in %dx, %al
	test $0x20, %al
	jz 1b
	lodsb
	test %al, %al
	jz 2f
	mov $COM1, %dx
	out %al, %dx
	mov $(COM1 + 5), %dx
	jmp 1b
2:	cli
	hlt
	jmp 2b

	.code64
long_mode_entry:
	movabs $higher_half, %rax
	jmp *%rax

	.section .text
higher_half:
	mov $GDT_KERNEL_DS, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	mov %edi, %esi			/* arg 2: multiboot2 info */
	mov $MB2_BOOTLOADER_MAGIC, %edi	/* arg 1: magic, checked above */
	call kmain
1:	cli
	hlt
	jmp 1b

	.section .rodata
msg_not_mb2:
	.asciz "pagelab: not loaded by a multiboot2 boot loader (bad magic in eax); halting\r\n"
msg_no_lm:
	.asciz "pagelab: this CPU has no 64-bit long mode; halting\r\n"
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 64-bit code */
	.quad 0x00cf92000000ffff	/* data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.section .bss
	.balign 4096
	.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
	/* never mapped by mm/'s tables (paging_init): an overflow of the
	 * boot stack faults here instead of running down through .bss */
	.global boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:

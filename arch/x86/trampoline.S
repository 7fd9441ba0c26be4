/*
 * The AP trampoline: a SIPI starts an AP in real mode at TRAMPOLINE_BASE,
 * where smpboot.c has copied this blob. It goes real -> protected -> long
 * mode on the trampoline's own page tables (identity for this page, the
 * kernel half copied), jumps to the high half and there switches to the
 * kernel's CR3. Linux's counterpart is arch/x86/realmode/rm/trampoline_64.S.
 */
#include "arch/x86/layout.h"
#include "arch/x86/trampoline.h"

#define TR(x) (TRAMPOLINE_BASE + (x))
#define TR_LABEL(l) (TRAMPOLINE_BASE + ((l) - trampoline_start))
#define CR0_PE 0x1
#define CR0_NW 0x20000000
#define CR0_CD 0x40000000
#define CR0_PG_WP 0x80010000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080

	.section .rodata.trampoline, "a"
	.balign 16
	.global trampoline_start, trampoline_end
	.code16
trampoline_start:
	cli
	cld
	xor %ax, %ax
	mov %ax, %ds
	lgdtl TR(TR_GDTR32)
	mov %cr0, %eax
	/* INIT leaves CD and NW set (SDM 9.1.1): turn the caches on */
	and $~(CR0_CD | CR0_NW), %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmpl $TR_SEL_CODE32, $TR_LABEL(tr_protected)

	.code32
tr_protected:
	mov $TR_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov TR(TR_CR3), %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	mov TR(TR_EFER), %eax
	xor %edx, %edx
	wrmsr
	mov %cr0, %eax
	or $CR0_PG_WP, %eax
	mov %eax, %cr0
	ljmp $TR_SEL_CODE64, $TR_LABEL(tr_long)

	.code64
tr_long:
	/* the GDT must stay reachable after CR3 drops this identity page */
	lgdt TR(TR_GDTR64)
	mov TR(TR_STACK), %rsp
	mov TR(TR_KERNEL_CR3), %rbx
	mov TR(TR_CPU), %r12
	movabs $ap_entry64, %rax
	jmp *%rax

	.org TR_CR3	/* the code must end before the parameters */
	.org TR_GDT
	.quad 0
	.quad 0x00cf9a000000ffff	/* 32-bit code */
	.quad 0x00cf92000000ffff	/* data */
	.quad 0x00af9a000000ffff	/* 64-bit code */
	.org TR_GDTR32
	.short 4 * 8 - 1
	.long TR(TR_GDT)
	.org TR_GDTR64
	.short 4 * 8 - 1
	.quad DIRECT_MAP_BASE + TR(TR_GDT)
	.org TR_SIZE
trampoline_end:

	.section .text
/* High half, trampoline CR3: take the kernel's tables and enter C. */
ap_entry64:
	mov %rbx, %cr3
	mov $TR_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ebp, %ebp
	mov %r12, %rdi
	call ap_start
1:	cli
	hlt
	jmp 1b

/*
 * One entry point per vector. Vectors where the CPU pushes no error code get
 * a zero one, so every frame has the struct pt_regs layout (idt.h).
 * Linux: the idtentry macros in arch/x86/entry/entry_64.S.
 */
	.section .text

.macro ISR vec
	.balign 16
isr_\vec:
	.if (\vec <> 8) && ((\vec < 10) || (\vec > 14)) && (\vec <> 17) && (\vec <> 21) && (\vec <> 29) && (\vec <> 30)
	pushq $0
	.endif
	pushq $\vec
	jmp isr_common
.endm

	.global isr_entry_table
isr_entries_start:
.altmacro
.set i, 0
.rept 256
	ISR %i
	.set i, i + 1
.endr

isr_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	cld
	mov %rsp, %rdi
	call isr_dispatch
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp		/* vector, error code */
	iretq

.macro ISR_ADDR vec
	.quad isr_\vec
.endm

/* Table of entry addresses, for idt_init(). */
	.section .rodata
	.balign 8
isr_entry_table:
.set i, 0
.rept 256
	ISR_ADDR %i
	.set i, i + 1
.endr

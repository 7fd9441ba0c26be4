/*
 * Context switch: save the callee-saved registers on the old stack, swap
 * stack pointers, restore them from the new one. Everything else is
 * caller-saved, so the C code around the call already preserved it.
 * Linux: __switch_to_asm in arch/x86/entry/entry_64.S.
 */
	.section .text

/* void switch_stack(u64 *prev_rsp, u64 next_rsp) */
	.global switch_stack
switch_stack:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/* A new thread's first "return" lands here, with a 16-byte aligned rsp. */
	.global kthread_entry_asm
kthread_entry_asm:
	xor %ebp, %ebp		/* end of the frame chain for backtraces */
	call kthread_entry
	ud2

/*
 * fault_catch_call(fc, fn, arg): see fault_catch.h.
 * Linux does this with exception tables (_ASM_EXTABLE).
 */
	.section .text
	.global fault_catch_call
fault_catch_call:
	push %rbp
	mov %rsp, %rbp
	mov %rbx, 0(%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	mov %rsp, 48(%rdi)
	lea .Lresume(%rip), %rax
	mov %rax, 56(%rdi)
	mov %rsi, %rax
	mov %rdx, %rdi
	call *%rax
	xor %eax, %eax
	leave
	ret
.Lresume:
	/* the handler restored rsp, rbp and the callee-saved registers */
	mov $1, %eax
	leave
	ret

/*
 * Catching an expected exception (for tests): fault_catch_call() runs a
 * function; if it raises the armed vector, the exception handler resumes
 * execution at fault_catch_call's return with the saved registers, much as
 * longjmp would, and the call returns true.
 */
#ifndef ARCH_X86_FAULT_CATCH_H
#define ARCH_X86_FAULT_CATCH_H

#include "lib/types.h"

struct pt_regs;

struct fault_catch {
	u64 rbx, rbp, r12, r13, r14, r15, rsp, rip; /* offsets fixed: asm */
	int vector; /* which exception to catch */
	int caught; /* vector that was caught, -1 if none */
	u64 error_code;
	u64 cr2;
	u64 fault_rip;
};

/* Return: 1 if @fn faulted with the armed vector, 0 if it returned. */
int fault_catch_call(struct fault_catch *fc, void (*fn)(void *), void *arg);
/* Called by the exception handler. Return: true if it redirected @regs. */
bool fault_catch_try(struct pt_regs *regs);

#endif

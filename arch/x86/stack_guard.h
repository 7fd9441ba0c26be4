/*
 * Telling a stack overflow from any other fault: every kernel stack (the
 * boot stack, each AP's, each thread's) sits right above an unmapped guard
 * page, so a fault whose stack pointer is in such a page ran off its stack.
 */
#ifndef ARCH_X86_STACK_GUARD_H
#define ARCH_X86_STACK_GUARD_H

#include "lib/types.h"

struct pt_regs;

/*
 * stack_guard_report - if the fault in @regs (a #PF, or the #DF it became
 * when the CPU could not push the #PF frame) is a stack overflow, print
 *   stack overflow: cpu1 RSP ffffc9000001ceb0 in the guard page
 *   ffffc9000001c000 below cpu1's boot stack
 * Context: exception handler, IRQs off. Return: true if it printed.
 */
bool stack_guard_report(const struct pt_regs *regs);

#endif

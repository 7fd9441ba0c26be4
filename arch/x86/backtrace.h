/*
 * Frame-pointer backtraces with symbol names (kernel/ksyms.c).
 * Linux: show_trace_log_lvl in arch/x86/kernel/dumpstack.c.
 */
#ifndef ARCH_X86_BACKTRACE_H
#define ARCH_X86_BACKTRACE_H

#include "lib/types.h"

/* Print "Call trace:": the exact @rip (if nonzero), then the return
 * addresses of the frame chain starting at @rbp. */
void backtrace_print(u64 rip, u64 rbp);
/* The current call chain, from the caller of dump_stack(). */
void dump_stack(void);
/* Fill @out with up to @max return addresses, skipping @skip frames. */
int backtrace_collect(unsigned long *out, int max, int skip);

#endif

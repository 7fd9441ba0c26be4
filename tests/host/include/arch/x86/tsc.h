/*
 * Host stand-in for arch/x86/tsc.h: the clock is a variable tests set
 * (host_time_ns), so time-based rules such as rate limits are testable.
 */
#ifndef ARCH_X86_TSC_H
#define ARCH_X86_TSC_H

#include "lib/types.h"

extern u64 host_time_ns; /* tests/host/mm_host_env.c */

static inline u64 ktime_ns(void)
{
	return host_time_ns;
}

#endif

/*
 * Host stand-in for arch/x86/cpu.h, for the instructions the pcp code
 * uses: barriers as the host's, and cpu_relax as the end of the line: on
 * one host thread, a context that spins waits for something only another
 * context could do, which will never run (see README), so it reports the
 * deadlock and aborts.
 */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H

#include "lib/types.h"

static inline void smp_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* tests/host/smp_host_env.c: report what is waited for, abort. */
void host_spin_deadlock(const char *where);

static inline void cpu_relax(void)
{
	host_spin_deadlock("cpu_relax");
}

static inline u64 rdtsc(void)
{
	return __builtin_ia32_rdtsc();
}

#endif

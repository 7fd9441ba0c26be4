/*
 * Host stand-in for kernel/percpu.h: "the running CPU" is a variable tests
 * set (host_cpu), so per-CPU counters and numa_local/numa_other can be
 * tested as if code ran on another CPU.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "kernel/config.h"
#include "lib/types.h"

extern int host_cpu; /* tests/host/mm_host_env.c */

static inline int smp_processor_id(void)
{
	return host_cpu;
}

#endif

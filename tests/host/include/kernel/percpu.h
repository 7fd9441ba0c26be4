/*
 * Host stand-in for kernel/percpu.h: "the running CPU" is a variable tests
 * set (host_cpu), so per-CPU counters and numa_local/numa_other can be
 * tested as if code ran on another CPU. Per-CPU variables live in the
 * host_percpu section; each CPU's copy is a heap copy of it
 * (host_percpu_area), reached by the variable's offset in the section, as
 * the kernel reaches it through %gs. The this_cpu_* operations are plain
 * C here: a host test is one thread, nothing can interrupt it.
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

static inline int raw_smp_processor_id(void)
{
	return host_cpu;
}

#define DEFINE_PER_CPU(type, name)                                             \
	__attribute__((section("host_percpu"))) __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name)                                     \
	__attribute__((section("host_percpu"),                                 \
		       aligned(64))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

/* The section's bounds (from the linker, if any variable exists). */
extern char __start_host_percpu[] __attribute__((weak));
/* @cpu's copy of the section, made on first use from the initial values. */
void *host_percpu_area(int cpu);

#define per_cpu_ptr(ptr, cpu)                                                  \
	((__typeof__(ptr))((char *)host_percpu_area(cpu) +                     \
			   ((char *)(ptr)-__start_host_percpu)))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, host_cpu)
#define raw_cpu_ptr(ptr)  per_cpu_ptr(ptr, host_cpu)

#define this_cpu_read(var)	    (*this_cpu_ptr(&(var)))
#define this_cpu_write(var, v)	    ((void)(*this_cpu_ptr(&(var)) = (v)))
#define this_cpu_add(var, v)	    ((void)(*this_cpu_ptr(&(var)) += (v)))
#define this_cpu_sub(var, v)	    ((void)(*this_cpu_ptr(&(var)) -= (v)))
#define this_cpu_inc(var)	    this_cpu_add(var, 1)
#define this_cpu_dec(var)	    this_cpu_sub(var, 1)
#define this_cpu_add_return(var, v) (*this_cpu_ptr(&(var)) += (v))
#define this_cpu_cmpxchg(var, o, n)                                            \
	({                                                                     \
		__typeof__(var) *__p = this_cpu_ptr(&(var));                   \
		__typeof__(var) __old = *__p;                                  \
		if (__old == (o))                                              \
			*__p = (n);                                            \
		__old;                                                         \
	})

#endif

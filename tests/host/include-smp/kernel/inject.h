/*
 * Host stand-in for kernel/inject.h: the pcp code's inject_point(NAME)
 * marks stay where they are; on the host, while a test has armed any
 * point (host_inject_armed), reaching one calls host_inject_hit with its
 * name, and the test decides there whether an "interrupt" comes: it runs
 * at once if IRQs are on, else it is left pending until they come back
 * on (arch/x86/irqflags.h), as the kernel's self-IPI would be.
 */
#ifndef KERNEL_INJECT_H
#define KERNEL_INJECT_H

#include "lib/types.h"

extern bool host_inject_armed; /* tests/host/smp_host_env.c */
/* Set by the test: what an armed point does (NULL: nothing). */
extern void (*host_inject_hook)(const char *name);

static inline void host_inject_hit(const char *name)
{
	if (host_inject_hook)
		host_inject_hook(name);
}

#define inject_point(NAME)                                                     \
	do {                                                                   \
		if (unlikely(READ_ONCE(host_inject_armed)))                    \
			host_inject_hit(#NAME);                                \
	} while (0)

#endif

/*
 * The host kernel/percpu.h (tests/host/include) plus what the pcp code
 * needs beyond it: percpu_areas (non-NULL for each simulated CPU) and the
 * "lock debugging on here" test, always true on the host.
 */
#ifndef HOST_SMP_PERCPU_H
#define HOST_SMP_PERCPU_H

#include_next "kernel/percpu.h"

struct percpu;
extern struct percpu *percpu_areas[NR_CPUS]; /* tests/host/smp_host_env.c */

#define percpu_lock_debug() true
/* Reports (and aborts) unless the running context is pinned to its CPU. */
void percpu_debug_pinned(const char *what);

#endif

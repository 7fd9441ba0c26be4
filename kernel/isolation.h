/*
 * CPU isolation: housekeeping=CPU names the CPU that does the system's
 * background work (default 0); isolcpus=LIST names CPUs that run one
 * thread without a tick and are given no work that can be done elsewhere
 * (no load balancing onto them; pcp drains and vmstat folding are done
 * remotely by their owners). Cf. Linux's isolcpus= and nohz_full=.
 */
#ifndef KERNEL_ISOLATION_H
#define KERNEL_ISOLATION_H

#include "lib/types.h"

/* Boot: parse the two keys. An isolated housekeeping CPU is refused. */
void isolation_init(void);
bool cpu_is_isolated(int cpu);
int housekeeping_cpu(void);
/* Bit n set for isolated CPU n. */
u64 isolated_cpu_mask(void);

#endif

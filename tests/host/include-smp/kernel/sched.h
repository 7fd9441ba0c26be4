/*
 * Host stand-in for kernel/sched.h: one task per simulated CPU
 * (host_tasks[host_cpu] is `current`), carrying only what the pcp code
 * reads: the migrate_disable count. Nothing is ever switched, so a
 * sched_yield means a wait that cannot end (see README).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/preempt.h"

struct thread {
	int migrate_disable; /* nesting of migrate_disable */
	int move_to;	     /* never set on the host */
};

extern struct thread host_tasks[NR_CPUS]; /* tests/host/smp_host_env.c */
#define current (&host_tasks[host_cpu])

/* Reports the deadlock and aborts: no other task can run meanwhile.
 * Renamed: the C library's sched_yield (which LSan calls) stays its own. */
#define sched_yield host_sched_yield
void sched_yield(void);

static inline void migrate_disable(void)
{
	current->migrate_disable++;
}

static inline void migrate_enable(void)
{
	current->migrate_disable--;
}

#endif

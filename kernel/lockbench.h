/*
 * The measurements behind the shell's `lockbench`, callable from tests.
 */
#ifndef KERNEL_LOCKBENCH_H
#define KERNEL_LOCKBENCH_H

#include "lib/types.h"

enum bench_kind {
	B_PREEMPT,
	B_IRQSAVE,
	B_MIGRATE,
	B_SPIN,
	B_SPIN_IRQSAVE,
	B_SPIN_TRY,
	B_LOCAL,
	B_LOCAL_IRQSAVE,
	B_LOCAL_RT,
	B_LOCAL_RT_IRQSAVE,
	B_NR,
};

/*
 * lockbench_measure - cycles per lock+unlock of each primitive, @iters
 * times per run, with lock debugging off ([0]) and on ([1]) for the
 * calling thread. Context: task, holding no lock.
 */
void lockbench_measure(int iters, u64 cost[2][B_NR]);

#endif

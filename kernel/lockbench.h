/*
 * The measurements behind the shell's `lockbench`, callable from tests.
 */
#ifndef KERNEL_LOCKBENCH_H
#define KERNEL_LOCKBENCH_H

#include "lib/types.h"

enum bench_kind {
	B_EMPTY, /* the loop alone: subtract it from the others */
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
	B_THIS_CPU_INC,
	B_PIN_PREEMPT,
	B_PIN_MIGRATE,
	B_QUIESCE,
	B_NR,
};

/*
 * lockbench_measure - cycles per lock+unlock of each primitive (the
 * median of LOCKBENCH_RUNS runs of @iters), with lock debugging off ([0])
 * and on ([1]) for the calling thread. Context: task, holding no lock.
 */
#define LOCKBENCH_RUNS 7
void lockbench_measure(int iters, u64 cost[2][B_NR]);

#endif

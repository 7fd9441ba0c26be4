/*
 * Host stand-in for kernel/percpu_ops.h: the this_cpu_* operations are in
 * the host kernel/percpu.h already (plain C; a host test is one thread).
 */
#ifndef KERNEL_PERCPU_OPS_H
#define KERNEL_PERCPU_OPS_H

#include "kernel/percpu.h"

#endif

/* Build-time limits shared across the kernel. */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

#define NR_CPUS	     64
#define MAX_NUMNODES 8

#endif

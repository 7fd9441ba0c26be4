/*
 * Build-time limits shared across the kernel.
 * Linux gets these from Kconfig (CONFIG_NR_CPUS and friends).
 */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

#define NR_CPUS	     64
#define MAX_NUMNODES 8

#endif

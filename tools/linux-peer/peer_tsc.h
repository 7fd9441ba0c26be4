/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serialised TSC reads around a measured region. The opening lfence waits
 * for earlier instructions to finish and the one after rdtsc keeps later
 * ones from starting early; rdtscp at the end waits for the region, and the
 * lfence after it keeps the code that follows out of the window.
 */
#ifndef PAGEPEER_PEER_TSC_H
#define PAGEPEER_PEER_TSC_H

#include <linux/types.h>

static __always_inline u64 peer_tsc_begin(void)
{
	u32 lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

static __always_inline u64 peer_tsc_end(void)
{
	u32 lo, hi, aux;

	asm volatile("rdtscp; lfence"
		     : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return ((u64)hi << 32) | lo;
}

#endif

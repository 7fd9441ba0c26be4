/*
 * Time from the TSC: its frequency (CPUID leaf 0x15/0x16, else measured
 * against the PIT), a nanosecond clock since boot and busy-wait delays.
 * Mirrors Linux's tsc_init/native_calibrate_tsc and ktime_get.
 */
#ifndef ARCH_X86_TSC_H
#define ARCH_X86_TSC_H

#include "lib/types.h"

extern u64 tsc_hz;	   /* 0 until tsc_init() */
extern bool tsc_invariant; /* CPUID 0x80000007 EDX bit 8 */

/* Record the TSC at boot, so ktime_ns() counts from kmain. */
void tsc_mark_boot(void);
/* tsc_init - find the TSC frequency and print how. Context: boot CPU. */
void tsc_init(void);

static inline bool tsc_calibrated(void)
{
	return tsc_hz != 0;
}

/* Return: @cycles of the TSC in nanoseconds. */
u64 tsc_cycles_to_ns(u64 cycles);
u64 tsc_ns_to_cycles(u64 ns);
/* Return: nanoseconds since tsc_mark_boot(); 0 before calibration. */
u64 ktime_ns(void);
/* Busy-wait delays. Context: any; they never sleep. */
void ndelay(u64 ns);
void udelay(u64 us);
void mdelay(u64 ms);

/* pit.c: TSC cycles elapsed while PIT channel 2 counts @pit_ticks. */
u64 pit_measure_tsc(u16 pit_ticks);
#define PIT_HZ 1193182ULL

#endif

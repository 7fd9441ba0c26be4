/*
 * A rough boot-time clock: the TSC, its rate measured once against the
 * PIT. Enough to time boot steps in milliseconds before smp-core's
 * calibrated timekeeping exists.
 */
#ifndef ARCH_X86_BOOT_CLOCK_H
#define ARCH_X86_BOOT_CLOCK_H

#include "lib/types.h"

/*
 * boot_clock_khz - TSC ticks per millisecond, measured over 20 ms of PIT
 * channel 2 on the first call. Return: the rate, never 0.
 * Context: boot CPU, IRQs off (it owns PIT channel 2 for 20 ms).
 */
u64 boot_clock_khz(void);
/* Return: microseconds between two rdtsc() values (so short steps show). */
u64 boot_clock_us(u64 tsc_from, u64 tsc_to);

#endif

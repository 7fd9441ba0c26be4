/*
 * The per-CPU tick: each local APIC's timer in periodic mode at hz=
 * interrupts a second, its rate measured once against the TSC.
 * Mirrors Linux's lapic clockevent and calibrate_APIC_clock.
 */
#ifndef ARCH_X86_APIC_TIMER_H
#define ARCH_X86_APIC_TIMER_H

#include "lib/types.h"

extern unsigned int apic_timer_hz; /* ticks per second (hz=) */
extern u64 apic_timer_rate;	   /* timer counts per second */

/* Calibrate and start the boot CPU's tick. Context: boot CPU, IRQs off. */
void apic_timer_init(void);
/* Start this CPU's tick with the boot CPU's calibration. Context: IRQs off */
void apic_timer_start_cpu(void);
/*
 * timer_stop_tick / timer_restart_tick - stop this CPU's periodic tick
 * (a tickless isolated CPU running one thread) and start it again.
 * Context: this CPU, IRQs off. Added by smp-sched for isolcpus=.
 */
void timer_stop_tick(void);
void timer_restart_tick(void);

#endif

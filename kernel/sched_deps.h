/*
 * What the scheduler needs from smp-core, gathered in one place: the
 * clock (ktime_ns), the reschedule IPI, the tick and its rate, and the
 * hooks it implements (sched_hooks.h).
 */
#ifndef KERNEL_SCHED_DEPS_H
#define KERNEL_SCHED_DEPS_H

#include "arch/x86/apic_timer.h"
#include "arch/x86/tsc.h"
#include "kernel/sched_hooks.h"
#include "kernel/smp.h"

/* The tick rate (hz=) every online CPU runs at. */
static inline unsigned int timer_hz(void)
{
	return apic_timer_hz;
}

#endif

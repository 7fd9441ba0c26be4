/*
 * What the scheduler needs from smp-core (time, IPIs, the tick), declared
 * in one place. sched_deps.c holds weak single-CPU stand-ins so this
 * branch builds and runs cooperatively before smp-core is merged; their
 * strong definitions replace them at link time.
 */
#ifndef KERNEL_SCHED_DEPS_H
#define KERNEL_SCHED_DEPS_H

#include "lib/types.h"

/* Nanoseconds since boot, monotonic. */
u64 ktime_ns(void);
/* Send the reschedule IPI to @cpu (its handler calls sched_resched_ipi). */
void smp_send_reschedule(int cpu);
/* Stop / rearm this CPU's periodic LAPIC timer (tickless isolated CPU). */
void timer_stop_tick(void);
void timer_restart_tick(void);
/* Mask the legacy 8259 PICs so enabling IRQs cannot deliver IRQ0 as #DF. */
void legacy_pic_mask(void);
/* The tick rate (hz=), 0 when no timer is running. */
unsigned int timer_hz(void);

#endif

/*
 * What the interrupt and SMP code (arch/x86/apic_timer.c, ipi.c, smpboot.c)
 * calls into the scheduler, kept to three entry points so the hardware side
 * needs no scheduler internals. Implemented in kernel/sched*.c.
 */
#ifndef KERNEL_SCHED_HOOKS_H
#define KERNEL_SCHED_HOOKS_H

#include "lib/types.h"

struct pt_regs;

/*
 * sched_tick - one LAPIC timer tick on this CPU (hz= per second).
 * Context: hard IRQ, IRQs off, EOI already sent; @regs is the interrupted
 * frame. May switch threads before returning.
 */
void sched_tick(struct pt_regs *regs);
/*
 * sched_resched_ipi - another CPU asked this one to reschedule.
 * Context: hard IRQ, IRQs off, EOI already sent.
 */
void sched_resched_ipi(void);
/*
 * sched_ap_idle - what an AP does once it is online: run the idle loop
 * (and later threads). Context: that AP, IRQs on, its boot stack. Never
 * returns.
 */
void __noreturn sched_ap_idle(void);

#endif

/*
 * IRQ-off tracing (irqsoff_trace=1): the longest IRQ-disabled section per
 * CPU and the call site that began it, like Linux's irqsoff tracer but
 * keeping only the maximum. The hooks themselves live in irqflags.h.
 */
#ifndef KERNEL_IRQSOFF_H
#define KERNEL_IRQSOFF_H

#include "lib/types.h"
#include "arch/x86/irqflags.h"

/* Forget every CPU's maximum. Context: any. */
void irqsoff_reset(void);
/* Turn tracing on or off at run time (also set at boot by irqsoff_trace=). */
void irqsoff_set_tracing(bool on);
/* Boot: read irqsoff_trace= from the command line. */
void irqsoff_init(void);
/*
 * irqsoff_idle - end the current section without enabling IRQs, for the
 * idle loop's `sti; hlt`, which must stay adjacent. Context: IRQs off.
 */
static inline void irqsoff_idle(void)
{
	extern void irqsoff_trace_idle(void);

	if (unlikely(READ_ONCE(irqsoff_tracing)))
		irqsoff_trace_idle();
}

#endif

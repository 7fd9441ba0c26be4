/*
 * Host stand-in for arch/x86/irqflags.h with interrupts that can arrive:
 * the IRQ flag is a variable (as in tests/host/include), and turning IRQs
 * back on delivers an interrupt left pending meanwhile (host_irq_pending,
 * run by host_irq_deliver), as the APIC would at sti or popf.
 */
#ifndef ARCH_X86_IRQFLAGS_H
#define ARCH_X86_IRQFLAGS_H

#include "lib/types.h"

#define X86_EFLAGS_IF (1UL << 9)

extern bool host_irqs_off;    /* tests/host/mm_host_env.c */
extern bool host_irq_pending; /* tests/host/smp_host_env.c */
/* Run the pending interrupt's handler now (IRQs on). */
void host_irq_deliver(void);

static inline unsigned long arch_local_save_flags(void)
{
	return host_irqs_off ? 0 : X86_EFLAGS_IF;
}

static inline void arch_local_irq_disable(void)
{
	host_irqs_off = true;
}

static inline void arch_local_irq_enable(void)
{
	host_irqs_off = false;
	if (unlikely(host_irq_pending))
		host_irq_deliver();
}

static inline bool irqs_disabled(void)
{
	return host_irqs_off;
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = arch_local_save_flags();

	arch_local_irq_disable();
	return f;
}

static inline void arch_local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		arch_local_irq_enable();
}

#define local_irq_disable()  arch_local_irq_disable()
#define local_irq_enable()   arch_local_irq_enable()
#define local_irq_save(f)    ((f) = arch_local_irq_save())
#define local_irq_restore(f) arch_local_irq_restore(f)

#endif

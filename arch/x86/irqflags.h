/*
 * Local interrupt state. Every lock and pcp mode in mm/ is built on these;
 * kernel/ adds IRQ-off tracing around them when irqsoff_trace=1.
 */
#ifndef ARCH_X86_IRQFLAGS_H
#define ARCH_X86_IRQFLAGS_H

#include "lib/types.h"

#define X86_EFLAGS_IF (1UL << 9)

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

static inline void arch_local_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void arch_local_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline bool irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
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

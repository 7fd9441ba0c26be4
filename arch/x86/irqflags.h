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

/*
 * The local_irq_* API everyone uses. With irqsoff_trace=1 the calls go out
 * of line to kernel/irqsoff.c, which times each IRQ-off section and notes
 * where it began; without it they cost one load and a never-taken branch.
 */
extern bool irqsoff_tracing;
void irqsoff_trace_disable(void);
void irqsoff_trace_enable(void);
unsigned long irqsoff_trace_save(void);
void irqsoff_trace_restore(unsigned long f);

#define __irqflags_inline inline __attribute__((always_inline))

static __irqflags_inline void local_irq_disable(void)
{
	if (unlikely(READ_ONCE(irqsoff_tracing)))
		irqsoff_trace_disable();
	else
		arch_local_irq_disable();
}

static __irqflags_inline void local_irq_enable(void)
{
	if (unlikely(READ_ONCE(irqsoff_tracing)))
		irqsoff_trace_enable();
	else
		arch_local_irq_enable();
}

static __irqflags_inline unsigned long local_irq_save_flags(void)
{
	if (unlikely(READ_ONCE(irqsoff_tracing)))
		return irqsoff_trace_save();
	return arch_local_irq_save();
}

static __irqflags_inline void local_irq_restore(unsigned long f)
{
	if (unlikely(READ_ONCE(irqsoff_tracing)))
		irqsoff_trace_restore(f);
	else
		arch_local_irq_restore(f);
}

#define local_irq_save(f) ((f) = local_irq_save_flags())

#endif

/*
 * Host stand-in for kernel/preempt.h: each simulated CPU has its own
 * preempt count (host_preempt_count[host_cpu]), with the kernel's bit
 * layout, so the pcp's context checks (preemptible, in_interrupt, what
 * the section holds) mean what they mean in the kernel. Nothing is ever
 * rescheduled: one host thread runs every CPU.
 */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H

#include "arch/x86/irqflags.h"
#include "kernel/config.h"
#include "kernel/percpu.h"

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4
#define NMI_BITS     4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT     (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define PREEMPT_OFFSET (1 << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET (1 << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET (1 << HARDIRQ_SHIFT)
#define NMI_OFFSET     (1 << NMI_SHIFT)

#define PREEMPT_MASK (((1 << PREEMPT_BITS) - 1) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK (((1 << SOFTIRQ_BITS) - 1) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (((1 << HARDIRQ_BITS) - 1) << HARDIRQ_SHIFT)
#define NMI_MASK     (((1 << NMI_BITS) - 1) << NMI_SHIFT)

extern int host_preempt_count[NR_CPUS]; /* tests/host/smp_host_env.c */
/* A count that went negative is a BUG (reported, aborts). */
void host_preempt_underflow(void);

static inline int preempt_count(void)
{
	return host_preempt_count[host_cpu];
}

static inline void preempt_count_add(int v)
{
	host_preempt_count[host_cpu] += v;
}

static inline void preempt_count_sub(int v)
{
	host_preempt_count[host_cpu] -= v;
	if (host_preempt_count[host_cpu] < 0)
		host_preempt_underflow();
}

static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
}

static inline void preempt_enable_no_resched(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
}

static inline void preempt_enable(void)
{
	preempt_count_sub(PREEMPT_OFFSET);
}

static inline bool preemptible(void)
{
	return preempt_count() == 0 && !irqs_disabled();
}

static inline bool in_nmi(void)
{
	return preempt_count() & NMI_MASK;
}

static inline bool in_hardirq(void)
{
	return preempt_count() & HARDIRQ_MASK;
}

static inline bool in_interrupt(void)
{
	return preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK);
}

static inline bool in_task(void)
{
	return !in_interrupt();
}

static inline void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

static inline void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
}

static inline void nmi_enter(void)
{
	preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
}

static inline void nmi_exit(void)
{
	preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}

#endif

/*
 * The per-CPU preempt count, with Linux's bit layout: bits 0-7 count
 * preempt_disable nesting, 8-15 softirq, 16-19 hardirq, 20-23 NMI. A CPU
 * may switch threads only when the whole count is zero and IRQs are on.
 * Mirrors include/linux/preempt.h (non-RT, x86's per-CPU count).
 */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H

#include "kernel/percpu_ops.h"
#include "arch/x86/irqflags.h"

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

static inline int preempt_count(void)
{
	return this_cpu_read_int(preempt_count);
}

static inline void preempt_count_add(int v)
{
	this_cpu_add_int(preempt_count, v);
}

static inline void preempt_count_sub(int v)
{
	this_cpu_add_int(preempt_count, -v);
}

/* One `decl`, so an interrupt between the test and the store is harmless. */
static inline bool preempt_count_dec_and_test(void)
{
	bool zero;

	__asm__ volatile("decl %%gs:%1\n\tsete %0"
			 : "=qm"(zero), "+m"(cpu_area.preempt_count)
			 :
			 : "memory", "cc");
	return zero;
}

static inline bool need_resched(void)
{
	return this_cpu_read_bool(need_resched);
}

static inline void set_need_resched(void)
{
	this_cpu_write_bool(need_resched, true);
}

static inline void clear_need_resched(void)
{
	this_cpu_write_bool(need_resched, false);
}

/* kernel/sched.c: switch away if something else should run here. */
void preempt_schedule(void);

static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
	barrier();
}

/* For the scheduler itself, which reschedules on its own terms. */
static inline void preempt_enable_no_resched(void)
{
	barrier();
	preempt_count_sub(PREEMPT_OFFSET);
}

/*
 * preempt_enable - end a preempt_disable section; if the count drops to
 * zero with a reschedule pending, switch now rather than at the next tick.
 */
static inline void preempt_enable(void)
{
	barrier();
	if (unlikely(preempt_count_dec_and_test()) && unlikely(need_resched()))
		preempt_schedule();
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

static inline bool in_softirq(void)
{
	return preempt_count() & SOFTIRQ_MASK;
}

/* Any interrupt context: what may not sleep and has no useful `current`. */
static inline bool in_interrupt(void)
{
	return preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK);
}

static inline bool in_task(void)
{
	return !in_interrupt();
}

/* Context: hard IRQ entry/exit (isr_dispatch), IRQs off. */
static inline void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

static inline void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
}

/* Context: NMI entry/exit; both hardirq and NMI bits, as Linux does. */
static inline void nmi_enter(void)
{
	preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
}

static inline void nmi_exit(void)
{
	preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}

#endif

/*
 * Per-CPU data, reached through the GS base: %gs:0 holds the area's own
 * address, so this_cpu() is a single load and smp_processor_id() another.
 * The boot CPU's area is static so printk works from the first line of
 * kmain; kernel/smp.c gives every other CPU its own.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "lib/types.h"
#include "kernel/config.h"

struct thread;
struct call_single_data;

#define NR_VECTORS 256

struct percpu {
	struct percpu *self; /* must stay first: %gs:0 */
	int cpu;	     /* must stay second: %gs:8 */
	int nmi_nesting;
	int exception_depth;		 /* nested exceptions: report, stop */

	/*
	 * --- preemption, scheduling, IRQ-off tracing (smp-sched) ---
	 * Touched only by this CPU, mostly through %gs-relative single
	 * instructions (kernel/percpu_ops.h), so an interrupt can never see
	 * half an update. Other CPUs read them only for reports.
	 */
	int preempt_count; /* kernel/preempt.h bit layout */
	bool need_resched; /* set by tick, wake-up, IPI; cleared by schedule */
	struct thread *curr_thread; /* running here; NULL before sched_init */
	u64 irqsoff_start; /* rdtsc when IRQs went off (irqsoff_trace=1) */
	unsigned long irqsoff_ip;     /* where they went off */
	u64 irqsoff_max;	      /* longest section so far, cycles */
	unsigned long irqsoff_max_ip; /* where that one began */
	u64 sched_ticks;	      /* sched_tick calls on this CPU */

	/* smp-core: SMP bring-up, IPIs, interrupt counts (one block). */
	u32 apic_id;			     /* (C) from the MADT */
	int node;			     /* (C) NUMA node from SRAT */
	struct call_single_data *call_queue; /* pushed by any CPU, atomic */
	u64 stop_rip;			     /* where the stop NMI caught us */
	u64 stack_top;		   /* (C) AP boot stack, guard below */
	u32 irq_count[NR_VECTORS]; /* only this CPU writes; NMI at 2 */
};

extern struct percpu *percpu_areas[NR_CPUS];

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static inline int smp_processor_id(void)
{
	int cpu;

	__asm__ volatile("movl %%gs:8, %0" : "=r"(cpu));
	return cpu;
}

/* Point this CPU's GS base at @area (as CPU @cpu). */
void percpu_install(struct percpu *area, int cpu);
void percpu_init_boot_cpu(void);

#endif

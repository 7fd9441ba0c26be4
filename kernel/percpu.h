/*
 * Per-CPU data, reached through the GS base. Every CPU has its own copy of
 * the per-CPU section (linker.ld), and GS points at it, so `%gs:var` is
 * this CPU's `var` in one instruction. Linux: include/linux/percpu-defs.h
 * and arch/x86/include/asm/percpu.h (the zero-based x86-64 layout).
 *
 * Usage (the API other subsystems call):
 *
 *	DEFINE_PER_CPU(struct vm_event_state, vm_events);  // one per CPU
 *	DECLARE_PER_CPU(struct vm_event_state, vm_events); // in a header
 *
 *	this_cpu_add(vm_events.event[item], n); // one `add %gs:...`: an IRQ
 *	this_cpu_inc(counter);                  // sees it before or after,
 *	x = this_cpu_read(counter);             // preemption cannot split it
 *	old = this_cpu_cmpxchg(word, old, new); // 64-bit, this CPU only
 *
 *	p = per_cpu_ptr(&vm_events, cpu);  // any CPU's copy (sums, remote)
 *	p = this_cpu_ptr(&vm_events);      // this CPU's; caller must be
 *	                                   // pinned (preempt/migrate off)
 *
 * The this_cpu_* operations need no pinning; a sequence of them does
 * (pcpu_task_pin, local locks). A plain `vm_events.event[i]` access is a
 * bug: the symbol is an offset near 0, unmapped, so it faults.
 *
 * struct percpu, the kernel's own per-CPU fields, is the first per-CPU
 * variable: %gs:0 holds the copy's own address (this_cpu()) and %gs:8
 * the CPU number (raw_smp_processor_id()).
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "lib/types.h"
#include "kernel/config.h"
#include "kernel/lockdep.h"

struct thread;
struct call_single_data;

#define NR_VECTORS 256

/* Define (or, in a header, declare) a per-CPU variable of @type. */
#define DEFINE_PER_CPU(type, name) __section(".percpu") __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name)                                     \
	__section(".percpu") __aligned(64) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

struct percpu {
	struct percpu *self; /* must stay first: %gs:0 */
	int cpu;	     /* must stay second: %gs:8 */
	int nmi_nesting;
	int exception_depth; /* nested exceptions: report, stop */

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

/* The first per-CPU variable: offset 0 of every copy (percpu.c). */
DECLARE_PER_CPU(struct percpu, cpu_area);

/* Each CPU's copy of the per-CPU section; NULL for CPUs that have none. */
extern struct percpu *percpu_areas[NR_CPUS];

/* Bytes in one copy of the per-CPU section. */
unsigned long percpu_area_size(void);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

/* Hide where a pointer came from, so the compiler assumes nothing of it
 * (it points into another copy than the symbol it was made from). */
#define percpu_hide(addr)                                                      \
	({                                                                     \
		unsigned long __a = (addr);                                    \
		__asm__("" : "+r"(__a));                                       \
		__a;                                                           \
	})

/* per_cpu_ptr - @cpu's copy of the per-CPU object at @ptr. Context: any. */
#define per_cpu_ptr(ptr, cpu)                                                  \
	((__typeof__(ptr))percpu_hide((unsigned long)(ptr) +                   \
				      (unsigned long)percpu_areas[cpu]))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))

/* This CPU's copy, without the pinning check: for counters read racily. */
#define raw_cpu_ptr(ptr)                                                       \
	((__typeof__(ptr))percpu_hide((unsigned long)(ptr) +                   \
				      (unsigned long)this_cpu()))

/*
 * With lockdep=1: report (lock_bug) that @what was used while the caller
 * could migrate: preemptible, IRQs on, not migrate-disabled, not a thread
 * bound to one CPU. Names the caller. Out of line and noinline, so the
 * return address is the code that used @what.
 */
void percpu_debug_pinned(const char *what);

/*
 * this_cpu_ptr - this CPU's copy of the per-CPU object at @ptr.
 * Context: pinned (preemption, IRQs or migration off, or a bound thread),
 * else the pointer may name another CPU's copy by the time it is used.
 */
#define this_cpu_ptr(ptr)                                                      \
	({                                                                     \
		if (lock_debug())                                              \
			percpu_debug_pinned("this_cpu_ptr()");                 \
		raw_cpu_ptr(ptr);                                              \
	})

/* The CPU we are on now; may be stale at once unless pinned. */
static inline int raw_smp_processor_id(void)
{
	int cpu;

	__asm__ volatile("movl %%gs:8, %0" : "=r"(cpu));
	return cpu;
}

/* smp_processor_id - this CPU's number. Context: pinned, as this_cpu_ptr. */
static inline int smp_processor_id(void)
{
	if (lock_debug())
		percpu_debug_pinned("smp_processor_id()");
	return raw_smp_processor_id();
}

/* Point this CPU's GS base at @area (as CPU @cpu). */
void percpu_install(struct percpu *area, int cpu);
void percpu_init_boot_cpu(void);
/*
 * percpu_alloc_area - a copy of the per-CPU section for @cpu, from
 * memblock on node @nid when it has memory (else anywhere), initialised
 * from @src (the template, or a running copy being moved).
 * Context: boot CPU, memblock. Panics when memory is exhausted.
 */
struct percpu *percpu_alloc_area(int cpu, int nid, const struct percpu *src);
/* The pristine template in the image, for a new CPU's copy. */
const struct percpu *percpu_template(void);

#include "kernel/percpu_ops.h"

#endif

/*
 * SMP: bringing the other CPUs up, running functions on them through the
 * call-function IPI, and stopping them when one CPU panics. Linux's names
 * (kernel/smp.c, arch/x86/kernel/smpboot.c) so the two read side by side.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include "lib/types.h"
#include "kernel/cpumask.h"

struct pt_regs;

#define AP_STACK_SIZE (16 * 1024) /* each with an unmapped page below */

typedef void (*smp_call_func_t)(void *arg);

/*
 * One queued call; [sender][target] slots, reused once unlocked.
 * (F) the sender, while CSD_LOCKED is clear; then the target until it
 * clears it (flags itself: atomic, acquire/release)
 */
struct call_single_data {
	struct call_single_data *next; /* in the target's call_queue (F) */
	smp_call_func_t fn;	       /* (F) */
	void *arg;		       /* (F) */
	u32 flags; /* CSD_* below; LOCKED from queueing until done */
};

/*
 * smp_init - give every CPU in the MADT a per-CPU area, start the APs
 * (at most maxcpus=) and print which came online.
 * Context: boot CPU, IRQs off, after apic_init_bsp and the timer.
 */
void smp_init(void);
/* CPUs the firmware listed (possible), and how long bring-up took. */
extern int nr_cpu_ids;
extern u64 smp_bringup_ns;

/*
 * smp_call_function_single - run @fn(@arg) on @cpu (directly if it is
 * this CPU). With @wait, return only after @fn has returned there.
 * Context: any but NMI; IRQs may be off (pending calls to this CPU are
 * run while waiting, so two CPUs calling each other cannot deadlock).
 * Return: 0, or -1 if @cpu is not online.
 */
int smp_call_function_single(int cpu, smp_call_func_t fn, void *arg, bool wait);
/*
 * smp_call_function_many - run @fn(@arg) on every online CPU in @mask
 * except this one. Context: as smp_call_function_single.
 * Return: how many CPUs were sent the call.
 */
int smp_call_function_many(const struct cpumask *mask, smp_call_func_t fn,
			   void *arg, bool wait);
/* on_each_cpu - the above for all online CPUs, this one included (with
 * IRQs off, as a remote CPU runs it in its IPI handler). */
void on_each_cpu(smp_call_func_t fn, void *arg, bool wait);
/* Context: the call-function IPI handler (or a waiting caller), IRQs off */
void smp_call_function_interrupt(void);
/* Ask @cpu to run the scheduler. Context: any; @cpu online. */
void smp_send_reschedule(int cpu);

/*
 * smp_stop_other_cpus - halt every other online CPU with an NMI and wait
 * (briefly) until each has; installed as panic_stop_other_cpus. A second
 * CPU calling it while the first is at work halts itself instead.
 * Context: panic/exception path, IRQs off.
 */
void smp_stop_other_cpus(void);
/* Return: false if this NMI was not a stop request; else never returns. */
bool smp_stop_nmi(struct pt_regs *regs);

#endif

/*
 * Stopping the other CPUs when one panics: an NMI to each online CPU, so
 * even one spinning with IRQs off halts, then a short wait for each to say
 * so. Mirrors Linux's native_stop_other_cpus (its NMI fallback path).
 */
#include "kernel/smp.h"
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/ipi.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/percpu.h"

#define STOP_WAIT_US 100000 /* 100 ms: generous under a loaded TCG host */

static int stop_owner = -1; /* the CPU doing the stopping */
static int nr_stopped;

bool smp_stop_nmi(struct pt_regs *regs)
{
	if (__atomic_load_n(&stop_owner, __ATOMIC_ACQUIRE) < 0)
		return false;
	this_cpu()->stop_rip = regs->rip;
	__atomic_fetch_add(&nr_stopped, 1, __ATOMIC_RELEASE);
	/* never iret: NMIs stay blocked and IRQs off, so this CPU is done */
	halt_forever();
}

static void smp_stop_wait(int expected)
{
	for (int us = 0; us < STOP_WAIT_US; us += 10) {
		if (__atomic_load_n(&nr_stopped, __ATOMIC_ACQUIRE) >= expected)
			return;
		udelay(10);
	}
}

static void smp_stop_report(int me, int expected)
{
	int cpu;

	kprintf("smp: cpu%d stopped %d of %d other CPUs\n", me,
		__atomic_load_n(&nr_stopped, __ATOMIC_ACQUIRE), expected);
	for_each_online_cpu(cpu)
		if (cpu != me && percpu_areas[cpu]->stop_rip)
			kprintf("smp:   cpu%d stopped at %pS\n", cpu,
				(void *)percpu_areas[cpu]->stop_rip);
}

/* Context: panic/exception path, IRQs off. */
void smp_stop_other_cpus(void)
{
	int me = raw_smp_processor_id(), owner = -1, cpu, sent = 0;

	if (!__atomic_compare_exchange_n(&stop_owner, &owner, me, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (owner == me)
			return; /* nested: a fault inside the report */
		halt_forever(); /* the owner's NMI will find us here */
	}
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		arch_send_stop_nmi(cpu);
		sent++;
	}
	if (!sent)
		return;
	smp_stop_wait(sent);
	smp_stop_report(me, sent);
}

/*
 * Weak defaults for the scheduler hooks (sched_hooks.h): no ticks are
 * acted on, no rescheduling happens, and an online AP just halts between
 * interrupts. The scheduler's strong definitions replace these at link.
 */
#include "kernel/sched_hooks.h"
#include "arch/x86/cpu.h"

__attribute__((weak)) void sched_tick(struct pt_regs *regs)
{
	(void)regs;
}

__attribute__((weak)) void sched_resched_ipi(void)
{
}

/* Context: IRQs on; "sti; hlt" keeps no wakeup from falling between. */
__attribute__((weak)) void __noreturn sched_ap_idle(void)
{
	for (;;)
		__asm__ volatile("sti; hlt" ::: "memory");
}

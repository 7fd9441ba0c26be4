/*
 * Sending the kernel's IPIs through the local APIC, and their handlers:
 * call-function, reschedule, and the stop NMI. Mirrors Linux's
 * arch/x86/kernel/smp.c.
 */
#ifndef ARCH_X86_IPI_H
#define ARCH_X86_IPI_H

/* Register the IPI vectors' handlers. Context: boot CPU, before APs. */
void ipi_init(void);
/* Context: any; the target must be online. */
void arch_send_call_function_ipi(int cpu);
void arch_send_stop_nmi(int cpu);

#endif

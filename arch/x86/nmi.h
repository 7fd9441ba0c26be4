/*
 * NMIs: counted per CPU, and the vehicle of the stop IPI at panic time.
 * Linux: arch/x86/kernel/nmi.c and nmi_shootdown_cpus (reboot.c).
 */
#ifndef ARCH_X86_NMI_H
#define ARCH_X86_NMI_H

#define NMI_VECTOR 2

struct pt_regs;

/* Context: NMI, on the NMI IST stack; NMIs blocked until iret. */
void nmi_handle(struct pt_regs *regs);

#endif

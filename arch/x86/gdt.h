/* Per-CPU GDT and TSS; the TSS carries the IST stacks for #DF, NMI, #MC. */
#ifndef ARCH_X86_GDT_H
#define ARCH_X86_GDT_H

/* Build and load CPU @cpu's GDT and TSS (call on that CPU). */
void gdt_init_cpu(int cpu);

#endif

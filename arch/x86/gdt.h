/*
 * Per-CPU GDT and TSS; the TSS carries the IST stacks for #DF, NMI, #MC.
 * Linux: asm/desc.h and struct tss_struct (asm/processor.h).
 */
#ifndef ARCH_X86_GDT_H
#define ARCH_X86_GDT_H

/* Build and load CPU @cpu's GDT and TSS (call on that CPU). */
void gdt_init_cpu(int cpu);

#endif

/*
 * The legacy 8259 PIC: pagelab never uses it, only silences it.
 * Linux: mask_8259A in arch/x86/kernel/i8259.c.
 */
#ifndef ARCH_X86_PIC_H
#define ARCH_X86_PIC_H

/* Remap both 8259s to 0x20-0x2f and mask every line. Context: boot CPU. */
void pic_disable(void);

#endif

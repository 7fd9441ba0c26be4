/*
 * Interrupt and exception entry. Every vector has an entry point (isr.S) that
 * saves the registers as a struct pt_regs and calls isr_dispatch(); exceptions
 * go to exceptions.c, other vectors to the handler registered for them.
 */
#ifndef ARCH_X86_IDT_H
#define ARCH_X86_IDT_H

#include "lib/types.h"

struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*irq_handler_t)(struct pt_regs *regs);

#define NR_EXCEPTIONS	  32
#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3

void idt_init(void); /* build the shared IDT once, on the boot CPU */
void idt_load(void); /* load it on this CPU */
/* Context: boot or any CPU before the vector can fire. */
void idt_set_handler(int vector, irq_handler_t handler);
void isr_dispatch(struct pt_regs *regs);
void exception_handle(struct pt_regs *regs);
const char *exception_name(int vector);

#endif

/*
 * The IDT (shared by all CPUs) and the dispatch from entry points to handlers.
 * Linux: arch/x86/kernel/idt.c and the C side of idtentry.
 */
#include "arch/x86/idt.h"
#include "arch/x86/layout.h"
#include "arch/x86/nmi.h"
#include "kernel/percpu.h"
#include "lib/printk.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/pcpu_pin.h"

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 zero;
} __packed;

#define GATE_INTERRUPT 0x8e /* present, DPL 0, IF cleared on entry */

extern const u64 isr_entry_table[256];
static struct idt_gate idt[256] __aligned(16);
static irq_handler_t handlers[256];

static void idt_set_gate(int vec, u64 addr, int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_lo = addr & 0xffff;
	g->selector = GDT_KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_hi = addr >> 32;
	g->zero = 0;
}

void idt_init(void)
{
	for (int v = 0; v < 256; v++)
		idt_set_gate(v, isr_entry_table[v], 0);
	idt[2].ist = IST_NMI;
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[18].ist = IST_MACHINE_CHECK;
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = {sizeof(idt) - 1, (u64)idt};

	__asm__ volatile("lidt %0" ::"m"(ptr));
}

void idt_set_handler(int vector, irq_handler_t handler)
{
	handlers[vector] = handler;
}

/*
 * Context: IRQs off (interrupt gate), on the interrupted stack or an IST.
 * Interrupts raise the hardirq count around the handler; on the way out a
 * pending reschedule preempts the interrupted thread if it was
 * preemptible (Linux's irqentry_exit -> preempt_schedule_irq).
 */
void isr_dispatch(struct pt_regs *regs)
{
	irq_handler_t h;

	if (regs->vector == NMI_VECTOR) {
		nmi_enter();
		nmi_handle(regs);
		if (lock_debug())
			lockdep_irq_exit(NMI_VECTOR);
		nmi_exit();
		return;
	}
	if (regs->vector < NR_EXCEPTIONS) {
		exception_handle(regs);
		return;
	}
	/* counted before the handler, which may never return (panic) */
	this_cpu()->irq_count[regs->vector]++;
	irq_enter();
	h = handlers[regs->vector];
	if (h)
		h(regs);
	else
		pr_warn("irq: vector %lu has no handler (ignored)\n",
			(unsigned long)regs->vector);
	if (lock_debug()) {
		lockdep_irq_exit((int)regs->vector);
		pcpu_pins_check_exit("hard IRQ handler", "");
	}
	irq_exit();
	if (unlikely(need_resched()))
		preempt_schedule_irq(regs);
}

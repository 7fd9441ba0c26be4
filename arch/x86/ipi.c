/*
 * IPI sending and the two IPI handlers. The handlers EOI first: they run
 * with IRQs off, so nothing can nest, and the scheduler hook may switch
 * away before returning. Mirrors Linux's sysvec_call_function and
 * sysvec_reschedule_ipi.
 */
#include "arch/x86/ipi.h"
#include "arch/x86/apic.h"
#include "arch/x86/idt.h"
#include "kernel/percpu.h"
#include "kernel/sched_hooks.h"
#include "kernel/smp.h"

static u32 cpu_apic_id(int cpu)
{
	return percpu_areas[cpu]->apic_id;
}

void arch_send_call_function_ipi(int cpu)
{
	apic_send_ipi(cpu_apic_id(cpu), APIC_DM_FIXED, CALL_FUNCTION_VECTOR);
}

/* Context: any CPU; @cpu online. */
void smp_send_reschedule(int cpu)
{
	apic_send_ipi(cpu_apic_id(cpu), APIC_DM_FIXED, RESCHEDULE_VECTOR);
}

/* NMI delivery ignores the vector and IF, so a CPU spinning with IRQs
 * off is stopped too. */
void arch_send_stop_nmi(int cpu)
{
	apic_send_ipi(cpu_apic_id(cpu), APIC_DM_NMI, 0);
}

/* Context: hard IRQ, IRQs off. */
static void call_function_irq(struct pt_regs *regs)
{
	(void)regs;
	apic_eoi();
	smp_call_function_interrupt();
}

/* Context: hard IRQ, IRQs off. */
static void reschedule_irq(struct pt_regs *regs)
{
	(void)regs;
	apic_eoi();
	sched_resched_ipi();
}

void ipi_init(void)
{
	idt_set_handler(CALL_FUNCTION_VECTOR, call_function_irq);
	idt_set_handler(RESCHEDULE_VECTOR, reschedule_irq);
}

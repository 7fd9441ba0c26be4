/*
 * The NMI entry: a panicking CPU's stop request is the one NMI pagelab
 * sends itself; anything else is reported and ignored. Mirrors the shape
 * of Linux's default_do_nmi (handlers first, then "unknown reason").
 */
#include "arch/x86/nmi.h"
#include "arch/x86/idt.h"
#include "kernel/inject.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "lib/printk.h"
#include "mm/alloc_test_load.h"

void nmi_handle(struct pt_regs *regs)
{
	struct percpu *pc = this_cpu();

	pc->irq_count[NMI_VECTOR]++;
	pc->nmi_nesting++;
	if (smp_stop_nmi(regs))
		return; /* not reached: a stopped CPU halts */
	/* both: two NMIs raised at once may arrive as one */
	if (inject_nmi() | alloc_test_nmi()) {
		pc->nmi_nesting--;
		return;
	}
	pr_warn("nmi: unknown NMI on cpu%d at %pS (ignored)\n",
		raw_smp_processor_id(), (void *)regs->rip);
	pc->nmi_nesting--;
}

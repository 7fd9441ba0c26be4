/*
 * The exception-handler half of fault_catch (see fault_catch.h).
 * Linux does this with exception tables (fixup_exception, mm/extable.c).
 */
#include "arch/x86/fault_catch.h"
#include "arch/x86/idt.h"
#include "arch/x86/cpu.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"

/* Context: exception handler, IRQs off; the catch armed by the thread
 * that faulted, whichever CPU it runs on now. */
bool fault_catch_try(struct pt_regs *regs)
{
	struct thread *t = current;
	struct fault_catch *fc = t ? t->fault_catch : NULL;

	/* an interrupt handler's fault is not the armed test's: resuming the
	 * thread would leave the hardirq count raised */
	if (!fc || (u64)fc->vector != regs->vector || in_interrupt())
		return false;
	t->fault_catch = NULL;
	fc->caught = (int)regs->vector;
	fc->error_code = regs->error_code;
	fc->cr2 = regs->vector == 14 ? read_cr2() : 0;
	fc->fault_rip = regs->rip;
	regs->rbx = fc->rbx;
	regs->rbp = fc->rbp;
	regs->r12 = fc->r12;
	regs->r13 = fc->r13;
	regs->r14 = fc->r14;
	regs->r15 = fc->r15;
	regs->rsp = fc->rsp;
	regs->rip = fc->rip;
	return true;
}

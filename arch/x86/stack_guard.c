/*
 * Stack overflow reports (see stack_guard.h). Linux does the same check in
 * its #DF handler (handle_stack_overflow in arch/x86/kernel/traps.c),
 * where it knows the current task's stack; we look at the page tables,
 * which covers every stack that has a guard page, whoever owns it.
 */
#include "arch/x86/stack_guard.h"
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "kernel/console.h"
#include "kernel/kstack.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/thread.h"
#include "lib/format.h"

#define VEC_DF 8
#define VEC_PF 14

extern char boot_stack_bottom[];

/* An unmapped kernel page with a mapped page right above it. */
static bool is_guard_page(u64 page)
{
	if (page < DIRECT_MAP_BASE || !paging_kernel_cr3())
		return false;
	return paging_translate(page) == ~0ULL &&
	       paging_translate(page + PAGE_SIZE) != ~0ULL;
}

/* Whose stack starts at @stack_low, as far as this CPU can tell. */
static const char *stack_owner(u64 stack_low, char *buf, size_t size)
{
	struct percpu *pc = this_cpu();
	struct thread *t = pc->curr_thread;

	if (stack_low == (u64)boot_stack_bottom)
		return "the boot CPU's boot stack";
	if (pc->stack_top && stack_low == pc->stack_top - AP_STACK_SIZE) {
		ksnprintf(buf, size, "cpu%d's boot stack", pc->cpu);
		return buf;
	}
	if (t && t->stack && stack_low == (u64)t->stack) {
		ksnprintf(buf, size, "thread %s's stack", t->name);
		return buf;
	}
	return "a guarded stack";
}

bool stack_guard_report(const struct pt_regs *regs)
{
	u64 rsp = regs->rsp, cr2 = read_cr2(), page;
	char who[48];

	if (regs->vector != VEC_DF && regs->vector != VEC_PF)
		return false;
	if (is_guard_page(ALIGN_DOWN(rsp, (u64)PAGE_SIZE)))
		page = ALIGN_DOWN(rsp, (u64)PAGE_SIZE);
	else if (is_guard_page(ALIGN_DOWN(cr2, (u64)PAGE_SIZE)) &&
		 rsp - cr2 <= PAGE_SIZE) /* a write just below the stack */
		page = ALIGN_DOWN(cr2, (u64)PAGE_SIZE);
	else
		return false;
	kprintf("stack overflow: cpu%d RSP %016lx CR2 %016lx in the guard "
		"page %016lx below %s\n",
		smp_processor_id(), (unsigned long)rsp, (unsigned long)cr2,
		(unsigned long)page,
		stack_owner(page + PAGE_SIZE, who, sizeof(who)));
	return true;
}

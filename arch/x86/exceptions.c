/*
 * CPU exceptions. An expected one (armed by a test) resumes the test;
 * anything else is fatal: a full report, then QEMU exits with
 * QEMU_EXIT_EXCEPTION so the runner can tell it from a panic.
 * Linux: arch/x86/kernel/traps.c.
 */
#include "arch/x86/idt.h"
#include "arch/x86/cpu.h"
#include "arch/x86/backtrace.h"
#include "arch/x86/fault_catch.h"
#include "arch/x86/qemu_exit.h"
#include "arch/x86/stack_guard.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"

static const char *const names[NR_EXCEPTIONS] = {
	"#DE Divide Error",
	"#DB Debug",
	"NMI",
	"#BP Breakpoint",
	"#OF Overflow",
	"#BR Bound Range",
	"#UD Invalid Opcode",
	"#NM Device Not Available",
	"#DF Double Fault",
	"Coprocessor Segment Overrun",
	"#TS Invalid TSS",
	"#NP Segment Not Present",
	"#SS Stack Fault",
	"#GP General Protection",
	"#PF Page Fault",
	"Reserved (15)",
	"#MF x87 Floating-Point",
	"#AC Alignment Check",
	"#MC Machine Check",
	"#XM SIMD Floating-Point",
	"#VE Virtualization",
	"#CP Control Protection",
	"Reserved (22)",
	"Reserved (23)",
	"Reserved (24)",
	"Reserved (25)",
	"Reserved (26)",
	"Reserved (27)",
	"#HV Hypervisor Injection",
	"#VC VMM Communication",
	"#SX Security",
	"Reserved (31)",
};

const char *exception_name(int vector)
{
	return vector >= 0 && vector < NR_EXCEPTIONS ? names[vector] : "IRQ";
}

static void print_pf_error(u64 err)
{
	kprintf("CR2: %016lx (%s, %s, %s%s)\n", (unsigned long)read_cr2(),
		err & 2 ? "write" : "read",
		err & 1 ? "protection violation" : "not present",
		err & 4 ? "user" : "kernel",
		err & 16 ? ", instruction fetch" : "");
}

static void print_regs(const struct pt_regs *r)
{
	kprintf("RIP: %016lx %pS\n", (unsigned long)r->rip, (void *)r->rip);
	kprintf("RSP: %016lx RFLAGS: %08lx CS: %04lx SS: %04lx\n",
		(unsigned long)r->rsp, (unsigned long)r->rflags,
		(unsigned long)r->cs, (unsigned long)r->ss);
	kprintf("RAX: %016lx RBX: %016lx RCX: %016lx\n", (unsigned long)r->rax,
		(unsigned long)r->rbx, (unsigned long)r->rcx);
	kprintf("RDX: %016lx RSI: %016lx RDI: %016lx\n", (unsigned long)r->rdx,
		(unsigned long)r->rsi, (unsigned long)r->rdi);
	kprintf("RBP: %016lx R08: %016lx R09: %016lx\n", (unsigned long)r->rbp,
		(unsigned long)r->r8, (unsigned long)r->r9);
	kprintf("R10: %016lx R11: %016lx R12: %016lx\n", (unsigned long)r->r10,
		(unsigned long)r->r11, (unsigned long)r->r12);
	kprintf("R13: %016lx R14: %016lx R15: %016lx\n", (unsigned long)r->r13,
		(unsigned long)r->r14, (unsigned long)r->r15);
	kprintf("CR0: %016lx CR3: %016lx CR4: %016lx\n",
		(unsigned long)read_cr0(), (unsigned long)read_cr3(),
		(unsigned long)read_cr4());
}

/* Context: exception entry, IRQs off. */
void exception_handle(struct pt_regs *regs)
{
	int v = (int)regs->vector;

	if (fault_catch_try(regs))
		return;
	__asm__ volatile("cli");
	console_break_lock();
	if (this_cpu()->exception_depth++) {
		kprintf("\nEXCEPTION %s inside the exception report, RIP %lx\n",
			exception_name(v), (unsigned long)regs->rip);
		qemu_exit(QEMU_EXIT_EXCEPTION);
	}
	if (panic_stop_other_cpus)
		panic_stop_other_cpus();
	kprintf("\nEXCEPTION: %s (vector %d) on cpu%d, error code %#lx\n",
		exception_name(v), v, raw_smp_processor_id(),
		(unsigned long)regs->error_code);
	stack_guard_report(regs);
	die_print_log();
	if (v == 14)
		print_pf_error(regs->error_code);
	print_regs(regs);
	backtrace_print(regs->rip, regs->rbp);
	die_finish(QEMU_EXIT_EXCEPTION);
}

/*
 * IRQ-off tracing: the out-of-line halves of local_irq_* (irqflags.h) used
 * while irqsoff_trace=1. A section starts when IRQs go from on to off and
 * ends when they come back on; nested save/restore pairs are invisible.
 * Linux: the irqsoff tracer, kernel/trace/trace_irqsoff.c.
 */
#include "kernel/irqsoff.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irqflags.h"
#include "lib/string.h"

CMDLINE_KEY(irqsoff_trace, "1: time IRQ-disabled sections (see irqsoff)");

bool irqsoff_tracing;

/* Context: IRQs just turned off on this CPU by the caller at @ip. */
static void irqsoff_begin(unsigned long ip)
{
	struct percpu *p = this_cpu();

	p->irqsoff_start = rdtsc();
	p->irqsoff_ip = ip;
}

/* Context: IRQs still off, about to come on. */
static void irqsoff_end(void)
{
	struct percpu *p = this_cpu();
	u64 len;

	if (!p->irqsoff_start)
		return; /* went off before tracing started */
	len = rdtsc() - p->irqsoff_start;
	p->irqsoff_start = 0;
	if (len > p->irqsoff_max) {
		p->irqsoff_max = len;
		p->irqsoff_max_ip = p->irqsoff_ip;
	}
}

/* noinline: the return address is the call site being traced. */
__attribute__((noinline)) void irqsoff_trace_disable(void)
{
	unsigned long f = arch_local_irq_save();

	if (f & X86_EFLAGS_IF)
		irqsoff_begin((unsigned long)__builtin_return_address(0));
}

__attribute__((noinline)) void irqsoff_trace_enable(void)
{
	if (irqs_disabled())
		irqsoff_end();
	arch_local_irq_enable();
}

__attribute__((noinline)) unsigned long irqsoff_trace_save(void)
{
	unsigned long f = arch_local_irq_save();

	if (f & X86_EFLAGS_IF)
		irqsoff_begin((unsigned long)__builtin_return_address(0));
	return f;
}

__attribute__((noinline)) void irqsoff_trace_restore(unsigned long f)
{
	if ((f & X86_EFLAGS_IF) && irqs_disabled())
		irqsoff_end();
	arch_local_irq_restore(f);
}

void irqsoff_trace_idle(void)
{
	irqsoff_end();
}

void irqsoff_init(void)
{
	irqsoff_set_tracing(cmdline_bool("irqsoff_trace", false));
}

void irqsoff_reset(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct percpu *p = percpu_areas[cpu];

		if (p) {
			WRITE_ONCE(p->irqsoff_max, 0);
			WRITE_ONCE(p->irqsoff_max_ip, 0);
		}
	}
}

void irqsoff_set_tracing(bool on)
{
	WRITE_ONCE(irqsoff_tracing, on);
}

static int cmd_irqsoff(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "reset")) {
		irqsoff_reset();
		kprintf("irqsoff: maxima cleared on every CPU\n");
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "on") || !strcmp(argv[1], "off"))) {
		irqsoff_set_tracing(!strcmp(argv[1], "on"));
		kprintf("irqsoff: tracing %s\n", argv[1]);
		return 0;
	}
	if (argc > 1)
		return shell_usage(argv[0]);
	kprintf("irqsoff tracing %s\ncpu  max cycles  began at\n",
		irqsoff_tracing ? "on" : "off (boot with irqsoff_trace=1)");
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct percpu *p = percpu_areas[cpu];

		if (p && READ_ONCE(p->irqsoff_max))
			kprintf("%3d  %10lu  %pS\n", cpu,
				(unsigned long)READ_ONCE(p->irqsoff_max),
				(void *)READ_ONCE(p->irqsoff_max_ip));
	}
	return 0;
}
SHELL_CMD(irqsoff, "[reset|on|off]",
	  "longest IRQ-disabled section per CPU and where it began",
	  cmd_irqsoff);

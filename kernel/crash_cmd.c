/*
 * Shell commands that end the kernel on purpose, so the test runner can
 * prove it tells a panic from an exception, a triple fault and a hang, and
 * that a panic on one CPU stops the others. Linux's nearest relative is
 * the sysrq-c crash trigger.
 */
#include "arch/x86/irqflags.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "lib/format.h"
#include "lib/string.h"

#define UNMAPPED_ADDR 0xffffc00000000000ULL /* kernel half, never mapped */

static int cmd_panic(int argc, char **argv)
{
	char msg[128] = "";
	size_t n = 0;

	for (int i = 1; i < argc && n + 1 < sizeof(msg); i++)
		n += (size_t)ksnprintf(msg + n, sizeof(msg) - n, "%s%s",
				       i > 1 ? " " : "", argv[i]);
	panic("%s", argc > 1 ? msg : "requested from the shell");
}
SHELL_CMD(panic, "[MESSAGE]", "panic with MESSAGE (qemu-run exits 2)",
	  cmd_panic);

static void panic_here(void *arg)
{
	(void)arg;
	panic("requested from cpu%d's call-function handler",
	      smp_processor_id());
}

/* The panicking CPU must stop us with an NMI: wait with IRQs off. */
static int crash_remote(void)
{
	int cpu, target = -1;

	for_each_online_cpu(cpu) if (cpu != smp_processor_id()) target = cpu;
	if (target < 0) {
		kprintf("crash: remote needs a second CPU\n");
		return 1;
	}
	local_irq_disable();
	smp_call_function_single(target, panic_here, NULL, false);
	for (;;)
		__asm__ volatile("pause");
}

static void crash_triple(void)
{
	static const struct {
		u16 limit;
		u64 base;
	} __packed empty_idt = {0, 0};

	/* any exception now finds no gate: #GP, then #DF, then reset */
	__asm__ volatile("lidt %0; int3" ::"m"(empty_idt));
}

static int cmd_crash(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";

	if (!strcmp(how, "pf"))
		(void)READ_ONCE(*(volatile u64 *)UNMAPPED_ADDR);
	else if (!strcmp(how, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(how, "triple"))
		crash_triple();
	else if (!strcmp(how, "hang"))
		for (local_irq_disable();;)
			__asm__ volatile("pause");
	else if (!strcmp(how, "remote"))
		return crash_remote();
	return shell_usage("crash");
}
SHELL_CMD(crash, "pf|ud|triple|hang|remote",
	  "fault (exit 3), triple fault (4), hang (5), or panic on another "
	  "CPU (2)",
	  cmd_crash);

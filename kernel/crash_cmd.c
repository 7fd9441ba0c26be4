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

#define noinline_recursion __attribute__((noinline))
#define UNMAPPED_ADDR	   0xffffc00000000000ULL /* kernel half, never mapped */

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
	      raw_smp_processor_id());
}

/* Recurse until the guard page below this AP's stack faults; the #PF
 * cannot push its frame there either, so #DF on its IST stack reports. */
static noinline_recursion int recurse(long depth, volatile char *prev)
{
	volatile char pad[512];

	pad[0] = (char)(prev ? prev[0] + 1 : 0);
	if (!depth)
		return pad[0];
	return recurse(depth - 1, pad) + pad[0]; /* no tail call */
}

static void overflow_here(void *arg)
{
	(void)arg;
	recurse(1L << 30, NULL); /* 512 GiB of frames: the guard hits first */
}

/* The crashing CPU must stop us with an NMI: wait with IRQs off. */
static int crash_remote(smp_call_func_t fn)
{
	int cpu, target = -1;

	for_each_online_cpu(cpu)
		if (cpu != raw_smp_processor_id())
			target = cpu;
	if (target < 0) {
		kprintf("crash: remote needs a second CPU\n");
		return 1;
	}
	local_irq_disable();
	smp_call_function_single(target, fn, NULL, false);
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

static const char *const crash_ways[] = {"panic",  "bug",  "pf",     "ud",
					 "triple", "hang", "remote", "stack"};

/* Whether @how names one of crash_ways, so a typo never starts a crash. */
static bool crash_known(const char *how)
{
	for (size_t i = 0; i < ARRAY_SIZE(crash_ways); i++)
		if (!strcmp(how, crash_ways[i]))
			return true;
	return false;
}

static int cmd_crash(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";

	if (argc != 2)
		return shell_usage("crash");
	if (!crash_known(how))
		return shell_error("crash",
				   "no way to crash called '%s' (ways: panic, "
				   "bug, pf, ud, triple, hang, remote, stack)",
				   how);
	kprintf("crash: %s, on purpose\n", how);
	if (!strcmp(how, "panic"))
		panic("crash command");
	else if (!strcmp(how, "bug"))
		BUG_ON(argc > 1);
	else if (!strcmp(how, "pf"))
		(void)READ_ONCE(*(volatile u64 *)UNMAPPED_ADDR);
	else if (!strcmp(how, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(how, "triple"))
		crash_triple();
	else if (!strcmp(how, "hang"))
		for (local_irq_disable();;)
			__asm__ volatile("pause");
	else if (!strcmp(how, "remote"))
		return crash_remote(panic_here);
	return crash_remote(overflow_here);
}
SHELL_CMD(crash, "panic|bug|pf|ud|triple|hang|remote|stack",
	  "panic or BUG (exit 2), fault (3), triple fault (4), hang (5), "
	  "panic on another CPU (2), overflow another CPU's stack (3)",
	  cmd_crash);

/*
 * Deliberate failures, so the failure paths themselves can be tested: the
 * runner's self-test boots `exec=crash KIND` and checks that each one is
 * reported as what it is (panic, exception, triple fault, hang).
 */
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/shell.h"
#include "arch/x86/cpu.h"
#include "lib/string.h"

static void crash_triple_fault(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed empty = {0, 0};

	/* no IDT: the breakpoint escalates to #DF, then to a triple fault */
	__asm__ volatile("lidt %0; int3" ::"m"(empty));
}

static int cmd_crash(int argc, char **argv)
{
	if (argc != 2)
		return shell_usage(argv[0]);
	kprintf("crash: %s, on purpose\n", argv[1]);
	if (!strcmp(argv[1], "panic"))
		panic("crash command");
	if (!strcmp(argv[1], "bug"))
		BUG_ON(argc == 2);
	if (!strcmp(argv[1], "pf"))
		(void)READ_ONCE(*(volatile u64 *)0xffffc00000000000ULL);
	if (!strcmp(argv[1], "ud"))
		__asm__ volatile("ud2");
	if (!strcmp(argv[1], "triple"))
		crash_triple_fault();
	if (!strcmp(argv[1], "hang"))
		halt_forever();
	kprintf("crash: unknown kind '%s'\n", argv[1]);
	return shell_usage(argv[0]);
}
SHELL_CMD(crash, "panic|bug|pf|ud|triple|hang",
	  "fail on purpose (tests the failure reports)", cmd_crash);

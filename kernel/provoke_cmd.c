/*
 * `provoke KIND`: break one protection on purpose, so a boot in
 * tests/selftest proves the kernel catches it and says so: undefined
 * behaviour (UBSan), a smashed stack canary, an overflow of the boot
 * CPU's stack, a write to kernel text, a jump into data. A sibling of the
 * `crash` command (kernel/crash_cmd.c), which ends the kernel by its
 * ordinary failure paths; these go through the hardening ones.
 */
#include "arch/x86/layout.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/stack_protector.h"
#include "kernel/ubsan.h"
#include "lib/string.h"

static volatile int provoke_amount = 70; /* opaque to the optimiser */
static u8 provoke_data[16] = {0xc3};	 /* a `ret` in .data */

/* A shift wider than the type: UBSan reports and the kernel carries on. */
static int provoke_ubsan(void)
{
	unsigned long one = 1, r;

	if (!ubsan_enabled()) {
		kprintf("provoke: this kernel has no UBSan (make UBSAN=1)\n");
		return 1;
	}
	r = one << provoke_amount;
	kprintf("provoke: 1 << %d gave %#lx; UBSan reports so far: %lu\n",
		provoke_amount, r, ubsan_reports());
	return 0;
}

/* Write 48 bytes into a 16-byte array: the canary right above it goes,
 * and the check before `ret` must stop us before the return address is
 * used. memset through a volatile length: no compiler sees the overrun. */
static __attribute__((noinline)) int provoke_canary_frame(void)
{
	char buf[16];
	volatile size_t len = 48;

	memset(buf, 'A', len);
	return buf[provoke_amount & 7];
}

static int provoke_canary(void)
{
	if (!strcmp(stack_protector_source(), "off")) {
		kprintf("provoke: built without the stack protector\n");
		return 1;
	}
	return provoke_canary_frame();
}

/* Recurse until the stack runs into its guard page. */
static __attribute__((noinline)) int provoke_recurse(long depth,
						     volatile char *prev)
{
	volatile char pad[512];

	pad[0] = (char)(prev ? prev[0] + 1 : 0);
	if (!depth)
		return pad[0];
	return provoke_recurse(depth - 1, pad) + pad[0]; /* no tail call */
}

static int provoke_text_write(void)
{
	/* through the direct map, the alias a stray pointer would use */
	volatile u8 *alias = phys_to_virt(virt_to_phys((void *)provoke_ubsan));

	*alias = 0xcc;
	kprintf("provoke: kernel text written through the direct map\n");
	return 1;
}

static int provoke_exec_data(void)
{
	((void (*)(void))(void *)provoke_data)();
	kprintf("provoke: executed .data\n");
	return 1;
}

static int cmd_provoke(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	kprintf("provoke: %s, on purpose\n", what);
	if (!strcmp(what, "ubsan"))
		return provoke_ubsan();
	if (!strcmp(what, "canary"))
		return provoke_canary();
	if (!strcmp(what, "stack"))
		return provoke_recurse(1L << 30, NULL);
	if (!strcmp(what, "text"))
		return provoke_text_write();
	if (!strcmp(what, "exec"))
		return provoke_exec_data();
	return shell_usage("provoke");
}
SHELL_CMD(provoke, "ubsan|canary|stack|text|exec",
	  "undefined behaviour (UBSan report, exit 1), smash a stack canary "
	  "(2), overflow this CPU's stack (3), write kernel text (3), "
	  "execute data (3)",
	  cmd_provoke);
SHELL_HELP(provoke, SHELL_GROUP_DEBUG,
	   "ubsan   undefined behaviour: a UBSan report (UBSAN=1 kernels)\n"
	   "canary  smash this function's stack canary\n"
	   "stack   overflow this CPU's stack into its guard page\n"
	   "text    write to kernel text\n"
	   "exec    jump into data",
	   "provoke canary",
	   "the report line each protection prints; the selftests check them.");

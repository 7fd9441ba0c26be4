/*
 * `hardening`: which protections this boot has and what they have seen,
 * one line each (docs/reliability.md explains them). Linux spreads the
 * same facts over its boot log and /sys/kernel/security.
 */
#include "arch/x86/paging.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/stack_protector.h"
#include "kernel/ubsan.h"
#include "mm/page_debug.h"
#include "lib/string.h"

static const char *on_off(bool on)
{
	return on ? "on" : "off";
}

static int cmd_hardening(int argc, char **argv)
{
	const char *canary = stack_protector_source();

	if (strcmp(canary, "off"))
		kprintf("stack protector: on, per-boot canary from %s\n",
			canary);
	else
		kprintf("stack protector: off (STACKPROTECTOR=0)\n");
	if (ubsan_enabled())
		kprintf("UBSan:           on, %lu report(s) so far\n",
			ubsan_reports());
	else
		kprintf("UBSan:           off (make UBSAN=1)\n");
	kprintf("W^X:             %s\n",
		paging_info.nx ? "text RX, rodata R, all else NX; the direct "
				 "map's view of text and rodata is read-only"
			       : "not enforceable: the CPU has no NX");
	kprintf("stack guards:    an unmapped page below the boot stack, "
		"each AP's stack and each thread's\n");
	kprintf("init_on_free:    %s\n", on_off(init_on_free_enabled));
	kprintf("page_poison:     %s\n", on_off(page_poison_enabled));
	return 0;
}
SHELL_CMD(hardening, "", "the protections this boot has", cmd_hardening);
SHELL_HELP(hardening, SHELL_GROUP_DEBUG, "", "hardening",
	   "one line per protection (W^X, stack guards, stack canary and its\n"
	   "source, init_on_free, UBSan) and whether this boot has it.");

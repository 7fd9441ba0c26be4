/*
 * isa-debug-exit at port 0xf4 (see qemu_exit.h for the code table).
 * No Linux counterpart: the device exists only for test harnesses.
 */
#include "arch/x86/qemu_exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "kernel/console.h"
#include "kernel/ubsan.h"

#define DEBUG_EXIT_PORT 0xf4

void qemu_exit(enum qemu_exit_code code)
{
	/* UBSan reports and carries on; a boot that saw one cannot pass */
	if (code == QEMU_EXIT_PASS && ubsan_reports()) {
		kprintf("UBSAN: %lu report(s) this boot, so it fails; the "
			"first: %s\n",
			ubsan_reports(), ubsan_first_report());
		code = QEMU_EXIT_TEST_FAILED;
	}
	outl(DEBUG_EXIT_PORT, code);
	/* Still here: no debug-exit device (real hardware or plain QEMU). */
	halt_forever();
}

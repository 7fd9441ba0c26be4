/*
 * isa-debug-exit at port 0xf4 (see qemu_exit.h for the code table).
 * No Linux counterpart: the device exists only for test harnesses.
 */
#include "arch/x86/qemu_exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"

#define DEBUG_EXIT_PORT 0xf4

void qemu_exit(enum qemu_exit_code code)
{
	outl(DEBUG_EXIT_PORT, code);
	/* Still here: no debug-exit device (real hardware or plain QEMU). */
	halt_forever();
}

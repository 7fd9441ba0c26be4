/*
 * Leaving QEMU with a status the runner can trust. QEMU's isa-debug-exit
 * device exits with (code << 1) | 1, so no code can be mistaken for the 0
 * QEMU returns after a triple fault with -no-reboot.
 *
 *   code  meaning               QEMU status   tools/qemu-run status
 *   0x10  pass / poweroff       33            0
 *   0x11  a test failed         35            1
 *   0x12  kernel panic          37            2
 *   0x13  unexpected exception  39            3
 *   -     triple fault / reset  0             4
 *   -     hang (runner timeout) killed        5
 */
#ifndef ARCH_X86_QEMU_EXIT_H
#define ARCH_X86_QEMU_EXIT_H

enum qemu_exit_code {
	QEMU_EXIT_PASS = 0x10,
	QEMU_EXIT_TEST_FAILED = 0x11,
	QEMU_EXIT_PANIC = 0x12,
	QEMU_EXIT_EXCEPTION = 0x13,
};

/* Exit QEMU; on a machine without the device, halt this CPU for good. */
void __attribute__((noreturn)) qemu_exit(enum qemu_exit_code code);

#endif

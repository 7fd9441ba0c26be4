/*
 * Kernel UBSan (`make UBSAN=1`): the compiler checks for undefined
 * behaviour and calls kernel/ubsan.c, which prints one line per site
 *   UBSAN: shift-out-of-bounds at kernel/x.c:12:9 in f+0x1c/0x40: shift
 *   exponent 70 is too large for 64-bit type 'long unsigned int'
 * and carries on, as Linux does. The report still fails the run: the test
 * case it happened in fails (a ktest check), and a boot that saw one can
 * no longer exit with "pass" (qemu_exit turns it into "test failed").
 */
#ifndef KERNEL_UBSAN_H
#define KERNEL_UBSAN_H

#include "lib/types.h"

/* Return: reports printed this boot (0 in a kernel built without UBSan). */
unsigned long ubsan_reports(void);

/* Return: the first report of this boot ("" if none), for final summaries. */
const char *ubsan_first_report(void);

/* Return: true if this kernel was built with UBSAN=1. */
bool ubsan_enabled(void);

/*
 * ubsan_capture_begin - send this CPU's reports to a buffer, unprinted and
 * uncounted, until ubsan_capture_end: for tests that provoke UB on purpose.
 * Context: preemption disabled (the capture belongs to this CPU), only one
 * capture at a time. Works with the GS base zeroed, as before per-CPU data.
 */
void ubsan_capture_begin(void);
/*
 * ubsan_capture_end - stop capturing; copy the first captured report
 * (without its "UBSAN: " prefix) to @buf. Return: how many were captured.
 */
int ubsan_capture_end(char *buf, size_t size);

#endif

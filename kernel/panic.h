/*
 * panic(), BUG_ON() and ASSERT(): always on. Each prints one line naming
 * the file, line, function and what failed, then the registers, a
 * symbolised backtrace and the recent log; stops every CPU; exits QEMU.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/types.h"

void __noreturn panic(const char *fmt, ...) __printf(1, 2);
void __noreturn bug_report(const char *file, int line, const char *func,
			   const char *fmt, ...) __printf(4, 5);
/* Set by kernel/smp.c: stop the other CPUs before the report. */
extern void (*panic_stop_other_cpus)(void);
/* The common parts of panic and fatal exception reports. */
void die_print_log(void);
void __noreturn die_finish(int qemu_code);

#define BUG() bug_report(__FILE__, __LINE__, __func__, "BUG()")
#define BUG_ON(c)                                                              \
	do {                                                                   \
		if (unlikely(c))                                               \
			bug_report(__FILE__, __LINE__, __func__, "%s", #c);    \
	} while (0)
#define ASSERT(c, fmt, ...)                                                    \
	do {                                                                   \
		if (unlikely(!(c)))                                            \
			bug_report(__FILE__, __LINE__, __func__, fmt,          \
				   ##__VA_ARGS__);                             \
	} while (0)

#endif

/*
 * The end of the line: panic and BUG reports (see panic.h).
 * Linux: kernel/panic.c, with BUG() reported as report_bug does.
 */
#include "kernel/panic.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "arch/x86/backtrace.h"
#include "arch/x86/qemu_exit.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/cpu.h"
#include "lib/format.h"

void (*panic_stop_other_cpus)(void);
void printk_log_dump(void (*out)(const char *, size_t), size_t max);

static int panicking;

/* Only the first CPU to fail reports; others halt quietly. */
static void die_begin(void)
{
	arch_local_irq_disable();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		halt_forever();
	console_break_lock();
	if (panic_stop_other_cpus)
		panic_stop_other_cpus();
}

/* The log before the failure: it holds lines loglevel kept off the console */
void die_print_log(void)
{
	kprintf("--- last log lines ---\n");
	printk_log_dump(console_write, 1024);
	kprintf("--- end of log ---\n");
}

void die_finish(int qemu_code)
{
	kprintf("--- end of report ---\n");
	qemu_exit(qemu_code);
}

static void __noreturn die_with_message(const char *head, const char *msg)
{
	kprintf("\n%s%s\n", head, msg);
	die_print_log();
	kprintf("CPU: %d\n", raw_smp_processor_id());
	backtrace_print(0, (u64)__builtin_frame_address(0));
	die_finish(QEMU_EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	die_begin();
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die_with_message("Kernel panic - not syncing: ", msg);
}

void bug_report(const char *file, int line, const char *func, const char *fmt,
		...)
{
	char msg[256];
	int n;
	va_list ap;

	die_begin();
	n = ksnprintf(msg, sizeof(msg), "%s:%d %s: ", file, line, func);
	va_start(ap, fmt);
	kvsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	die_with_message("BUG: ", msg);
}

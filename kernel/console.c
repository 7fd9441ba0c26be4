/*
 * Serial console with a line-atomic lock (see console.h).
 * Linux: console_lock plus the 8250 console's write (serial8250_console_write).
 */
#include "kernel/lock_order.h"
#include "kernel/console.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "arch/x86/serial.h"
#include "lib/format.h"

/* (S) console_lock: the serial port's output, so lines never interleave */
static DEFINE_SPINLOCK_RANK(console_lock, LOCK_RANK_CONSOLE);
static bool console_lock_broken; /* set once by panic, never cleared */

/*
 * Context: console_lock held with IRQs off, or the lock broken by panic.
 * No lockdep_assert_held: its report would print, and so re-enter here.
 */
static void console_write_locked(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;

	if (READ_ONCE(console_lock_broken)) {
		console_write_locked(s, n);
		return;
	}
	/* an NMI may have interrupted this CPU's own hold: never spin there */
	if (!in_nmi())
		flags = spin_lock_irqsave(&console_lock);
	else if (!spin_trylock_irqsave(&console_lock, &flags))
		return;
	console_write_locked(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

/* Context: the panicking CPU, others stopped or about to be. */
void console_break_lock(void)
{
	WRITE_ONCE(console_lock_broken, true);
}

/*
 * The shell's output filter (`cmd | grep x`): kprintf from the thread that
 * set it, outside interrupts, goes to @capture_fn instead of the port.
 * Only that thread sets and reads it; others merely compare the owner.
 */
static void (*capture_fn)(const char *s, size_t n);
static struct thread *capture_owner;

void console_set_capture(void (*fn)(const char *s, size_t n))
{
	WRITE_ONCE(capture_owner, fn ? current : NULL);
	capture_fn = fn;
}

void console_pass_capture(struct thread *t)
{
	if (capture_fn)
		WRITE_ONCE(capture_owner, t);
}

int kvprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	if (READ_ONCE(capture_owner) == current && !in_interrupt() &&
	    capture_fn)
		capture_fn(buf, len);
	else
		console_write(buf, len);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

int console_getc(void)
{
	return serial_getc();
}

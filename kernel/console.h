/*
 * The console: whole writes to the serial port under one lock, so lines
 * from different CPUs never interleave. kprintf() is raw output (the shell,
 * KTAP); printk() is the log and adds a CPU prefix.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "lib/types.h"

struct thread;

/* Context: any, IRQs in any state; takes console_lock with IRQs saved. */
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __printf(1, 2);
int kvprintf(const char *fmt, va_list ap);
/* After a panic: stop honouring the lock, a dead CPU may hold it. */
void console_break_lock(void);
/*
 * console_set_capture - send the calling thread's kprintf output (not its
 * printk log lines, not interrupts') to @fn; NULL restores the port.
 * Context: the shell thread, around one command.
 */
void console_set_capture(void (*fn)(const char *s, size_t n));
/*
 * console_pass_capture - let @t's kprintf go where the caller's goes (the
 * caller's filter, or the port) while the caller waits for @t; pass it
 * back with @t = current. Context: the shell thread, around a helper
 * thread it joins (a benchmark on another CPU).
 */
void console_pass_capture(struct thread *t);
/* Return: next input byte or -1; polled. */
int console_getc(void);

#endif

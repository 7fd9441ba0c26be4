/*
 * The formatter behind printk and every view: a freestanding vsnprintf.
 * Named k* so host tests can link it beside the C library's own.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include "lib/types.h"

/*
 * kvsnprintf - format into @buf, never writing more than @size bytes, always
 * NUL-terminated when @size > 0.
 * Conversions: %d %i %u %x %X %o %c %s %p %% with flags '-' '0' '+' ' ' '#',
 * a width (number or '*'), a precision (number or '*'; for %s limits the
 * length, for integers the minimum digits), and length modifiers hh h l ll z t.
 * %p prints 0x and 16 hex digits; %pS prints the symbol that contains the
 * address as name+0xoff/0xsize (via ksym_lookup), else the bare address.
 * A NULL %s prints "(null)". An unknown conversion is printed literally.
 * Return: the length the full output would have had (like C99 vsnprintf).
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * ksym_lookup - name of the function containing @addr, its start and size.
 * Provided by kernel/ksyms.c in the kernel and by a stand-in in host tests
 * (tests/host/host_env.c). Return: the name, or NULL when @addr is in no known
 * symbol.
 */
const char *ksym_lookup(unsigned long addr, unsigned long *start,
			unsigned long *size);

#endif

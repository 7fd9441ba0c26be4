/*
 * The kernel's memory and string functions (what a C library's <string.h>
 * would give). Plain and small rather than fast: the allocator never copies
 * much, and correctness here is what every other file builds on.
 * Linux: lib/string.c.
 */
#include "lib/string.h"

/*
 * The compiler turns byte loops into calls to memset/memcpy/memmove, even
 * with -ffreestanding. Inside those very functions that call would recurse
 * forever, so GCC is told not to; clang does not rewrite loops into library
 * calls when building freestanding, and it rejects the optimize attribute.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_LIBCALL_LOOPS                                                       \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LIBCALL_LOOPS
#endif

/*
 * memcpy - copy @n bytes; the areas must not overlap.
 * `rep movsb` is one instruction the compiler cannot turn back into a call,
 * and it is fast on every CPU with ERMS. The ABI guarantees DF is clear.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;

#ifdef __x86_64__
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
#else
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
#endif
	return ret;
}

/* memset - fill @n bytes at @s with the byte @c. */
void *memset(void *s, int c, size_t n)
{
	void *ret = s;

#ifdef __x86_64__
	__asm__ volatile("rep stosb"
			 : "+D"(s), "+c"(n)
			 : "a"((unsigned char)c)
			 : "memory");
#else
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
#endif
	return ret;
}

/*
 * memmove - copy @n bytes where the areas may overlap. Copying forwards is
 * safe when @dst is below @src; otherwise copy backwards so no byte is
 * overwritten before it has been read.
 */
NO_LIBCALL_LOOPS void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* memcmp - compare bytes as unsigned char. Return: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* strnlen - like strlen, but never looks at more than @max bytes. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			break;
	}
	return 0;
}

/* strchr - first @c in @s; the terminating NUL counts, as in C. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* strrchr - last @c in @s; the terminating NUL counts, as in C. */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* strstr - the first place @needle occurs in @hay, NULL if nowhere. */
char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Value of @c as a digit, or 99 so it is never below any base. */
static int digit_value(char c)
{
	int v = khexval(c);

	return v < 0 ? 99 : v;
}

/* Work out the base and skip its prefix, as strtoull does for 0 and 16. */
static const char *number_prefix(const char *s, int *base)
{
	bool has_0x =
		s[0] == '0' && ktolower(s[1]) == 'x' && digit_value(s[2]) < 16;

	if ((*base == 0 || *base == 16) && has_0x) {
		*base = 16;
		return s + 2;
	}
	if (*base == 0)
		*base = s[0] == '0' ? 8 : 10;
	return s;
}

u64 kstrtou64(const char *s, char **end, int base)
{
	const char *start = s, *p;
	u64 val = 0;
	bool overflow = false;

	while (kisspace(*s))
		s++;
	if (*s == '+')
		s++;
	p = number_prefix(s, &base);
	if (base < 2 || base > 16 || digit_value(*p) >= base) {
		if (end)
			*end = (char *)start;
		return 0;
	}
	for (; digit_value(*p) < base; p++) {
		unsigned int d = (unsigned int)digit_value(*p);

		if (val > (UINT64_MAX - d) / (unsigned int)base)
			overflow = true;
		val = val * (unsigned int)base + d;
	}
	if (end)
		*end = (char *)p;
	return overflow ? UINT64_MAX : val;
}

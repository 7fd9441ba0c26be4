/*
 * Memory and string functions for a kernel without a C library, plus small
 * character-class helpers. The prototypes match the C library's, so code that
 * includes this header also builds in host tests, which link libc instead of
 * lib/string.c; the k-prefixed helpers are inline so they never collide.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);

/*
 * strlcpy - copy @src into @dst of @size bytes, always NUL-terminated when
 * @size > 0. Kernel only: older C libraries lack it, so code that is also
 * host-tested must not call it.
 * Return: strlen(@src), so truncation happened when the result >= @size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * kstrtou64 - parse an unsigned number like strtoull: leading spaces, an
 * optional '+', and for @base 0 a 0x (hex) or 0 (octal) prefix; @base 16
 * also accepts 0x; other bases are 2..16. An overflowing value saturates at
 * UINT64_MAX. Kernel only.
 * @end: if not NULL, set past the last digit used (to @s when there is none).
 * Return: the value, or 0 when there are no digits.
 */
u64 kstrtou64(const char *s, char **end, int base);

static inline bool kisdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool kisxdigit(int c)
{
	return kisdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline bool kisspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool kisalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int ktolower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static inline int ktoupper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* Value of hex digit @c, or -1 when @c is not one. */
static inline int khexval(int c)
{
	if (kisdigit(c))
		return c - '0';
	c = ktolower(c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

#endif

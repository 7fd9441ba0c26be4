/*
 * ktest suite "format": kvsnprintf as built into the kernel (same source as
 * the host tests, but the freestanding compiler and flags), including %pS
 * against the kernel's real symbol table.
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/string.h"

/*
 * The odd formats here ("%q", "%+u", "%-05d") are deliberate; the
 * compiler's format checks would reject them.
 */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

#define FMT_EXPECT(t, want, ...)                                               \
	do {                                                                   \
		char __buf[128];                                               \
		int __n = ksnprintf(__buf, sizeof(__buf), __VA_ARGS__);        \
		KEXPECT_STREQ(t, __buf, want);                                 \
		KEXPECT_EQ(t, __n, strlen(want));                              \
	} while (0)

static void format_integers(struct ktest *t)
{
	FMT_EXPECT(t, "0 -1 42", "%d %i %u", 0, -1, 42);
	FMT_EXPECT(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT_EXPECT(t, "18446744073709551615", "%llu", (unsigned long long)-1);
	FMT_EXPECT(t, "ff FF 0xff 0377", "%x %X %#x %#o", 255, 255, 255, 255);
	FMT_EXPECT(t, "-128 65535", "%hhd %hu", 128, -1);
	FMT_EXPECT(t, "4096 -3", "%zu %td", (size_t)4096, (ptrdiff_t)-3);
	FMT_EXPECT(t, "+5  5 7", "%+d % d %+u", 5, 5, 7);
}

static void format_width_precision(struct ktest *t)
{
	FMT_EXPECT(t, "   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	FMT_EXPECT(t, "-0042|  042", "%05d|%5.3d", -42, 42);
	FMT_EXPECT(t, "|0x000ff", "%.0d|%#07x", 0, 255);
	FMT_EXPECT(t, "   42|42   |", "%*d|%*d|", 5, 42, -5, 42);
	FMT_EXPECT(t, "00042 42", "%.*d %.*d", 5, 42, -1, 42);
	FMT_EXPECT(t, "42   |", "%-05d|", 42);
}

static void format_strings_chars(struct ktest *t)
{
	const char *volatile null_str = NULL;

	FMT_EXPECT(t, "(null)", "%s", null_str);
	FMT_EXPECT(t, "  ab|ab  |abc", "%4.2s|%-4.2s|%.*s", "abc", "abc", 9,
		   "abc");
	FMT_EXPECT(t, "x  y", "%c%3c", 'x', 'y');
	FMT_EXPECT(t, "100%", "%d%%", 100);
}

/* Never a byte past @size; always terminated; full length returned. */
static void format_truncation(struct ktest *t)
{
	char buf[16];
	size_t size;

	KEXPECT_EQ(t, ksnprintf(NULL, 0, "%s=%d", "key", 1234), 8);
	for (size = 1; size < 12; size++) {
		memset(buf, '#', sizeof(buf));
		KEXPECT_EQ(t, ksnprintf(buf, size, "%s=%d", "key", 1234), 8);
		KEXPECT_EQ(t, buf[size], '#');
		KEXPECT_EQ(t, strlen(buf), MIN(size - 1, (size_t)8));
	}
	KEXPECT_EQ(t, ksnprintf(buf, sizeof(buf), "%50000d", 1), 50000);
}

static void format_pointers(struct ktest *t)
{
	FMT_EXPECT(t, "0x0000000000000000", "%p", (void *)0);
	FMT_EXPECT(t, "0xffffffff80000000", "%p", (void *)0xffffffff80000000);
	FMT_EXPECT(t, " 0x0000000000000010|", "%19p|", (void *)16);
	/* no symbol lives at a user-half address */
	FMT_EXPECT(t, "0x0000000000001000", "%pS", (void *)0x1000);
}

/*
 * %pS agrees with ksym_lookup: name+off/size, or the bare address. The
 * address is one byte into this very function, which is longer than that.
 */
static void format_symbol(struct ktest *t)
{
	unsigned long addr = (unsigned long)format_symbol + 1;
	unsigned long start = 0, size = 0;
	const char *name = ksym_lookup(addr, &start, &size);
	char want[128], got[128];

	if (name)
		ksnprintf(want, sizeof(want), "%s+0x%lx/0x%lx", name,
			  addr - start, size);
	else
		ksnprintf(want, sizeof(want), "0x%016lx", addr);
	ksnprintf(got, sizeof(got), "%pS", (void *)addr);
	KEXPECT_STREQ(t, got, want);
	if (!name)
		ktest_log(t, "no symbol for %p: symbol table not loaded?",
			  (void *)addr);
}

static void format_unknown_conversion(struct ktest *t)
{
	FMT_EXPECT(t, "%q 1", "%q %d", 1);
	FMT_EXPECT(t, "%-3y", "%-3y");
	FMT_EXPECT(t, "%n", "%n");
	FMT_EXPECT(t, "end%", "end%");
}

static const struct ktest_case format_cases[] = {
	KTEST_CASE(format_integers),
	KTEST_CASE(format_width_precision),
	KTEST_CASE(format_strings_chars),
	KTEST_CASE(format_truncation),
	KTEST_CASE(format_pointers),
	KTEST_CASE(format_symbol),
	KTEST_CASE(format_unknown_conversion),
	{NULL, NULL},
};

KTEST_SUITE(format, .cases = format_cases);

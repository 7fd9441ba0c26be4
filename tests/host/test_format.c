/*
 * Host tests of lib/format.c: every conversion, flag, width and precision,
 * truncation and the return value, %p/%pS, and a large random set of
 * integer and string formats checked against the C library's snprintf.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/format.h"
#include "lib/prng.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

/*
 * Several cases feed deliberately odd formats ("%q", "%+u", "%-05d") to
 * check what happens; the compiler's format checks would reject them.
 */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"

/* Format with ksnprintf into a roomy buffer and compare with @want. */
#define EXPECT_FMT(t, want, ...)                                               \
	do {                                                                   \
		char __buf[256];                                               \
		int __n = ksnprintf(__buf, sizeof(__buf), __VA_ARGS__);        \
		HT_EXPECT_STREQ(t, __buf, want);                               \
		HT_EXPECT_EQ(t, __n, (int)strlen(want));                       \
	} while (0)

static void format_literals(struct ht *t)
{
	EXPECT_FMT(t, "", "%s", "");
	EXPECT_FMT(t, "plain text", "plain text");
	EXPECT_FMT(t, "100%", "100%%");
	EXPECT_FMT(t, "a%b", "a%%b");
}

static void format_signed(struct ht *t)
{
	EXPECT_FMT(t, "0 -1 42", "%d %i %d", 0, -1, 42);
	EXPECT_FMT(t, "-2147483648", "%d", INT_MIN);
	EXPECT_FMT(t, "2147483647", "%i", INT_MAX);
	EXPECT_FMT(t, "-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT_FMT(t, "9223372036854775807", "%ld", LONG_MAX);
	EXPECT_FMT(t, "-128 44", "%hhd %hhd", -128, 300);
	EXPECT_FMT(t, "-32768 1", "%hd %hd", 32768, 65537);
	EXPECT_FMT(t, "-5 -7", "%zd %td", (size_t)-5, (ptrdiff_t)-7);
	EXPECT_FMT(t, "+5 -5  5", "%+d %+d % d", 5, -5, 5);
	EXPECT_FMT(t, "+5", "%+ d", 5);
}

static void format_unsigned(struct ht *t)
{
	EXPECT_FMT(t, "4294967295", "%u", UINT_MAX);
	EXPECT_FMT(t, "18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT_FMT(t, "ff FF 0xff 0XFF", "%x %X %#x %#X", 255, 255, 255, 255);
	EXPECT_FMT(t, "0 0", "%#x %#o", 0, 0);
	EXPECT_FMT(t, "777 0777", "%o %#o", 0777, 0777);
	EXPECT_FMT(t, "ffffffffffffffff", "%lx", ~0UL);
	EXPECT_FMT(t, "255 65535", "%hhu %hu", -1, -1);
	EXPECT_FMT(t, "12345 fff", "%zu %tx", (size_t)12345, (ptrdiff_t)0xfff);
	/* '+' and ' ' only apply to signed conversions */
	EXPECT_FMT(t, "7 7", "%+u % x", 7, 7);
}

static void format_width_precision(struct ht *t)
{
	EXPECT_FMT(t, "   42|42   |00042", "%5d|%-5d|%05d", 42, 42, 42);
	EXPECT_FMT(t, "-0042|  -42", "%05d|%5d", -42, -42);
	EXPECT_FMT(t, "  00042", "%7.5d", 42);
	EXPECT_FMT(t, "  042", "%05.3d", 42); /* precision disables '0' */
	EXPECT_FMT(t, "|", "%.0d|", 0);	      /* no digits at all */
	EXPECT_FMT(t, "  |", "%2.0u|", 0);
	EXPECT_FMT(t, "0x00ff", "%#06x", 255);
	EXPECT_FMT(t, "0x0ff", "%#.3x", 255);
	EXPECT_FMT(t, "017", "%#.3o", 017);
	EXPECT_FMT(t, "+0042", "%+05d", 42);
	EXPECT_FMT(t, "42   |", "%-05d|", 42); /* '-' beats '0' */
	EXPECT_FMT(t, "1", "%d", 1);
	EXPECT_FMT(t, "   ab|ab   |abc", "%5.2s|%-5.2s|%.9s", "abcd", "abcd",
		   "abc");
}

static void format_star(struct ht *t)
{
	EXPECT_FMT(t, "   42", "%*d", 5, 42);
	EXPECT_FMT(t, "42   |", "%*d|", -5, 42); /* negative: left */
	EXPECT_FMT(t, "00042", "%.*d", 5, 42);
	EXPECT_FMT(t, "42", "%.*d", -3, 42); /* negative: no precision */
	EXPECT_FMT(t, "  abc", "%*.*s", 5, 3, "abcdef");
	EXPECT_FMT(t, "x", "%.*s", 1, "xyz");
}

static void format_char_string(struct ht *t)
{
	const char *volatile null_str = NULL; /* hidden from the checker */

	EXPECT_FMT(t, "a", "%c", 'a');
	EXPECT_FMT(t, "  a|a  |", "%3c|%-3c|", 'a', 'a');
	EXPECT_FMT(t, "(null)", "%s", null_str);
	EXPECT_FMT(t, "hello world", "%s %s", "hello", "world");
	EXPECT_FMT(t, "   hi|hi   |", "%5s|%-5s|", "hi", "hi");
	EXPECT_FMT(t, "", "%.0s", "abc");
}

/* %s precision must stop reading at the limit: no NUL needed after it. */
static void format_string_precision_reads_no_further(struct ht *t)
{
	char *s = malloc(3);

	HT_ASSERT(t, s);
	memcpy(s, "abc", 3); /* not terminated: ASan catches any over-read */
	EXPECT_FMT(t, "abc", "%.3s", s);
	EXPECT_FMT(t, "ab", "%.2s", s);
	free(s);
}

static void format_lone_and_unknown(struct ht *t)
{
	EXPECT_FMT(t, "abc%", "abc%");
	EXPECT_FMT(t, "%q", "%q");
	EXPECT_FMT(t, "%-5q 7", "%-5q %d", 7);
	EXPECT_FMT(t, "%n", "%n"); /* no writes through arguments, ever */
	EXPECT_FMT(t, "%5", "%5");
}

static void format_pointer(struct ht *t)
{
	EXPECT_FMT(t, "0x0000000000000000", "%p", (void *)0);
	EXPECT_FMT(t, "0xffffffff80001234", "%p", (void *)0xffffffff80001234);
	EXPECT_FMT(t, "0x00000000deadbeef!", "%p!", (void *)0xdeadbeef);
	EXPECT_FMT(t, "  0x0000000000000001", "%20p", (void *)1);
	EXPECT_FMT(t, "0x0000000000000001  |", "%-20p|", (void *)1);
}

static void format_symbol(struct ht *t)
{
	void *in = (void *)(FAKE_SYM_START + 0x10);
	void *out = (void *)(FAKE_SYM_START + FAKE_SYM_SIZE);

	EXPECT_FMT(t, FAKE_SYM_NAME "+0x10/0x80", "%pS", in);
	EXPECT_FMT(t, FAKE_SYM_NAME "+0x0/0x80", "%pS", (void *)FAKE_SYM_START);
	EXPECT_FMT(t, "0xffffffff80101080", "%pS", out);
	EXPECT_FMT(t, "  " FAKE_SYM_NAME "+0x10/0x80|", "%25pS|", in);
	EXPECT_FMT(t, FAKE_SYM_NAME "+0x10/0x80  |", "%-25pS|", in);
	EXPECT_FMT(t, FAKE_SYM_NAME "+0x10/0x80 after", "%pS after", in);
}

/* Bytes past the buffer must stay untouched whatever the size. */
static void format_truncation(struct ht *t)
{
	char buf[16];
	size_t size;
	int n;

	n = ksnprintf(NULL, 0, "%d-%s", 12345, "abc");
	HT_EXPECT_EQ(t, n, 9);
	for (size = 0; size <= 12; size++) {
		memset(buf, '#', sizeof(buf));
		n = ksnprintf(buf, size, "%d-%s", 12345, "abc");
		HT_EXPECT_EQ(t, n, 9);
		HT_EXPECT_EQ(t, buf[size], '#');
		if (size) {
			HT_EXPECT_EQ(t, strlen(buf), MIN(size - 1, 9));
			HT_EXPECT(t, !strncmp(buf, "12345-abc", size - 1));
		} else {
			HT_EXPECT_EQ(t, buf[0], '#');
		}
	}
	/* a huge width is counted, not written */
	n = ksnprintf(buf, sizeof(buf), "%100000d", 1);
	HT_EXPECT_EQ(t, n, 100000);
	HT_EXPECT_EQ(t, strlen(buf), sizeof(buf) - 1);
}

static int call_vformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* kvsnprintf works from a copy: the caller's va_list is still usable. */
static void format_va_list(struct ht *t)
{
	char buf[32];

	HT_EXPECT_EQ(t, call_vformat(buf, sizeof(buf), "%d/%s", 3, "x"), 3);
	HT_EXPECT_STREQ(t, buf, "3/x");
}

/* One random integer conversion and the arguments it needs. */
struct rand_fmt {
	char fmt[64];
	int nstar;
	int star[2];
	bool wide; /* l, ll, z or t: a 64-bit argument */
	long long val;
};

typedef int (*fmt_fn)(char *, size_t, const char *, ...);

static void rand_spec(struct prng *r, struct rand_fmt *f)
{
	static const char *const lens[] = {"", "hh", "h", "l", "ll", "z", "t"};
	static const char convs[] = "diuxXo";
	char spec[32], *p = spec;
	int li = (int)prng_below(r, ARRAY_SIZE(lens));
	const char *fl;

	for (fl = "-0+ #"; *fl; fl++)
		if (prng_below(r, 4) == 0)
			*p++ = *fl;
	f->nstar = 0;
	if (prng_below(r, 3) == 0) {
		*p++ = '*';
		f->star[f->nstar++] = (int)prng_below(r, 61) - 30;
	} else if (prng_below(r, 2)) {
		p += sprintf(p, "%d", (int)prng_below(r, 30));
	}
	if (prng_below(r, 4) == 0) {
		*p++ = '.';
		*p++ = '*';
		f->star[f->nstar++] = (int)prng_below(r, 61) - 30;
	} else if (prng_below(r, 2)) {
		p += sprintf(p, ".%d", (int)prng_below(r, 25) - 1);
		if (p[-1] == '1' && p[-2] == '-') /* "%.-1": make it "." */
			p -= 2;
	}
	p += sprintf(p, "%s%c", lens[li], convs[prng_below(r, 6)]);
	f->wide = li >= 3;
	snprintf(f->fmt, sizeof(f->fmt), "<%s>", spec);
}

/* Random value with every magnitude equally likely, edge values often. */
static long long rand_value(struct prng *r)
{
	static const long long edges[] = {
		0, 1, -1, LLONG_MIN, LLONG_MAX, INT_MIN, INT_MAX, 255, 256};
	u64 v = prng_next(r);

	if (prng_below(r, 8) == 0)
		return edges[prng_below(r, ARRAY_SIZE(edges))];
	return (long long)(v >> prng_below(r, 64));
}

static int call_rand(fmt_fn fn, char *buf, size_t size,
		     const struct rand_fmt *f)
{
	int a = f->star[0], b = f->star[1];
	long long w = f->val;
	int v = (int)f->val;

	switch (f->nstar * 2 + f->wide) {
	case 0:
		return fn(buf, size, f->fmt, v);
	case 1:
		return fn(buf, size, f->fmt, w);
	case 2:
		return fn(buf, size, f->fmt, a, v);
	case 3:
		return fn(buf, size, f->fmt, a, w);
	case 4:
		return fn(buf, size, f->fmt, a, b, v);
	default:
		return fn(buf, size, f->fmt, a, b, w);
	}
}

static void format_random_ints_match_libc(struct ht *t)
{
	struct prng r;
	int i, bad = 0;

	prng_seed(&r, 0x5eed);
	for (i = 0; i < 200000 && bad < 10; i++) {
		char want[128], got[128];
		size_t size =
			prng_below(&r, 4) ? sizeof(want) : prng_below(&r, 12);
		struct rand_fmt f;
		int nw, ng;

		rand_spec(&r, &f);
		f.val = rand_value(&r);
		memset(want, 0, sizeof(want));
		memset(got, 0, sizeof(got));
		nw = call_rand(snprintf, want, size, &f);
		ng = call_rand(ksnprintf, got, size, &f);
		if (nw != ng || memcmp(want, got, sizeof(want))) {
			bad++;
			ht_fail(t, __FILE__, __LINE__,
				"fmt %s stars %d,%d val %lld size %zu: libc %d "
				"\"%s\", ours %d \"%s\"",
				f.fmt, f.star[0], f.star[1], f.val, size, nw,
				want, ng, got);
		}
	}
}

static void format_random_strings_match_libc(struct ht *t)
{
	static const char *const strs[] = {"", "a", "hello", "much longer"};
	struct prng r;
	int i, bad = 0;

	prng_seed(&r, 42);
	for (i = 0; i < 50000 && bad < 10; i++) {
		char fmt[32], want[64], got[64];
		const char *s = strs[prng_below(&r, ARRAY_SIZE(strs))];
		int c = 'a' + (int)prng_below(&r, 26);
		const char *minus = prng_below(&r, 2) ? "-" : "";
		int width = (int)prng_below(&r, 15);
		int prec = (int)prng_below(&r, 15) - 3;
		int nw, ng;

		snprintf(fmt, sizeof(fmt), "[%%%s%d.*s|%%%s%dc]", minus, width,
			 minus, width);
		nw = snprintf(want, sizeof(want), fmt, prec, s, c);
		ng = ksnprintf(got, sizeof(got), fmt, prec, s, c);
		if (nw != ng || strcmp(want, got)) {
			bad++;
			ht_fail(t, __FILE__, __LINE__,
				"fmt %s: \"%s\" vs \"%s\"", fmt, want, got);
		}
	}
}

static const struct ht_case cases[] = {
	HT_CASE(format_literals),
	HT_CASE(format_signed),
	HT_CASE(format_unsigned),
	HT_CASE(format_width_precision),
	HT_CASE(format_star),
	HT_CASE(format_char_string),
	HT_CASE(format_string_precision_reads_no_further),
	HT_CASE(format_lone_and_unknown),
	HT_CASE(format_pointer),
	HT_CASE(format_symbol),
	HT_CASE(format_truncation),
	HT_CASE(format_va_list),
	HT_CASE(format_random_ints_match_libc),
	HT_CASE(format_random_strings_match_libc),
};

HT_MAIN(cases, printk_capture_reset)

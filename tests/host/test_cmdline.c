/*
 * Host tests of kernel/cmdline.c: shell-like splitting and quoting, the
 * integer, boolean and CPU-list parsers, the getters' defaults and their
 * one-line warnings, unknown keys, and too many or too long arguments.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/cmdline.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

/* Argument @i of @cl is @k with value @v (NULL: a bare flag). */
static void expect_arg(struct ht *t, int line, const struct cmdline *cl, int i,
		       const char *k, const char *v)
{
	const struct cmdline_arg *a = &cl->args[i];

	if (i >= cl->nargs)
		ht_fail(t, __FILE__, line, "only %d arguments", cl->nargs);
	else if (strcmp(a->key, k))
		ht_fail(t, __FILE__, line, "key '%s', want '%s'", a->key, k);
	else if (!v != !a->val || (v && strcmp(a->val, v)))
		ht_fail(t, __FILE__, line, "value '%s', want '%s'",
			a->val ? a->val : "(flag)", v ? v : "(flag)");
}

/* Each case parses into its own struct, never into boot_cmdline. */
#define EXPECT_ARG(t, cl, i, k, v) expect_arg(t, __LINE__, cl, i, k, v)

static void cmdline_split_plain(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	HT_EXPECT_EQ(t, cmdline_parse(&cl, "  mode=test quiet  cpus=4 "), 3);
	EXPECT_ARG(t, &cl, 0, "mode", "test");
	EXPECT_ARG(t, &cl, 1, "quiet", NULL);
	EXPECT_ARG(t, &cl, 2, "cpus", "4");
	HT_EXPECT_EQ(t, cmdline_parse(&cl, "a=\tb=1\nc=x=y\r"), 3);
	EXPECT_ARG(t, &cl, 0, "a", "");
	EXPECT_ARG(t, &cl, 1, "b", "1");
	EXPECT_ARG(t, &cl, 2, "c", "x=y"); /* split at the first '=' */
	HT_EXPECT_EQ(t, cmdline_parse(&cl, ""), 0);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, "   "), 0);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, NULL), 0);
	HT_EXPECT_EQ(t, printk_count(), 0);
}

static void cmdline_quotes_anywhere(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	HT_EXPECT_EQ(t,
		     cmdline_parse(&cl, "exec=\"a; b\" \"exec=a; b\" "
					"'x=1 2' a\"b c\"d q=\"it's\" "
					"s='say \"hi\"' e=\"\" \"\" ''"),
		     7);
	EXPECT_ARG(t, &cl, 0, "exec", "a; b");
	EXPECT_ARG(t, &cl, 1, "exec", "a; b");
	EXPECT_ARG(t, &cl, 2, "x", "1 2");
	EXPECT_ARG(t, &cl, 3, "ab cd", NULL);
	EXPECT_ARG(t, &cl, 4, "q", "it's");
	EXPECT_ARG(t, &cl, 5, "s", "say \"hi\"");
	EXPECT_ARG(t, &cl, 6, "e", "");
	HT_EXPECT_EQ(t, printk_count(), 0);
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "exec", "none"), "a; b");
}

/* GRUB hands over quotes and backslashes escaped: "exec=echo it\'s" */
static void cmdline_backslash_escapes(struct ht *t)
{
	static struct cmdline cl;

	HT_EXPECT_EQ(t, cmdline_parse(&cl, "\"exec=echo it\\'s\" p=a\\\\b"), 2);
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "exec", ""), "echo it's");
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "p", ""), "a\\b");
	/* inside single quotes a backslash is just a byte */
	HT_EXPECT_EQ(t, cmdline_parse(&cl, "q='a\\b'"), 1);
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "q", ""), "a\\b");
	HT_EXPECT_EQ(t, printk_count(), 0);
}

/* limits are part of a value's validity: out of range warns, uses def */
static void cmdline_int_range_limits(struct ht *t)
{
	static struct cmdline cl;

	printk_capture_reset();
	cmdline_parse(&cl, "maxcpus=-1 hz=20 lvl=9 big=1K");
	HT_EXPECT_EQ(t, cmdline_get_int_range(&cl, "maxcpus", 64, 1, 64), 64);
	HT_EXPECT(t,
		  printk_warned("bad value '-1' for maxcpus, using default 64 "
				"(outside 1..64)"));
	HT_EXPECT_EQ(t, cmdline_get_int_range(&cl, "hz", 250, 10, 10000), 20);
	HT_EXPECT_EQ(t, cmdline_get_int_range(&cl, "lvl", 7, 0, 8), 7);
	HT_EXPECT_EQ(t, cmdline_get_int_range(&cl, "big", 0, 0, 1024), 1024);
	HT_EXPECT_EQ(t, cmdline_get_int_range(&cl, "absent", 3, 5, 9), 3);
	HT_EXPECT_EQ(t, printk_warn_count(), 2);
}

static void cmdline_unterminated_quote(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	HT_EXPECT_EQ(t, cmdline_parse(&cl, "a=1 exec=\"ls; echo hi"), 2);
	EXPECT_ARG(t, &cl, 1, "exec", "ls; echo hi"); /* runs to the end */
	HT_EXPECT(t,
		  printk_warned(
			  "cmdline: unterminated quote in 'exec=ls; echo hi'"));
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	HT_EXPECT(t, printk_all_one_line());
}

static void cmdline_int_values(struct ht *t)
{
	static const struct {
		const char *s;
		s64 v;
	} good[] = {
		{"0", 0},
		{"42", 42},
		{"-42", -42},
		{"+7", 7},
		{"010", 10}, /* decimal: no octal surprise */
		{"0x1F", 31},
		{"0XfF", 255},
		{"-0x10", -16},
		{"4k", 4096},
		{"4K", 4096},
		{"2m", 2 << 20},
		{"3G", 3LL << 30},
		{"1t", 1LL << 40},
		{"0x10K", 16384},
		{"-1K", -1024},
		{"-0", 0},
		{"9223372036854775807", INT64_MAX},
		{"-9223372036854775808", INT64_MIN},
		{"8388607T", 8388607LL << 40},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		s64 v = 12345;
		bool ok = cmdline_parse_int(good[i].s, &v);

		HT_EXPECT_MSG(t, ok && v == good[i].v, "'%s' gave %d, %lld",
			      good[i].s, ok, (long long)v);
	}
	HT_EXPECT_EQ(t, printk_count(), 0); /* the parser itself is silent */
}

static void cmdline_int_rejects(struct ht *t)
{
	static const char *const bad[] = {
		"",
		"-",
		"+",
		"x",
		"0x",
		"0xg",
		"12abc",
		"1KB",
		"1K2",
		"1 ",
		" 1",
		"1.5",
		"--1",
		"+-1",
		"1P",
		"k",
		"9223372036854775808",	/* INT64_MAX + 1 */
		"-9223372036854775809", /* INT64_MIN - 1 */
		"18446744073709551616", /* overflows u64 */
		"0x10000000000000000",
		"8388608T",
		"16777216T",
		"99999999999999999999999",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		s64 v = 777;

		HT_EXPECT_MSG(t, !cmdline_parse_int(bad[i], &v) && v == 777,
			      "'%s' accepted as %lld", bad[i], (long long)v);
	}
}

static void cmdline_get_int_warns_once(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	cmdline_parse(&cl, "smp_test_cpus=x big=1E n=12 flag");
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "smp_test_cpus", 8), 8);
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "smp_test_cpus", 8), 8);
	HT_EXPECT_EQ(t,
		     printk_warned_count("cmdline: bad value 'x' for "
					 "smp_test_cpus, using default 8"),
		     1);
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "big", -1), -1);
	HT_EXPECT(t, printk_warned("bad value '1E' for big, using default -1"));
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "n", 0), 12);
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "absent", 5), 5);
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "flag", 3), 3);
	HT_EXPECT(t, printk_warned("cmdline: missing value for flag, using "
				   "default 3"));
	HT_EXPECT_EQ(t, printk_warn_count(), 3);
	HT_EXPECT(t, printk_all_one_line());
	/* parsing again forgets what was warned about */
	cmdline_parse(&cl, "smp_test_cpus=y");
	cmdline_get_int(&cl, "smp_test_cpus", 8);
	HT_EXPECT(t, printk_warned("bad value 'y' for smp_test_cpus"));
}

static void cmdline_bools(struct ht *t)
{
	static const char *const yes[] = {"1", "y", "Y", "yes", "On", "TRUE"};
	static const char *const no[] = {"0", "n", "NO", "off", "false"};
	static const char *const bad[] = {"", "2", "yess", "of", "nope"};
	struct cmdline cl = {.nargs = 0};
	size_t i;
	bool v;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		HT_EXPECT_MSG(t, cmdline_parse_bool(yes[i], &v) && v, "%s",
			      yes[i]);
	for (i = 0; i < ARRAY_SIZE(no); i++)
		HT_EXPECT_MSG(t, cmdline_parse_bool(no[i], &v) && !v, "%s",
			      no[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		HT_EXPECT_MSG(t, !cmdline_parse_bool(bad[i], &v), "%s", bad[i]);
	cmdline_parse(&cl, "debug smp=off acpi=maybe");
	HT_EXPECT(t, cmdline_get_bool(&cl, "debug", false));
	HT_EXPECT(t, !cmdline_get_bool(&cl, "smp", true));
	HT_EXPECT(t, cmdline_get_bool(&cl, "acpi", true));
	HT_EXPECT(t, !cmdline_get_bool(&cl, "absent", false));
	HT_EXPECT(t, printk_warned("cmdline: bad value 'maybe' for acpi, "
				   "using default true"));
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
}

static void cmdline_cpulists(struct ht *t)
{
	u64 m = 0;

	HT_EXPECT(t, cmdline_parse_cpulist("1-3,5,7", &m, 8) && m == 0xae);
	HT_EXPECT(t, cmdline_parse_cpulist("0", &m, 1) && m == 1);
	HT_EXPECT(t, cmdline_parse_cpulist("0-63", &m, 64) && m == ~0ULL);
	HT_EXPECT(t, cmdline_parse_cpulist("63", &m, 64) && m == 1ULL << 63);
	HT_EXPECT(t, cmdline_parse_cpulist("2-2", &m, 8) && m == 4);
	/* duplicates and overlaps are harmless */
	HT_EXPECT(t, cmdline_parse_cpulist("1,1,0-2,2", &m, 8) && m == 7);
	HT_EXPECT(t, cmdline_parse_cpulist("0-99", &m, 200) == false);
}

static void cmdline_cpulist_rejects(struct ht *t)
{
	static const char *const bad[] = {
		"",    "3-1", "1,,2",  "99",
		"8",   "1,",  ",1",    "a",
		"1-",  "-1",  "1-a",   "1 2",
		"1;2", "0x1", "1-2-3", "99999999999999999999"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u64 m = 0x55;

		HT_EXPECT_MSG(
			t, !cmdline_parse_cpulist(bad[i], &m, 8) && m == 0x55,
			"'%s' accepted as 0x%llx", bad[i],
			(unsigned long long)m);
	}
	HT_EXPECT(t, !cmdline_parse_cpulist("0", &(u64){0}, 0));
}

static void cmdline_get_cpulist_warns(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};
	u64 m = 1;

	cmdline_parse(&cl, "a=3-1 b=1,,2 c=99 d=0,2 e");
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "a", &m, 8) && m == 1);
	HT_EXPECT(t, printk_warned("cmdline: bad value '3-1' for a, using "
				   "default 0x1 (range 3-1 is backwards)"));
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "b", &m, 8) && m == 1);
	HT_EXPECT(t, printk_warned("'1,,2' for b, using default 0x1 (empty"));
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "c", &m, 8) && m == 1);
	HT_EXPECT(t, printk_warned("(CPU 99 is not below 8)"));
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "e", &m, 8) && m == 1);
	HT_EXPECT(t, printk_warned("missing value for e"));
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "absent", &m, 8) && m == 1);
	HT_EXPECT(t, cmdline_get_cpulist(&cl, "d", &m, 8) && m == 5);
	HT_EXPECT_EQ(t, printk_warn_count(), 4);
	HT_EXPECT(t, printk_all_one_line());
}

/* Found by fuzzing: a control byte in a key, or where a CPU list expects
 * a comma, went into the warning as it was and broke it over two lines. */
static void cmdline_warnings_stay_one_line(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};
	u64 m = 1;

	cmdline_parse(&cl, "'a\nb' c=\"1\n\"");
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "a\nb", 5), 5);
	HT_EXPECT(t, printk_warned("missing value for a?b, using default 5"));
	HT_EXPECT(t, !cmdline_get_cpulist(&cl, "c", &m, 8) && m == 1);
	HT_EXPECT(t, printk_warned("'1?' for c, using default 0x1 "
				   "(unexpected '?')"));
	HT_EXPECT_EQ(t, printk_warn_count(), 2);
	HT_EXPECT(t, printk_all_one_line());
}

static void cmdline_duplicates_last_wins(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	cmdline_parse(&cl, "n=1 s=first n=2 s=second flag n=3");
	HT_EXPECT_EQ(t, cmdline_get_int(&cl, "n", 0), 3);
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "s", NULL), "second");
	HT_EXPECT(t, cmdline_has(&cl, "flag"));
	HT_EXPECT(t, !cmdline_has(&cl, "fla"));
	HT_EXPECT(t, !cmdline_has(&cl, "flags"));
	HT_EXPECT_EQ(t, printk_count(), 0);
}

static void cmdline_strings(struct ht *t)
{
	struct cmdline cl = {.nargs = 0};

	cmdline_parse(&cl, "exec name=pagelab empty=");
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "name", "x"), "pagelab");
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "empty", "x"), "");
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "absent", "x"), "x");
	HT_EXPECT(t, cmdline_get_str(&cl, "absent", NULL) == NULL);
	HT_EXPECT_STREQ(t, cmdline_get_str(&cl, "exec", "sh"), "sh");
	HT_EXPECT(t, printk_warned("cmdline: missing value for exec, using "
				   "default 'sh'"));
}

static void cmdline_unknown_keys(struct ht *t)
{
	static const struct cmdline_key known[] = {
		{"mode", "run mode"},
		{"test", "suite glob"},
		{"cpus", "CPU count"},
	};
	struct cmdline cl = {.nargs = 0};

	cmdline_parse(&cl, "mode=test foo cpus=2 bar=1 foo \"we\nird\"=1");
	HT_EXPECT_EQ(t, cmdline_check_known(&cl, known, known + 3), 4);
	HT_EXPECT_EQ(t,
		     printk_warned_count("cmdline: unknown key 'foo' "
					 "(ignored)"),
		     2);
	HT_EXPECT(t, printk_warned("cmdline: unknown key 'bar' (ignored)"));
	HT_EXPECT(t, printk_warned("cmdline: unknown key 'we?ird' (ignored)"));
	HT_EXPECT(t, printk_all_one_line());
	printk_capture_reset();
	cmdline_parse(&cl, "mode=shell");
	HT_EXPECT_EQ(t, cmdline_check_known(&cl, known, known + 3), 0);
	HT_EXPECT_EQ(t, cmdline_check_known(&cl, known, known), 1);
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
}

static void cmdline_too_many_args(struct ht *t)
{
	char line[CMDLINE_MAX];
	struct cmdline cl = {.nargs = 0};
	int i, len = 0;

	for (i = 0; i < CMDLINE_MAX_ARGS + 6; i++)
		len += snprintf(line + len, sizeof(line) - len, "a%d=%d ", i,
				i);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), CMDLINE_MAX_ARGS);
	EXPECT_ARG(t, &cl, 63, "a63", "63");
	HT_EXPECT(t, printk_warned("cmdline: too many arguments (max 64), "
				   "ignoring from 'a64=64 a65=65"));
	HT_EXPECT_EQ(t, printk_warn_count(), 1);
	HT_EXPECT(t, printk_all_one_line());
}

/* A line of @n bytes: "k0=v k1=v ..." padded at the end with 'z'. */
static void long_line(char *buf, size_t n)
{
	size_t len = 0;
	int i;

	for (i = 0; len + 16 < n && i < 40; i++)
		len += (size_t)sprintf(buf + len, "k%d=v ", i);
	memset(buf + len, 'z', n - len);
	buf[n] = '\0';
}

static void cmdline_too_long(struct ht *t)
{
	static char line[3 * CMDLINE_MAX];
	struct cmdline cl = {.nargs = 0};
	int n;

	/* exactly the maximum: kept whole, no warning */
	long_line(line, CMDLINE_MAX - 1);
	n = cmdline_parse(&cl, line);
	HT_EXPECT_STREQ(t, cl.args[n - 1].key, strrchr(line, ' ') + 1);
	HT_EXPECT_EQ(t, printk_count(), 0);
	/* one byte more: the cut argument is dropped, not misread */
	long_line(line, CMDLINE_MAX);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), n - 1);
	HT_EXPECT(t, printk_warned("cmdline: line too long (1024 bytes, max "
				   "1023), ignoring from 'zzz"));
	/* a cut at a space loses only what follows */
	printk_capture_reset();
	memset(line, ' ', sizeof(line) - 1);
	memcpy(line, "a=1", 3);
	memcpy(line + CMDLINE_MAX + 10, "b=\"2 3\"", 7);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), 1);
	HT_EXPECT(t, printk_warned("ignoring from 'b=\"2 3\""));
	HT_EXPECT_EQ(t, printk_warn_count(), 1); /* no quote complaint */
	/* where the loss began, so exec= lost there can fail the boot */
	HT_EXPECT(t, cl.truncated);
	HT_EXPECT_EQ(t, cl.lost_from, CMDLINE_MAX + 10);
	/* trailing spaces past the limit lose nothing: no warning */
	printk_capture_reset();
	line[CMDLINE_MAX + 10] = ' ';
	memset(line + CMDLINE_MAX, ' ', 20);
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), 1);
	HT_EXPECT_EQ(t, printk_count(), 0);
	HT_EXPECT(t, !cl.truncated);
}

/* Arguments as long as the buffer allows still fit with their NULs. */
static void cmdline_buffer_worst_case(struct ht *t)
{
	static char line[CMDLINE_MAX];
	struct cmdline cl = {.nargs = 0};
	int i;

	memset(line, 'x', CMDLINE_MAX - 1);
	line[CMDLINE_MAX - 1] = '\0';
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), 1);
	HT_EXPECT_EQ(t, strlen(cl.args[0].key), CMDLINE_MAX - 1);
	for (i = 0; i < CMDLINE_MAX - 1; i++)
		line[i] = i % 16 == 15 ? ' ' : 'y';
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), 64);
	HT_EXPECT_EQ(t, strlen(cl.args[63].key), 15);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
	HT_EXPECT(t, !cl.truncated);
	/* a 65th argument is lost, and where it began is recorded */
	for (i = 0; i < 64; i++)
		memcpy(line + 2 * i, "a ", 2);
	strcpy(line + 128, "exec=x");
	HT_EXPECT_EQ(t, cmdline_parse(&cl, line), 64);
	HT_EXPECT(t, cl.truncated);
	HT_EXPECT_EQ(t, cl.lost_from, 128);
}

static const struct ht_case cases[] = {
	HT_CASE(cmdline_split_plain),
	HT_CASE(cmdline_quotes_anywhere),
	HT_CASE(cmdline_backslash_escapes),
	HT_CASE(cmdline_int_range_limits),
	HT_CASE(cmdline_unterminated_quote),
	HT_CASE(cmdline_int_values),
	HT_CASE(cmdline_int_rejects),
	HT_CASE(cmdline_get_int_warns_once),
	HT_CASE(cmdline_bools),
	HT_CASE(cmdline_cpulists),
	HT_CASE(cmdline_cpulist_rejects),
	HT_CASE(cmdline_get_cpulist_warns),
	HT_CASE(cmdline_warnings_stay_one_line),
	HT_CASE(cmdline_duplicates_last_wins),
	HT_CASE(cmdline_strings),
	HT_CASE(cmdline_unknown_keys),
	HT_CASE(cmdline_too_many_args),
	HT_CASE(cmdline_too_long),
	HT_CASE(cmdline_buffer_worst_case),
};

HT_MAIN(cases, printk_capture_reset)

/*
 * ktest suite "cmdline": the command-line parser built into the kernel.
 * Each case parses its own line into a private struct, never boot_cmdline.
 * The getters' warnings about deliberately bad values appear on the console.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "lib/string.h"

/* struct cmdline is 2 KiB: too big for a test's stack. Cases run one by one. */
static struct cmdline test_cl;

static void cmdline_split_and_quotes(struct ktest *t)
{
	struct cmdline *cl = &test_cl;

	KEXPECT_EQ(t,
		   cmdline_parse(cl, " exec=\"a; b\" \"x=1 2\" flag "
				     "q='it\"s' e= "),
		   5);
	KEXPECT_STREQ(t, cl->args[0].key, "exec");
	KEXPECT_STREQ(t, cl->args[0].val, "a; b");
	KEXPECT_STREQ(t, cl->args[1].key, "x");
	KEXPECT_STREQ(t, cl->args[1].val, "1 2");
	KEXPECT_STREQ(t, cl->args[2].key, "flag");
	KEXPECT_TRUE(t, cl->args[2].val == NULL);
	KEXPECT_STREQ(t, cl->args[3].val, "it\"s");
	KEXPECT_STREQ(t, cl->args[4].val, "");
	KEXPECT_EQ(t, cmdline_parse(cl, ""), 0);
}

static void cmdline_integers(struct ktest *t)
{
	static const char *const bad[] = {
		"",	    "x", "0x", "12abc", "1KB", "9223372036854775808",
		"16777216T"};
	s64 v = 0;
	size_t i;

	KEXPECT_TRUE(t, cmdline_parse_int("-42", &v) && v == -42);
	KEXPECT_TRUE(t, cmdline_parse_int("0x1f", &v) && v == 31);
	KEXPECT_TRUE(t, cmdline_parse_int("64K", &v) && v == 65536);
	KEXPECT_TRUE(t, cmdline_parse_int("2g", &v) && v == 2LL << 30);
	KEXPECT_TRUE(t, cmdline_parse_int("-9223372036854775808", &v) &&
				v == INT64_MIN);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 5;
		KEXPECT_FALSE(t, cmdline_parse_int(bad[i], &v));
		KEXPECT_EQ(t, v, 5);
	}
}

static void cmdline_booleans(struct ktest *t)
{
	bool v = false;

	KEXPECT_TRUE(t, cmdline_parse_bool("yes", &v) && v);
	KEXPECT_TRUE(t, cmdline_parse_bool("Off", &v) && !v);
	KEXPECT_TRUE(t, cmdline_parse_bool("1", &v) && v);
	KEXPECT_FALSE(t, cmdline_parse_bool("maybe", &v));
	cmdline_parse(&test_cl, "debug smp=n");
	KEXPECT_TRUE(t, cmdline_get_bool(&test_cl, "debug", false));
	KEXPECT_FALSE(t, cmdline_get_bool(&test_cl, "smp", true));
	KEXPECT_TRUE(t, cmdline_get_bool(&test_cl, "absent", true));
}

static void cmdline_cpulists(struct ktest *t)
{
	static const char *const bad[] = {"3-1", "1,,2", "99", "", "1,", "a"};
	u64 m = 0;
	size_t i;

	KEXPECT_TRUE(t, cmdline_parse_cpulist("1-3,5,7", &m, 8));
	KEXPECT_EQ(t, m, 0xae);
	KEXPECT_TRUE(t, cmdline_parse_cpulist("0-63", &m, 64));
	KEXPECT_TRUE(t, m == ~0ULL);
	KEXPECT_TRUE(t, cmdline_parse_cpulist("2,2,1-2", &m, 4));
	KEXPECT_EQ(t, m, 6);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		m = 1;
		KEXPECT_FALSE(t, cmdline_parse_cpulist(bad[i], &m, 8));
		KEXPECT_EQ(t, m, 1);
	}
}

/* Bad or missing values give the default; a later duplicate wins. */
static void cmdline_getters(struct ktest *t)
{
	struct cmdline *cl = &test_cl;
	u64 mask = 1;

	cmdline_parse(cl, "n=1 n=0x20 bad=zz cpus=0-2 badcpus=3-1 s=str f");
	KEXPECT_EQ(t, cmdline_get_int(cl, "n", 0), 32);
	ktest_log(t, "two warnings about bad values are expected next");
	KEXPECT_EQ(t, cmdline_get_int(cl, "bad", 7), 7);
	KEXPECT_EQ(t, cmdline_get_int(cl, "absent", -3), -3);
	KEXPECT_TRUE(t, cmdline_get_cpulist(cl, "cpus", &mask, 8));
	KEXPECT_EQ(t, mask, 7);
	KEXPECT_FALSE(t, cmdline_get_cpulist(cl, "badcpus", &mask, 8));
	KEXPECT_EQ(t, mask, 7);
	KEXPECT_STREQ(t, cmdline_get_str(cl, "s", "def"), "str");
	KEXPECT_STREQ(t, cmdline_get_str(cl, "absent", "def"), "def");
	KEXPECT_TRUE(t, cmdline_has(cl, "f"));
	KEXPECT_FALSE(t, cmdline_has(cl, "absent"));
}

static void cmdline_limits(struct ktest *t)
{
	static char line[CMDLINE_MAX + 200];
	size_t i;

	/* 100 one-letter flags: only CMDLINE_MAX_ARGS are kept */
	for (i = 0; i < 200; i++)
		line[i] = i % 2 ? ' ' : 'a';
	line[200] = '\0';
	ktest_log(t, "warnings about too many arguments and too long a line "
		     "are expected next");
	KEXPECT_EQ(t, cmdline_parse(&test_cl, line), CMDLINE_MAX_ARGS);
	/* one argument longer than the buffer: cut, so dropped whole */
	memset(line, 'b', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	KEXPECT_EQ(t, cmdline_parse(&test_cl, line), 0);
}

static void cmdline_unknown_keys(struct ktest *t)
{
	static const struct cmdline_key known[] = {
		{"mode", "run mode"},
		{"test", "which tests"},
	};

	cmdline_parse(&test_cl, "mode=test test=format");
	KEXPECT_EQ(t, cmdline_check_known(&test_cl, known, known + 2), 0);
	cmdline_parse(&test_cl, "mode=test bogus other=1");
	ktest_log(t, "two unknown-key warnings are expected next");
	KEXPECT_EQ(t, cmdline_check_known(&test_cl, known, known + 2), 2);
}

static const struct ktest_case cmdline_cases[] = {
	KTEST_CASE(cmdline_split_and_quotes), KTEST_CASE(cmdline_integers),
	KTEST_CASE(cmdline_booleans),	      KTEST_CASE(cmdline_cpulists),
	KTEST_CASE(cmdline_getters),	      KTEST_CASE(cmdline_limits),
	KTEST_CASE(cmdline_unknown_keys),     {NULL, NULL},
};

KTEST_SUITE(cmdline, .cases = cmdline_cases);

/*
 * Host tests of the shell's text handling and line editor: cutting lines
 * at ';' and '|' outside quotes, splitting words with a clear error for
 * too many or an open quote, strict number checks (no "1K", no silent
 * truncation of 4294967296), and every editing key, history and the
 * full-line message, driven one byte at a time as from a terminal.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/shell_edit.h"
#include "kernel/shell_parse.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

static void shell_cut_respects_quotes(struct ht *t)
{
	char line[] = "echo \"a;b\"; echo 'c;d' ;x";
	char *next = shell_cut(line, ';');

	HT_EXPECT_STREQ(t, line, "echo \"a;b\"");
	HT_EXPECT_STREQ(t, next, " echo 'c;d' ;x");
	next = shell_cut(next, ';');
	HT_EXPECT_STREQ(t, next, "x");
	HT_EXPECT(t, shell_cut(next, ';') == NULL);
}

static void shell_split_quotes_and_limits(struct ht *t)
{
	char line[] = "  alloc  \"a b\" c'd e'f  ", many[128], open[] = "x \"y";
	char *argv[16], why[SHELL_WHY_MAX];

	HT_EXPECT_EQ(t, shell_split_words(line, argv, 16, why), 3);
	HT_EXPECT_STREQ(t, argv[0], "alloc");
	HT_EXPECT_STREQ(t, argv[1], "a b");
	HT_EXPECT_STREQ(t, argv[2], "cd ef");
	strcpy(many, "w 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19");
	HT_EXPECT_EQ(t, shell_split_words(many, argv, 16, why), -1);
	HT_EXPECT_STREQ(t, why, "too many words: 20, the most is 16");
	HT_EXPECT_EQ(t, shell_split_words(open, argv, 16, why), -1);
	HT_EXPECT_STREQ(t, why, "unterminated quote in 'y'");
}

static void shell_numbers_are_strict(struct ht *t)
{
	char why[SHELL_WHY_MAX];
	s64 v = -1;

	HT_EXPECT(t, shell_parse_num("order", "10", 0, 10, &v, why));
	HT_EXPECT_EQ(t, v, 10);
	HT_EXPECT(t, shell_parse_num("pfn", "0x1f", 0, 100, &v, why));
	HT_EXPECT_EQ(t, v, 31);
	HT_EXPECT(t, !shell_parse_num("order", "4294967296", 0, 10, &v, why));
	HT_EXPECT_STREQ(t, why,
			"order 4294967296 is above the largest order, 10");
	HT_EXPECT(t, !shell_parse_num("order", "1K", 0, 10, &v, why));
	HT_EXPECT_STREQ(t, why,
			"order '1K' is not a whole number (decimal, "
			"or hex after 0x)");
	HT_EXPECT(t, !shell_parse_num("count", "0", 1, 256, &v, why));
	HT_EXPECT_STREQ(t, why, "count 0 is below the smallest count, 1");
	HT_EXPECT(t, !shell_parse_num("id", "99999999999999999999", 0, 5, &v,
				      why));
	HT_EXPECT_STREQ(t, why, "id 99999999999999999999 is far too large");
	HT_EXPECT(t, !shell_parse_num("id", "", 0, 5, &v, why));
	HT_EXPECT(t, !shell_parse_num("id", "0x", 0, 5, &v, why));
	HT_EXPECT_EQ(t, v, 31); /* untouched by failures */
	HT_EXPECT(t, shell_opt_val("zone=dma", "zone") != NULL);
	HT_EXPECT(t, shell_opt_val("zones=dma", "zone") == NULL);
}

/* The editor's output, kept to check the full-line message. */
static char screen[8192];
static size_t screen_len;

static void out(const char *s, size_t n)
{
	if (n > sizeof(screen) - 1 - screen_len)
		n = sizeof(screen) - 1 - screen_len;
	memcpy(screen + screen_len, s, n);
	screen_len += n;
	screen[screen_len] = '\0';
}

static struct shell_edit ed;

/* Feed @keys; return the status after the last byte. */
static enum shell_edit_status feed(const char *keys)
{
	enum shell_edit_status st = SHELL_EDIT_MORE;

	while (*keys)
		st = shell_edit_key(&ed, (unsigned char)*keys++);
	return st;
}

static void begin(void)
{
	ed.prompt = "> ";
	ed.out = out;
	screen_len = 0;
	shell_edit_begin(&ed);
}

static void shell_edit_keys(struct ht *t)
{
	begin();
	HT_EXPECT_EQ(t, feed("aloc 0\x1b[H\x1b[C\x1b[Cl\r"), SHELL_EDIT_DONE);
	HT_EXPECT_STREQ(t, ed.buf, "alloc 0");
	begin();
	feed("0\x01x \x05 y\r");
	HT_EXPECT_STREQ(t, ed.buf, "x 0 y");
	begin();
	feed("zecho\x1b[1~\x1b[3~\x1b[4~!\r");
	HT_EXPECT_STREQ(t, ed.buf, "echo!");
	begin();
	feed("echo one two\x17three\r");
	HT_EXPECT_STREQ(t, ed.buf, "echo one three");
	begin();
	feed("junk\x15ok\x7f\x7fno\r");
	HT_EXPECT_STREQ(t, ed.buf, "no");
	begin();
	feed("abcdef\x1b[D\x1b[D\x0b\r");
	HT_EXPECT_STREQ(t, ed.buf, "abcd");
	HT_EXPECT_EQ(t, feed("\n"), SHELL_EDIT_MORE); /* the LF of CR LF */
	begin();
	HT_EXPECT_EQ(t, feed("abc\x03"), SHELL_EDIT_CANCEL);
	HT_EXPECT_STREQ(t, ed.buf, "");
	HT_EXPECT(t, strstr(screen, "^C") != NULL);
}

static void shell_edit_history(struct ht *t)
{
	memset(&ed, 0, sizeof(ed));
	shell_history_add(&ed, "first");
	shell_history_add(&ed, "second");
	shell_history_add(&ed, "second"); /* a repeat is kept once */
	shell_history_add(&ed, "");
	HT_EXPECT_EQ(t, ed.hist_total, 2);
	begin();
	feed("draft\x1b[A\x1b[A");
	HT_EXPECT_STREQ(t, ed.buf, "first");
	feed("\x1b[A"); /* nothing older: stays */
	HT_EXPECT_STREQ(t, ed.buf, "first");
	feed("\x1b[B\x1b[B");
	HT_EXPECT_STREQ(t, ed.buf, "draft");
	for (int i = 0; i < SHELL_HISTORY + 5; i++) {
		char line[16];

		snprintf(line, sizeof(line), "cmd %d", i);
		shell_history_add(&ed, line);
	}
	begin();
	for (int i = 0; i < SHELL_HISTORY + 3; i++)
		feed("\x1b[A");
	HT_EXPECT_STREQ(t, ed.buf, "cmd 5"); /* the oldest still kept */
}

static void shell_edit_full_line(struct ht *t)
{
	begin();
	for (int i = 0; i < SHELL_LINE_MAX + 10; i++)
		feed("x");
	HT_EXPECT_EQ(t, ed.len, SHELL_LINE_MAX - 1);
	HT_EXPECT(t, strstr(screen, "shell: the line is full (the most is "
				    "1023 characters)") != NULL);
}

static const struct ht_case cases[] = {
	HT_CASE(shell_cut_respects_quotes),
	HT_CASE(shell_split_quotes_and_limits),
	HT_CASE(shell_numbers_are_strict),
	HT_CASE(shell_edit_keys),
	HT_CASE(shell_edit_history),
	HT_CASE(shell_edit_full_line),
};

HT_MAIN(cases, printk_capture_reset)

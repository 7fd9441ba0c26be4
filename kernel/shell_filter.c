/*
 * Output filters for shell commands (shell_filter.h). Capturing whole and
 * filtering afterwards keeps the console hook trivial and lets `more` wait
 * for a key with no lock held: a command may print under a zone lock.
 */
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_filter.h"
#include "kernel/shell_internal.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"

#define CAPTURE_MAX  (256 * 1024)
#define MORE_DEFAULT 23 /* a 24-line terminal, less the --More-- line */

static char capture_buf[CAPTURE_MAX]; /* shell thread only */
static size_t capture_len, printed;
static bool capturing, capture_cut;

static void output_sink(const char *s, size_t n)
{
	printed += n;
	if (!capturing) {
		console_write(s, n);
		return;
	}
	if (n > CAPTURE_MAX - capture_len) {
		n = CAPTURE_MAX - capture_len;
		capture_cut = true;
	}
	memcpy(capture_buf + capture_len, s, n);
	capture_len += n;
}

bool shell_output_captured(void)
{
	return capturing;
}

void shell_output_begin(bool capture)
{
	capture_len = printed = 0;
	capturing = capture;
	capture_cut = false;
	console_set_capture(output_sink);
}

static const char filter_list[] =
	"head N, tail N, grep WORD, grep -v WORD, more [LINES]";

/* The N of "head N": a line count from 1 up. */
static bool filter_count(int argc, char **argv, s64 def, s64 *n)
{
	char why[SHELL_WHY_MAX];

	*n = def;
	if (argc == 1 && def)
		return true;
	if (argc != 2) {
		kprintf("shell: '%s' takes one number of lines\n", argv[0]);
		return false;
	}
	if (!shell_parse_num("line count", argv[1], 1, 1000000, n, why)) {
		kprintf("shell: %s: %s\n", argv[0], why);
		return false;
	}
	return true;
}

static bool filter_grep(int argc, char **argv, struct shell_filter *f)
{
	bool invert = argc == 3 && !strcmp(argv[1], "-v");

	if (argc != 2 + invert) {
		kprintf("shell: grep takes one WORD (or -v WORD); quote a "
			"word with spaces\n");
		return false;
	}
	f->kind = invert ? FILTER_GREPV : FILTER_GREP;
	f->word = argv[1 + invert];
	return true;
}

bool shell_filter_parse(char *stage, struct shell_filter *f)
{
	char *argv[4], why[SHELL_WHY_MAX];
	int argc = shell_split_words(stage, argv, 3, why);

	if (argc <= 0) {
		kprintf("shell: %s after '|' (filters: %s)\n",
			argc ? why : "nothing", filter_list);
		return false;
	}
	if (!strcmp(argv[0], "head") || !strcmp(argv[0], "tail")) {
		f->kind = argv[0][0] == 'h' ? FILTER_HEAD : FILTER_TAIL;
		return filter_count(argc, argv, 10, &f->n);
	}
	if (!strcmp(argv[0], "grep"))
		return filter_grep(argc, argv, f);
	if (!strcmp(argv[0], "more") || !strcmp(argv[0], "less")) {
		f->kind = FILTER_MORE;
		return filter_count(argc, argv, MORE_DEFAULT, &f->n);
	}
	kprintf("shell: unknown filter '%s' (filters: %s)\n", argv[0],
		filter_list);
	return false;
}

/* The next newline in @s, or NULL. */
static const char *find_nl(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			return s + i;
	return NULL;
}

/* Whether @line (@len bytes, no newline) holds @word. */
static bool line_has(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(line + i, word, n))
			return true;
	return false;
}

static size_t count_lines(void)
{
	size_t n = 0;

	for (size_t i = 0; i < capture_len; i++)
		n += capture_buf[i] == '\n';
	return n + (capture_len && capture_buf[capture_len - 1] != '\n');
}

/* Whether line @idx (of @total) survives filter @f. */
static bool keep_line(const struct shell_filter *f, const char *line,
		      size_t len, size_t idx, size_t total)
{
	switch (f->kind) {
	case FILTER_HEAD:
		return idx < (size_t)f->n;
	case FILTER_TAIL:
		return idx + (size_t)f->n >= total;
	case FILTER_GREP:
		return line_has(line, len, f->word);
	case FILTER_GREPV:
		return !line_has(line, len, f->word);
	case FILTER_MORE:
		break;
	}
	return true;
}

/* Apply @f to the captured text in place, keeping whole lines. */
static void filter_apply(const struct shell_filter *f)
{
	size_t total = count_lines(), idx = 0, out = 0, i = 0;

	while (i < capture_len) {
		const char *nl = find_nl(capture_buf + i, capture_len - i);
		size_t len =
			nl ? (size_t)(nl - capture_buf) - i : capture_len - i;
		size_t with_nl = len + (nl != NULL);

		if (keep_line(f, capture_buf + i, len, idx++, total)) {
			memmove(capture_buf + out, capture_buf + i, with_nl);
			out += with_nl;
		}
		i += with_nl;
	}
	capture_len = out;
}

/* Wait at "--More--". Return: lines to show next, 0 to stop. */
static s64 more_prompt(s64 page)
{
	kprintf("--More-- (Space: next page, Enter: one line, q: quit)");
	for (;;) {
		int c = shell_getc_wait();

		if (c == ' ' || c == '\r' || c == '\n' || c == 'q' ||
		    c == 'Q' || c == 0x03) {
			kprintf("\r\x1b[K");
			if (c == ' ')
				return page;
			return (c == '\r' || c == '\n') ? 1 : 0;
		}
	}
}

/* Print the captured text, @page lines at a time if @page > 0. */
static void print_paged(s64 page)
{
	s64 left = page;
	size_t i = 0;

	while (i < capture_len) {
		const char *nl = find_nl(capture_buf + i, capture_len - i);
		size_t n = nl ? (size_t)(nl - capture_buf) - i + 1
			      : capture_len - i;

		if (page > 0 && left == 0 && !(left = more_prompt(page)))
			return;
		console_write(capture_buf + i, n);
		i += n;
		left--;
	}
}

size_t shell_output_end(const struct shell_filter *f, int nr, bool interactive)
{
	s64 page = 0;

	console_set_capture(NULL);
	if (!capturing)
		return printed;
	capturing = false;
	for (int i = 0; i < nr; i++) {
		if (f[i].kind == FILTER_MORE)
			page = interactive ? f[i].n : 0;
		else
			filter_apply(&f[i]);
	}
	print_paged(page);
	if (capture_cut)
		kprintf("shell: output cut at %d KiB before filtering\n",
			CAPTURE_MAX / 1024);
	return printed;
}

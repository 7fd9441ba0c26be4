/*
 * Output filters for one shell command: `zoneinfo | grep min | head 4`,
 * `vmstat | more`. The command's kprintf output is captured whole, then each
 * filter keeps some of its lines in turn; `more` pages what is left.
 */
#ifndef KERNEL_SHELL_FILTER_H
#define KERNEL_SHELL_FILTER_H

#include "lib/types.h"

#define SHELL_MAX_FILTERS 4

enum shell_filter_kind {
	FILTER_HEAD,  /* head N: the first N lines */
	FILTER_TAIL,  /* tail N: the last N lines */
	FILTER_GREP,  /* grep WORD: lines holding WORD */
	FILTER_GREPV, /* grep -v WORD: lines without WORD */
	FILTER_MORE,  /* more [LINES] (or less): a page at a time */
};

struct shell_filter {
	enum shell_filter_kind kind;
	s64 n;		  /* lines for head, tail and more */
	const char *word; /* for grep */
};

/*
 * shell_filter_parse - one pipeline stage ("grep min") into @f; the text
 * stays referenced. Return: false after printing what is wrong with it.
 */
bool shell_filter_parse(char *stage, struct shell_filter *f);
/*
 * shell_output_begin - start counting (and, with filters, capturing) the
 * calling thread's kprintf output. Context: the shell thread.
 */
void shell_output_begin(bool capture);
/*
 * shell_output_end - stop; run @nr filters over what was captured and
 * print the rest, pausing per page for `more` when @interactive.
 * Return: bytes the command printed.
 */
size_t shell_output_end(const struct shell_filter *f, int nr, bool interactive);
/* Whether the running command's output is being captured for filters. */
bool shell_output_captured(void);

#endif

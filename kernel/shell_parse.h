/*
 * Pure text handling for the shell (host-tested): cutting a line into
 * commands and pipeline stages, splitting a command into words, and
 * checking numbers. Each failure comes back as one sentence in @why, so
 * the caller prints it once, prefixed with the command's name.
 */
#ifndef KERNEL_SHELL_PARSE_H
#define KERNEL_SHELL_PARSE_H

#include "lib/types.h"

#define SHELL_WHY_MAX 128

/*
 * shell_cut - end the piece of @s at the first @sep outside quotes.
 * Double and single quotes both hide separators until the same kind
 * closes them. Return: the text after the separator, or NULL at the end.
 */
char *shell_cut(char *s, char sep);

/*
 * shell_split_words - split @s in place at blanks into at most @max words.
 * Quotes group words and are removed. Return: the number of words, or -1
 * with @why set (unterminated quote, too many words): nothing is dropped.
 */
int shell_split_words(char *s, char **argv, int max, char *why);

/*
 * shell_parse_num - @s as a whole number in [@min, @max]: decimal, or hex
 * after 0x; no size suffix, so "1K" is an error, not 1024. @what names the
 * value in @why ("order 12 is above the largest order, 10").
 * Return: true and *@out set, or false with @why set.
 */
bool shell_parse_num(const char *what, const char *s, s64 min, s64 max,
		     s64 *out, char *why);

/* shell_opt_val - "KEY=VALUE" in @arg for @key: VALUE, else NULL. */
const char *shell_opt_val(const char *arg, const char *key);

#endif

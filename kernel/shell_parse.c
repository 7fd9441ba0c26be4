/*
 * Splitting shell lines and checking numbers (shell_parse.h). Nothing here
 * prints or touches kernel state, so tests/host runs it under ASan.
 * Linux has no shell; this follows what a POSIX shell does with quotes.
 */
#include "kernel/shell_parse.h"
#include "lib/format.h"
#include "lib/string.h"

static bool is_quote(char c)
{
	return c == '"' || c == '\'';
}

char *shell_cut(char *s, char sep)
{
	char quote = 0;

	for (; *s; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
		} else if (is_quote(*s)) {
			quote = *s;
		} else if (*s == sep) {
			*s = '\0';
			return s + 1;
		}
	}
	return NULL;
}

/* Copy one word from *@sp to @out without its quotes; 0 or the open quote. */
static char copy_word(char **sp, char *out)
{
	char *s = *sp, quote = 0;

	for (; *s && (quote || (*s != ' ' && *s != '\t')); s++) {
		if (quote && *s == quote)
			quote = 0;
		else if (!quote && is_quote(*s))
			quote = *s;
		else
			*out++ = *s;
	}
	*sp = *s ? s + 1 : s;
	*out = '\0';
	return quote;
}

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Words left in @s (destroys it): only for the too-many message. */
static int count_words(char *s)
{
	int n = 0;

	for (s = skip_blanks(s); *s; s = skip_blanks(s), n++)
		copy_word(&s, s);
	return n;
}

int shell_split_words(char *s, char **argv, int max, char *why)
{
	int argc = 0;

	for (s = skip_blanks(s); *s; s = skip_blanks(s)) {
		if (argc == max) {
			ksnprintf(why, SHELL_WHY_MAX,
				  "too many words: %d, the most is %d",
				  max + count_words(s), max);
			return -1;
		}
		/* the copy never outruns the reader: quotes only shrink it */
		argv[argc] = s;
		if (copy_word(&s, argv[argc])) {
			ksnprintf(why, SHELL_WHY_MAX,
				  "unterminated quote in '%s'", argv[argc]);
			return -1;
		}
		argc++;
	}
	return argc;
}

/* Digits of @s in base 10, or 16 after 0x; false unless all of @s is. */
static bool parse_digits(const char *s, u64 *out, bool *overflow)
{
	unsigned int base = 10;
	u64 v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		d = khexval(*s);
		if (d < 0 || (unsigned int)d >= base)
			return false;
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			*overflow = true;
		v = v * base + (unsigned int)d;
	}
	*out = v;
	return true;
}

bool shell_parse_num(const char *what, const char *s, s64 min, s64 max,
		     s64 *out, char *why)
{
	bool neg = *s == '-', overflow = false;
	u64 mag;
	s64 v;

	if (!parse_digits(s + (neg || *s == '+'), &mag, &overflow)) {
		ksnprintf(why, SHELL_WHY_MAX,
			  "%s '%s' is not a whole number (decimal, or hex "
			  "after 0x)",
			  what, s);
		return false;
	}
	if (overflow || mag > (u64)INT64_MAX) {
		ksnprintf(why, SHELL_WHY_MAX, "%s %s is far too %s", what, s,
			  neg ? "small" : "large");
		return false;
	}
	v = neg ? -(s64)mag : (s64)mag;
	if (v > max || v < min) {
		ksnprintf(why, SHELL_WHY_MAX, "%s %s is %s the %s %s, %lld",
			  what, s, v > max ? "above" : "below",
			  v > max ? "largest" : "smallest", what,
			  (long long)(v > max ? max : min));
		return false;
	}
	*out = v;
	return true;
}

const char *shell_opt_val(const char *arg, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(arg, key, n) || arg[n] != '=')
		return NULL;
	return arg + n + 1;
}

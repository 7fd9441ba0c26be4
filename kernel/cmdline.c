/*
 * The kernel command line: shell-like splitting into key=value arguments,
 * value parsers, getters that warn about a bad value and fall back to the
 * caller's default, and the check for keys nobody reads. It mirrors Linux's
 * next_arg()/parse_args() (lib/cmdline.c, kernel/params.c).
 */
#include "kernel/cmdline.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"

struct cmdline boot_cmdline;

/* User text quoted in a warning is cut to this, "..." included. */
#define SHOW_SIZE 52
/* Room for the explanation at the end of a bad-value warning. */
#define WHY_SIZE 64

/*
 * show - copy user text for a warning. Control characters (a quoted newline,
 * say) become '?' so that every warning stays exactly one line.
 */
static const char *show(char dst[SHOW_SIZE], const char *s)
{
	size_t i;

	for (i = 0; i < SHOW_SIZE - 4 && s[i]; i++)
		dst[i] = (s[i] < ' ' || s[i] == 0x7f) ? '?' : s[i];
	if (s[i]) {
		memcpy(dst + i, "...", 3);
		i += 3;
	}
	dst[i] = '\0';
	return dst;
}

/*
 * Arguments already warned about, so that a getter called in a loop warns
 * once. Parsing a line forgets the slots of its own arguments. Getters run
 * at boot; if two CPUs ever raced here, the worst case is a repeated line.
 */
static const struct cmdline_arg *warned[16];

static bool warn_first_time(const struct cmdline_arg *a)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(warned); i++)
		if (warned[i] == a)
			return false;
	for (i = 0; i < ARRAY_SIZE(warned); i++) {
		if (!warned[i]) {
			warned[i] = a;
			return true;
		}
	}
	return true; /* table full: better a repeat than silence */
}

static void forget_warnings(const struct cmdline *cl)
{
	uintptr_t lo = (uintptr_t)cl->args;
	uintptr_t hi = (uintptr_t)(cl->args + CMDLINE_MAX_ARGS);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(warned); i++)
		if ((uintptr_t)warned[i] >= lo && (uintptr_t)warned[i] < hi)
			warned[i] = NULL;
}

/*
 * copy_token - copy the argument at s[*pos] to @out without its quotes.
 * A quote of either kind may start anywhere in the argument and hides
 * spaces until the same kind closes it. A backslash makes the next byte
 * literal: GRUB escapes quotes and backslashes that way when it joins the
 * arguments of its multiboot2 command. Stops at @len bytes of input.
 * Return: the quote still open when the input ended, or 0.
 */
static char copy_token(const char *s, size_t len, size_t *pos, char *out)
{
	char quote = 0;
	size_t i, o = 0;

	for (i = *pos; i < len; i++) {
		char c = s[i];

		if (!quote && kisspace(c))
			break;
		if (c == '\\' && i + 1 < len && quote != '\'')
			out[o++] = s[++i];
		else if (!quote && (c == '"' || c == '\''))
			quote = c;
		else if (quote && c == quote)
			quote = 0;
		else
			out[o++] = c;
	}
	out[o] = '\0';
	*pos = i;
	return quote;
}

/* Record the copied argument @tok, splitting it at its first '='. */
static void add_arg(struct cmdline *cl, char *tok)
{
	struct cmdline_arg *a = &cl->args[cl->nargs++];
	char *eq = strchr(tok, '=');

	a->key = tok;
	a->val = NULL;
	if (eq) {
		*eq = '\0';
		a->val = eq + 1;
	}
}

/* Warn about what a too-long line loses, unless that is only spaces. */
static void warn_truncated(const char *s, size_t full, size_t from)
{
	char text[SHOW_SIZE];

	while (kisspace(s[from]))
		from++;
	if (s[from])
		pr_warn("cmdline: line too long (%zu bytes, max %d), ignoring "
			"from '%s'\n",
			full, CMDLINE_MAX - 1, show(text, s + from));
}

/*
 * Split the first @len bytes of @s (@full bytes long) into @cl.
 * Each argument is copied with its quotes removed, so it is never longer
 * than its input plus a NUL: @len < CMDLINE_MAX means cl->buf cannot
 * overflow. Return: where parsing stopped early, or @len.
 */
static size_t split_args(struct cmdline *cl, const char *s, size_t len,
			 size_t full)
{
	char text[SHOW_SIZE], *out = cl->buf;
	size_t pos = 0, start, n;
	char quote;

	for (;;) {
		while (pos < len && kisspace(s[pos]))
			pos++;
		if (pos >= len)
			return len;
		if (cl->nargs == CMDLINE_MAX_ARGS) {
			pr_warn("cmdline: too many arguments (max %d), "
				"ignoring from '%s'\n",
				CMDLINE_MAX_ARGS, show(text, s + pos));
			cl->truncated = true;
			cl->lost_from = pos;
			return full;
		}
		start = pos;
		quote = copy_token(s, len, &pos, out);
		/* an argument cut by the length limit is dropped, not misread
		 */
		if (full > len && pos == len && (quote || !kisspace(s[len])))
			return start;
		if (quote)
			pr_warn("cmdline: unterminated quote in '%s'\n",
				show(text, out));
		if (!*out)
			continue;    /* "" or '' alone: nothing to record */
		n = strlen(out) + 1; /* before add_arg cuts it at '=' */
		add_arg(cl, out);
		out += n;
	}
}

int cmdline_parse(struct cmdline *cl, const char *s)
{
	size_t full, len, stop;

	forget_warnings(cl);
	cl->nargs = 0;
	cl->truncated = false;
	cl->buf[0] = '\0';
	if (!s)
		return 0;
	full = strlen(s);
	len = MIN(full, (size_t)CMDLINE_MAX - 1);
	stop = split_args(cl, s, len, full);
	if (stop < full) {
		/* only blanks lost is no loss: warn_truncated agrees */
		while (stop < full && kisspace(s[stop]))
			stop++;
		cl->truncated = stop < full;
		cl->lost_from = stop;
		warn_truncated(s, full, stop);
	}
	return cl->nargs;
}

/* The last argument named @key: a later duplicate overrides. */
static const struct cmdline_arg *find_arg(const struct cmdline *cl,
					  const char *key)
{
	int i;

	for (i = cl->nargs - 1; i >= 0; i--)
		if (!strcmp(cl->args[i].key, key))
			return &cl->args[i];
	return NULL;
}

/* One warning per argument: its value (or its lack of one) is unusable. */
static void warn_bad(const struct cmdline_arg *a, const char *why,
		     const char *def)
{
	char text[SHOW_SIZE], key[SHOW_SIZE];

	if (!warn_first_time(a))
		return;
	if (!a->val)
		pr_warn("cmdline: missing value for %s, using default %s\n",
			show(key, a->key), def);
	else
		pr_warn("cmdline: bad value '%s' for %s, using default %s "
			"(%s)\n",
			show(text, a->val), show(key, a->key), def, why);
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return find_arg(cl, key) != NULL;
}

const char *cmdline_get_str(const struct cmdline *cl, const char *key,
			    const char *def)
{
	const struct cmdline_arg *a = find_arg(cl, key);
	char text[SHOW_SIZE + 2];

	if (!a)
		return def;
	if (!a->val) {
		ksnprintf(text, sizeof(text), "'%s'", def ? def : "");
		warn_bad(a, NULL, text);
		return def;
	}
	return a->val;
}

/* Digits in base 10, or 16 after 0x; stops at the first non-digit. */
static const char *int_digits(const char **sp, u64 *out)
{
	const char *s = *sp;
	unsigned int base = 10;
	u64 v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	d = khexval(*s);
	if (d < 0 || (unsigned int)d >= base)
		return "not a number";
	for (; (d = khexval(*s)) >= 0 && (unsigned int)d < base; s++) {
		if (v > (UINT64_MAX - (unsigned int)d) / base)
			return "out of range";
		v = v * base + (unsigned int)d;
	}
	*sp = s;
	*out = v;
	return NULL;
}

/* An optional K, M, G or T multiplies by 2^10, 2^20, 2^30 or 2^40. */
static const char *int_suffix(const char **sp, u64 *v)
{
	static const char units[] = "kmgt";
	const char *u;
	int shift;

	if (!**sp)
		return NULL;
	u = strchr(units, ktolower(**sp));
	if (!u)
		return "trailing characters";
	shift = 10 * (int)(u - units + 1);
	if (*v > (UINT64_MAX >> shift))
		return "out of range";
	*v <<= shift;
	(*sp)++;
	return **sp ? "trailing characters" : NULL;
}

/* Return: NULL when @s is a whole integer, else what is wrong with it. */
static const char *int_parse(const char *s, s64 *out)
{
	bool neg = false;
	const char *why;
	u64 mag;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	why = int_digits(&s, &mag);
	if (!why)
		why = int_suffix(&s, &mag);
	if (why)
		return why;
	if (mag > (u64)INT64_MAX + neg)
		return "out of range";
	if (!neg)
		*out = (s64)mag;
	else if (mag == 0)
		*out = 0;
	else /* -(mag - 1) - 1 reaches INT64_MIN without overflowing */
		*out = -(s64)(mag - 1) - 1;
	return NULL;
}

bool cmdline_parse_int(const char *s, s64 *out)
{
	return int_parse(s, out) == NULL;
}

s64 cmdline_get_int_range(const struct cmdline *cl, const char *key, s64 def,
			  s64 min, s64 max)
{
	const struct cmdline_arg *a = find_arg(cl, key);
	const char *why;
	char text[24], range[64];
	s64 v;

	if (!a)
		return def;
	why = a->val ? int_parse(a->val, &v) : "missing";
	if (!why && (v < min || v > max)) {
		ksnprintf(range, sizeof(range), "outside %lld..%lld",
			  (long long)min, (long long)max);
		why = range;
	}
	if (!why)
		return v;
	ksnprintf(text, sizeof(text), "%lld", (long long)def);
	warn_bad(a, why, text);
	return def;
}

s64 cmdline_get_int(const struct cmdline *cl, const char *key, s64 def)
{
	return cmdline_get_int_range(cl, key, def, INT64_MIN, INT64_MAX);
}

/* ASCII case-insensitive equality. */
static bool str_ieq(const char *a, const char *b)
{
	for (; *a && ktolower(*a) == ktolower(*b); a++, b++)
		;
	return ktolower(*a) == ktolower(*b);
}

bool cmdline_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "y", "yes", "on", "true"};
	static const char *const no[] = {"0", "n", "no", "off", "false"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (str_ieq(s, yes[i]) || str_ieq(s, no[i])) {
			*out = str_ieq(s, yes[i]);
			return true;
		}
	}
	return false;
}

/* A bare flag means true; key= with an unknown word keeps the default. */
bool cmdline_get_bool(const struct cmdline *cl, const char *key, bool def)
{
	const struct cmdline_arg *a = find_arg(cl, key);
	bool v;

	if (!a)
		return def;
	if (!a->val)
		return true;
	if (cmdline_parse_bool(a->val, &v))
		return v;
	warn_bad(a, "expected 1/0, y/n, yes/no, on/off or true/false",
		 def ? "true" : "false");
	return def;
}

/* One CPU number below @nbits; @why explains a failure. */
static bool cpu_number(const char **sp, unsigned int *cpu, unsigned int nbits,
		       char *why)
{
	const char *s = *sp;
	u64 v = 0;

	if (!kisdigit(*s)) {
		ksnprintf(why, WHY_SIZE, "%s",
			  (*s == ',' || !*s) ? "empty entry"
					     : "expected a CPU number");
		return false;
	}
	for (; kisdigit(*s); s++)
		v = v > 1000000 ? v : v * 10 + (u64)(*s - '0');
	if (v >= nbits) {
		ksnprintf(why, WHY_SIZE, "CPU %llu is not below %u",
			  (unsigned long long)v, nbits);
		return false;
	}
	*cpu = (unsigned int)v;
	*sp = s;
	return true;
}

/* Bits @lo..@hi inclusive, @hi < 64. */
static u64 range_bits(unsigned int lo, unsigned int hi)
{
	u64 upto_hi = hi == 63 ? ~0ULL : (1ULL << (hi + 1)) - 1;

	return upto_hi & ~((1ULL << lo) - 1);
}

/* "a" or "a-b"; @why explains a failure. */
static bool cpu_range(const char **sp, u64 *bits, unsigned int nbits, char *why)
{
	unsigned int lo, hi;

	if (!cpu_number(sp, &lo, nbits, why))
		return false;
	hi = lo;
	if (**sp == '-') {
		(*sp)++;
		if (!cpu_number(sp, &hi, nbits, why))
			return false;
		if (hi < lo) {
			ksnprintf(why, WHY_SIZE, "range %u-%u is backwards", lo,
				  hi);
			return false;
		}
	}
	*bits |= range_bits(lo, hi);
	return true;
}

/* Comma-separated ranges; overlapping ones are fine. */
static bool cpulist_parse(const char *s, u64 *mask, unsigned int nbits,
			  char *why)
{
	u64 bits = 0;

	nbits = MIN(nbits, 64u);
	for (;;) {
		if (!cpu_range(&s, &bits, nbits, why))
			return false;
		if (!*s)
			break;
		if (*s != ',') {
			/* as show() does: a control byte stays on the line */
			ksnprintf(why, WHY_SIZE, "unexpected '%c'",
				  (*s < ' ' || *s == 0x7f) ? '?' : *s);
			return false;
		}
		s++;
	}
	*mask = bits;
	return true;
}

bool cmdline_parse_cpulist(const char *s, u64 *mask, unsigned int nbits)
{
	char why[WHY_SIZE];

	return cpulist_parse(s, mask, nbits, why);
}

bool cmdline_get_cpulist(const struct cmdline *cl, const char *key, u64 *mask,
			 unsigned int nbits)
{
	const struct cmdline_arg *a = find_arg(cl, key);
	char why[WHY_SIZE] = "", def[24];

	if (!a)
		return false;
	if (a->val && cpulist_parse(a->val, mask, nbits, why))
		return true;
	ksnprintf(def, sizeof(def), "0x%llx", (unsigned long long)*mask);
	warn_bad(a, why, def);
	return false;
}

static bool key_known(const char *key, const struct cmdline_key *begin,
		      const struct cmdline_key *end)
{
	const struct cmdline_key *k;

	for (k = begin; k < end; k++)
		if (!strcmp(k->name, key))
			return true;
	return false;
}

int cmdline_check_known(const struct cmdline *cl,
			const struct cmdline_key *begin,
			const struct cmdline_key *end)
{
	char text[SHOW_SIZE];
	int i, unknown = 0;

	for (i = 0; i < cl->nargs; i++) {
		if (key_known(cl->args[i].key, begin, end))
			continue;
		unknown++;
		pr_warn("cmdline: unknown key '%s' (ignored)\n",
			show(text, cl->args[i].key));
	}
	return unknown;
}

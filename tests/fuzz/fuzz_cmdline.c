/*
 * libFuzzer target for the kernel command line (kernel/cmdline.c): the
 * splitter, every getter and the value parsers. Input: one byte of CPU-list
 * width, the command line up to the first NUL, then more NUL-separated
 * strings fed to the value parsers directly. Checked: where the arguments
 * live, that re-quoting them parses back to the same, that plain lines split
 * at spaces, the getters against their definitions, and the integer, bool
 * and CPU-list parsers against small reference parsers written here.
 */
#include <inttypes.h>

#include "kernel/cmdline.h"
#include "lib/string.h"
#include "tests/fuzz/fuzz_util.h"

static struct cmdline cl, cl2;

/* ---- reference value parsers ----------------------------------------- */

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* [+-] (0x hex | decimal) [kmgt], exactly, within s64. */
static bool ref_int(const char *s, s64 *out)
{
	static const char units[] = "kKmMgGtT";
	unsigned __int128 v = 0, cap = (unsigned __int128)1 << 64;
	unsigned int base = 10;
	bool neg = false;
	const char *u;
	int nd = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; digit_val(*s) < (int)base; s++, nd++)
		v = MIN(v * base + (unsigned)digit_val(*s), cap);
	if (!nd)
		return false;
	if (*s && (u = strchr(units, *s))) {
		v <<= 10 * ((u - units) / 2 + 1);
		s++;
	}
	if (*s || v > (unsigned __int128)INT64_MAX + neg)
		return false;
	*out = neg ? (s64)(0 - (u64)v) : (s64)v;
	return true;
}

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ktolower(*a) != ktolower(*b))
			return false;
	return !*a && !*b;
}

static bool ref_bool(const char *s, bool *out)
{
	static const char *const words[] = {"1", "y", "yes", "on",  "true",
					    "0", "n", "no",  "off", "false"};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (ieq(s, words[i])) {
			*out = i < 5;
			return true;
		}
	return false;
}

/* A CPU number below @nb, saturating so a huge one stays huge. */
static bool ref_cpu(const char **sp, unsigned int nb, unsigned int *cpu)
{
	u64 v = 0;

	if (!kisdigit(**sp))
		return false;
	for (; kisdigit(**sp); (*sp)++)
		v = MIN(v * 10 + (u64)(**sp - '0'), 1ULL << 40);
	*cpu = (unsigned int)MIN(v, 1000000000);
	return v < nb;
}

static bool ref_cpulist(const char *s, unsigned int nbits, u64 *mask)
{
	unsigned int nb = MIN(nbits, 64u), lo, hi;
	u64 bits = 0;

	for (;;) {
		if (!ref_cpu(&s, nb, &lo))
			return false;
		hi = lo;
		if (*s == '-') {
			s++;
			if (!ref_cpu(&s, nb, &hi) || hi < lo)
				return false;
		}
		for (unsigned int c = lo; c <= hi; c++)
			bits |= 1ULL << c;
		if (!*s)
			break;
		if (*s++ != ',')
			return false;
	}
	*mask = bits;
	return true;
}

/* ---- the value parsers ------------------------------------------------ */

static void check_int_prints(s64 v)
{
	char text[48];
	s64 back = 0;

	snprintf(text, sizeof(text), "%" PRId64, v);
	FZ_CHECK(cmdline_parse_int(text, &back) && back == v,
		 "'%s' parsed back as %" PRId64, text, back);
	if (v >= 0) {
		snprintf(text, sizeof(text), "0x%" PRIx64, v);
		FZ_CHECK(cmdline_parse_int(text, &back) && back == v,
			 "'%s' parsed back as %" PRId64, text, back);
	}
	if (v % 1024 == 0 && v) {
		snprintf(text, sizeof(text), "%" PRId64 "K", v / 1024);
		FZ_CHECK(cmdline_parse_int(text, &back) && back == v,
			 "'%s' parsed back as %" PRId64, text, back);
	}
}

static void check_value(const char *s, unsigned int nbits)
{
	s64 v = 0x5a5a, rv = 0;
	bool b = false, rb = false, ok;
	u64 mask = 0xfeedULL, rmask = 0;

	ok = cmdline_parse_int(s, &v);
	FZ_CHECK(ok == ref_int(s, &rv), "int '%s': %d", s, ok);
	FZ_CHECK(!ok || v == rv, "int '%s': %" PRId64 " vs %" PRId64, s, v, rv);
	if (ok)
		check_int_prints(v);

	ok = cmdline_parse_bool(s, &b);
	FZ_CHECK(ok == ref_bool(s, &rb) && (!ok || b == rb), "bool '%s'", s);

	ok = cmdline_parse_cpulist(s, &mask, nbits);
	FZ_CHECK(ok == ref_cpulist(s, nbits, &rmask), "cpulist '%s' %u: %d", s,
		 nbits, ok);
	FZ_CHECK(ok ? mask == rmask : mask == 0xfeedULL,
		 "cpulist '%s' %u: 0x%" PRIx64 " vs 0x%" PRIx64, s, nbits, mask,
		 rmask);
	FZ_CHECK(!ok || nbits >= 64 || !(mask >> nbits),
		 "cpulist '%s': 0x%" PRIx64 " has bits >= %u", s, mask, nbits);
}

/* ---- the split line --------------------------------------------------- */

/* A string in cl->buf, NUL-terminated there; return its end. */
static const char *in_buf(const struct cmdline *c, const char *s)
{
	const char *end = c->buf + CMDLINE_MAX;

	FZ_CHECK(s >= c->buf && s < end, "string outside the buffer");
	FZ_CHECK(strnlen(s, (size_t)(end - s)) < (size_t)(end - s),
		 "string not terminated inside the buffer");
	return s + strlen(s) + 1;
}

/* Arguments lie in the buffer in order, one after another, with no '=' in
 * a key and, when they have one, the value right after the key. */
static void check_layout(const struct cmdline *c, int rc, size_t len)
{
	const char *prev_end = c->buf;

	FZ_CHECK(rc == c->nargs && c->nargs >= 0 &&
			 c->nargs <= CMDLINE_MAX_ARGS,
		 "rc %d nargs %d", rc, c->nargs);
	for (int i = 0; i < c->nargs; i++) {
		const struct cmdline_arg *a = &c->args[i];
		const char *end = in_buf(c, a->key);

		FZ_CHECK(a->key >= prev_end, "argument %d overlaps", i);
		FZ_CHECK(!strchr(a->key, '='), "key '%s' has a '='", a->key);
		if (a->val) {
			FZ_CHECK(a->val == end, "value of %d not after its key",
				 i);
			end = in_buf(c, a->val);
		}
		FZ_CHECK(*a->key || a->val, "argument %d is empty", i);
		prev_end = end;
	}
	/* quotes only vanish: never more text than the line had */
	FZ_CHECK((size_t)(prev_end - c->buf) <= MIN(len, CMDLINE_MAX - 1) + 1,
		 "%zu bytes used for a line of %zu",
		 (size_t)(prev_end - c->buf), len);
}

/* Append @s with a backslash before every byte the splitter treats
 * specially; false when it does not fit. */
static bool put_escaped(char *dst, size_t *o, size_t size, const char *s)
{
	for (; *s; s++) {
		if (*o + 3 > size)
			return false;
		if (kisspace(*s) || *s == '"' || *s == '\'' || *s == '\\')
			dst[(*o)++] = '\\';
		dst[(*o)++] = *s;
	}
	dst[*o] = '\0';
	return true;
}

/* Written back out with escapes, the arguments split into themselves. */
static void check_round_trip(const struct cmdline *c)
{
	char line[CMDLINE_MAX];
	size_t o = 0;
	int n;

	line[0] = '\0';
	for (int i = 0; i < c->nargs; i++) {
		if (i && o + 2 > sizeof(line))
			return;
		if (i)
			line[o++] = ' ';
		if (!put_escaped(line, &o, sizeof(line), c->args[i].key))
			return;
		if (c->args[i].val) {
			if (o + 2 > sizeof(line))
				return;
			line[o++] = '=';
			if (!put_escaped(line, &o, sizeof(line),
					 c->args[i].val))
				return;
		}
	}
	n = cmdline_parse(&cl2, line);
	FZ_CHECK(n == c->nargs, "'%s' gave %d arguments, not %d", line, n,
		 c->nargs);
	for (int i = 0; i < n; i++) {
		const struct cmdline_arg *a = &c->args[i], *b = &cl2.args[i];

		FZ_CHECK(!strcmp(a->key, b->key), "key %d: '%s' vs '%s'", i,
			 a->key, b->key);
		FZ_CHECK(!a->val == !b->val &&
				 (!a->val || !strcmp(a->val, b->val)),
			 "value %d of '%s'", i, a->key);
	}
}

/* Without quotes, backslashes or truncation, arguments are the words. */
static void check_plain_split(const struct cmdline *c, const char *line)
{
	size_t len = strlen(line), pos = 0;
	int n = 0;

	if (len >= CMDLINE_MAX || strpbrk(line, "\"'\\"))
		return;
	for (;;) {
		size_t start, k;
		const struct cmdline_arg *a;

		while (pos < len && kisspace(line[pos]))
			pos++;
		if (pos == len)
			break;
		start = pos;
		while (pos < len && !kisspace(line[pos]))
			pos++;
		if (n == CMDLINE_MAX_ARGS)
			return; /* the rest was dropped with a warning */
		a = &c->args[n++];
		FZ_CHECK(n <= c->nargs, "word %d missing", n);
		k = strlen(a->key);
		FZ_CHECK(!strncmp(line + start, a->key, k), "word %d key", n);
		if (a->val) {
			FZ_CHECK(line[start + k] == '=' &&
					 start + k + 1 + strlen(a->val) ==
						 pos &&
					 !strncmp(line + start + k + 1, a->val,
						  strlen(a->val)),
				 "word %d value", n);
		} else {
			FZ_CHECK(start + k == pos, "word %d", n);
		}
	}
	FZ_CHECK(n == c->nargs, "%d words, %d arguments", n, c->nargs);
}

/* ---- the getters ------------------------------------------------------ */

static const struct cmdline_key known[] = {
	{"mode", ""}, {"test", ""}, {"loglevel", ""}, {"isolcpus", ""},
	{"hz", ""},   {"exec", ""}, {"lockdep", ""},  {"maxcpus", ""},
};

static bool is_known(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(known[i].name, key))
			return true;
	return false;
}

static const struct cmdline_arg *last(const struct cmdline *c, const char *k)
{
	for (int i = c->nargs - 1; i >= 0; i--)
		if (!strcmp(c->args[i].key, k))
			return &c->args[i];
	return NULL;
}

enum getter { G_STR, G_INT, G_BOOL, G_CPULIST, NR_GETTERS };

/* One getter on @key, against its definition over the last @key. */
static void check_getter(const struct cmdline *c, const char *key,
			 unsigned int nbits, enum getter g)
{
	const struct cmdline_arg *a = last(c, key);
	const char *val = a ? a->val : NULL;
	s64 rv = 0;
	bool rb = false;
	u64 mask = 0x5eed, rmask = 0;

	switch (g) {
	case G_STR:
		FZ_CHECK(cmdline_has(c, key) == !!a, "has '%s'", key);
		FZ_CHECK(cmdline_get_str(c, key, "dflt") ==
				 (val ? val : "dflt"),
			 "str '%s'", key);
		break;
	case G_INT:
		FZ_CHECK(cmdline_get_int(c, key, -77) ==
				 (val && ref_int(val, &rv) ? rv : -77),
			 "int '%s'", key);
		break;
	case G_BOOL:
		FZ_CHECK(cmdline_get_bool(c, key, true) ==
				 (!a || !val ||
				  (ref_bool(val, &rb) ? rb : true)),
			 "bool '%s'", key);
		FZ_CHECK(cmdline_get_bool(c, key, false) ==
				 (a && (!val || (ref_bool(val, &rb) && rb))),
			 "bool '%s'", key);
		break;
	default:
		if (cmdline_get_cpulist(c, key, &mask, nbits)) {
			FZ_CHECK(val && ref_cpulist(val, nbits, &rmask) &&
					 mask == rmask,
				 "cpulist '%s'", key);
			FZ_CHECK(nbits >= 64 || !(mask >> nbits),
				 "cpulist bits");
		} else {
			FZ_CHECK(mask == 0x5eed &&
					 (!val ||
					  !ref_cpulist(val, nbits, &rmask)),
				 "cpulist '%s'", key);
		}
		break;
	}
}

static void check_line(const char *line, unsigned int nbits)
{
	int rc, unknown = 0;

	printk_capture_reset();
	rc = cmdline_parse(&cl, line);
	check_layout(&cl, rc, strlen(line));
	check_plain_split(&cl, line);
	for (int i = 0; i < cl.nargs; i++) {
		if (cl.args[i].val)
			check_value(cl.args[i].val, nbits);
		unknown += !is_known(cl.args[i].key);
	}
	FZ_CHECK(cmdline_check_known(&cl, known, known + ARRAY_SIZE(known)) ==
			 unknown,
		 "unknown keys");
	/* a getter warns once per argument: parse again for each kind */
	for (int g = 0; g < NR_GETTERS; g++) {
		FZ_CHECK(cmdline_parse(&cl, line) == rc, "parse again");
		for (int i = 0; i < cl.nargs; i++)
			check_getter(&cl, cl.args[i].key, nbits, g);
		check_getter(&cl, "no-such-key", nbits, g);
	}
	fz_check_messages("cmdline: ");
	check_round_trip(&cl);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *text = malloc(size + 1), *s, *end;
	unsigned int nbits = size ? data[0] : 64;
	s64 v;

	FZ_CHECK(text, "out of memory");
	if (size)
		memcpy(text, data + 1, size - 1);
	text[size ? size - 1 : 0] = '\0';
	end = text + (size ? size - 1 : 0);

	check_line(text, nbits);
	/* the strings after the line's NUL go to the value parsers */
	for (s = text + strlen(text) + 1; s < end; s += strlen(s) + 1) {
		printk_capture_reset();
		check_value(s, nbits);
		fz_check_messages("cmdline: ");
	}
	if (size >= 9) {
		memcpy(&v, data + 1, 8);
		check_int_prints(v);
	}
	free(text);
	return 0;
}

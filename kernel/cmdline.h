/*
 * The kernel command line: `key=value` pairs and bare flags, separated by
 * spaces; a value may be double-quoted to hold spaces (exec="a; b").
 * Parsing is pure (host-tested); getters warn once about a bad value and
 * return the caller's default. Known keys are declared where they are used
 * with CMDLINE_KEY(); any other key gets one warning at boot.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

#define CMDLINE_MAX	 1024
#define CMDLINE_MAX_ARGS 64

struct cmdline_arg {
	const char *key;
	const char *val; /* NULL for a bare flag */
};

struct cmdline {
	char buf[CMDLINE_MAX];
	struct cmdline_arg args[CMDLINE_MAX_ARGS];
	int nargs;
	bool truncated;	  /* some of the line was ignored (and warned) */
	size_t lost_from; /* if so, the offset of the first ignored byte */
};

/* A key some subsystem reads, with a one-line help; lives in .cmdline_keys */
struct cmdline_key {
	const char *name;
	const char *help;
};

#define CMDLINE_KEY(name, help)                                                \
	static const struct cmdline_key __cmdline_key_##name __used __section( \
		".cmdline_keys") __aligned(8) = {#name, help}

/*
 * cmdline_parse - split @s into @cl. Too long a line or too many arguments
 * are truncated with a warning; an unterminated quote runs to the end with a
 * warning. A later duplicate key wins (getters search from the end).
 * Return: the number of arguments.
 */
int cmdline_parse(struct cmdline *cl, const char *s);
bool cmdline_has(const struct cmdline *cl, const char *key);
const char *cmdline_get_str(const struct cmdline *cl, const char *key,
			    const char *def);
/* integers: decimal, 0x hex, optional K/M/G/T suffix (binary), sign allowed */
s64 cmdline_get_int(const struct cmdline *cl, const char *key, s64 def);
/* the same, and a value outside [@min, @max] is bad too (warned, @def) */
s64 cmdline_get_int_range(const struct cmdline *cl, const char *key, s64 def,
			  s64 min, s64 max);
/* booleans: bare flag, 1/0, y/n, yes/no, on/off, true/false */
bool cmdline_get_bool(const struct cmdline *cl, const char *key, bool def);
/*
 * CPU lists "1-3,5,7" into a bitmap of @nbits bits. A bad list or a CPU
 * beyond @nbits warns and leaves @mask as the caller's default.
 * Return: true when the key was present and valid.
 */
bool cmdline_get_cpulist(const struct cmdline *cl, const char *key, u64 *mask,
			 unsigned int nbits);
/* The value parsers themselves, also used by shell commands. */
bool cmdline_parse_int(const char *s, s64 *out);
bool cmdline_parse_bool(const char *s, bool *out);
bool cmdline_parse_cpulist(const char *s, u64 *mask, unsigned int nbits);
/* warn once per argument whose key is not in [@begin, @end) */
int cmdline_check_known(const struct cmdline *cl,
			const struct cmdline_key *begin,
			const struct cmdline_key *end);

/* The boot command line, parsed once in kmain; wrappers over it. */
extern struct cmdline boot_cmdline;
/*
 * cmdline_lost_key - whether the part of the boot line that parsing had to
 * ignore (too long, too many arguments) holds "@key=" at a word start, so
 * its user can refuse to run without it. Return: true if so.
 */
bool cmdline_lost_key(const char *key);
#define cmdline_int(k, d) cmdline_get_int(&boot_cmdline, (k), (d))
#define cmdline_int_range(k, d, lo, hi)                                        \
	cmdline_get_int_range(&boot_cmdline, (k), (d), (lo), (hi))
#define cmdline_bool(k, d) cmdline_get_bool(&boot_cmdline, (k), (d))
#define cmdline_str(k, d)  cmdline_get_str(&boot_cmdline, (k), (d))

#endif

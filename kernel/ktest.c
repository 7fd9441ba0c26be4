/*
 * The KTAP runner for in-kernel tests (see ktest.h). Output goes straight
 * to the console without the printk prefix, so a host parser can read it:
 * one top-level line per suite, each suite a nested, indented subtest.
 * Linux: KUnit's lib/kunit/test.c.
 */
#include "kernel/ktest.h"
#include "kernel/console.h"
#include "kernel/thread.h"
#include "arch/x86/fault_catch.h"
#include "arch/x86/irqflags.h"
#include "lib/format.h"
#include "lib/section.h"
#include "lib/string.h"

extern const struct ktest_suite __ktest_suites_start[], __ktest_suites_end[];
extern const struct ktest_check __ktest_checks_start[], __ktest_checks_end[];

int ktest_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

const char *ktest_strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return hay;
	return n ? NULL : hay;
}

/* shell-style: '*' any run, '?' one character */
static bool glob_match(const char *p, const char *s)
{
	if (!*p)
		return !*s;
	if (*p == '*')
		return glob_match(p + 1, s) || (*s && glob_match(p, s + 1));
	if (!*s || (*p != '?' && *p != *s))
		return false;
	return glob_match(p + 1, s + 1);
}

/* "suite" or "suite.case" patterns; a bare pattern matches whole suites */
static bool selected(const char *glob, const char *suite, const char *cname)
{
	char sp[64];
	const char *dot;

	if (!glob)
		return true;
	dot = strchr(glob, '.');
	if (!dot)
		return glob_match(glob, suite);
	if ((size_t)(dot - glob) >= sizeof(sp))
		return false;
	memcpy(sp, glob, dot - glob);
	sp[dot - glob] = '\0';
	return glob_match(sp, suite) && (!cname || glob_match(dot + 1, cname));
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("    # %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failures++;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kprintf("    # %s: %s\n", t->name, msg);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

bool ktest_expect_fault(int vector, void (*fn)(void *), void *arg, u64 *err)
{
	struct fault_catch fc = {.vector = vector, .caught = -1};
	int faulted;

	/* per thread: @fn may be preempted or migrated before it faults */
	current->fault_catch = &fc;
	faulted = fault_catch_call(&fc, fn, arg);
	current->fault_catch = NULL;
	if (err)
		*err = fc.error_code;
	return faulted && fc.caught == vector;
}

static int count_cases(const struct ktest_suite *s, const char *glob)
{
	int n = 0;

	for (const struct ktest_case *c = s->cases; c && c->name; c++)
		n += selected(glob, s->name, c->name);
	return n;
}

/* The registered consistency checks, after a case has cleaned up. */
static void run_checks(struct ktest *t)
{
	size_t n = section_count(__ktest_checks_start, __ktest_checks_end);

	for (size_t i = 0; i < n; i++) {
		const struct ktest_check *c = &__ktest_checks_start[i];
		int problems = c->run();

		if (problems)
			ktest_fail(t, __FILE__, __LINE__,
				   "%s found %d problem%s after this case",
				   c->name, problems, problems == 1 ? "" : "s");
	}
}

/* Cases by outcome, for KUnit's statistics lines. */
struct ktest_stats {
	int pass, fail, skip;
};

static void print_stats(const char *what, const struct ktest_stats *st)
{
	kprintf("# %s: pass:%d fail:%d skip:%d total:%d\n", what, st->pass,
		st->fail, st->skip, st->pass + st->fail + st->skip);
}

/* Return: true if the case passed (or was skipped); counts it in @st. */
static bool run_case(const struct ktest_suite *s, const struct ktest_case *c,
		     int idx, struct ktest_stats *st)
{
	struct ktest t = {.name = c->name};
	bool irqs = irqs_disabled();

	if (s->init && s->init(&t)) {
		ktest_fail(&t, __FILE__, __LINE__, "suite init failed");
	} else {
		c->run(&t);
		if (s->exit)
			s->exit(&t);
	}
	run_checks(&t);
	if (irqs_disabled() != irqs)
		ktest_fail(&t, __FILE__, __LINE__, "case left IRQs %s",
			   irqs ? "enabled" : "disabled");
	if (t.skipped && !t.failures)
		kprintf("    ok %d %s # SKIP %s\n", idx, c->name,
			t.skip_reason);
	else
		kprintf("    %sok %d %s\n", t.failures ? "not " : "", idx,
			c->name);
	if (t.failures)
		st->fail++;
	else if (t.skipped)
		st->skip++;
	else
		st->pass++;
	return t.failures == 0;
}

static bool run_suite(const struct ktest_suite *s, const char *glob, int idx,
		      struct ktest_stats *total)
{
	int n = count_cases(s, glob), i = 0;
	struct ktest_stats st = {0};
	bool ok = true;

	kprintf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name,
		n);
	for (const struct ktest_case *c = s->cases; c && c->name; c++) {
		if (!selected(glob, s->name, c->name))
			continue;
		if (!run_case(s, c, ++i, &st))
			ok = false;
	}
	print_stats(s->name, &st);
	kprintf("%sok %d %s\n", ok ? "" : "not ", idx, s->name);
	total->pass += st.pass;
	total->fail += st.fail;
	total->skip += st.skip;
	return ok;
}

int ktest_run_all(const char *glob)
{
	const struct ktest_suite *all = __ktest_suites_start;
	size_t n = section_count(__ktest_suites_start, __ktest_suites_end);
	struct ktest_stats total = {0};
	int nsuites = 0, idx = 0;

	for (size_t i = 0; i < n; i++)
		nsuites += count_cases(&all[i], glob) > 0;
	kprintf("KTAP version 1\n1..%d\n", nsuites);
	for (size_t i = 0; i < n; i++)
		if (count_cases(&all[i], glob) > 0)
			run_suite(&all[i], glob, ++idx, &total);
	if (nsuites == 0) {
		/* a typo in test= must not look like a passing run */
		kprintf("# no test matches '%s'\n", glob ? glob : "*");
		return 1;
	}
	print_stats("Totals", &total);
	return total.fail;
}

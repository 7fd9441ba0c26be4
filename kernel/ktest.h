/*
 * ktest: in-kernel tests printed as KTAP version 1 (the format of Linux's
 * KUnit). Suites register themselves in the .ktest_suites linker section, so
 * adding a test never means editing a central list. mode=test runs them all;
 * test=GLOB picks suites (or suite.case) by shell-style pattern.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "lib/types.h"
#include "lib/printk.h"

struct ktest {
	const char *name;
	int failures; /* expectation failures in this case */
	bool skipped;
	const char *skip_reason;
	void *priv; /* for the suite's init/exit */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases; /* terminated by { NULL, NULL } */
	int (*init)(struct ktest *t);	/* before each case; nonzero fails it */
	void (*exit)(struct ktest *t);	/* after each case */
};

#define KTEST_CASE(fn)                                                         \
	{                                                                      \
#fn, fn                                                        \
	}

#define KTEST_SUITE(sname, ...)                                                \
	static const struct ktest_suite __ktest_suite_##sname __used           \
		__section(".ktest_suites")                                     \
			__aligned(8) = {.name = #sname, __VA_ARGS__}

/*
 * A consistency check run after every case (mm_check, for one): a case
 * that leaves the kernel inconsistent fails even if its own expectations
 * held. @run returns the number of problems it found (and printed).
 */
struct ktest_check {
	const char *name;
	int (*run)(void);
};

#define KTEST_CHECK(cname, fn)                                                 \
	static const struct ktest_check __ktest_check_##cname __used           \
		__section(".ktest_checks") __aligned(8) = {#cname, fn}

/* Report one failed expectation: "# file:line: what" and count it. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...) __printf(4, 5);
/* A "# ..." diagnostic line at the current KTAP nesting. */
void ktest_log(struct ktest *t, const char *fmt, ...) __printf(2, 3);
void ktest_skip(struct ktest *t, const char *reason);

#define KEXPECT_TRUE(t, c)                                                     \
	do {                                                                   \
		if (!(c))                                                      \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "expected %s to be true", #c);              \
	} while (0)
#define KEXPECT_FALSE(t, c)                                                    \
	do {                                                                   \
		if (c)                                                         \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "expected %s to be false", #c);             \
	} while (0)
/* integers; both sides printed in decimal and hex */
#define KEXPECT_OP(t, a, op, b)                                                \
	do {                                                                   \
		long long __a = (long long)(a), __b = (long long)(b);          \
		if (!(__a op __b))                                             \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "expected %s " #op                          \
				   " %s, got %lld (0x%llx) "                   \
				   "vs %lld (0x%llx)",                         \
				   #a, #b, __a, (unsigned long long)__a, __b,  \
				   (unsigned long long)__b);                   \
	} while (0)
#define KEXPECT_EQ(t, a, b) KEXPECT_OP(t, a, ==, b)
#define KEXPECT_NE(t, a, b) KEXPECT_OP(t, a, !=, b)
#define KEXPECT_LT(t, a, b) KEXPECT_OP(t, a, <, b)
#define KEXPECT_LE(t, a, b) KEXPECT_OP(t, a, <=, b)
#define KEXPECT_GT(t, a, b) KEXPECT_OP(t, a, >, b)
#define KEXPECT_GE(t, a, b) KEXPECT_OP(t, a, >=, b)
#define KEXPECT_STREQ(t, a, b)                                                 \
	do {                                                                   \
		const char *__a = (a), *__b = (b);                             \
		if (!__a || !__b || ktest_strcmp(__a, __b))                    \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "expected %s == %s, got \"%s\" vs \"%s\"",  \
				   #a, #b, __a, __b);                          \
	} while (0)
/* stop the case at the first failure of a precondition */
#define KASSERT_TRUE(t, c)                                                     \
	do {                                                                   \
		if (!(c)) {                                                    \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "assertion %s failed", #c);                 \
			return;                                                \
		}                                                              \
	} while (0)

int ktest_strcmp(const char *a, const char *b);
/* Return: the first @needle in @hay, or NULL. */
const char *ktest_strstr(const char *hay, const char *needle);

/*
 * Expected faults: run @fn(@arg) and report whether it raised exception
 * @vector (e.g. 14 for #PF, 6 for #UD). The fault is caught by the
 * exception handler and control returns here with the CPU state restored.
 * Return: true if exactly that vector was raised; *@err gets the error code.
 */
bool ktest_expect_fault(int vector, void (*fn)(void *), void *arg, u64 *err);

/* Run the suites matching @glob (NULL = all). Return: failed case count. */
int ktest_run_all(const char *glob);

#endif

/*
 * A tiny framework for host unit tests that prints KTAP version 1, the
 * format the in-kernel ktest suites print too. Each test file lists its
 * cases in a static table and ends with HT_MAIN(table, setup); an optional
 * argument runs only the cases whose names contain it.
 */
#ifndef TESTS_HOST_HOST_TEST_H
#define TESTS_HOST_HOST_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ht {
	const char *name;
	int failures; /* failed expectations in this case */
};

struct ht_case {
	const char *name;
	void (*fn)(struct ht *t);
};

#define HT_CASE(fn)                                                            \
	{                                                                      \
#fn, fn                                                        \
	}

/* Report one failed expectation as a KTAP diagnostic line and count it. */
static inline __attribute__((format(printf, 4, 5))) void
ht_fail(struct ht *t, const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* a newline in a value would end the diagnostic line early */
	for (p = msg; *p; p++)
		if (*p == '\n')
			*p = '|';
	printf("# %s:%d: %s\n", file, line, msg);
	t->failures++;
}

#define HT_EXPECT(t, c)                                                        \
	do {                                                                   \
		if (!(c))                                                      \
			ht_fail(t, __FILE__, __LINE__, "expected %s", #c);     \
	} while (0)

/* like HT_EXPECT, with an explanation printed on failure */
#define HT_EXPECT_MSG(t, c, fmt, ...)                                          \
	do {                                                                   \
		if (!(c))                                                      \
			ht_fail(t, __FILE__, __LINE__, "expected %s: " fmt,    \
				#c, ##__VA_ARGS__);                            \
	} while (0)

#define HT_EXPECT_EQ(t, a, b)                                                  \
	do {                                                                   \
		long long __a = (long long)(a), __b = (long long)(b);          \
		if (__a != __b)                                                \
			ht_fail(t, __FILE__, __LINE__,                         \
				"expected %s == %s, got %lld (0x%llx) vs "     \
				"%lld "                                        \
				"(0x%llx)",                                    \
				#a, #b, __a, (unsigned long long)__a, __b,     \
				(unsigned long long)__b);                      \
	} while (0)

#define HT_EXPECT_STREQ(t, a, b)                                               \
	do {                                                                   \
		const char *__a = (a), *__b = (b);                             \
		if (!__a || !__b || strcmp(__a, __b))                          \
			ht_fail(t, __FILE__, __LINE__,                         \
				"expected %s == %s, got \"%s\" vs \"%s\"", #a, \
				#b, __a ? __a : "(NULL)",                      \
				__b ? __b : "(NULL)");                         \
	} while (0)

/* stop the case when a precondition fails */
#define HT_ASSERT(t, c)                                                        \
	do {                                                                   \
		if (!(c)) {                                                    \
			ht_fail(t, __FILE__, __LINE__, "assertion %s failed",  \
				#c);                                           \
			return;                                                \
		}                                                              \
	} while (0)

static inline int ht_selected(const char *name, const char *filter)
{
	return !filter || strstr(name, filter);
}

/*
 * ht_run - run the cases matching @filter (NULL: all), each after @setup.
 * Return: the exit status, 1 if any case failed.
 */
static inline int ht_run(const struct ht_case *cases, size_t n,
			 void (*setup)(void), const char *filter)
{
	size_t i, planned = 0, done = 0, nfail = 0;
	int failed = 0;

	for (i = 0; i < n; i++)
		planned += ht_selected(cases[i].name, filter) != 0;
	printf("KTAP version 1\n1..%zu\n", planned);
	for (i = 0; i < n; i++) {
		struct ht t = {cases[i].name, 0};

		if (!ht_selected(cases[i].name, filter))
			continue;
		if (setup)
			setup();
		cases[i].fn(&t);
		printf("%s %zu %s\n", t.failures ? "not ok" : "ok", ++done,
		       t.name);
		fflush(stdout);
		failed |= t.failures != 0;
		nfail += t.failures != 0;
	}
	/* KUnit's statistics line (host tests never skip) */
	printf("# Totals: pass:%zu fail:%zu skip:0 total:%zu\n", done - nfail,
	       nfail, done);
	return failed;
}

#define HT_MAIN(cases, setup)                                                  \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		return ht_run(cases, sizeof(cases) / sizeof((cases)[0]),       \
			      setup, argc > 1 ? argv[1] : NULL);               \
	}

#endif

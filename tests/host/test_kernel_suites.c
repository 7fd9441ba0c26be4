/*
 * The mm KTAP suites of tests/kernel/, run on the host before the boot
 * side exists: their sources are included here unchanged, with a small
 * ktest shim, first with mm uninitialised (every case must fail, not
 * pass by accident) and then
 * over an arena shaped like a small PC (DMA below pfn 4096, DMA32 above).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/ktest.h"
#include "lib/format.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt,
		...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("# %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failures++;
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	(void)t;
	(void)fmt;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

int ktest_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

#include "tests/kernel/test_buddy.c"
#include "tests/kernel/test_page_alloc.c"

static const struct ktest_case *const suites[] = {buddy_cases,
						  page_alloc_cases};

/* Run every case; count those failed, and those skipped in *@skipped. */
static int run_all(int *skipped)
{
	int failed = 0;
	size_t s;

	*skipped = 0;
	for (s = 0; s < ARRAY_SIZE(suites); s++) {
		const struct ktest_case *c;

		for (c = suites[s]; c->name; c++) {
			struct ktest kt = {.name = c->name};

			c->run(&kt);
			failed += kt.failures != 0;
			*skipped += kt.skipped;
			if (kt.skipped &&
			    strcmp(kt.skip_reason, "mm not initialised"))
				printf("# %s skipped: %s\n", c->name,
				       kt.skip_reason);
		}
	}
	return failed;
}

static void kernel_suites_fail_before_init(struct ht *t)
{
	int skipped;

	HT_EXPECT(t, !mm_initialised());
	HT_EXPECT_EQ(t, run_all(&skipped), 6);
	HT_EXPECT_EQ(t, skipped, 0);
}

static void kernel_suites_pass_after_init(struct ht *t)
{
	struct arena_layout l = {
		.nr_pages = 8192,
		.nr_nodes = 1,
		.nr_zones = 2,
		.zones = {{0, ZONE_DMA, 0, 4096}, {0, ZONE_DMA32, 4096, 8192}},
		.nr_free = 1,
		.free = {{1, 8192}},
	};
	struct arena a;
	int skipped;

	arena_setup(&a, &l);
	HT_EXPECT_EQ(t, run_all(&skipped), 0);
	HT_EXPECT_EQ(t, skipped, 0);
	arena_teardown(&a);
}

static const struct ht_case cases[] = {
	HT_CASE(kernel_suites_fail_before_init),
	HT_CASE(kernel_suites_pass_after_init),
};

HT_MAIN(cases, printk_capture_reset)

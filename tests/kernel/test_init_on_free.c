/*
 * ktest suite "init_on_free": in the running kernel, a page given back
 * holds zeros as soon as __free_pages returns (poison instead when
 * page_poison=1 is on too), and the init_on_free= key is what turns it on.
 * The host test (tests/host/test_page_debug.c) covers the same on an arena.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/page_debug.h"
#include "lib/string.h"

/* Offset of the first byte of the block that is not @c, or -1. */
static long first_other(const u8 *mem, unsigned int order, u8 c)
{
	for (long i = 0; i < (long)(PAGE_SIZE << order); i++)
		if (mem[i] != c)
			return i;
	return -1;
}

/* Fill, free, then read the freed block, which this CPU may not reuse
 * before we look (preemption off; IRQ context never allocates here). */
static void free_and_check(struct ktest *t, unsigned int order, u8 want)
{
	struct page *page = alloc_pages(GFP_KERNEL, order);
	const u8 *mem;
	long off;

	KASSERT_TRUE(t, page != NULL);
	mem = page_address(page);
	memset(page_address(page), 0x5a, PAGE_SIZE << order);
	preempt_disable();
	__free_pages(page, order);
	off = first_other(mem, order, want);
	preempt_enable();
	if (off >= 0)
		ktest_fail(t, __FILE__, __LINE__,
			   "order-%u block freed at pfn %#lx: byte %#lx is "
			   "%#x, expected %#x",
			   order, (unsigned long)page_to_pfn(page), off,
			   mem[off], want);
}

static void init_on_free_zeroes_freed_pages(struct ktest *t)
{
	bool saved = READ_ONCE(init_on_free_enabled);
	u8 want = READ_ONCE(page_poison_enabled) ? PAGE_POISON : 0;

	WRITE_ONCE(init_on_free_enabled, true);
	free_and_check(t, 0, want);
	free_and_check(t, 3, want);
	WRITE_ONCE(init_on_free_enabled, saved);
}

/* With neither on, a freed page keeps its bytes: the zeros above came
 * from init_on_free, not from some other path. */
static void init_on_free_off_leaves_pages(struct ktest *t)
{
	bool saved = READ_ONCE(init_on_free_enabled);

	if (READ_ONCE(page_poison_enabled)) {
		ktest_skip(t, "page_poison=1 fills every freed page");
		return;
	}
	WRITE_ONCE(init_on_free_enabled, false);
	free_and_check(t, 0, 0x5a);
	WRITE_ONCE(init_on_free_enabled, saved);
}

static void init_on_free_follows_cmdline(struct ktest *t)
{
	KEXPECT_EQ(t, init_on_free_enabled,
		   cmdline_bool("init_on_free", false));
}

static const struct ktest_case init_on_free_cases[] = {
	KTEST_CASE(init_on_free_zeroes_freed_pages),
	KTEST_CASE(init_on_free_off_leaves_pages),
	KTEST_CASE(init_on_free_follows_cmdline),
	{},
};
KTEST_SUITE(init_on_free, .cases = init_on_free_cases);

/*
 * Exception handling, tested by provoking exceptions on purpose: each case
 * arms the expected vector, faults, and checks it came back with the right
 * vector and error code and with the CPU state intact.
 */
#include "kernel/ktest.h"
#include "arch/x86/backtrace.h"
#include "arch/x86/irqflags.h"
#include "lib/format.h"

#define VEC_UD	   6
#define VEC_PF	   14
#define VEC_GP	   13
#define PF_WRITE   0x2
#define PF_PRESENT 0x1

static void do_ud2(void *arg)
{
	(void)arg;
	__asm__ volatile("ud2");
}

static void do_read_unmapped(void *arg)
{
	/* a canonical kernel-half address that nothing maps */
	(void)READ_ONCE(*(volatile u64 *)arg);
}

static void do_noncanonical(void *arg)
{
	(void)arg;
	(void)READ_ONCE(*(volatile u64 *)0x8000000000000000ULL);
}

static void do_nothing(void *arg)
{
	*(int *)arg = 42;
}

static void exc_invalid_opcode(struct ktest *t)
{
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_UD, do_ud2, NULL, NULL));
}

static void exc_page_fault_not_present(struct ktest *t)
{
	u64 err = ~0ULL;

	KEXPECT_TRUE(t,
		     ktest_expect_fault(VEC_PF, do_read_unmapped,
					(void *)0xffffc00000000000ULL, &err));
	KEXPECT_EQ(t, err & (PF_PRESENT | PF_WRITE), 0);
}

static void exc_general_protection(struct ktest *t)
{
	KEXPECT_TRUE(t,
		     ktest_expect_fault(VEC_GP, do_noncanonical, NULL, NULL));
}

static void exc_no_fault_returns_normally(struct ktest *t)
{
	int v = 0;

	KEXPECT_FALSE(t, ktest_expect_fault(VEC_UD, do_nothing, &v, NULL));
	KEXPECT_EQ(t, v, 42);
}

/* callee-saved registers and the stack survive the detour */
static void exc_state_preserved(struct ktest *t)
{
	volatile u64 a = 0x1122334455667788ULL, b = 0x99aabbccddeeff00ULL;
	bool irq_off = irqs_disabled();

	for (int i = 0; i < 100; i++)
		KASSERT_TRUE(t, ktest_expect_fault(VEC_UD, do_ud2, NULL, NULL));
	KEXPECT_EQ(t, a, 0x1122334455667788ULL);
	KEXPECT_EQ(t, b, 0x99aabbccddeeff00ULL);
	KEXPECT_EQ(t, irqs_disabled(), irq_off);
}

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* backtraces are only useful if addresses map back to names */
static void exc_symbols_resolve(struct ktest *t)
{
	char buf[128];

	ksnprintf(buf, sizeof(buf), "%pS", (void *)exc_symbols_resolve);
	KEXPECT_TRUE(t, starts_with(buf, "exc_symbols_resolve+0x0/0x"));
	ksnprintf(buf, sizeof(buf), "%pS", (void *)((char *)do_nothing + 1));
	KEXPECT_TRUE(t, starts_with(buf, "do_nothing+0x1/0x"));
	if (t->failures)
		ktest_log(t, "got '%s'", buf);
}

static void exc_backtrace_walks_frames(struct ktest *t)
{
	unsigned long frames[8];
	int n = backtrace_collect(frames, 8, 0);

	/* at least: this case, run_case, run_suite, ktest_run_all */
	KEXPECT_GE(t, n, 4);
}

static const struct ktest_case exception_cases[] = {
	KTEST_CASE(exc_invalid_opcode),
	KTEST_CASE(exc_page_fault_not_present),
	KTEST_CASE(exc_general_protection),
	KTEST_CASE(exc_no_fault_returns_normally),
	KTEST_CASE(exc_state_preserved),
	KTEST_CASE(exc_symbols_resolve),
	KTEST_CASE(exc_backtrace_walks_frames),
	{},
};
KTEST_SUITE(exceptions, .cases = exception_cases);

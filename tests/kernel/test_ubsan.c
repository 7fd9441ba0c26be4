/*
 * ktest suite "ubsan" (only in a `make UBSAN=1` kernel): each kind of
 * undefined behaviour the compilers check for is provoked once, and the
 * report kernel/ubsan.c makes of it must name the kind, this file and the
 * operands. The reports are captured, so they neither print nor fail the
 * run; a kind whose handler is missing or wrong fails its case.
 */
#ifdef CONFIG_UBSAN
#include "arch/x86/cpu.h"
#include "arch/x86/irqflags.h"
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/ubsan.h"
#include "lib/string.h"

#define VEC_DE 0
#define VEC_PF 14

/* Opaque to the optimiser, so every check stays in the code. */
static volatile int v_int_max = 0x7fffffff, v_int_min = -0x7fffffff - 1;
static volatile int v_one = 1, v_zero = 0, v_minus_one = -1, v_70 = 70;
static volatile int v_four = 4;
static volatile s64 v_big = 0x4000000000000000LL;
static volatile u8 v_five = 5;
static int *volatile v_null;
static char *volatile v_high = (char *)0xfffffffffffffff0ULL;
static volatile int v_sink;
static volatile s64 v_sink64;
static u8 v_bytes[16] __aligned(8);

static void shift_too_far(void *arg)
{
	unsigned long one = (unsigned long)v_one;

	/* cppcheck-suppress shiftTooManyBits ; on purpose */
	v_sink = (int)(one << v_70);
}

static void shift_negative(void *arg)
{
	/* cppcheck-suppress shiftNegative ; on purpose */
	v_sink = v_one << v_minus_one;
}

static void add_overflow(void *arg)
{
	v_sink = v_int_max + v_one;
}

static void mul_overflow(void *arg)
{
	v_sink64 = v_big * 4;
}

static void negate_overflow(void *arg)
{
	/* cppcheck-suppress integerOverflow ; on purpose */
	v_sink = -v_int_min;
}

static void divide_by_zero(void *arg)
{
	/* cppcheck-suppress zerodiv ; on purpose */
	v_sink = v_one / v_zero;
}

static void index_out_of_bounds(void *arg)
{
	int a[4] = {1, 2, 3, 4};

	/* cppcheck-suppress arrayIndexOutOfBounds ; on purpose */
	v_sink = a[v_four];
}

static void null_load(void *arg)
{
	v_sink = *v_null;
}

static void misaligned_load(void *arg)
{
	const u32 *p = (const u32 *)(v_bytes + v_one);

	v_sink = (int)*p; /* clang skips the check on volatile loads */
}

static void invalid_bool(void *arg)
{
	bool b;
	u8 five = v_five;

	memcpy(&b, &five, 1);
	v_sink = b ? 1 : 2;
}

static void pointer_wraps(void *arg)
{
	v_sink = (int)(unsigned long)(v_high + 0x20);
}

static void vla_zero(void *arg)
{
	char vla[v_zero];

	v_sink = (int)sizeof(vla);
}

/* Substrings the report of one kind must hold; NULL ends the list. */
struct ub_case {
	void (*fn)(void *arg);
	int fault; /* the CPU exception that follows, or -1 */
	const char *want[4];
};

/*
 * Run @c->fn on this CPU with reports captured: the first must name this
 * file and every wanted word (gcc adds an object-size report to the
 * out-of-bounds one, so more than one may come).
 */
static void expect_report(struct ktest *t, const struct ub_case *c)
{
	char text[256];
	int n;

	preempt_disable();
	ubsan_capture_begin();
	if (c->fault >= 0)
		(void)ktest_expect_fault(c->fault, c->fn, NULL, NULL);
	else
		c->fn(NULL);
	n = ubsan_capture_end(text, sizeof(text));
	preempt_enable();
	KEXPECT_GE(t, n, 1);
	if (n < 1)
		return;
	ktest_log(t, "%s", text);
	KEXPECT_TRUE(t, ktest_strstr(text, "tests/kernel/test_ubsan.c:"));
	for (int i = 0; i < 4 && c->want[i]; i++)
		if (!ktest_strstr(text, c->want[i]))
			ktest_fail(t, __FILE__, __LINE__, "report lacks \"%s\"",
				   c->want[i]);
}

#define UB_CASE(name, fault, ...)                                              \
	static void ubsan_##name(struct ktest *t)                              \
	{                                                                      \
		static const struct ub_case c = {name, fault, {__VA_ARGS__}};  \
		expect_report(t, &c);                                          \
	}

UB_CASE(shift_too_far, -1, "shift-out-of-bounds", "exponent 70", "64-bit type")
UB_CASE(shift_negative, -1, "shift-out-of-bounds", "exponent -1", "negative")
UB_CASE(add_overflow, -1, "signed-integer-overflow", "2147483647 + 1", "'int'")
UB_CASE(mul_overflow, -1, "signed-integer-overflow", "4611686018427387904 * 4")
UB_CASE(negate_overflow, -1, "signed-integer-overflow",
	"negation of -2147483648")
UB_CASE(divide_by_zero, VEC_DE, "integer-divide-by-zero", "division of 1")
UB_CASE(index_out_of_bounds, -1, "array-index-out-of-bounds", "index 4",
	"out of range for type 'int")
UB_CASE(null_load, VEC_PF, "null-pointer-use", "load of null pointer")
UB_CASE(misaligned_load, -1, "misaligned-access", "4-byte alignment")
UB_CASE(invalid_bool, -1, "invalid-load", "value 5")
UB_CASE(pointer_wraps, -1, "pointer-overflow", "0xfffffffffffffff0", "0x10")
UB_CASE(vla_zero, -1, "vla-bound-not-positive", "evaluates to 0")

/* What a report made away from the test's own context said. */
struct remote_report {
	int count;
	char text[256];
};

static void shift_captured(void *arg)
{
	struct remote_report *r = arg;

	ubsan_capture_begin();
	shift_too_far(NULL);
	r->count = ubsan_capture_end(r->text, sizeof(r->text));
}

/* On an AP, in its call-function IPI handler. */
static void ubsan_on_another_cpu(struct ktest *t)
{
	struct remote_report r = {0};
	int cpu, target = -1;

	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			target = cpu;
	if (target < 0) {
		ktest_skip(t, "needs a second CPU");
		return;
	}
	KASSERT_TRUE(t, smp_call_function_single(target, shift_captured, &r,
						 true) == 0);
	KEXPECT_EQ(t, r.count, 1);
	ktest_log(t, "cpu%d: %s", target, r.text);
	KEXPECT_TRUE(t, ktest_strstr(r.text, "shift-out-of-bounds") != NULL);
}

/*
 * As on the boot CPU before percpu_init_boot_cpu (or an AP before
 * percpu_install): GS base 0, so the handler must not touch %gs. IRQs
 * stay off and nothing in the window uses per-CPU data.
 */
static void ubsan_before_percpu(struct ktest *t)
{
	struct remote_report r = {0};
	unsigned long flags = arch_local_irq_save();
	u64 gs = rdmsr(MSR_GS_BASE);

	wrmsr(MSR_GS_BASE, 0);
	shift_captured(&r);
	wrmsr(MSR_GS_BASE, gs);
	arch_local_irq_restore(flags);
	KEXPECT_EQ(t, r.count, 1);
	ktest_log(t, "GS base 0: %s", r.text);
	KEXPECT_TRUE(t, ktest_strstr(r.text, "shift-out-of-bounds") != NULL);
}

static const struct ktest_case ubsan_cases[] = {
	KTEST_CASE(ubsan_shift_too_far),
	KTEST_CASE(ubsan_shift_negative),
	KTEST_CASE(ubsan_add_overflow),
	KTEST_CASE(ubsan_mul_overflow),
	KTEST_CASE(ubsan_negate_overflow),
	KTEST_CASE(ubsan_divide_by_zero),
	KTEST_CASE(ubsan_index_out_of_bounds),
	KTEST_CASE(ubsan_null_load),
	KTEST_CASE(ubsan_misaligned_load),
	KTEST_CASE(ubsan_invalid_bool),
	KTEST_CASE(ubsan_pointer_wraps),
	KTEST_CASE(ubsan_vla_zero),
	KTEST_CASE(ubsan_on_another_cpu),
	KTEST_CASE(ubsan_before_percpu),
	{},
};
KTEST_SUITE(ubsan, .cases = ubsan_cases);
#endif

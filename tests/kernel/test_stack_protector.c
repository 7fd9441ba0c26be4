/*
 * ktest suite "stack_protector": this boot's canary is set (not the zero
 * the guard starts as), sits in the frames of protected functions, and
 * both of its sources give a fresh value on every draw. That a smashed
 * canary stops the kernel is a boot that must fail: tests/selftest
 * provoke-canary.
 */
#include "arch/x86/cpu.h"
#include "arch/x86/irqflags.h"
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/stack_protector.h"
#include "lib/string.h"

#define DRAWS 8

extern unsigned long __stack_chk_guard;

static bool protector_built_in(struct ktest *t)
{
	if (!strcmp(stack_protector_source(), "off")) {
		ktest_skip(t, "built with STACKPROTECTOR=0");
		return false;
	}
	return true;
}

static void stack_protector_canary_set(struct ktest *t)
{
	if (!protector_built_in(t))
		return;
	ktest_log(t, "canary from %s", stack_protector_source());
	KEXPECT_NE(t, __stack_chk_guard, 0);
	KEXPECT_EQ(t, __stack_chk_guard & 0xff, 0);
}

/*
 * Words equal to the guard in [@from, @top), scanned as integers (no
 * out-of-bounds access). The guard is compared bit-inverted, so a spilled
 * copy of the value we compare with is never counted.
 */
static int count_guard_words(uintptr_t from, uintptr_t top)
{
	unsigned long inverted = ~READ_ONCE(__stack_chk_guard);
	int found = 0;

	for (uintptr_t p = ALIGN_UP(from, 8); p < top; p += 8)
		found += ~*(const volatile unsigned long *)p == inverted;
	return found;
}

/* Between a local array and the frame pointer: where a canary goes. */
static __attribute__((noinline)) int canaries_protected(void)
{
	volatile char buf[24];

	buf[0] = 1;
	return count_guard_words((uintptr_t)buf,
				 (uintptr_t)__builtin_frame_address(0));
}

static __attribute__((noinline)) __no_stack_protector int
canaries_unprotected(void)
{
	volatile char buf[24];

	buf[0] = 1;
	return count_guard_words((uintptr_t)buf,
				 (uintptr_t)__builtin_frame_address(0));
}

/* Zero the stack below the caller, where the next callee's frame will
 * be: earlier calls left their canaries there. */
static __attribute__((noinline)) __no_stack_protector void scrub_stack(void)
{
	volatile char area[1024];

	for (size_t i = 0; i < sizeof(area); i++)
		area[i] = 0;
}

/* The compiler really put the guard in a frame, and only where asked. */
static void stack_protector_canary_in_frames(struct ktest *t)
{
	int protected, unprotected;

	if (!protector_built_in(t))
		return;
	scrub_stack();
	protected = canaries_protected();
	scrub_stack();
	unprotected = canaries_unprotected();
	KEXPECT_EQ(t, protected, 1);
	KEXPECT_EQ(t, unprotected, 0);
}

static void count_remotely(void *arg)
{
	scrub_stack();
	*(int *)arg = canaries_protected();
}

/* The same guard works on an AP and with the GS base zeroed (as on the
 * boot CPU before percpu_init_boot_cpu): it is global, not %gs-based. */
static void stack_protector_everywhere(struct ktest *t)
{
	int cpu, target = -1, remote = -1, early = -1;
	unsigned long flags;
	u64 gs;

	if (!protector_built_in(t))
		return;
	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			target = cpu;
	if (target >= 0) {
		KASSERT_TRUE(t, smp_call_function_single(target, count_remotely,
							 &remote, true) == 0);
		KEXPECT_EQ(t, remote, 1);
	}
	flags = arch_local_irq_save();
	gs = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_GS_BASE, 0);
	count_remotely(&early);
	wrmsr(MSR_GS_BASE, gs);
	arch_local_irq_restore(flags);
	KEXPECT_EQ(t, early, 1);
}

/* Every draw from @src differs from the others and from the live guard. */
static void expect_fresh_draws(struct ktest *t, enum canary_source src)
{
	u64 v[DRAWS];
	enum canary_source used = CANARY_NONE;
	int same = 0;

	for (int i = 0; i < DRAWS; i++) {
		v[i] = stack_canary_draw(src, &used);
		KEXPECT_NE(t, v[i], 0);
		KEXPECT_EQ(t, v[i] & 0xff, 0);
		KEXPECT_NE(t, v[i], __stack_chk_guard);
		for (int j = 0; j < i; j++)
			same += v[i] == v[j];
	}
	KEXPECT_EQ(t, same, 0);
	ktest_log(t, "%d draws from %s, all different", DRAWS,
		  used == CANARY_RDRAND ? "RDRAND" : "the TSC");
}

static void stack_protector_draws_differ(struct ktest *t)
{
	expect_fresh_draws(t, CANARY_RDRAND);
	expect_fresh_draws(t, CANARY_TSC);
}

static const struct ktest_case stack_protector_cases[] = {
	KTEST_CASE(stack_protector_canary_set),
	KTEST_CASE(stack_protector_canary_in_frames),
	KTEST_CASE(stack_protector_everywhere),
	KTEST_CASE(stack_protector_draws_differ),
	{},
};
KTEST_SUITE(stack_protector, .cases = stack_protector_cases);

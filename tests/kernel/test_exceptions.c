/*
 * Exception handling, tested by provoking exceptions on purpose: each case
 * arms the expected vector, faults, and checks it came back with the right
 * vector and error code and with the CPU state intact.
 */
#include "kernel/ktest.h"
#include "arch/x86/backtrace.h"
#include "arch/x86/irqflags.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
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

/* Move to the CPU in *@arg, note where we ended up, then fault. */
static void move_then_ud2(void *arg)
{
	int *cpu = arg;

	sched_move(current, *cpu);
	*cpu = raw_smp_processor_id();
	__asm__ volatile("ud2");
}

static int catch_across_migration(void *arg)
{
	return ktest_expect_fault(VEC_UD, move_then_ud2, arg, NULL);
}

/* The armed catch belongs to the thread: it must follow it to the CPU
 * where the fault happens. */
static void exc_catch_follows_migration(struct ktest *t)
{
	int from = smp_processor_id(), to = -1, cpu;
	struct thread *th;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != from && sched_cpu_active(cpu))
			to = cpu;
	if (to < 0) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	cpu = to;
	th = kthread_create(catch_across_migration, &cpu, from, "exc-mig");
	KASSERT_TRUE(t, th);
	KEXPECT_EQ(t, kthread_join(th), 1);
	KEXPECT_EQ(t, cpu, to);
}

static int catch_a_armed, catch_b_done;

/* A: armed, lets B run a whole catch of its own, then faults. */
static void yield_until_b_then_ud2(void *arg)
{
	(void)arg;
	__atomic_store_n(&catch_a_armed, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&catch_b_done, __ATOMIC_SEQ_CST))
		sched_yield();
	__asm__ volatile("ud2");
}

static int catch_a(void *arg)
{
	(void)arg;
	return ktest_expect_fault(VEC_UD, yield_until_b_then_ud2, NULL, NULL);
}

static int catch_b(void *arg)
{
	int caught;

	(void)arg;
	while (!__atomic_load_n(&catch_a_armed, __ATOMIC_SEQ_CST))
		sched_yield();
	caught = ktest_expect_fault(VEC_UD, do_ud2, NULL, NULL);
	__atomic_store_n(&catch_b_done, 1, __ATOMIC_SEQ_CST);
	return caught;
}

/* Two threads on one CPU, each with a catch armed: neither may consume
 * or disarm the other's. */
static void exc_catch_per_thread(struct ktest *t)
{
	int cpu = smp_processor_id();
	struct thread *a, *b;

	catch_a_armed = catch_b_done = 0;
	a = kthread_create_on_cpu(catch_a, NULL, cpu, "exc-a");
	b = kthread_create_on_cpu(catch_b, NULL, cpu, "exc-b");
	KASSERT_TRUE(t, a && b);
	KEXPECT_EQ(t, kthread_join(b), 1);
	KEXPECT_EQ(t, kthread_join(a), 1);
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
	KTEST_CASE(exc_catch_follows_migration),
	KTEST_CASE(exc_catch_per_thread),
	KTEST_CASE(exc_symbols_resolve),
	KTEST_CASE(exc_backtrace_walks_frames),
	{},
};
KTEST_SUITE(exceptions, .cases = exception_cases);

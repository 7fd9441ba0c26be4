/*
 * Interrupt injection lands where asked: an IRQ and an NMI inside a
 * spinlocked section with IRQs on are taken inside it; inside an irqsave
 * section the IRQ waits for the unlock while the NMI does not; at every
 * step of a two-lock sequence the handler sees exactly the locks held
 * there; hits, fired and taken add up, and so do the interrupt counts.
 */
#include "kernel/ktest.h"
#include "arch/x86/apic.h"
#include "arch/x86/nmi.h"
#include "kernel/inject.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"

#define INJ_ROUNDS 20

static DEFINE_SPINLOCK(inj_a);
static DEFINE_SPINLOCK(inj_b);

/* What the handler saw, filled in the interrupt. */
struct inj_seen {
	int calls;
	int hardirq, nmi;	/* calls in that context */
	int a_locked, b_locked; /* calls that found the lock held */
	int trylock_failed;	/* of inj_a, from the handler */
	int state[5];		/* two-lock sequence: bit 0 a, bit 1 b */
	int step;		/* which step is firing */
};

static struct inj_seen seen;

static void inj_record(struct inject_point *p, void *arg)
{
	struct inj_seen *s = arg;

	(void)p;
	s->calls++;
	s->hardirq += in_hardirq() && !in_nmi();
	s->nmi += in_nmi();
	s->a_locked += spin_is_locked(&inj_a);
	s->b_locked += spin_is_locked(&inj_b);
	if (s->step >= 0 && s->step < 5)
		s->state[s->step] =
			spin_is_locked(&inj_a) | spin_is_locked(&inj_b) << 1;
}

/* IRQ: trylock the lock the interrupted thread holds; it must fail. */
static void inj_trylock(struct inject_point *p, void *arg)
{
	struct inj_seen *s = arg;

	inj_record(p, arg);
	if (spin_trylock(&inj_a))
		spin_unlock(&inj_a);
	else
		s->trylock_failed++;
}

static u32 irq_count_here(int vector)
{
	return this_cpu_read(cpu_area.irq_count[vector]);
}

static void inj_expect_counts(struct ktest *t, const char *name, u64 n)
{
	struct inject_counts c;

	KEXPECT_GT(t, inject_counts(name, &c), 0);
	KEXPECT_EQ(t, c.hits, n);
	KEXPECT_EQ(t, c.fired, n);
	KEXPECT_EQ(t, c.taken, n);
}

static void inject_in_spin_section_irqs_on(struct ktest *t)
{
	if (t->skipped)
		return;
	for (int kind = INJECT_IRQ; kind <= INJECT_NMI; kind++) {
		int vec = kind == INJECT_IRQ ? INJECT_VECTOR : NMI_VECTOR;
		u32 before = irq_count_here(vec);

		seen = (struct inj_seen){.step = -1};
		KASSERT_TRUE(t, inject_arm("test_inj_spin", kind, 1,
					   inj_trylock, &seen) == 1);
		for (int i = 0; i < INJ_ROUNDS; i++) {
			spin_lock(&inj_a);
			inject_point(test_inj_spin);
			spin_unlock(&inj_a);
		}
		inject_disarm("test_inj_spin");
		inj_expect_counts(t, "test_inj_spin", INJ_ROUNDS);
		KEXPECT_EQ(t, seen.calls, INJ_ROUNDS);
		KEXPECT_EQ(t, seen.a_locked, INJ_ROUNDS);
		KEXPECT_EQ(t, seen.trylock_failed, INJ_ROUNDS);
		KEXPECT_EQ(t, kind == INJECT_IRQ ? seen.hardirq : seen.nmi,
			   INJ_ROUNDS);
		KEXPECT_EQ(t, irq_count_here(vec) - before, INJ_ROUNDS);
	}
}

static void inject_in_irqsave_section(struct ktest *t)
{
	struct inject_counts c;
	unsigned long f;

	if (t->skipped)
		return;
	seen = (struct inj_seen){.step = -1};
	inject_arm("test_inj_irqsave", INJECT_IRQ, 1, inj_record, &seen);
	f = spin_lock_irqsave(&inj_a);
	inject_point(test_inj_irqsave);
	inject_counts("test_inj_irqsave", &c);
	KEXPECT_EQ(t, c.fired, 1);
	KEXPECT_EQ(t, c.taken, 0); /* pending: IRQs are off */
	KEXPECT_TRUE(t, apic_irr_pending(INJECT_VECTOR));
	spin_unlock_irqrestore(&inj_a, f);
	inj_expect_counts(t, "test_inj_irqsave", 1);
	KEXPECT_EQ(t, seen.a_locked, 0); /* taken at the unlock */

	seen = (struct inj_seen){.step = -1};
	inject_arm("test_inj_irqsave", INJECT_NMI, 1, inj_record, &seen);
	f = spin_lock_irqsave(&inj_a);
	inject_point(test_inj_irqsave);
	KEXPECT_EQ(t, seen.calls, 1); /* an NMI does not wait */
	spin_unlock_irqrestore(&inj_a, f);
	inject_disarm("test_inj_irqsave");
	inj_expect_counts(t, "test_inj_irqsave", 1);
	KEXPECT_EQ(t, seen.a_locked, 1);
	KEXPECT_EQ(t, seen.nmi, 1);
}

/* Take a, then b, release b, then a; a point before and after each. */
static void inj_two_locks(void)
{
	seen.step = 0;
	inject_point(test_inj_two);
	spin_lock(&inj_a);
	seen.step = 1;
	inject_point(test_inj_two);
	spin_lock(&inj_b);
	seen.step = 2;
	inject_point(test_inj_two);
	spin_unlock(&inj_b);
	seen.step = 3;
	inject_point(test_inj_two);
	spin_unlock(&inj_a);
	seen.step = 4;
	inject_point(test_inj_two);
}

static void inject_every_step_of_two_locks(struct ktest *t)
{
	static const int want[5] = {0, 1, 3, 1, 0};

	if (t->skipped)
		return;

	for (int kind = INJECT_IRQ; kind <= INJECT_NMI; kind++) {
		seen = (struct inj_seen){0};
		KEXPECT_EQ(
			t,
			inject_arm("test_inj_two", kind, 1, inj_record, &seen),
			5);
		for (int i = 0; i < INJ_ROUNDS; i++)
			inj_two_locks();
		inject_disarm("test_inj_two");
		inj_expect_counts(t, "test_inj_two", 5 * INJ_ROUNDS);
		KEXPECT_EQ(t, seen.calls, 5 * INJ_ROUNDS);
		for (int s = 0; s < 5; s++)
			KEXPECT_EQ(t, seen.state[s], want[s]);
	}
}

static void inject_every_nth_and_spec(struct ktest *t)
{
	struct inject_counts c;

	if (t->skipped)
		return;

	KEXPECT_EQ(t, inject_apply_spec("test_inj_nth:irq:3"), 0);
	for (int i = 0; i < 30; i++)
		inject_point(test_inj_nth);
	inject_counts("test_inj_nth", &c);
	KEXPECT_EQ(t, c.hits, 30);
	KEXPECT_EQ(t, c.fired, 10);
	KEXPECT_EQ(t, c.taken, 10);
	/* each bad item: one warning, nothing armed */
	KEXPECT_EQ(t,
		   inject_apply_spec("test_inj_nth:off,nosuch:irq,"
				     "test_inj_nth:tick,test_inj_nth:nmi:0"),
		   3);
	for (int i = 0; i < 3; i++)
		inject_point(test_inj_nth);
	inject_counts("test_inj_nth", &c);
	KEXPECT_EQ(t, c.fired, 10);
	KEXPECT_EQ(t, inject_arm("no_such_point", INJECT_IRQ, 1, NULL, NULL),
		   0);
}

/* Every case fires points: none exist in a make INJECT=0 image. */
static int inject_suite_init(struct ktest *t)
{
	if (!CONFIG_INJECT)
		ktest_skip(t, "inject points compiled out (make INJECT=0)");
	return 0;
}

static const struct ktest_case inject_cases[] = {
	KTEST_CASE(inject_in_spin_section_irqs_on),
	KTEST_CASE(inject_in_irqsave_section),
	KTEST_CASE(inject_every_step_of_two_locks),
	KTEST_CASE(inject_every_nth_and_spec),
	{NULL, NULL},
};
KTEST_SUITE(inject, .cases = inject_cases, .init = inject_suite_init);

/*
 * The preempt count: nesting and balance in task context and across a
 * real interrupt (a software `int` to a spare vector), and preemptible()
 * being false inside every kind of lock section.
 */
#include "kernel/ktest.h"
#include "kernel/local_lock.h"
#include "kernel/preempt.h"
#include "kernel/spinlock.h"
#include "arch/x86/idt.h"

#define TEST_VECTOR 0x8e /* unused by smp-core's LAPIC and IPI vectors */

static void preempt_nesting(struct ktest *t)
{
	int base = preempt_count();

	KEXPECT_TRUE(t, preemptible());
	for (int i = 1; i <= 5; i++) {
		preempt_disable();
		KEXPECT_EQ(t, preempt_count(), base + i);
		KEXPECT_FALSE(t, preemptible());
	}
	for (int i = 4; i >= 0; i--) {
		preempt_enable();
		KEXPECT_EQ(t, preempt_count(), base + i);
	}
	KEXPECT_TRUE(t, preemptible());
	KEXPECT_TRUE(t, in_task());
	KEXPECT_FALSE(t, in_interrupt());
}

static volatile int irq_seen_count;
static volatile bool irq_seen_hardirq, irq_seen_interrupt, irq_seen_preemptible;

static void test_irq_handler(struct pt_regs *regs)
{
	(void)regs;
	irq_seen_count = preempt_count();
	irq_seen_hardirq = in_hardirq();
	irq_seen_interrupt = in_interrupt();
	irq_seen_preemptible = preemptible();
}

/* The hardirq field counts the interrupt and is dropped on the way out. */
static void preempt_balance_across_irq(struct ktest *t)
{
	int base = preempt_count();

	idt_set_handler(TEST_VECTOR, test_irq_handler);
	preempt_disable();
	__asm__ volatile("int %0" ::"i"(TEST_VECTOR) : "memory");
	KEXPECT_EQ(t, irq_seen_count, base + 1 + HARDIRQ_OFFSET);
	KEXPECT_TRUE(t, irq_seen_hardirq);
	KEXPECT_TRUE(t, irq_seen_interrupt);
	KEXPECT_FALSE(t, irq_seen_preemptible);
	KEXPECT_EQ(t, preempt_count(), base + 1);
	preempt_enable();
	__asm__ volatile("int %0" ::"i"(TEST_VECTOR) : "memory");
	KEXPECT_EQ(t, irq_seen_count, base + HARDIRQ_OFFSET);
	KEXPECT_EQ(t, preempt_count(), base);
	idt_set_handler(TEST_VECTOR, NULL);
}

static void preempt_layout(struct ktest *t)
{
	unsigned long flags;
	bool nmi, hardirq;

	KEXPECT_EQ(t, PREEMPT_MASK, 0xff);
	KEXPECT_EQ(t, SOFTIRQ_MASK, 0xff00);
	KEXPECT_EQ(t, HARDIRQ_MASK, 0xf0000);
	KEXPECT_EQ(t, NMI_MASK, 0xf00000);

	/* IRQs off, as in a real NMI: a tick landing while the count says
	 * NMI would run its handler in a context it can never be in */
	local_irq_save(flags);
	nmi_enter();
	nmi = in_nmi();
	hardirq = in_hardirq();
	nmi_exit();
	local_irq_restore(flags);
	KEXPECT_TRUE(t, nmi);
	KEXPECT_TRUE(t, hardirq);
	KEXPECT_FALSE(t, in_nmi());
}

static DEFINE_SPINLOCK(test_preempt_lock);
static DEFINE_LOCAL_LOCK(test_preempt_ll, 0);

/* Every lock type pins the CPU; the RT local lock pins by migration. */
static void preempt_off_in_every_lock(struct ktest *t)
{
	unsigned long f;

	spin_lock(&test_preempt_lock);
	KEXPECT_FALSE(t, preemptible());
	spin_unlock(&test_preempt_lock);
	spin_lock_irq(&test_preempt_lock);
	KEXPECT_FALSE(t, preemptible());
	spin_unlock_irq(&test_preempt_lock);
	f = spin_lock_irqsave(&test_preempt_lock);
	KEXPECT_FALSE(t, preemptible());
	KEXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irqrestore(&test_preempt_lock, f);
	KASSERT_TRUE(t, spin_trylock(&test_preempt_lock));
	KEXPECT_FALSE(t, preemptible());
	spin_unlock(&test_preempt_lock);
	local_lock(&test_preempt_ll);
	KEXPECT_FALSE(t, preemptible());
	local_unlock(&test_preempt_ll);
	local_lock_irq(&test_preempt_ll);
	KEXPECT_FALSE(t, preemptible());
	local_unlock_irq(&test_preempt_ll);
	f = local_lock_irqsave(&test_preempt_ll);
	KEXPECT_FALSE(t, preemptible());
	local_unlock_irqrestore(&test_preempt_ll, f);
	local_lock_rt(&test_preempt_ll);
	KEXPECT_TRUE(t, preemptible()); /* RT: preemptible but pinned */
	KEXPECT_GT(t, current->migrate_disable, 0);
	local_unlock_rt(&test_preempt_ll);
	KEXPECT_TRUE(t, preemptible());
	KEXPECT_EQ(t, current->migrate_disable, 0);
}

static const struct ktest_case preempt_cases[] = {
	KTEST_CASE(preempt_nesting),
	KTEST_CASE(preempt_balance_across_irq),
	KTEST_CASE(preempt_layout),
	KTEST_CASE(preempt_off_in_every_lock),
	{NULL, NULL},
};
KTEST_SUITE(preempt, .cases = preempt_cases);

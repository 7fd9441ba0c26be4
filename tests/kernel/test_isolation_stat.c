/*
 * The isolation view counts every interrupt by vector since the mark:
 * IPIs sent to another CPU, IRQs and NMIs injected on this one, exactly.
 */
#include "kernel/ktest.h"
#include "arch/x86/apic.h"
#include "arch/x86/nmi.h"
#include "arch/x86/irqflags.h"
#include "kernel/inject.h"
#include "kernel/isolation_stat.h"
#include "kernel/smp.h"

static void iso_nop(void *arg)
{
	(void)arg;
}

static void isolation_view_counts_exactly(struct ktest *t)
{
	static u32 by[NR_VECTORS];
	int me = raw_smp_processor_id(), other = -1, cpu;

	for_each_online_cpu(cpu)
		if (cpu != me && other < 0)
			other = cpu;
	unsigned long f;

	local_irq_save(f); /* no tick between the mark and the read */
	isolation_mark();
	KEXPECT_EQ(t, isolation_irqs_since_mark(me, NULL), 0);
	local_irq_restore(f);
	if (CONFIG_INJECT) {
		inject_arm("test_iso_irq", INJECT_IRQ, 1, NULL, NULL);
		inject_arm("test_iso_nmi", INJECT_NMI, 1, NULL, NULL);
		for (int i = 0; i < 3; i++)
			inject_point(test_iso_irq);
		for (int i = 0; i < 2; i++)
			inject_point(test_iso_nmi);
		inject_disarm("test_iso_irq");
		inject_disarm("test_iso_nmi");
		isolation_irqs_since_mark(me, by);
		KEXPECT_EQ(t, by[INJECT_VECTOR], 3);
		KEXPECT_EQ(t, by[NMI_VECTOR], 2);
	}
	if (other < 0) {
		ktest_log(t, "one CPU: IPIs to another CPU not checked");
		return;
	}
	for (int i = 0; i < 5; i++)
		smp_call_function_single(other, iso_nop, NULL, true);
	ktest_log(t, "cpu%d: %lu interrupts since the mark", other,
		  (unsigned long)isolation_irqs_since_mark(other, by));
	KEXPECT_EQ(t, by[CALL_FUNCTION_VECTOR], 5);
	KEXPECT_EQ(t, by[INJECT_VECTOR], 0);
}

static const struct ktest_case isolation_stat_cases[] = {
	KTEST_CASE(isolation_view_counts_exactly),
	{NULL, NULL},
};
KTEST_SUITE(isolation_stat, .cases = isolation_stat_cases);

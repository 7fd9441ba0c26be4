/*
 * SMP bring-up and the call-function IPI: every CPU QEMU lists comes
 * online and answers; calls reach exactly the CPUs asked, with and
 * without waiting; and `interrupts` counts exactly the IPIs sent.
 */
#include "kernel/ktest.h"
#include "arch/x86/acpi.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/tsc.h"
#include "kernel/cmdline.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "kernel/thread.h"
#include "arch/x86/nmi.h"

#define WAIT_NS 2000000000ULL /* 2 s: TCG with 32 vCPUs on 2 host cores */

static int ran_on[NR_CPUS]; /* how many times each CPU ran record_cpu */
static u32 seen_apic[NR_CPUS];

static void record_cpu(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	seen_apic[cpu] = apic_id();
	__atomic_fetch_add(&ran_on[cpu], 1, __ATOMIC_SEQ_CST);
}

static void reset_ran(void)
{
	for (int i = 0; i < NR_CPUS; i++)
		__atomic_store_n(&ran_on[i], 0, __ATOMIC_SEQ_CST);
}

static int total_ran(void)
{
	int n = 0;

	for (int i = 0; i < NR_CPUS; i++)
		n += __atomic_load_n(&ran_on[i], __ATOMIC_SEQ_CST);
	return n;
}

/* Return: true once record_cpu has run @n times in all, false on timeout */
static bool wait_total(int n)
{
	u64 end = ktime_ns() + WAIT_NS;

	while (total_ran() < n)
		if (ktime_ns() > end)
			return false;
	return true;
}

/* CPUs below @limit that smp_test_nosipi= kept from answering */
static int injected_dead(int limit)
{
	u64 mask = 0;
	int n = 0;

	cmdline_get_cpulist(&boot_cmdline, "smp_test_nosipi", &mask, NR_CPUS);
	for (int cpu = 1; cpu < limit; cpu++)
		n += !!(mask & (1ULL << cpu));
	return n;
}

static void smp_all_cpus_online(struct ktest *t)
{
	int limit = (int)cmdline_int("maxcpus", NR_CPUS), cpu;

	limit = MIN(nr_cpu_ids, MAX(limit, 1));
	KEXPECT_EQ(t, nr_cpu_ids, MIN(acpi.nr_cpus, NR_CPUS));
	/* every CPU that was started answered; none that was not did */
	KEXPECT_EQ(t, num_online_cpus(), limit - injected_dead(limit));
	reset_ran();
	on_each_cpu(record_cpu, NULL, true);
	for_each_online_cpu(cpu) {
		KEXPECT_EQ(t, ran_on[cpu], 1);
		KEXPECT_EQ(t, seen_apic[cpu], percpu_areas[cpu]->apic_id);
	}
	KEXPECT_EQ(t, total_ran(), num_online_cpus());
	ktest_log(t, "%d of %d CPUs online", num_online_cpus(), nr_cpu_ids);
}

static void smp_call_single_each_cpu(struct ktest *t)
{
	int cpu;

	reset_ran();
	for_each_online_cpu(cpu) {
		KEXPECT_EQ(
			t,
			smp_call_function_single(cpu, record_cpu, NULL, true),
			0);
		/* with wait, the call has run by the time we return */
		KEXPECT_EQ(t, ran_on[cpu], 1);
	}
	KEXPECT_EQ(
		t,
		smp_call_function_single(NR_CPUS - 1, record_cpu, NULL, true),
		num_online_cpus() == NR_CPUS ? 0 : -1);
}

/* Every other CPU, so the mask is not simply "all" */
static void smp_call_many_odd_mask(struct ktest *t)
{
	struct cpumask mask;
	int cpu, expect = 0, sent;

	cpumask_clear(&mask);
	for_each_online_cpu(cpu)
		if (cpu & 1) {
			cpumask_set_cpu(cpu, &mask);
			expect += cpu != smp_processor_id();
		}
	reset_ran();
	sent = smp_call_function_many(&mask, record_cpu, NULL, true);
	KEXPECT_EQ(t, sent, expect);
	for_each_online_cpu(cpu)
		KEXPECT_EQ(t, ran_on[cpu],
			   (cpu & 1) && cpu != smp_processor_id());
}

static void smp_call_nowait(struct ktest *t)
{
	int rounds = 5, sent = 0;

	reset_ran();
	for (int i = 0; i < rounds; i++)
		sent += smp_call_function_many(&cpu_online_mask, record_cpu,
					       NULL, false);
	KEXPECT_EQ(t, sent, rounds * (num_online_cpus() - 1));
	KEXPECT_TRUE(t, wait_total(sent));
	KEXPECT_EQ(t, total_ran(), sent);
}

static void snapshot(int vector, u32 *out)
{
	int cpu;

	for_each_online_cpu(cpu)
		out[cpu] = READ_ONCE(percpu_areas[cpu]->irq_count[vector]);
}

static void smp_ipi_counts_exact(struct ktest *t)
{
	static u32 before[NR_CPUS], after[NR_CPUS];
	int me = smp_processor_id(), cpu, per_cpu = 0;

	snapshot(CALL_FUNCTION_VECTOR, before);
	reset_ran();
	for (int i = 0; i < 3; i++, per_cpu++)
		for_each_online_cpu(cpu)
			smp_call_function_single(cpu, record_cpu, NULL, true);
	for (int i = 0; i < 2; i++, per_cpu++)
		smp_call_function_many(&cpu_online_mask, record_cpu, NULL,
				       false);
	on_each_cpu(record_cpu, NULL, true);
	per_cpu++;
	KEXPECT_TRUE(t, wait_total(per_cpu * num_online_cpus() -
				   2 * 1 /* the nowait rounds skip me */));
	snapshot(CALL_FUNCTION_VECTOR, after);
	for_each_online_cpu(cpu)
		KEXPECT_EQ(t, after[cpu] - before[cpu],
			   cpu == me ? 0 : per_cpu);
}

static void smp_resched_ipi_counted(struct ktest *t)
{
	static u32 before[NR_CPUS], after[NR_CPUS];
	int me = smp_processor_id(), cpu;
	u64 end;

	snapshot(RESCHEDULE_VECTOR, before);
	for_each_online_cpu(cpu)
		if (cpu != me)
			smp_send_reschedule(cpu);
	end = ktime_ns() + WAIT_NS;
	for_each_online_cpu(cpu)
		while (cpu != me &&
		       READ_ONCE(percpu_areas[cpu]
					 ->irq_count[RESCHEDULE_VECTOR]) ==
			       before[cpu] &&
		       ktime_ns() < end)
			cpu_relax();
	snapshot(RESCHEDULE_VECTOR, after);
	for_each_online_cpu(cpu)
		KEXPECT_EQ(t, after[cpu] - before[cpu], cpu != me);
}

static int cross_done;

/* Atomic: the two calls can run at once, one on each CPU, because each
 * CPU runs its own queue while it waits for the other. */
static void cross_inner(void *arg)
{
	(void)arg;
	__atomic_fetch_add(&cross_done, 1, __ATOMIC_SEQ_CST);
}

/* Runs on the other CPU in its IPI handler (IRQs off) and calls us back
 * with wait while we wait for it with IRQs off too. */
static void cross_outer(void *arg)
{
	smp_call_function_single((int)(long)arg, cross_inner, NULL, true);
}

static void smp_cross_calls_irqs_off(struct ktest *t)
{
	int me = smp_processor_id(), other = -1, cpu;
	u64 end;

	for_each_online_cpu(cpu)
		if (cpu != me)
			other = cpu;
	if (other < 0) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	__atomic_store_n(&cross_done, 0, __ATOMIC_SEQ_CST);
	local_irq_disable();
	smp_call_function_single(other, cross_outer, (void *)(long)me, false);
	smp_call_function_single(other, cross_inner, NULL, true);
	local_irq_enable();
	/* the other CPU's call back to us may still be queued if it ran our
	 * second call first (from its own wait loop): IRQs on runs it now */
	end = ktime_ns() + WAIT_NS;
	while (__atomic_load_n(&cross_done, __ATOMIC_SEQ_CST) < 2 &&
	       ktime_ns() < end)
		cpu_relax();
	KEXPECT_EQ(t, __atomic_load_n(&cross_done, __ATOMIC_SEQ_CST), 2);
}

/* An AP's stack overflow must fault on the page below, not corrupt it */
static void smp_ap_stacks_guarded(struct ktest *t)
{
	int cpu;

	for_each_online_cpu(cpu) {
		u64 top = percpu_areas[cpu]->stack_top;

		if (cpu == 0)
			continue; /* the boot stack is part of the image */
		KEXPECT_NE(t, paging_translate(top - 8), ~0ULL);
		KEXPECT_NE(t, paging_translate(top - AP_STACK_SIZE), ~0ULL);
		KEXPECT_EQ(t, paging_translate(top - AP_STACK_SIZE - 8), ~0ULL);
	}
}

#define CR0_NW (1UL << 29)
#define CR0_CD (1UL << 30)

static u64 seen_cr0[NR_CPUS], seen_cr4[NR_CPUS];

static void record_cr(void *arg)
{
	(void)arg;
	seen_cr0[smp_processor_id()] = read_cr0();
	seen_cr4[smp_processor_id()] = read_cr4();
}

/*
 * An AP leaves INIT with CR0 = 0x60000010 (CD and NW set: caches off);
 * every CPU must run with caching on and the boot CPU's CR4.
 */
static void smp_ap_control_regs(struct ktest *t)
{
	int cpu;

	on_each_cpu(record_cr, NULL, true);
	for_each_online_cpu(cpu) {
		KEXPECT_EQ(t, seen_cr0[cpu] & (CR0_CD | CR0_NW), 0);
		KEXPECT_EQ(t, seen_cr4[cpu], seen_cr4[0]);
	}
}

#define NMI_ROUNDS 1000

extern int console_loglevel; /* kernel/printk.c, as main.c uses it */

static int nmi_printer_stop;

/* Log (not print) long lines as fast as possible: most of the time
 * goes into copying them under log_lock. */
static int nmi_printer(void *arg)
{
	static char line[400];

	(void)arg;
	memset(line, 'x', sizeof(line) - 1);
	for (int i = 0; !__atomic_load_n(&nmi_printer_stop, __ATOMIC_SEQ_CST);
	     i++)
		printk(KERN_DEBUG "%d %s\n", i, line);
	return 0;
}

/*
 * An unknown NMI is reported from NMI context; it may land while the
 * interrupted code holds the printk locks on that very CPU, which must
 * neither deadlock nor trip lockdep's recursion check.
 */
static void smp_unknown_nmi_during_printk(struct ktest *t)
{
	int me = smp_processor_id(), other = -1, cpu, level;
	struct thread *th;
	u32 before;
	u64 end;

	for_each_online_cpu(cpu)
		if (cpu != me)
			other = cpu;
	if (other < 0) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	level = console_loglevel;
	console_loglevel = 0; /* keep the unknown-NMI lines off the console */
	__atomic_store_n(&nmi_printer_stop, 0, __ATOMIC_SEQ_CST);
	th = kthread_create_on_cpu(nmi_printer, NULL, other, "nmi-printer");
	KASSERT_TRUE(t, th);
	before = READ_ONCE(percpu_areas[other]->irq_count[NMI_VECTOR]);
	/* one at a time: NMIs sent while one is pending collapse into it */
	for (u32 i = 1; i <= NMI_ROUNDS; i++) {
		apic_send_ipi(percpu_areas[other]->apic_id, APIC_DM_NMI, 0);
		end = ktime_ns() + WAIT_NS;
		while (READ_ONCE(percpu_areas[other]->irq_count[NMI_VECTOR]) -
				       before <
			       i &&
		       ktime_ns() < end)
			cpu_relax();
	}
	KEXPECT_EQ(t,
		   READ_ONCE(percpu_areas[other]->irq_count[NMI_VECTOR]) -
			   before,
		   NMI_ROUNDS);
	__atomic_store_n(&nmi_printer_stop, 1, __ATOMIC_SEQ_CST);
	KEXPECT_EQ(t, kthread_join(th), 0);
	console_loglevel = level;
}

static void nothing(void *arg)
{
	(void)arg;
}

/* Round trip of a waited call to the farthest CPU: BENCH line for notes */
static void smp_ipi_roundtrip(struct ktest *t)
{
	int target = -1, cpu, n = 200;
	u64 t0, best = ~0ULL, sum = 0;

	for_each_online_cpu(cpu)
		if (cpu != smp_processor_id())
			target = cpu;
	ktest_log(t, "BENCH smp_bringup_ns=%llu cpus=%d",
		  (unsigned long long)smp_bringup_ns, num_online_cpus());
	if (target < 0) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	for (int i = 0; i < n; i++) {
		u64 d;

		t0 = rdtsc();
		smp_call_function_single(target, nothing, NULL, true);
		d = rdtsc() - t0;
		sum += d;
		best = MIN(best, d);
	}
	ktest_log(t,
		  "BENCH ipi_roundtrip_ns=%llu cycles=%llu min_ns=%llu "
		  "cpu=%d",
		  (unsigned long long)tsc_cycles_to_ns(sum / n),
		  (unsigned long long)(sum / n),
		  (unsigned long long)tsc_cycles_to_ns(best), target);
	KEXPECT_GT(t, best, 0);
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(smp_all_cpus_online),
	KTEST_CASE(smp_call_single_each_cpu),
	KTEST_CASE(smp_call_many_odd_mask),
	KTEST_CASE(smp_call_nowait),
	KTEST_CASE(smp_ipi_counts_exact),
	KTEST_CASE(smp_resched_ipi_counted),
	KTEST_CASE(smp_cross_calls_irqs_off),
	KTEST_CASE(smp_ap_stacks_guarded),
	KTEST_CASE(smp_ap_control_regs),
	KTEST_CASE(smp_unknown_nmi_during_printk),
	KTEST_CASE(smp_ipi_roundtrip),
	{},
};
KTEST_SUITE(smp, .cases = smp_cases);

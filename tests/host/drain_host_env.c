/*
 * What mm/pcp_drain.c and the any-context load need beyond the simulated
 * CPUs of smp_host_env.c. The ipi and work mechanisms really run: the
 * target's function runs with the simulated CPU switched to the target
 * (in hard-IRQ context for an IPI, as task for a work item), which is
 * what the kernel does on that CPU. Between the fuzzer's operations the
 * other CPUs are quiescent, as a CPU is when its IPI arrives between two
 * of its own sections. The housekeeper, the IRQ/NMI load and the shell's
 * printing do not exist here.
 */
#include <stdarg.h>

#include "arch/x86/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "lib/printk.h"
#include "mm/alloc_test_load.h"
#include "mm/drain.h"

int smp_call_function_many(const struct cpumask *mask, smp_call_func_t fn,
			   void *arg, bool wait)
{
	int self = host_cpu, sent = 0;
	bool irqs = host_irqs_off;

	(void)wait; /* the call has run when it returns */
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu == self || !cpumask_test_cpu(cpu, mask) ||
		    !cpumask_test_cpu(cpu, &cpu_online_mask))
			continue;
		host_cpu = cpu;
		host_irqs_off = true;
		irq_enter();
		fn(arg);
		irq_exit();
		sent++;
	}
	host_cpu = self;
	host_irqs_off = irqs;
	return sent;
}

unsigned long drain_work_all(struct zone *z, const struct cpumask *mask)
{
	int self = host_cpu;
	unsigned long n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		int busy = 0;

		if (!cpumask_test_cpu(cpu, mask) ||
		    !cpumask_test_cpu(cpu, &cpu_online_mask))
			continue;
		host_cpu = cpu;
		n += pcp_drain_this_cpu(z, &busy);
	}
	host_cpu = self;
	return n;
}

void pcp_housekeep_start(void)
{
}

void alloc_test_pause(void)
{
}

void alloc_test_resume(void)
{
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int shell_usage(const char *name)
{
	printk("usage: %s\n", name);
	return -1;
}

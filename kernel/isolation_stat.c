/*
 * The isolation view (isolation_stat.h) and the shell's `isolation`.
 * Linux has no single view of this; one sums /proc/interrupts rows by hand
 * (the nohz_full tests in tools/testing do the same arithmetic).
 */
#include "kernel/isolation_stat.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/isolation.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "lib/string.h"

const char *irq_vector_name(int vector, char buf[4]); /* interrupts_cmd.c */

/* Each CPU's counts at the last mark; written only by isolation_mark. */
static DEFINE_PER_CPU(u32[NR_VECTORS], isolation_marks);
static u64 isolation_marked_at;

void isolation_mark(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		u32 *mark = *per_cpu_ptr(&isolation_marks, cpu);

		for (int v = 0; v < NR_VECTORS; v++)
			WRITE_ONCE(mark[v],
				   READ_ONCE(percpu_areas[cpu]->irq_count[v]));
	}
	WRITE_ONCE(isolation_marked_at, ktime_ns());
}

u64 isolation_mark_time(void)
{
	return READ_ONCE(isolation_marked_at);
}

u64 isolation_irqs_since_mark(int cpu, u32 *by_vector)
{
	const u32 *mark = *per_cpu_ptr(&isolation_marks, cpu);
	u64 sum = 0;

	for (int v = 0; v < NR_VECTORS; v++) {
		/* u32 arithmetic: right across a wrap of the counter */
		u32 d = READ_ONCE(percpu_areas[cpu]->irq_count[v]) -
			READ_ONCE(mark[v]);

		if (by_vector)
			by_vector[v] = d;
		sum += d;
	}
	return sum;
}

static void isolation_show_cpu(int cpu)
{
	u32 by[NR_VECTORS];
	char num[4];
	u64 n = isolation_irqs_since_mark(cpu, by);

	kprintf("cpu%-3d %10lu", cpu, (unsigned long)n);
	for (int v = 0; v < NR_VECTORS; v++)
		if (by[v])
			kprintf("  %s %u", irq_vector_name(v, num), by[v]);
	kprintf("\n");
}

static int cmd_isolation(int argc, char **argv)
{
	u64 iso = isolated_cpu_mask(), at;
	int cpu;

	if (argc == 2 && !strcmp(argv[1], "mark")) {
		isolation_mark();
		return 0;
	}
	if (argc != 1) {
		kprintf("usage: isolation [mark]\n");
		return 1;
	}
	at = isolation_mark_time();
	kprintf("housekeeping cpu%d; interrupts since %s", housekeeping_cpu(),
		at ? "the mark at " : "boot");
	if (at)
		kprintf("%lu.%03lu s", (unsigned long)(at / 1000000000),
			(unsigned long)(at / 1000000 % 1000));
	kprintf(", all vectors:\n");
	if (!iso)
		kprintf("no isolated CPUs (isolcpus= is empty)\n");
	for_each_online_cpu(cpu)
		if (iso & (1ULL << cpu))
			isolation_show_cpu(cpu);
	return 0;
}
SHELL_CMD(isolation, "[mark]",
	  "interrupts per isolated CPU since a mark, by vector", cmd_isolation);
SHELL_HELP(isolation, SHELL_GROUP_DEBUG, "mark  start counting again from now",
	   "isolation mark; lockbench; isolation",
	   "per isolated CPU the interrupts taken since the mark, by vector,\n"
	   "and their sum: an isolated CPU should show 0.");

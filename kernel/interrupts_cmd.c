/*
 * The shell's `interrupts`: per-CPU counts of every vector, laid out like
 * Linux's /proc/interrupts (arch_show_interrupts): named rows for the
 * kernel's own vectors, numbered rows for anything else that fired.
 */
#include "arch/x86/apic.h"
#include "arch/x86/nmi.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "lib/format.h"

struct irq_row {
	const char *name;
	int vector;
	const char *desc;
};

static const struct irq_row named_rows[] = {
	{"NMI", NMI_VECTOR, "Non-maskable interrupts"},
	{"LOC", LOCAL_TIMER_VECTOR, "Local timer interrupts"},
	{"SPU", SPURIOUS_APIC_VECTOR, "Spurious interrupts"},
	{"RES", RESCHEDULE_VECTOR, "Rescheduling interrupts"},
	{"CAL", CALL_FUNCTION_VECTOR, "Function call interrupts"},
	{"INJ", INJECT_VECTOR, "Injected test interrupts (inject)"},
};

static bool vector_is_named(int v)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(named_rows); i++)
		if (named_rows[i].vector == v)
			return true;
	return v == ERROR_APIC_VECTOR;
}

/* All CPUs' counts of vector @v. Unlocked: a count may be one behind. */
static unsigned int vector_total(int v)
{
	unsigned int sum = 0;
	int cpu;

	for_each_online_cpu(cpu)
		sum += READ_ONCE(percpu_areas[cpu]->irq_count[v]);
	return sum;
}

/* The row name of @vector: "LOC", "CAL"..., or its number in @buf. */
const char *irq_vector_name(int vector, char buf[4])
{
	for (unsigned int i = 0; i < ARRAY_SIZE(named_rows); i++)
		if (named_rows[i].vector == vector)
			return named_rows[i].name;
	if (vector == ERROR_APIC_VECTOR)
		return "ERR"; /* one global row, as on Linux */
	ksnprintf(buf, 4, "%d", vector);
	return buf;
}

/* Reads other CPUs' counters without a lock: a count may be one behind. */
static void print_row(const char *name, int vector, const char *desc)
{
	int cpu;

	kprintf("%3s: ", name);
	for_each_online_cpu(cpu)
		kprintf("%10u ",
			READ_ONCE(percpu_areas[cpu]->irq_count[vector]));
	kprintf("  %s\n", desc);
}

static bool vector_fired(int v)
{
	int cpu;

	for_each_online_cpu(cpu)
		if (READ_ONCE(percpu_areas[cpu]->irq_count[v]))
			return true;
	return false;
}

static int cmd_interrupts(int argc, char **argv)
{
	char name[8];
	int cpu;

	(void)argc;
	(void)argv;
	kprintf("%11s", "");
	for_each_online_cpu(cpu)
		kprintf("CPU%-8d", cpu);
	kprintf("\n");
	for (int v = 32; v < NR_VECTORS; v++) {
		if (vector_is_named(v) || !vector_fired(v))
			continue;
		ksnprintf(name, sizeof(name), "%d", v);
		print_row(name, v, "vector (no driver)");
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(named_rows); i++)
		print_row(named_rows[i].name, named_rows[i].vector,
			  named_rows[i].desc);
	/* as on Linux, one global count each and no description: APIC
	 * errors, and mis-routed IO-APIC interrupts (pagelab has none) */
	kprintf("%3s: %10u\n", "ERR", vector_total(ERROR_APIC_VECTOR));
	kprintf("%3s: %10u\n", "MIS", 0U);
	return 0;
}
SHELL_CMD(interrupts, "", "per-CPU interrupt counts (/proc/interrupts)",
	  cmd_interrupts);

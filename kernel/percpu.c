/*
 * Per-CPU areas: the boot CPU's, installed before the first printk.
 * Linux: setup_per_cpu_areas (arch/x86/kernel/setup_percpu.c).
 */
#include "kernel/percpu.h"
#include "arch/x86/cpu.h"

struct percpu *percpu_areas[NR_CPUS];
static struct percpu boot_cpu_area;

_Static_assert(__builtin_offsetof(struct percpu, self) == 0, "%gs:0");
_Static_assert(__builtin_offsetof(struct percpu, cpu) == 8, "%gs:8");

void percpu_install(struct percpu *area, int cpu)
{
	area->self = area;
	area->cpu = cpu;
	percpu_areas[cpu] = area;
	wrmsr(MSR_GS_BASE, (u64)area);
}

void percpu_init_boot_cpu(void)
{
	percpu_install(&boot_cpu_area, 0);
}

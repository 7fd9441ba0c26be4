/*
 * Per-CPU areas: one copy of the per-CPU section (linker.ld) per CPU. The
 * boot CPU starts on a copy in .bss so printk works from the first line of
 * kmain; smp_init then gives every CPU a node-local copy from memblock.
 * Linux: setup_per_cpu_areas (arch/x86/kernel/setup_percpu.c).
 */
#include "kernel/percpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/memblock.h"

/* linker.ld: the template in the image, its size, the boot CPU's copy */
extern char __per_cpu_load[], __per_cpu_start[], __per_cpu_end[];
extern char __per_cpu_boot[];

struct percpu *percpu_areas[NR_CPUS];
__section(".percpu..first") struct percpu cpu_area;

_Static_assert(__builtin_offsetof(struct percpu, self) == 0, "%gs:0");
_Static_assert(__builtin_offsetof(struct percpu, cpu) == 8, "%gs:8");

unsigned long percpu_area_size(void)
{
	return (uintptr_t)__per_cpu_end - (uintptr_t)__per_cpu_start;
}

const struct percpu *percpu_template(void)
{
	return (const struct percpu *)__per_cpu_load;
}

void percpu_install(struct percpu *area, int cpu)
{
	area->self = area;
	area->cpu = cpu;
	percpu_areas[cpu] = area;
	wrmsr(MSR_GS_BASE, (u64)area);
}

/* Context: boot CPU, first thing in kmain: nothing may use %gs before. */
void percpu_init_boot_cpu(void)
{
	memcpy(__per_cpu_boot, __per_cpu_load, percpu_area_size());
	percpu_install((struct percpu *)__per_cpu_boot, 0);
}

struct percpu *percpu_alloc_area(int cpu, int nid, const struct percpu *src)
{
	u64 size = ALIGN_UP(percpu_area_size(), (u64)PAGE_SIZE);
	phys_addr_t pa = memblock_phys_alloc_node(size, PAGE_SIZE, nid);
	struct percpu *pc;

	if (!pa)
		pa = memblock_phys_alloc(size, PAGE_SIZE, 0);
	if (!pa)
		panic("percpu: no memory for cpu%d's per-CPU area", cpu);
	pc = phys_to_virt(pa);
	memcpy(pc, src, percpu_area_size());
	pc->self = pc;
	pc->cpu = cpu;
	percpu_areas[cpu] = pc;
	return pc;
}

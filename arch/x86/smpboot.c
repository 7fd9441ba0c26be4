/*
 * SMP bring-up: per-CPU areas and guarded stacks for the CPUs the MADT
 * lists, then INIT-SIPI-SIPI to each AP in turn through the real-mode
 * trampoline. One AP at a time keeps the trampoline's parameter block
 * simple. Mirrors Linux's native_smp_prepare_cpus and do_boot_cpu.
 */
#include "kernel/smp.h"
#include "arch/x86/acpi.h"
#include "arch/x86/apic.h"
#include "arch/x86/apic_timer.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/idt.h"
#include "arch/x86/ipi.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/trampoline.h"
#include "arch/x86/tsc.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/sched_hooks.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"

#define AP_BOOT_TIMEOUT_NS (2000ULL * 1000000) /* TCG on a busy host */
#define PTE_ADDR_MASK	   0x000ffffffffff000ULL

CMDLINE_KEY(maxcpus, "start at most N CPUs, the boot CPU included");
CMDLINE_KEY(smp_test_nosipi, "fault injection: CPU list never sent INIT-SIPI, "
			     "as if dead (tests the no-answer path)");

/* CPUs that, for a test, are treated as not answering (no SIPI at all) */
static u64 smp_test_nosipi;

extern const char trampoline_start[], trampoline_end[];
void __noreturn ap_start(int cpu);

struct cpumask cpu_online_mask;
int nr_cpu_ids = 1;
u64 smp_bringup_ns;
static int ap_started = -1; /* last AP to finish ap_start's setup */
static u64 ap_cr4;	    /* the boot CPU's, for features set later */

/* Context: boot CPU; memblock is the only allocator yet. Each copy of
 * the per-CPU section comes from the CPU's own node when SRAT names one. */
static struct percpu *smp_alloc_percpu(int cpu, int acpi_idx)
{
	int nid = acpi.cpu_node[acpi_idx];
	struct percpu *pc = percpu_alloc_area(cpu, nid, percpu_template());

	pc->apic_id = acpi.cpus[acpi_idx].apic_id;
	pc->node = nid;
	set_cpu_numa_node(cpu, nid);
	return pc;
}

/* Return: the MADT index of the boot CPU (0 if it is missing). */
static int smp_find_bsp(u32 bsp_apic)
{
	for (int i = 0; i < acpi.nr_cpus; i++)
		if (acpi.cpus[i].apic_id == bsp_apic)
			return i;
	pr_warn("smp: boot CPU's APIC ID %u is not in the MADT\n", bsp_apic);
	return 0;
}

/*
 * Logical numbers: the boot CPU is cpu0, the others follow in MADT order.
 * The boot CPU moves from its static area to an allocated one like the
 * rest, so every area is found the same way.
 */
static void smp_prepare_percpu(void)
{
	u32 bsp_apic = apic_id();
	int bsp_idx = acpi.has_madt ? smp_find_bsp(bsp_apic) : -1;
	struct percpu *pc;
	int cpu = 1, nid;

	nid = bsp_idx >= 0 ? acpi.cpu_node[bsp_idx] : 0;
	pc = percpu_alloc_area(0, nid, this_cpu()); /* keeps our state */
	pc->apic_id = bsp_apic;
	pc->node = nid;
	set_cpu_numa_node(0, nid);
	percpu_install(pc, 0);
	for (int i = 0; bsp_idx >= 0 && i < acpi.nr_cpus && cpu < NR_CPUS; i++)
		if (i != bsp_idx)
			smp_alloc_percpu(cpu++, i);
	nr_cpu_ids = cpu;
}

/* Return: the top of a fresh stack with an unmapped guard page below. */
static u64 smp_alloc_stack(int cpu)
{
	u8 *low = vmap_stack_alloc(AP_STACK_SIZE);

	if (!low)
		panic("smp: no memory for cpu%d's stack", cpu);
	return (u64)low + AP_STACK_SIZE;
}

/* Copy the blob below 1 MiB and give it page tables of its own: the
 * first 2 MiB identity-mapped (where it runs while paging turns on) and
 * the kernel half of the kernel's PML4. */
static void trampoline_install(void)
{
	u64 *pml4 = phys_to_virt(TRAMPOLINE_PML4);
	u64 *pdpt = phys_to_virt(TRAMPOLINE_PDPT);
	u64 *pd = phys_to_virt(TRAMPOLINE_PD);
	const u64 *kpml4 = phys_to_virt(paging_kernel_cr3() & PTE_ADDR_MASK);

	memcpy(phys_to_virt(TRAMPOLINE_BASE), trampoline_start,
	       (size_t)((u64)trampoline_end - (u64)trampoline_start));
	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	pd[0] = PTE_PRESENT | PTE_WRITE | PTE_HUGE;
	pdpt[0] = TRAMPOLINE_PD | PTE_PRESENT | PTE_WRITE;
	pml4[0] = TRAMPOLINE_PDPT | PTE_PRESENT | PTE_WRITE;
	for (int i = 256; i < 512; i++)
		pml4[i] = kpml4[i];
}

static void trampoline_set_params(int cpu, u64 stack_top)
{
	u8 *tr = phys_to_virt(TRAMPOLINE_BASE);

	*(u32 *)(tr + TR_CR3) = TRAMPOLINE_PML4;
	*(u32 *)(tr + TR_EFER) = (u32)rdmsr(MSR_EFER) & ~(1u << 10); /* LMA */
	*(u64 *)(tr + TR_KERNEL_CR3) = paging_kernel_cr3();
	*(u64 *)(tr + TR_STACK) = stack_top;
	*(u64 *)(tr + TR_CPU) = (u64)cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* The MP spec's sequence: INIT, 10 ms, SIPI, 200 us, SIPI, 200 us. */
static void smp_send_init_sipi(u32 apic)
{
	apic_read_esr();
	apic_send_ipi(apic, APIC_DM_INIT, 0);
	mdelay(10);
	for (int i = 0; i < 2; i++) {
		apic_send_ipi(apic, APIC_DM_STARTUP, TRAMPOLINE_SIPI_VECTOR);
		udelay(200);
	}
}

/* Return: true once @cpu has finished ap_start's setup, false on timeout
 * (the AP is then sent INIT again so it cannot wake up later). */
static bool smp_boot_cpu(int cpu)
{
	u32 apic = percpu_areas[cpu]->apic_id;
	u64 deadline;

	percpu_areas[cpu]->stack_top = smp_alloc_stack(cpu);
	trampoline_set_params(cpu, percpu_areas[cpu]->stack_top);
	if (!(smp_test_nosipi & (1ULL << cpu)))
		smp_send_init_sipi(apic);
	deadline = ktime_ns() + AP_BOOT_TIMEOUT_NS;
	while (__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE) != cpu) {
		if (ktime_ns() > deadline) {
			apic_send_ipi(apic, APIC_DM_INIT, 0);
			return false;
		}
		cpu_relax();
	}
	return true;
}

/* Context: a new AP, IRQs off, on its own stack, kernel CR3 loaded. */
void __noreturn ap_start(int cpu)
{
	percpu_install(percpu_areas[cpu], cpu);
	write_cr4(ap_cr4);
	gdt_init_cpu(cpu);
	idt_load();
	apic_init_cpu();
	apic_timer_start_cpu();
	cpumask_set_cpu(cpu, &cpu_online_mask);
	__atomic_store_n(&ap_started, cpu, __ATOMIC_RELEASE);
	sched_ap_idle();
}

static void smp_report(int limit)
{
	int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct percpu *pc = percpu_areas[cpu];
		const char *state = cpu_online(cpu) ? "online"
				    : cpu >= limit  ? "not started (maxcpus=)"
						    : "did not answer, offline";

		pr_info("smp: cpu%-2d APIC ID %-3u node %d %s\n", cpu,
			pc->apic_id, pc->node, state);
	}
	pr_info("smp: %d of %d CPUs online, APs up in %llu.%03llu ms\n",
		num_online_cpus(), nr_cpu_ids,
		(unsigned long long)smp_bringup_ns / 1000000,
		(unsigned long long)(smp_bringup_ns / 1000) % 1000);
}

void smp_init(void)
{
	int limit, cpu;
	u64 t0;

	smp_prepare_percpu();
	cpumask_set_cpu(0, &cpu_online_mask);
	ipi_init();
	panic_stop_other_cpus = smp_stop_other_cpus;
	if (!acpi.has_madt)
		pr_warn("smp: no MADT, running on the boot CPU only\n");
	limit = (int)MIN((s64)nr_cpu_ids,
			 cmdline_int_range("maxcpus", NR_CPUS, 1, NR_CPUS));
	cmdline_get_cpulist(&boot_cmdline, "smp_test_nosipi", &smp_test_nosipi,
			    NR_CPUS);
	ap_cr4 = read_cr4();
	trampoline_install();
	t0 = ktime_ns();
	for (cpu = 1; cpu < limit; cpu++)
		if (!smp_boot_cpu(cpu))
			pr_err("smp: cpu%d (APIC ID %u) did not answer within "
			       "%llu ms, left offline\n",
			       cpu, percpu_areas[cpu]->apic_id,
			       AP_BOOT_TIMEOUT_NS / 1000000);
	smp_bringup_ns = ktime_ns() - t0;
	smp_report(limit);
}

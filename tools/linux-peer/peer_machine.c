// SPDX-License-Identifier: GPL-2.0
/*
 * What the figures were measured on: the machine line (CPU model, TSC
 * frequency, CPUs, memory, accelerator as far as the guest can tell, kernel
 * command line), and a check of what one TSC tick is worth.
 */
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <asm/hypervisor.h>
#include <asm/processor.h>
#include <asm/tsc.h>

#include "peer.h"
#include "peer_tsc.h"

/*
 * KVM announces itself through its CPUID leaf. TCG has no leaf of its own;
 * QEMU names its "max" and "qemu64" CPU models after itself, so a QEMU model
 * name without KVM's leaf means TCG. Anything else we cannot tell.
 */
static const char *peer_accel(void)
{
	if (x86_hyper_type == X86_HYPER_KVM)
		return "kvm";
	if (strstr(boot_cpu_data.x86_model_id, "QEMU"))
		return "tcg";
	if (boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return "unknown-hypervisor";
	return "none";
}

/**
 * peer_print_machine - print the BENCH machine line.
 * @cmdline: the kernel command line, as the init script read it
 */
void peer_print_machine(const char *cmdline)
{
	unsigned long mem_mb = totalram_pages() >> (20 - PAGE_SHIFT);

	pr_info("BENCH suite=machine kernel=linux-6.1 cpu=\"%s\" tsc_khz=%u "
		"cpus=%u mem_mb=%lu accel=%s cmdline=\"%s\"\n",
		boot_cpu_data.x86_model_id, tsc_khz, num_online_cpus(), mem_mb,
		peer_accel(), cmdline);
}

/*
 * Ticks the TSC moves across @iters rounds of a two-instruction loop, IRQs
 * off so nothing else runs inside the window. Under -icount shift=0 one
 * tick is one instruction, so two calls differ by exactly twice the
 * difference in @iters.
 */
static u64 peer_calibrate_once(unsigned long iters)
{
	unsigned long flags;
	u64 t0, t1;

	local_irq_save(flags);
	t0 = peer_tsc_begin();
	asm volatile("1: dec %0\n\tjnz 1b" : "+r"(iters)::"cc");
	t1 = peer_tsc_end();
	local_irq_restore(flags);
	return t1 - t0;
}

/**
 * peer_calibrate - TSC ticks taken by 2 * @iters loop instructions, with
 * the fixed cost of the TSC reads removed (a one-round loop is subtracted).
 * @iters: rounds of the loop, at least 2
 *
 * Context: any CPU; disables IRQs briefly.
 */
u64 peer_calibrate(unsigned long iters)
{
	u64 base = peer_calibrate_once(1);

	return peer_calibrate_once(iters + 1) - base;
}

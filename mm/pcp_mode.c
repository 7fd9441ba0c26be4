/*
 * The pcp locking mode: its names, pcp_lock= at boot, and the switch at
 * run time (`pcp lock MODE`): publish OFF, wait for every section entered
 * under the old mode (pcp_quiesce for irq and local, each pcp->lock for
 * the lock modes), drain every CPU's lists, publish the new mode. No CPU
 * is interrupted: an isolated CPU only ever has its counters and its
 * pcp->lock read from afar. Linux fixes the mode at build time; pagelab
 * switches it so that one boot can measure all five.
 * Kernel only.
 */
#include "kernel/cmdline.h"
#include "kernel/lock_order.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/pcp_internal.h"

const char *const pcp_mode_names[NR_PCP_MODES + 1] = {
	[PCP_MODE_IRQ] = "irq",
	[PCP_MODE_LOCAL] = "local",
	[PCP_MODE_SPIN_IRQSAVE] = "spin_irqsave",
	[PCP_MODE_SPIN] = "spin",
	[PCP_MODE_RT] = "rt",
	[PCP_MODE_OFF] = "off",
};

/* OFF until pcp_init: before it every allocation goes to the buddy. */
int pcp_lock_mode = PCP_MODE_OFF;
DEFINE_QUIESCE(pcp_quiesce);
DEFINE_LOCAL_LOCK(pcp_local_lock, LOCK_RANK_PCP_LOCAL);
/* Completed switches, for tests (A). */
unsigned long pcp_mode_switches;

#ifdef CONFIG_PCP_MODE_FIXED
#define PCP_DEFAULT_MODE CONFIG_PCP_MODE_FIXED
#else
#define PCP_DEFAULT_MODE PCP_MODE_SPIN
#endif

CMDLINE_KEY(pcp_lock, "irq|local|spin_irqsave|spin|rt: how the per-CPU page "
		      "lists are protected (default spin)");

int pcp_mode_parse(const char *s)
{
	for (int m = 0; m < NR_PCP_MODES; m++)
		if (!strcmp(s, pcp_mode_names[m]))
			return m;
	return -1;
}

bool pcp_mode_fixed(int *mode)
{
#ifdef CONFIG_PCP_MODE_FIXED
	*mode = CONFIG_PCP_MODE_FIXED;
	return true;
#else
	(void)mode;
	return false;
#endif
}

/* Context: boot. */
int pcp_boot_mode(void)
{
	const char *s = cmdline_str("pcp_lock", NULL);
	int mode, fixed;

	if (!s)
		return PCP_DEFAULT_MODE;
	mode = pcp_mode_parse(s);
	if (mode < 0) {
		pr_warn("pcp: bad value '%s' for pcp_lock (irq, local, "
			"spin_irqsave, spin or rt), using %s\n",
			s, pcp_mode_names[PCP_DEFAULT_MODE]);
		return PCP_DEFAULT_MODE;
	}
	if (pcp_mode_fixed(&fixed) && mode != fixed) {
		pr_warn("pcp: pcp_lock=%s ignored: this kernel was built with "
			"PCP_MODE=%s\n",
			s, pcp_mode_names[fixed]);
		return fixed;
	}
	return mode;
}

int pcp_set_mode(int mode)
{
	int fixed;

	if (mode < 0 || mode >= NR_PCP_MODES)
		return -22;
	if (pcp_mode_fixed(&fixed) && mode != fixed)
		return -1;
	pcp_admin_lock_take();
	pcp_gate_close();
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct zone *z;

		if (!percpu_areas[cpu])
			continue;
		for_each_populated_zone(z)
			pcp_drain_zone_remote(z, cpu, PCP_MODE_OFF);
	}
	pcp_gate_open(mode);
	pcp_mode_switches++;
	pcp_admin_lock_drop();
	return 0;
}

int pcp_get_mode(void)
{
	return READ_ONCE(pcp_lock_mode);
}

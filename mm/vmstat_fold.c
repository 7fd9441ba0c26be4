/*
 * The housekeeping CPU's vmstat work: every second, fold every CPU's
 * drifts into the zones' totals, from afar (vmstat_fold_all), so no CPU,
 * isolated or not, is interrupted for it. Linux runs refresh_cpu_vm_stats
 * as a work item on each CPU (vmstat_update, scheduled by
 * vmstat_shepherd), and since 6.5 skips isolated CPUs, whose drifts then
 * stay unfolded. Kernel only.
 */
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "lib/printk.h"
#include "mm/vmstat.h"

#define VMSTAT_FOLD_NS (1000ULL * 1000 * 1000)

/* Folds done by the thread, for tests and the curious. */
unsigned long vmstat_folds;

static int vmstat_fold_fn(void *arg)
{
	(void)arg;
	for (;;) {
		sched_sleep_ns(VMSTAT_FOLD_NS);
		vmstat_fold_all();
		WRITE_ONCE(vmstat_folds, vmstat_folds + 1);
	}
	return 0;
}

void vmstat_fold_start(void)
{
	if (!kthread_create_on_cpu(vmstat_fold_fn, NULL, housekeeping_cpu(),
				   "vmstat"))
		pr_warn("vmstat: no fold thread: drifts are folded only when "
			"they pass their threshold\n");
}

/*
 * CPU isolation (see isolation.h) and the tickless rule: an isolated CPU
 * running exactly one thread, with nothing queued and no sleeper waiting
 * for a deadline, stops its tick until something else arrives.
 * Linux: kernel/sched/isolation.c and nohz_full.
 */
#include "kernel/isolation.h"
#include "kernel/sched_internal.h"
#include "kernel/sched_deps.h"
#include "kernel/cmdline.h"
#include "arch/x86/acpi.h"
#include "lib/printk.h"

CMDLINE_KEY(housekeeping, "CPU doing background work (default 0)");
CMDLINE_KEY(isolcpus, "CPU list: tickless with one thread, no other work");

static u64 isolated_mask;
static int housekeeping;

/* CPUs the firmware lists; smp_init numbers them 0..n-1. */
static int isolation_nr_cpus(void)
{
	if (!acpi.has_madt)
		return 1;
	return acpi.nr_cpus < 1 ? 1 : MIN(acpi.nr_cpus, NR_CPUS);
}

/* Context: boot CPU, before the APs. Keys naming absent CPUs are refused. */
void isolation_init(void)
{
	int nr = isolation_nr_cpus();
	u64 mask = 0;

	housekeeping =
		(int)cmdline_int_range("housekeeping", 0, 0, NR_CPUS - 1);
	if (housekeeping >= nr) {
		pr_warn("isolation: housekeeping=%d names a CPU that does not "
			"exist (%d CPUs); using cpu0\n",
			housekeeping, nr);
		housekeeping = 0;
	}
	cmdline_get_cpulist(&boot_cmdline, "isolcpus", &mask, NR_CPUS);
	if (nr < 64 && (mask >> nr)) {
		pr_warn("isolation: isolcpus= names CPUs that do not exist "
			"(mask %#lx, %d CPUs); no CPU isolated\n",
			(unsigned long)mask, nr);
		mask = 0;
	}
	if (mask & (1ULL << housekeeping)) {
		pr_warn("isolation: housekeeping cpu%d cannot be isolated\n",
			housekeeping);
		mask &= ~(1ULL << housekeeping);
	}
	isolated_mask = mask;
	if (mask)
		pr_info("isolation: housekeeping cpu%d, isolated mask %#lx\n",
			housekeeping, (unsigned long)mask);
}

bool cpu_is_isolated(int cpu)
{
	return cpu >= 0 && cpu < 64 && (isolated_mask >> cpu) & 1;
}

int housekeeping_cpu(void)
{
	return housekeeping;
}

u64 isolated_cpu_mask(void)
{
	return isolated_mask;
}

/* Context: tick on @rq's CPU, rq->lock held. */
void sched_tick_isolation(struct rq *rq)
{
	lockdep_assert_held(&rq->lock);
	if (rq->tick_stopped || !cpu_is_isolated(rq->cpu))
		return;
	if (rq->curr == rq->idle || rq->nr_queued || !list_empty(&rq->sleepers))
		return;
	rq->tick_stopped = true;
	timer_stop_tick();
}

/* Context: @rq's own CPU, IRQs off: something may need the tick again. */
void sched_tick_restart(struct rq *rq)
{
	if (!rq->tick_stopped)
		return;
	rq->tick_stopped = false;
	timer_restart_tick();
}

/*
 * `lockbench`: the uncontended cost, in TSC cycles, of one lock+unlock of
 * each primitive the pcp modes are built on, with lock debugging off and
 * on, and of a context switch (two threads yielding to each other).
 * Prints a table and BENCH lines for tools/.
 */
#include "kernel/lockbench.h"
#include "kernel/local_lock.h"
#include "kernel/console.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "lib/format.h"

#define BENCH_ITERS 20000

static DEFINE_SPINLOCK(bench_lock);
static DEFINE_LOCAL_LOCK(bench_ll, 0);
static DEFINE_LOCAL_LOCK(bench_ll_rt, 0);

static const char *const bench_names[B_NR] = {
	"preempt_disable",   "local_irq_save",
	"migrate_disable",   "spin_lock",
	"spin_lock_irqsave", "spin_trylock",
	"local_lock",	     "local_lock_irqsave",
	"local_lock_rt",     "local_lock_irqsave_rt",
};

/* One lock+unlock of @k; a switch keeps every primitive inline. */
static void bench_once(enum bench_kind k)
{
	unsigned long f;

	switch (k) {
	case B_PREEMPT:
		preempt_disable();
		preempt_enable();
		break;
	case B_IRQSAVE:
		local_irq_save(f);
		local_irq_restore(f);
		break;
	case B_MIGRATE:
		migrate_disable();
		migrate_enable();
		break;
	case B_SPIN:
		spin_lock(&bench_lock);
		spin_unlock(&bench_lock);
		break;
	case B_SPIN_IRQSAVE:
		f = spin_lock_irqsave(&bench_lock);
		spin_unlock_irqrestore(&bench_lock, f);
		break;
	case B_SPIN_TRY:
		if (spin_trylock(&bench_lock))
			spin_unlock(&bench_lock);
		break;
	case B_LOCAL:
		local_lock(&bench_ll);
		local_unlock(&bench_ll);
		break;
	case B_LOCAL_IRQSAVE:
		f = local_lock_irqsave(&bench_ll);
		local_unlock_irqrestore(&bench_ll, f);
		break;
	case B_LOCAL_RT:
		local_lock_rt(&bench_ll_rt);
		local_unlock_rt(&bench_ll_rt);
		break;
	default:
		f = local_lock_irqsave_rt(&bench_ll_rt);
		local_unlock_irqrestore_rt(&bench_ll_rt, f);
	}
}

/* Return: the best of 5 runs, cycles per lock+unlock. */
static u64 bench_run(enum bench_kind k, int iters)
{
	u64 best = ~0ULL;

	for (int r = 0; r < 5; r++) {
		u64 t0 = rdtsc();

		for (int i = 0; i < iters; i++)
			bench_once(k);
		best = MIN(best, (rdtsc() - t0) / iters);
	}
	return best;
}

/* Debugging off then on for this thread only: other CPUs keep theirs. */
void lockbench_measure(int iters, u64 cost[2][B_NR])
{
	for (int dbg = 0; dbg < 2; dbg++) {
		lockdep_set_current(dbg ? LOCKDEP_ON : LOCKDEP_OFF);
		for (int k = 0; k < B_NR; k++)
			cost[dbg][k] = bench_run(k, iters);
	}
	lockdep_set_current(LOCKDEP_DEFAULT);
}

static volatile bool bench_switch_stop;

static int bench_yielder(void *arg)
{
	(void)arg;
	while (!READ_ONCE(bench_switch_stop))
		sched_yield();
	return 0;
}

/* Two threads on this CPU, each yielding: cycles per switch. */
static u64 bench_switch(void)
{
	int cpu = smp_processor_id();
	u64 n0 = sched_nr_switches(cpu), t0;
	struct thread *a;

	bench_switch_stop = false;
	a = kthread_create_on_cpu(bench_yielder, NULL, cpu, "bench-yield");
	if (!a)
		return 0;
	t0 = rdtsc();
	for (int i = 0; i < BENCH_ITERS; i++)
		sched_yield();
	t0 = rdtsc() - t0;
	n0 = sched_nr_switches(cpu) - n0;
	bench_switch_stop = true;
	kthread_join(a);
	return n0 ? t0 / n0 : 0;
}

static int cmd_lockbench(int argc, char **argv)
{
	u64 cost[2][B_NR];

	(void)argc;
	(void)argv;
	lockbench_measure(BENCH_ITERS, cost);
	kprintf("%-24s %10s %10s   (cycles per lock+unlock, uncontended)\n",
		"primitive", "lockdep=0", "lockdep=1");
	for (int k = 0; k < B_NR; k++) {
		kprintf("%-24s %10lu %10lu\n", bench_names[k],
			(unsigned long)cost[0][k], (unsigned long)cost[1][k]);
		kprintf("BENCH lock=%s cycles=%lu debug_cycles=%lu\n",
			bench_names[k], (unsigned long)cost[0][k],
			(unsigned long)cost[1][k]);
	}
	kprintf("BENCH context_switch_cycles=%lu\n",
		(unsigned long)bench_switch());
	return 0;
}
SHELL_CMD(lockbench, "",
	  "cycles per lock+unlock of each primitive, and "
	  "per context switch",
	  cmd_lockbench);

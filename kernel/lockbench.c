/*
 * `lockbench`: the uncontended cost, in TSC cycles, of one lock+unlock of
 * each primitive the pcp modes are built on (and of this_cpu_inc, a
 * pcpu_task_pin/unpin pair and one quiesce_sync over every CPU), with
 * lock debugging off and on, and of a context switch (two threads
 * yielding to each other). Prints a table, then BENCH lines for tools/.
 * A registered benchmark (`bench lockbench`, mode=bench); `lockbench` is
 * the same run.
 */
#include "kernel/lockbench.h"
#include "kernel/bench.h"
#include "kernel/local_lock.h"
#include "kernel/console.h"
#include "kernel/pcpu_pin.h"
#include "kernel/quiesce.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "lib/format.h"

#define BENCH_ITERS 20000

static DEFINE_SPINLOCK(bench_lock);
static DEFINE_LOCAL_LOCK(bench_ll, 0);
static DEFINE_LOCAL_LOCK(bench_ll_rt, 0);
static DEFINE_PER_CPU(u64, bench_counter);
DEFINE_QUIESCE(bench_quiesce);

static const char *const bench_names[B_NR] = {
	"loop (nothing)",
	"preempt_disable",
	"local_irq_save",
	"migrate_disable",
	"spin_lock",
	"spin_lock_irqsave",
	"spin_trylock",
	"local_lock",
	"local_lock_irqsave",
	"local_lock_rt",
	"local_lock_irqsave_rt",
	"this_cpu_inc",
	"pcpu_task_pin(preempt)",
	"pcpu_task_pin(migrate)",
	"quiesce_sync",
};

/*
 * One timing loop per primitive, so each is inline in a loop of its own:
 * the loop costs the same for every row (the "loop (nothing)" row) and
 * no dispatch is measured. Return: cycles per iteration.
 */
#define BENCH_LOOP(name, body)                                                 \
	static u64 bench_##name(int iters)                                     \
	{                                                                      \
		unsigned long f __unused;                                      \
		u64 t0 = bench_tsc_begin();                                    \
                                                                               \
		for (int i = 0; i < iters; i++) {                              \
			body;                                                  \
		}                                                              \
		return (bench_tsc_end() - t0) / iters;                         \
	}

BENCH_LOOP(empty, barrier())
BENCH_LOOP(preempt, preempt_disable(); preempt_enable())
BENCH_LOOP(irqsave, local_irq_save(f); local_irq_restore(f))
BENCH_LOOP(migrate, migrate_disable(); migrate_enable())
BENCH_LOOP(spin, spin_lock(&bench_lock); spin_unlock(&bench_lock))
BENCH_LOOP(spin_irqsave, f = spin_lock_irqsave(&bench_lock);
	   spin_unlock_irqrestore(&bench_lock, f))
BENCH_LOOP(spin_try, if (spin_trylock(&bench_lock)) spin_unlock(&bench_lock))
BENCH_LOOP(local, local_lock(&bench_ll); local_unlock(&bench_ll))
BENCH_LOOP(local_irqsave, f = local_lock_irqsave(&bench_ll);
	   local_unlock_irqrestore(&bench_ll, f))
BENCH_LOOP(local_rt, local_lock_rt(&bench_ll_rt); local_unlock_rt(&bench_ll_rt))
BENCH_LOOP(local_rt_irqsave, f = local_lock_irqsave_rt(&bench_ll_rt);
	   local_unlock_irqrestore_rt(&bench_ll_rt, f))
BENCH_LOOP(this_cpu_inc, this_cpu_inc(bench_counter))
BENCH_LOOP(pin_preempt, (void)pcpu_task_pin(&bench_counter, PCPU_PIN_PREEMPT);
	   pcpu_task_unpin(PCPU_PIN_PREEMPT))
BENCH_LOOP(pin_migrate, (void)pcpu_task_pin(&bench_counter, PCPU_PIN_MIGRATE);
	   pcpu_task_unpin(PCPU_PIN_MIGRATE))
BENCH_LOOP(quiesce_sync, quiesce_sync(&bench_quiesce))

static u64 (*const bench_loops[B_NR])(int iters) = {
	bench_empty,
	bench_preempt,
	bench_irqsave,
	bench_migrate,
	bench_spin,
	bench_spin_irqsave,
	bench_spin_try,
	bench_local,
	bench_local_irqsave,
	bench_local_rt,
	bench_local_rt_irqsave,
	bench_this_cpu_inc,
	bench_pin_preempt,
	bench_pin_migrate,
	bench_quiesce_sync,
};

/* Return: the median of LOCKBENCH_RUNS runs, cycles per lock+unlock. */
static u64 lockbench_median(enum bench_kind k, int iters)
{
	u64 runs[LOCKBENCH_RUNS] = {0};

	for (int r = 0; r < LOCKBENCH_RUNS; r++) {
		u64 v = bench_loops[k](iters);
		int j;

		for (j = r; j > 0 && runs[j - 1] > v; j--) /* insertion sort */
			runs[j] = runs[j - 1];
		runs[j] = v;
	}
	return runs[LOCKBENCH_RUNS / 2];
}

/* Debugging off then on for this thread only: other CPUs keep theirs. */
void lockbench_measure(int iters, u64 cost[2][B_NR])
{
	for (int dbg = 0; dbg < 2; dbg++) {
		lockdep_set_current(dbg ? LOCKDEP_ON : LOCKDEP_OFF);
		for (int k = 0; k < B_NR; k++)
			cost[dbg][k] = lockbench_median(k, iters);
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
	t0 = bench_tsc_begin();
	for (int i = 0; i < BENCH_ITERS; i++)
		sched_yield();
	t0 = bench_tsc_end() - t0;
	n0 = sched_nr_switches(cpu) - n0;
	bench_switch_stop = true;
	kthread_join(a);
	return n0 ? t0 / n0 : 0;
}

/* Context: the bench thread on the bench CPU (bench_on_cpu). */
static int lockbench_job(void *arg)
{
	u64 cost[2][B_NR], switch_cycles;

	(void)arg;
	lockbench_measure(BENCH_ITERS, cost);
	kprintf("%-24s %10s %10s   (%s per lock+unlock, uncontended, "
		"median of %d runs on %d CPUs)\n",
		"primitive", "lockdep=0", "lockdep=1", bench_unit(),
		LOCKBENCH_RUNS, sched_nr_active_cpus());
	for (int k = 0; k < B_NR; k++)
		kprintf("%-24s %10lu %10lu\n", bench_names[k],
			(unsigned long)cost[0][k], (unsigned long)cost[1][k]);
	switch_cycles = bench_switch();
	kprintf("%-24s %10lu   (%s per switch)\n", "context switch",
		(unsigned long)switch_cycles, bench_unit());
	/* for tools, after the table so a person reads it unbroken */
	for (int k = 0; k < B_NR; k++)
		kprintf(BENCH_PREFIX
			"lockbench kernel=pagelab clock=%s "
			"lock=\"%s\" cycles=%lu debug_cycles=%lu\n",
			bench_clock_name(), bench_names[k],
			(unsigned long)cost[0][k], (unsigned long)cost[1][k]);
	kprintf(BENCH_PREFIX "lockbench kernel=pagelab clock=%s "
			     "lock=context_switch cycles=%lu\n",
		bench_clock_name(), (unsigned long)switch_cycles);
	return 0;
}

static int lockbench_run(const struct bench_opts *o, int argc, char **argv)
{
	(void)argv;
	return bench_on_cpu(o, lockbench_job, NULL);
}
BENCH_DEF(lockbench, "",
	  "cycles per lock+unlock of each primitive, and per context switch",
	  lockbench_run);

static int cmd_lockbench(int argc, char **argv)
{
	return bench_run(bench_find("lockbench"), argc, argv);
}
SHELL_CMD(lockbench, "[cpu=N]",
	  "cycles per lock+unlock of each primitive, and "
	  "per context switch (as bench lockbench)",
	  cmd_lockbench);

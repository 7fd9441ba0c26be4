/*
 * The test migrator (migrator.h): sched_move at random every tick or so,
 * from a thread bound to the housekeeping CPU.
 */
#include "tests/kernel/migrator.h"
#include "kernel/isolation.h"
#include "arch/x86/tsc.h"
#include "lib/prng.h"

int migrator_nr_cpus(void)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += sched_cpu_active(cpu) && !cpu_is_isolated(cpu);
	return n;
}

/* With 3 or more CPUs the housekeeping CPU is left to the migrator. */
static bool migrator_worker_cpu(int cpu)
{
	if (!sched_cpu_active(cpu) || cpu_is_isolated(cpu))
		return false;
	return cpu != housekeeping_cpu() || migrator_nr_cpus() < 3;
}

int migrator_nr_worker_cpus(void)
{
	int nr = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		nr += migrator_worker_cpu(cpu);
	return nr;
}

int migrator_worker_cpu_nr(int n)
{
	int want = n % migrator_nr_worker_cpus();

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (migrator_worker_cpu(cpu) && want-- == 0)
			return cpu;
	return 0;
}

int migrator_cpu(int n)
{
	int want = n % migrator_nr_cpus();

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (sched_cpu_active(cpu) && !cpu_is_isolated(cpu) &&
		    want-- == 0)
			return cpu;
	return 0;
}

/* One round: a random thread to a random allowed CPU, maybe an IPI. */
static void migrator_round(struct migrator *m, struct prng *r)
{
	int ncpu = migrator_nr_cpus();
	struct thread *t = m->threads[prng_below(r, m->nr_threads)];

	if (sched_move(t, migrator_cpu((int)prng_below(r, ncpu))) == 0)
		m->moves++;
	else
		m->refused++;
	if (m->ipi_fn) {
		int cpu = migrator_cpu((int)prng_below(r, ncpu));

		if (cpu != raw_smp_processor_id() &&
		    smp_call_function_single(cpu, m->ipi_fn, m->ipi_arg,
					     false) == 0)
			m->ipis++;
	}
}

/*
 * A round every MIGRATOR_GAP_NS: each move of a running thread is a
 * reschedule IPI and a preemption at whatever instruction it lands on.
 * Between rounds it yields, so a worker sharing its CPU still runs.
 */
static int migrator_fn(void *arg)
{
	struct migrator *m = arg;
	struct prng r;

	prng_seed(&r, 0x5eed);
	while (!READ_ONCE(m->stop)) {
		u64 next = ktime_ns() + MIGRATOR_GAP_NS;

		if (m->nr_threads)
			migrator_round(m, &r);
		while (ktime_ns() < next && !READ_ONCE(m->stop))
			sched_yield();
	}
	return 0;
}

bool migrator_start(struct migrator *m)
{
	m->moves = m->refused = m->ipis = 0;
	m->stop = false;
	m->self = kthread_create_on_cpu(migrator_fn, m, housekeeping_cpu(),
					"migrator");
	return m->self != NULL;
}

void migrator_stop(struct migrator *m)
{
	WRITE_ONCE(m->stop, true);
	kthread_join(m->self);
}

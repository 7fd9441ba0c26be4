/*
 * The waiting half of quiescing (quiesce.h): flip the epoch, then read
 * each CPU's count for the old one until it is zero. Reading a remote
 * per-CPU word costs a cache miss, never an interrupt.
 */
#include "kernel/quiesce.h"
#include "kernel/sched.h"

#define QUIESCE_SPINS_BEFORE_YIELD 64

/* Return: true if @cpu had a section of the old epoch to wait for. */
static bool quiesce_wait_cpu(struct quiesce *q, int cpu, int old)
{
	const long *active = &per_cpu_ptr(q->pcpu, cpu)->active[old];
	bool waited = false;
	int spins = 0;

	while (READ_ONCE(*active) != 0) {
		waited = true;
		cpu_relax();
		if (++spins == QUIESCE_SPINS_BEFORE_YIELD) {
			sched_yield(); /* the section may be ours to run */
			spins = 0;
		}
	}
	return waited;
}

void quiesce_sync(struct quiesce *q)
{
	bool waited = false;
	int old;

	spin_lock_rt(&q->switch_lock);
	old = q->epoch & 1;
	smp_mb(); /* the caller's new mode before the flip */
	WRITE_ONCE(q->epoch, q->epoch + 1);
	smp_mb(); /* the flip before any count we read */
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (percpu_areas[cpu])
			waited |= quiesce_wait_cpu(q, cpu, old);
	smp_mb(); /* their sections' accesses before whatever we do next */
	q->syncs++;
	q->waited += waited;
	spin_unlock_rt(&q->switch_lock);
}

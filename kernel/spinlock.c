/*
 * Ticket spinlocks (see spinlock.h for why tickets): the slow paths that
 * the inline fast paths call only on contention or with lockdep=1.
 */
#include "kernel/spinlock.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"

/* Polls between yields for a preemptible waiter (spin_lock_preemptible). */
#define PREEMPTIBLE_SPINS_BEFORE_YIELD 256

void spin_lock_init_class(spinlock_t *l, const char *name, int rank)
{
	*l = (spinlock_t)SPINLOCK_INIT_RANK(name, rank);
}

void spin_lock_init(spinlock_t *l, const char *name)
{
	spin_lock_init_class(l, name, 0);
}

/*
 * Context: we hold ticket @ticket and preemption is off. Statistics are
 * written once the lock is ours, so no atomics are needed for them.
 */
void spin_lock_contended(spinlock_t *l, u16 ticket)
{
	u64 start = rdtsc();

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
	l->nr_contended++;
	l->spin_cycles += rdtsc() - start;
}

/*
 * Context: task, preemptible. Poll rather than queue: a waiter that is
 * switched out while holding a ticket would stall everyone behind it.
 */
void spin_lock_preemptible_slow(spinlock_t *l)
{
	u64 start = rdtsc();
	int spins = 0;

	while (!__arch_spin_trylock(l)) {
		cpu_relax();
		if (++spins >= PREEMPTIBLE_SPINS_BEFORE_YIELD &&
		    preemptible()) {
			sched_yield();
			spins = 0;
		}
	}
	l->holder_cpu = smp_processor_id();
	l->nr_acquired++;
	l->nr_contended++;
	l->spin_cycles += rdtsc() - start;
}

/* noinline: lockdep records our return address as where it was taken. */
__attribute__((noinline)) bool spin_debug_acquire(spinlock_t *l, bool trylock)
{
	return lockdep_acquire(l, &l->dep, trylock,
			       (unsigned long)__builtin_return_address(0));
}

__attribute__((noinline)) bool spin_debug_release(spinlock_t *l)
{
	if (l->holder_cpu != raw_smp_processor_id() && l->holder_cpu != -1) {
		lock_bug("spin_unlock of %s on cpu%d, taken on cpu%d",
			 l->dep.name, raw_smp_processor_id(), l->holder_cpu);
		return false;
	}
	return lockdep_release(l, &l->dep);
}

/*
 * Ticket spinlocks (see spinlock.h for why tickets): the slow paths that
 * the inline fast paths call only on contention or with lockdep=1.
 */
#include "kernel/spinlock.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"

/* Polls between yields for an RT lock waiter (spin_lock_rt). */
#define PREEMPTIBLE_SPINS_BEFORE_YIELD 256

void spin_lock_init_class(spinlock_t *l, const char *name, int rank)
{
	*l = (spinlock_t)SPINLOCK_INIT_RANK(name, rank);
}

void spin_lock_init(spinlock_t *l, const char *name)
{
	spin_lock_init_class(l, name, 0);
}

void spin_lock_time_holds(spinlock_t *l)
{
	l->hold_timed = true;
}

/* Out of line: only timed locks pay for it. Context: the holder. */
void spin_hold_end(spinlock_t *l)
{
	u64 held = rdtsc() - l->hold_start;

	if (held > l->max_hold_cycles) {
		l->max_hold_cycles = held;
		l->max_hold_ip = l->hold_ip;
	}
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
 * Context: task, preemptible (spin_lock_rt checked it). Poll rather than
 * queue: a waiter switched out while holding a ticket would stall
 * everyone behind it; and yield, so an owner switched out on this CPU,
 * or any other thread here, gets to run while we wait.
 */
void spin_lock_rt_slow(spinlock_t *l)
{
	u64 start = rdtsc();
	int spins = 0;

	while (!__arch_spin_trylock(l)) {
		cpu_relax();
		if (++spins >= PREEMPTIBLE_SPINS_BEFORE_YIELD) {
			sched_yield();
			spins = 0;
		}
	}
	spin_set_holder(l);
	l->nr_contended++;
	l->spin_cycles += rdtsc() - start;
}

/* Why the running code may not take a sleeping lock, in a few words. */
static const char *rt_lock_why(void)
{
	if (in_nmi())
		return "in NMI";
	if (in_hardirq())
		return "in hard IRQ";
	if (irqs_disabled())
		return "IRQs off";
	return "preemption disabled";
}

__attribute__((noinline)) void
rt_lock_invalid_context(const struct lockdep_map *map)
{
	lock_bug("sleeping lock %s taken from invalid context: %s "
		 "(preempt_count %#x), by %pS",
		 map->name, rt_lock_why(), preempt_count(),
		 __builtin_return_address(0));
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

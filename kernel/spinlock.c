/* Ticket spinlocks (see spinlock.h for why tickets). */
#include "kernel/spinlock.h"
#include "kernel/percpu.h"

void spin_lock_init(spinlock_t *l, const char *name)
{
	l->next = 0;
	l->owner = 0;
	l->holder_cpu = -1;
	l->name = name;
}

void spin_lock(spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
	l->holder_cpu = smp_processor_id();
}

void spin_unlock(spinlock_t *l)
{
	l->holder_cpu = -1;
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

bool spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	u16 expected = owner;

	if (!__atomic_compare_exchange_n(&l->next, &expected, (u16)(owner + 1),
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	l->holder_cpu = smp_processor_id();
	return true;
}

bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

bool spin_held_by_me(const spinlock_t *l)
{
	return spin_is_locked(l) && l->holder_cpu == smp_processor_id();
}

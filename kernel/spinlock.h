/*
 * Spinlocks: a ticket lock, so waiters are served in arrival order and no
 * CPU starves under the allocator's zone lock when eight CPUs hammer it.
 * (A queued lock scales better past a few dozen CPUs; pagelab targets <= 64.)
 * As in Linux (non-RT), spin_lock also disables preemption until unlock.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "lib/types.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/cpu.h"
#include "kernel/lockdep.h"
#include "kernel/preempt.h"

/*
 * The statistics are written only by the holder, inside the lock, so they
 * are exact without atomics and cost no extra cache line: the lock word's
 * line is already ours. Failed trylocks are counted atomically.
 */
typedef struct spinlock {
	u16 next;	/* ticket handed to the next arrival */
	u16 owner;	/* ticket now being served */
	int holder_cpu; /* -1 when free; for assertions and panic reports */
	struct lockdep_map dep; /* name and rank */
	u64 nr_acquired;	/* (holder) */
	u64 nr_contended;	/* acquisitions that had to wait (holder) */
	u64 spin_cycles;	/* rdtsc cycles spent waiting (holder) */
	u64 nr_try_failed;	/* (atomic) */
} spinlock_t;

#define SPINLOCK_INIT_RANK(n, r)                                               \
	{                                                                      \
		0, 0, -1, {n, r}, 0, 0, 0, 0                                   \
	}
#define SPINLOCK_INIT(n) SPINLOCK_INIT_RANK(n, 0)
/* A static lock, listed by `lockstat` (through the .lockstat section). */
#define DEFINE_SPINLOCK_RANK(x, r)                                             \
	spinlock_t x = SPINLOCK_INIT_RANK(#x, r);                              \
	static spinlock_t *const __lockstat_##x __used __section(              \
		".lockstat") = &x
#define DEFINE_SPINLOCK(x) DEFINE_SPINLOCK_RANK(x, 0)

void spin_lock_init(spinlock_t *l, const char *name);
/* A lock of an ordered class: see lockdep.h for what @rank means. */
void spin_lock_init_class(spinlock_t *l, const char *name, int rank);
/* List a dynamically initialised lock in `lockstat` (it must live forever). */
void lockstat_register(spinlock_t *l);

/* Out-of-line halves (spinlock.c): contention, debug checks. */
void spin_lock_contended(spinlock_t *l, u16 ticket);
bool spin_debug_acquire(spinlock_t *l, bool trylock);
bool spin_debug_release(spinlock_t *l);
void spin_lock_preemptible_slow(spinlock_t *l);

/* Context: caller has preemption (or migration) handled; takes the word. */
static inline void arch_spin_lock(spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	if (unlikely(__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket))
		spin_lock_contended(l, ticket);
	l->holder_cpu = smp_processor_id();
	l->nr_acquired++;
}

/* Take the word only if nobody holds or waits for it; no statistics. */
static inline bool __arch_spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	u16 expected = owner;

	return __atomic_compare_exchange_n(&l->next, &expected,
					   (u16)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline bool arch_spin_trylock(spinlock_t *l)
{
	if (!__arch_spin_trylock(l)) {
		__atomic_fetch_add(&l->nr_try_failed, 1, __ATOMIC_RELAXED);
		return false;
	}
	l->holder_cpu = smp_processor_id();
	l->nr_acquired++;
	return true;
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	l->holder_cpu = -1;
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

/*
 * spin_lock - take @l with preemption disabled until spin_unlock.
 * Context: any; IRQ state untouched (use _irq/_irqsave if an IRQ handler
 * can take the same lock). With lockdep=1 a self-deadlock is reported and
 * the call does nothing instead of spinning forever.
 */
static inline void spin_lock(spinlock_t *l)
{
	preempt_disable();
	if (lock_debug() && !spin_debug_acquire(l, false)) {
		preempt_enable_no_resched();
		return;
	}
	arch_spin_lock(l);
}

/* Context: holder. A release lockdep rejects is reported and skipped. */
static inline void spin_unlock(spinlock_t *l)
{
	if (lock_debug() && !spin_debug_release(l))
		return;
	arch_spin_unlock(l);
	preempt_enable();
}

/* Return: true with @l held and preemption off; false leaves both as was. */
static inline bool spin_trylock(spinlock_t *l)
{
	preempt_disable();
	if (arch_spin_trylock(l)) {
		if (lock_debug())
			spin_debug_acquire(l, true);
		return true;
	}
	preempt_enable();
	return false;
}

/* Context: IRQs on; off on return until spin_unlock_irq turns them on. */
static inline void spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

/* Context: holder; IRQs on again on return, whatever they were before. */
static inline void spin_unlock_irq(spinlock_t *l)
{
	spin_unlock(l);
	local_irq_enable();
}

/* Context: any; IRQs off on return, restored by the _irqrestore pair. */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f;

	local_irq_save(f);
	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	local_irq_restore(f);
}

/* Context: any. Return: true with @l held and IRQs off (*@f saved);
 * false restores them. */
static inline bool spin_trylock_irqsave(spinlock_t *l, unsigned long *f)
{
	local_irq_save(*f);
	if (spin_trylock(l))
		return true;
	local_irq_restore(*f);
	return false;
}

/*
 * spin_lock_preemptible - take @l without disabling preemption: the
 * PREEMPT_RT model of a "sleeping" spinlock, used by the RT local lock.
 * The holder may be preempted; a waiter never holds a ticket while it is
 * switched out (it polls with trylock and yields), so it cannot stall
 * others queued behind it. Context: task, preemptible, migration off.
 */
static inline void spin_lock_preemptible(spinlock_t *l)
{
	if (lock_debug() && !spin_debug_acquire(l, false))
		return;
	if (unlikely(!__arch_spin_trylock(l))) {
		spin_lock_preemptible_slow(l);
		return;
	}
	l->holder_cpu = smp_processor_id();
	l->nr_acquired++;
}

static inline void spin_unlock_preemptible(spinlock_t *l)
{
	if (lock_debug() && !spin_debug_release(l))
		return;
	arch_spin_unlock(l);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

/* Inline so that the always-on assertion below costs two loads, no call. */
static inline bool spin_held_by_me(const spinlock_t *l)
{
	return spin_is_locked(l) && l->holder_cpu == raw_smp_processor_id();
}

/*
 * lockdep_assert_held - BUG unless this CPU holds @l (always checked, a
 * few inline loads); with lockdep=1 the current thread must hold it too
 * (an out-of-line walk of its held-lock stack, only then).
 */
#define lockdep_assert_held(l)                                                 \
	do {                                                                   \
		if (unlikely(!spin_held_by_me(l)) ||                           \
		    (lock_debug() && !lockdep_is_held(l)))                     \
			lock_bug("%s not held by this thread/CPU",             \
				 (l)->dep.name);                               \
	} while (0)

#endif

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
	u16 next;		/* ticket handed to the next arrival */
	u16 owner;		/* ticket now being served */
	int holder_cpu;		/* -1 when free; for reports */
	const void *owner_ctx;	/* lock_owner_token() of the holder */
	struct lockdep_map dep; /* name and rank */
	u64 nr_acquired;	/* (holder) */
	u64 nr_contended;	/* acquisitions that had to wait (holder) */
	u64 spin_cycles;	/* rdtsc cycles spent waiting (holder) */
	u64 nr_try_failed;	/* (atomic) */
	/* hold timing, only for locks that ask for it (zone->lock) */
	bool hold_timed;	   /* set at init by spin_lock_time_holds */
	unsigned long hold_ip;	   /* where the current hold began (holder) */
	u64 hold_start;		   /* rdtsc when taken (holder) */
	u64 max_hold_cycles;	   /* the longest hold so far (holder) */
	unsigned long max_hold_ip; /* where that one began (holder) */
} spinlock_t;

#define SPINLOCK_INIT_RANK(n, r)                                               \
	{                                                                      \
		.holder_cpu = -1, .dep = LOCKDEP_MAP_INIT(n, r)                \
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
/*
 * spin_lock_time_holds - from now on measure how long each hold of @l
 * lasts (rdtsc at take and release) and keep the longest and where it
 * was taken, for `lockstat`. Context: @l free, at its initialisation.
 */
void spin_lock_time_holds(spinlock_t *l);
/* Context: holder of a timed lock, about to release it. */
void spin_hold_end(spinlock_t *l);

/* Out-of-line halves (spinlock.c): contention, debug checks. */
void spin_lock_contended(spinlock_t *l, u16 ticket);
bool spin_debug_acquire(spinlock_t *l, bool trylock);
bool spin_debug_release(spinlock_t *l);
void spin_lock_rt_slow(spinlock_t *l);
/* Report an RT (sleeping) lock taken where its taker cannot be
 * preempted; noinline, so the report names the code that took it. */
void rt_lock_invalid_context(const struct lockdep_map *map);

/* Context: the word just taken. Who holds it, for checks and reports. */
static __always_inline void spin_set_holder(spinlock_t *l)
{
	l->holder_cpu = raw_smp_processor_id();
	l->owner_ctx = lock_owner_token();
	l->nr_acquired++;
	if (unlikely(l->hold_timed)) {
		unsigned long ip;

		/* the code that inlined this: the function taking @l */
		__asm__ volatile("lea 0(%%rip), %0" : "=r"(ip));
		l->hold_ip = ip;
		l->hold_start = rdtsc();
	}
}

/* Context: caller has preemption (or migration) handled; takes the word. */
static inline void arch_spin_lock(spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	if (unlikely(__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket))
		spin_lock_contended(l, ticket);
	spin_set_holder(l);
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
	spin_set_holder(l);
	return true;
}

static inline void arch_spin_unlock(spinlock_t *l)
{
	if (unlikely(l->hold_timed))
		spin_hold_end(l);
	l->holder_cpu = -1;
	l->owner_ctx = NULL;
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

/*
 * Release the word, leaving preemption off: every unlock enables it last,
 * after any IRQ restore, so a reschedule that became due in the section
 * happens at the unlock (Linux's order). Context: holder.
 * Return: false if lockdep rejected the release (reported, skipped).
 */
static inline bool spin_release(spinlock_t *l)
{
	if (lock_debug() && !spin_debug_release(l))
		return false;
	arch_spin_unlock(l);
	return true;
}

/* Context: holder. A release lockdep rejects is reported and skipped. */
static inline void spin_unlock(spinlock_t *l)
{
	if (spin_release(l))
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
	if (lock_debug())
		lockdep_trylock_failed(&l->dep);
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
	bool released = spin_release(l);

	local_irq_enable();
	if (released)
		preempt_enable();
}

/* Context: any; IRQs off on return, restored by the _irqrestore pair. */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f;

	local_irq_save(f);
	spin_lock(l);
	return f;
}

/* Context: holder. IRQs first, then preemption (see spin_release). */
static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	bool released = spin_release(l);

	local_irq_restore(f);
	if (released)
		preempt_enable();
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
 * spin_lock_rt - take @l without disabling preemption: the PREEMPT_RT
 * model of a "sleeping" spinlock, behind the RT local lock and, in the
 * pcp rt mode, a remote CPU's pcp->lock. The holder may be preempted, so
 * its taker must be preemptible too: a taker that cannot be preempted
 * (hard IRQ, NMI, IRQs off, preempt_disable or a spinlock held) could
 * spin forever on an owner switched out on its own CPU. That is a BUG
 * with one line ("sleeping lock ... taken from invalid context") and
 * nothing is taken. A waiter polls and yields, never holding a ticket
 * while switched out, so it stalls no one queued behind it; its CPU
 * stays free for other threads while it waits, here or remotely.
 * Context: task, preemptible; migration off if @l is this CPU's.
 */
static __always_inline void __spin_lock_rt(spinlock_t *l);

static __always_inline void spin_lock_rt(spinlock_t *l)
{
	if (unlikely(!preemptible())) {
		rt_lock_invalid_context(&l->dep);
		return;
	}
	__spin_lock_rt(l);
}

/* spin_lock_rt once the caller has checked that it is preemptible. */
static __always_inline void __spin_lock_rt(spinlock_t *l)
{
	if (lock_debug() && !spin_debug_acquire(l, false))
		return;
	if (unlikely(!__arch_spin_trylock(l))) {
		spin_lock_rt_slow(l);
		return;
	}
	spin_set_holder(l);
}

/* Context: the holder, task, preemptible. */
static inline void spin_unlock_rt(spinlock_t *l)
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

/*
 * spin_held_by_me - does the running context hold @l: this thread in task
 * context, this CPU's hard IRQ or NMI in those? Exact without lockdep;
 * inline, so the always-on assertion below costs a few loads, no call.
 */
static inline bool spin_held_by_me(const spinlock_t *l)
{
	return spin_is_locked(l) &&
	       READ_ONCE(l->owner_ctx) == lock_owner_token();
}

/*
 * lockdep_assert_held - BUG unless the running context holds @l (always
 * checked); with lockdep=1 its held-lock stack must list it too.
 */
#define lockdep_assert_held(l)                                                 \
	do {                                                                   \
		if (unlikely(!spin_held_by_me(l)) ||                           \
		    (lock_debug() && !lockdep_is_held(l)))                     \
			lock_bug("%s not held by this context",                \
				 (l)->dep.name);                               \
	} while (0)

#endif

/*
 * Local locks: a named, checkable scope around per-CPU data, in two
 * flavours side by side so the pcp modes can be compared in one boot.
 * Non-RT (Linux's local_lock_internal.h without PREEMPT_RT): the lock is
 * preempt_disable (plus IRQs off for _irq/_irqsave); with lockdep=1 the
 * owner thread and CPU are recorded and checked. RT: a per-CPU spinlock
 * taken preemptibly under migrate_disable; _irqsave leaves IRQs on.
 */
#ifndef KERNEL_LOCAL_LOCK_H
#define KERNEL_LOCAL_LOCK_H

#include "kernel/config.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

/* One CPU's instance. (O) that CPU's holder. */
typedef struct local_lock {
	struct lockdep_map dep;
	const void *owner;  /* lock_owner_token() of the holder, always (O) */
	int owner_cpu;	    /* where the owner took it, lockdep=1 (O) */
	spinlock_t rt_lock; /* RT flavour only */
} __aligned(64) local_lock_t;

/* The per-CPU lock the API takes: each CPU uses cpu[its id]. */
struct local_lock_pcpu {
	local_lock_t cpu[NR_CPUS];
};

#define LOCAL_LOCK_INIT(n, r)                                                  \
	{                                                                      \
		.dep = LOCKDEP_MAP_INIT(n, r), .owner_cpu = -1,                \
		.rt_lock = SPINLOCK_INIT_RANK(n ".rt", r)                      \
	}
#define DEFINE_LOCAL_LOCK(x, rank)                                             \
	struct local_lock_pcpu x = {                                           \
		.cpu = {[0 ... NR_CPUS - 1] = LOCAL_LOCK_INIT(#x, rank)}}

/* Dynamic init; lists the RT spinlocks in lockstat (so @ll must live on). */
void local_lock_init(struct local_lock_pcpu *ll, const char *name, int rank);

/* Out of line: the lockdep=1 checks (local_lock.c). */
bool local_lock_debug_acquire(local_lock_t *l);
bool local_lock_debug_release(struct local_lock_pcpu *ll);
bool local_lock_rt_debug_acquire(local_lock_t *l);

/*
 * local_lock - enter @ll's section on this CPU: preemption off, so the
 * thread stays here and no other thread on this CPU can enter.
 * Context: task or IRQ; nesting the same lock on one CPU is a BUG.
 */
static inline void local_lock(struct local_lock_pcpu *ll)
{
	local_lock_t *l;

	preempt_disable();
	l = &ll->cpu[raw_smp_processor_id()];
	if (lock_debug() && !local_lock_debug_acquire(l)) {
		preempt_enable_no_resched();
		return;
	}
	l->owner = lock_owner_token();
	if (lock_debug())
		l->owner_cpu = raw_smp_processor_id();
}

/* Leave the section but not yet preemption (see spin_release).
 * Return: false if lockdep rejected the release (reported, skipped). */
static inline bool local_release(struct local_lock_pcpu *ll)
{
	if (lock_debug() && !local_lock_debug_release(ll))
		return false;
	ll->cpu[raw_smp_processor_id()].owner = NULL;
	return true;
}

/* Context: the holder, on the CPU that took it (else BUG). */
static inline void local_unlock(struct local_lock_pcpu *ll)
{
	if (local_release(ll))
		preempt_enable();
}

/* Context: as local_lock, with IRQs on; off until local_unlock_irq. */
static inline void local_lock_irq(struct local_lock_pcpu *ll)
{
	local_irq_disable();
	local_lock(ll);
}

static inline void local_unlock_irq(struct local_lock_pcpu *ll)
{
	bool released = local_release(ll);

	local_irq_enable();
	if (released)
		preempt_enable();
}

/* Context: as local_lock, IRQs in any state; off on return.
 * Return: the IRQ flags to hand to local_unlock_irqrestore. */
static inline unsigned long local_lock_irqsave(struct local_lock_pcpu *ll)
{
	unsigned long f;

	local_irq_save(f);
	local_lock(ll);
	return f;
}

/* Context: the holder. IRQs first, then preemption (spin_release). */
static inline void local_unlock_irqrestore(struct local_lock_pcpu *ll,
					   unsigned long f)
{
	bool released = local_release(ll);

	local_irq_restore(f);
	if (released)
		preempt_enable();
}

/*
 * local_lock_rt - the PREEMPT_RT flavour: pin the thread to this CPU
 * (migrate_disable), then take this CPU's spinlock without disabling
 * preemption; another thread on this CPU that wants it waits its turn.
 * Context: task, preemptible; else a BUG and nothing is taken (see
 * spin_lock_rt). Remote CPUs may take cpu[n].rt_lock with spin_lock_rt.
 */
static __always_inline void local_lock_rt(struct local_lock_pcpu *ll)
{
	local_lock_t *l;

	if (unlikely(!preemptible())) { /* before pinning: nothing to undo */
		rt_lock_invalid_context(&ll->cpu[0].dep);
		return;
	}
	migrate_disable();
	l = &ll->cpu[smp_processor_id()];
	if (lock_debug() && !local_lock_rt_debug_acquire(l)) {
		migrate_enable();
		return;
	}
	spin_lock_rt(&l->rt_lock);
	l->owner = lock_owner_token();
	if (lock_debug())
		l->owner_cpu = raw_smp_processor_id();
}

/* Context: the holder, still pinned to the CPU that took it. */
static inline void local_unlock_rt(struct local_lock_pcpu *ll)
{
	local_lock_t *l = &ll->cpu[raw_smp_processor_id()];

	if (lock_debug() && !local_lock_debug_release(ll))
		return;
	l->owner = NULL;
	spin_unlock_rt(&l->rt_lock);
	migrate_enable();
}

/* RT keeps IRQs on: the flags are a dummy, as on PREEMPT_RT.
 * Context: as local_lock_rt. */
static __always_inline unsigned long
local_lock_irqsave_rt(struct local_lock_pcpu *ll)
{
	local_lock_rt(ll);
	return 0;
}

static inline void local_unlock_irqrestore_rt(struct local_lock_pcpu *ll,
					      unsigned long f)
{
	(void)f;
	local_unlock_rt(ll);
}

/*
 * local_lock_held - does the running context (this thread, or this CPU's
 * hard IRQ or NMI) hold this CPU's instance of @ll? Exact with lockdep
 * off too: read from the instance's own owner record.
 */
static inline bool local_lock_held(struct local_lock_pcpu *ll)
{
	return READ_ONCE(ll->cpu[raw_smp_processor_id()].owner) ==
	       lock_owner_token();
}

#endif

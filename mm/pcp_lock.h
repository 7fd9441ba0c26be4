/*
 * How a pcp section is protected, in five modes chosen at boot
 * (pcp_lock=) and switchable while running (mm/pcp_mode.c):
 *
 *   irq           local_irq_save                            (before 5.14)
 *   local         local_lock_irqsave                        (Linux 5.14)
 *   spin_irqsave  pin, spin_trylock_irqsave(&pcp->lock)     (Linux 6.0/6.1)
 *   spin          pin, spin_trylock(&pcp->lock), IRQs on    (Linux 6.2+)
 *   rt            migrate_disable + pcp->lock, preemptible  (PREEMPT_RT)
 *
 * One code path: pcp_enter reads the mode once, takes that mode's
 * protection through a switch in always-inline code (no indirect call),
 * and records the mode in the caller's on-stack token for pcp_exit.
 * With `make PCP_MODE=spin` (CONFIG_PCP_MODE_FIXED) the mode is a
 * constant and every switch folds away.
 *
 * Switching safely: the mode is re-read after the mode's own barrier and
 * trusted only then. The lock-free modes (irq, local) count themselves in
 * pcp_quiesce first (a full barrier); the lock modes piggyback on the
 * trylock, itself a full barrier. A switcher publishes PCP_MODE_OFF, waits
 * with quiesce_sync and by taking each pcp->lock once, and so knows no
 * section is inside; sections that see OFF fall back to the buddy.
 * Lock order: pcp admin lock -> pcp local lock -> pcp->lock -> zone->lock.
 * Kernel only.
 */
#ifndef MM_PCP_LOCK_H
#define MM_PCP_LOCK_H

#include "kernel/inject.h"
#include "kernel/local_lock.h"
#include "kernel/pcpu_pin.h"
#include "kernel/quiesce.h"
#include "mm/pcp.h"
#include "mm/vmstat.h"

enum pcp_mode {
	PCP_MODE_IRQ,
	PCP_MODE_LOCAL,
	PCP_MODE_SPIN_IRQSAVE,
	PCP_MODE_SPIN,
	PCP_MODE_RT,
	NR_PCP_MODES,
	/* no section may use the lists: boot, and while a switcher works */
	PCP_MODE_OFF = NR_PCP_MODES,
};

extern const char *const pcp_mode_names[NR_PCP_MODES + 1];
/* The mode sections use: written by the pcp admin only (mm/pcp_mode.c). */
extern int pcp_lock_mode;
extern struct quiesce pcp_quiesce;
extern struct local_lock_pcpu pcp_local_lock;
extern struct lockdep_map pcp_lock_dep;
DECLARE_PER_CPU(struct per_cpu_pages, pcp_sets[ZONE_IDS]);

/* Does @mode protect the lists with pcp->lock (so remote CPUs may lock)? */
static inline bool pcp_mode_has_lock(int mode)
{
	return mode == PCP_MODE_SPIN_IRQSAVE || mode == PCP_MODE_SPIN ||
	       mode == PCP_MODE_RT;
}

#ifdef CONFIG_PCP_MODE_FIXED
/* The one mode this build supports; a switch to another is refused. */
#define pcp_mode_fold(m) ((void)(m), CONFIG_PCP_MODE_FIXED)
#else
#define pcp_mode_fold(m) (m)
#endif

/* Context: any. The mode a section is about to use; trusted only once
 * re-read after the mode's barrier (pcp_mode_valid). */
static __always_inline int pcp_mode_hint(void)
{
	return pcp_mode_fold(READ_ONCE(pcp_lock_mode));
}

static __always_inline bool pcp_mode_valid(int mode)
{
	return READ_ONCE(pcp_lock_mode) == mode;
}

/* ---- the lean pcp->lock (struct pcp_spinlock, mm/pcp.h) ---- */

/* Out of line (mm/pcp_remote.c): lockdep records; noinline, so the
 * recorded site is the section that took the lock. */
bool pcp_lock_debug_acquire(struct pcp_spinlock *l, bool trylock);
bool pcp_lock_debug_release(struct pcp_spinlock *l);

/* Take the word if free. Context: any; the caller is pinned. */
static __always_inline bool pcp_lock_word_try(struct pcp_spinlock *l)
{
	u32 free = 0;

	if (!__atomic_compare_exchange_n(&l->locked, &free, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->holder_cpu = raw_smp_processor_id();
	l->owner_ctx = lock_owner_token();
	return true;
}

/*
 * pcp_spin_trylock - take @l only if it is free. A failure in hard IRQ or
 * NMI is counted by lockdep; the caller counts PCP_TRYLOCK_FAIL.
 * Context: pinned (preemption, migration or IRQs off).
 */
static __always_inline bool pcp_spin_trylock(struct pcp_spinlock *l)
{
	if (unlikely(!pcp_lock_word_try(l))) {
		if (lock_debug())
			lockdep_trylock_failed(&pcp_lock_dep);
		return false;
	}
	if (lock_debug())
		pcp_lock_debug_acquire(l, true);
	return true;
}

/* Context: the holder. A release lockdep refuses is reported, skipped. */
static __always_inline void pcp_spin_unlock(struct pcp_spinlock *l)
{
	if (lock_debug() && !pcp_lock_debug_release(l))
		return;
	l->holder_cpu = -1;
	l->owner_ctx = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Does the running context hold @l? Exact without lockdep. */
static __always_inline bool pcp_spin_held_by_me(const struct pcp_spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       READ_ONCE(l->owner_ctx) == lock_owner_token();
}

/*
 * pcp_spin_lock_wait - take @l, polling; with @may_yield the waiter
 * yields between polls (rt mode, remote drainers: the holder may be a
 * preempted thread on this very CPU). Context: pinned; with @may_yield,
 * task and preemptible. Out of line: waiting is the slow path.
 */
void pcp_spin_lock_wait(struct pcp_spinlock *l, bool may_yield);

/* ---- sections ---- */

/* The caller's token: what pcp_enter took, for pcp_exit to undo. */
struct pcp_section {
	struct per_cpu_pages *pcp;
	unsigned long flags; /* IRQ flags for the irqsave kinds */
	int mode;
	int qidx;	/* quiesce epoch (irq, local) */
	bool remote;	/* another CPU's lists, reached by mm/pcp_remote.c */
	int saved_mode; /* remote under the gate: the mode to reopen with */
};

enum pcp_enter_result { PCP_ENTERED, PCP_BUSY, PCP_STALE };

/* Context: any but NMI. */
static __always_inline int pcp_enter_irq(int zid, struct pcp_section *s)
{
	local_irq_save(s->flags);
	inject_point(pcp_after_pin);
	s->qidx = quiesce_enter(&pcp_quiesce);
	if (likely(pcp_mode_valid(PCP_MODE_IRQ))) {
		s->pcp = this_cpu_ptr(&pcp_sets[zid]);
		return PCP_ENTERED;
	}
	quiesce_exit(&pcp_quiesce, s->qidx);
	local_irq_restore(s->flags);
	return PCP_STALE;
}

/* Context: any but NMI; not nested on this CPU. */
static __always_inline int pcp_enter_local(int zid, struct pcp_section *s)
{
	s->flags = local_lock_irqsave(&pcp_local_lock);
	inject_point(pcp_after_pin);
	s->qidx = quiesce_enter(&pcp_quiesce);
	if (likely(pcp_mode_valid(PCP_MODE_LOCAL))) {
		s->pcp = this_cpu_ptr(&pcp_sets[zid]);
		return PCP_ENTERED;
	}
	quiesce_exit(&pcp_quiesce, s->qidx);
	local_unlock_irqrestore(&pcp_local_lock, s->flags);
	return PCP_STALE;
}

/* Undo a lock mode's entry: unlock if taken, IRQs back, unpin. */
static __always_inline void pcp_leave_locked_mode(struct pcp_section *s,
						  int mode, bool locked)
{
	if (locked)
		pcp_spin_unlock(&s->pcp->lock);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_restore(s->flags);
	pcpu_task_unpin(mode == PCP_MODE_RT ? PCPU_PIN_MIGRATE
					    : PCPU_PIN_PREEMPT);
}

/*
 * spin_irqsave, spin and rt: pin, then take pcp->lock: trylock, except an
 * rt task that may be preempted, which waits. Context: any but NMI.
 */
static __always_inline int pcp_enter_lock(int zid, struct pcp_section *s,
					  int mode)
{
	bool rt = mode == PCP_MODE_RT;

	s->pcp = pcpu_task_pin(&pcp_sets[zid],
			       rt ? PCPU_PIN_MIGRATE : PCPU_PIN_PREEMPT);
	inject_point(pcp_after_pin);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_save(s->flags);
	if (rt && preemptible()) {
		pcp_spin_lock_wait(&s->pcp->lock, true);
	} else if (!pcp_spin_trylock(&s->pcp->lock)) {
		pcp_leave_locked_mode(s, mode, false);
		count_vm_events(PCP_TRYLOCK_FAIL, 1);
		return PCP_BUSY;
	}
	if (likely(pcp_mode_valid(mode)))
		return PCP_ENTERED;
	pcp_leave_locked_mode(s, mode, true);
	return PCP_STALE;
}

/* One attempt in @mode. Context: any but NMI. */
static __always_inline int pcp_enter_mode(int zid, struct pcp_section *s,
					  int mode)
{
	switch (pcp_mode_fold(mode)) {
	case PCP_MODE_IRQ:
		return pcp_enter_irq(zid, s);
	case PCP_MODE_LOCAL:
		return pcp_enter_local(zid, s);
	case PCP_MODE_SPIN_IRQSAVE:
	case PCP_MODE_SPIN:
	case PCP_MODE_RT:
		return pcp_enter_lock(zid, s, pcp_mode_fold(mode));
	default:
		return PCP_BUSY; /* off: the buddy serves */
	}
}

/*
 * pcp_enter - this CPU's lists for zone slot @zid, protected as the mode
 * says; @s records how, for pcp_exit.
 * Context: task or hard IRQ, not NMI (alloc_pages_nolock has its own
 * way in); not under zone->lock.
 * Return: the lists, or NULL (mode off, or pcp->lock busy: counted).
 */
static __always_inline struct per_cpu_pages *pcp_enter(int zid,
						       struct pcp_section *s)
{
	s->remote = false;
	for (;;) {
		int mode = pcp_mode_hint();
		int r = pcp_enter_mode(zid, s, mode);

		if (likely(r == PCP_ENTERED)) {
			s->mode = mode;
			inject_point(pcp_after_lock);
			return s->pcp;
		}
		if (r == PCP_BUSY)
			return NULL;
		/* a switch began since the hint: the gate may be closed */
		if (READ_ONCE(pcp_lock_mode) == PCP_MODE_OFF)
			return NULL;
	}
}

/* pcp_exit - undo pcp_enter. Context: the section's owner, same CPU. */
static __always_inline void pcp_exit(struct pcp_section *s)
{
	int mode = pcp_mode_fold(s->mode);

	inject_point(pcp_before_unlock);
	switch (mode) {
	case PCP_MODE_IRQ:
		quiesce_exit(&pcp_quiesce, s->qidx);
		local_irq_restore(s->flags);
		break;
	case PCP_MODE_LOCAL:
		quiesce_exit(&pcp_quiesce, s->qidx);
		local_unlock_irqrestore(&pcp_local_lock, s->flags);
		break;
	default:
		pcp_leave_locked_mode(s, mode, true);
		break;
	}
}

/*
 * pcp_assert_section - BUG unless @s's lists are protected as its mode
 * requires (lockdep=1 only: the fast path pays one load otherwise).
 * PCP_MODE_OFF marks a remote section under the closed gate.
 */
void pcp_assert_section_slow(const struct pcp_section *s);
static __always_inline void pcp_assert_section(const struct pcp_section *s)
{
	if (lock_debug())
		pcp_assert_section_slow(s);
}

#endif

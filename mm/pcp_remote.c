/*
 * Reaching other CPUs' lists without interrupting them: the pcp->lock
 * slow paths and lockdep records, the gate that stops every CPU's use of
 * its lists (for the lock-free modes, mode switches, checks and views),
 * and drain_all_pages. Linux 6.0 (seed 002) drains remotely under each
 * pcp->lock; before that it queued work on every CPU. pagelab does the
 * former in the lock modes and closes the gate in irq and local, where a
 * remote CPU can only know a section has ended through pcp_quiesce.
 * Kernel only.
 */
#include "kernel/lock_order.h"
#include "kernel/sched.h"
#include "lib/printk.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"

#define PCP_LOCK_SPINS_BEFORE_YIELD 256

DEFINE_SPINLOCK_RANK(pcp_admin_lock, LOCK_RANK_PCP_ADMIN);
/* Every CPU's pcp->lock is one lockdep class, with this rank. */
struct lockdep_map pcp_lock_dep = LOCKDEP_MAP_INIT("pcp->lock", LOCK_RANK_PCP);

__attribute__((noinline)) bool pcp_lock_debug_acquire(struct pcp_spinlock *l,
						      bool trylock)
{
	return lockdep_acquire(l, &pcp_lock_dep, trylock, RET_IP);
}

__attribute__((noinline)) bool pcp_lock_debug_release(struct pcp_spinlock *l)
{
	if (!pcp_spin_held_by_me(l)) {
		lock_bug("pcp->lock released by a context that does not hold "
			 "it (held on cpu%d)",
			 READ_ONCE(l->holder_cpu));
		return false;
	}
	return lockdep_release(l, &pcp_lock_dep);
}

/*
 * lockdep learns of the lock once it is ours: a waiter that yields must
 * not look, to the scheduler's rq->lock, as if it held pcp->lock already
 * (it holds nothing while it waits). Waiting on a lock we hold ourselves
 * would never end: that is reported first, and the lock not taken.
 */
void pcp_spin_lock_wait(struct pcp_spinlock *l, bool may_yield)
{
	int spins = 0;

	if (unlikely(pcp_spin_held_by_me(l))) {
		lock_bug("recursive locking of pcp->lock on cpu%d",
			 raw_smp_processor_id());
		return;
	}
	while (!pcp_lock_word_try(l)) {
		cpu_relax();
		if (may_yield && ++spins >= PCP_LOCK_SPINS_BEFORE_YIELD) {
			sched_yield(); /* the holder may be preempted here */
			spins = 0;
		}
	}
	if (lock_debug())
		pcp_lock_debug_acquire(l, false);
}

bool pcp_gate_closed_by_me(void)
{
	return READ_ONCE(pcp_lock_mode) == PCP_MODE_OFF &&
	       spin_held_by_me(&pcp_admin_lock);
}

int pcp_gate_close(void)
{
	int old = READ_ONCE(pcp_lock_mode);
	struct zone *z;
	int cpu;

	lockdep_assert_held(&pcp_admin_lock);
	WRITE_ONCE(pcp_lock_mode, PCP_MODE_OFF);
	smp_mb(); /* OFF before the epoch flip and before each lock below */
	/* irq and local sections: counted in pcp_quiesce */
	quiesce_sync(&pcp_quiesce);
	/* lock-mode sections: each holds its pcp->lock while inside */
	for_each_pcp_cpu(cpu) {
		for_each_populated_zone(z) {
			struct pcp_spinlock *l = &pcp_of(z, cpu)->lock;

			pcp_spin_lock_wait(l, true);
			pcp_spin_unlock(l);
		}
	}
	return old;
}

void pcp_gate_open(int mode)
{
	lockdep_assert_held(&pcp_admin_lock);
	smp_mb(); /* our list changes before any section sees the mode */
	WRITE_ONCE(pcp_lock_mode, mode);
}

void pcp_remote_begin(struct pcp_section *s)
{
	pcp_admin_lock_take();
	*s = (struct pcp_section){.mode = PCP_MODE_OFF, .remote = true};
	s->saved_mode = pcp_gate_close();
}

void pcp_remote_end(struct pcp_section *s)
{
	pcp_gate_open(s->saved_mode);
	pcp_admin_lock_drop();
}

/* Take a remote pcp->lock as @mode's holders would. Context: task,
 * preemptible, pcp_admin_lock held. */
static void pcp_lock_remote(struct pcp_section *s, int mode)
{
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_save(s->flags);
	if (mode != PCP_MODE_RT)
		preempt_disable();
	/* only rt holders can be preempted: yield to them */
	pcp_spin_lock_wait(&s->pcp->lock, mode == PCP_MODE_RT);
}

static void pcp_unlock_remote(struct pcp_section *s, int mode)
{
	pcp_spin_unlock(&s->pcp->lock);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_restore(s->flags);
	if (mode != PCP_MODE_RT)
		preempt_enable();
}

/*
 * Count is read under the lock, every chunk: Linux 6.10 read it before
 * locking and drained that many, so a free that landed in between stayed
 * on the list, and offline_pages waited for it forever (fixed in 6.11).
 * Both locks are dropped between chunks (Linux 6.19), so the owner and
 * other CPUs' zone->lock users get in. Context: task, preemptible,
 * pcp_admin_lock held; takes pcp->lock as @mode's holders do (or relies
 * on the closed gate), then zone->lock with IRQs saved.
 */
unsigned long pcp_trim_zone_remote(struct zone *z, int cpu, int mode, int most)
{
	struct pcp_section s = {
		.pcp = pcp_of(z, cpu), .mode = mode, .remote = true};
	bool lock = pcp_mode_has_lock(mode);
	unsigned long n = 0;
	int left;

	if (!lock)
		ASSERT(pcp_gate_closed_by_me(), "cpu%d's lists of zone %s", cpu,
		       z->name);
	do {
		inject_point(drain_remote_before_lock);
		if (lock)
			pcp_lock_remote(&s, mode);
		left = MIN(s.pcp->count, most);
		if (left > 0) {
			int chunk = MIN(left, pcp_hold_bound(s.pcp->batch));
			int freed = pcp_spill_locked(z, &s, chunk, 0);

			n += (unsigned long)freed;
			most -= freed;
			/* what was there at this lock; later frees wait
			 * for the next drain, so a busy owner cannot keep
			 * us here */
			left -= chunk;
		}
		if (lock)
			pcp_unlock_remote(&s, mode);
	} while (left > 0);
	return n;
}

unsigned long pcp_drain_zone_remote(struct zone *z, int cpu, int mode)
{
	return pcp_trim_zone_remote(z, cpu, mode, 1 << 30);
}

void pcp_assert_section_slow(const struct pcp_section *s)
{
	const struct pcp_spinlock *l = &s->pcp->lock;
	bool ok;

	switch (s->mode) {
	case PCP_MODE_IRQ:
		ok = irqs_disabled();
		break;
	case PCP_MODE_LOCAL:
		ok = irqs_disabled() && local_lock_held(&pcp_local_lock);
		break;
	case PCP_MODE_SPIN_IRQSAVE:
		ok = irqs_disabled() && pcp_spin_held_by_me(l);
		break;
	case PCP_MODE_SPIN:
		ok = pcp_spin_held_by_me(l) && (preempt_count() & PREEMPT_MASK);
		break;
	case PCP_MODE_RT:
		/* a local holder stays on its CPU; a remote one needn't */
		ok = pcp_spin_held_by_me(l) &&
		     (s->remote || in_interrupt() ||
		      (current && current->migrate_disable > 0));
		break;
	default:
		ok = pcp_gate_closed_by_me();
		break;
	}
	if (unlikely(!ok))
		lock_bug("pcp section (mode %s%s) not protected: IRQs %s, "
			 "preempt_count %#x, pcp->lock %s",
			 pcp_mode_names[s->mode], s->remote ? ", remote" : "",
			 irqs_disabled() ? "off" : "on", preempt_count(),
			 pcp_spin_held_by_me(l) ? "held" : "not held");
}

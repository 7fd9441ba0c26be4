/*
 * The scheduler core: per-CPU run queues, __schedule and the switch, wake
 * up, sleep, the tick and the idle loop. Like Linux's __schedule, the rq
 * lock is held across the stack switch and dropped by the thread that
 * runs next (sched_finish_switch), so no other CPU can touch the outgoing
 * thread until its registers are saved. Lock order: sched_internal.h.
 */
#include "kernel/sched_internal.h"
#include "kernel/sched_deps.h"
#include "kernel/kstack.h"
#include "kernel/irqsoff.h"
#include "kernel/panic.h"
#include "arch/x86/idt.h"

struct rq runqueues[NR_CPUS];

void switch_stack(u64 *prev_rsp, u64 next_rsp);

void rq_enqueue(struct rq *rq, struct thread *t)
{
	lockdep_assert_held(&rq->lock);
	list_add_tail(&t->rq_node, &rq->queue);
	rq->nr_queued++;
}

void rq_dequeue(struct rq *rq, struct thread *t)
{
	lockdep_assert_held(&rq->lock);
	list_del(&t->rq_node);
	rq->nr_queued--;
}

/*
 * Context: any. Locally a pending reschedule is enough when idle; a
 * remote CPU gets the reschedule IPI (its handler sets need_resched).
 */
void rq_kick(struct rq *rq)
{
	if (rq->cpu != smp_processor_id()) {
		smp_send_reschedule(rq->cpu);
		return;
	}
	if (READ_ONCE(rq->curr) == rq->idle)
		set_need_resched();
	if (rq->tick_stopped)
		sched_tick_restart(rq);
}

struct rq *rq_lock_thread(struct thread *t)
{
	for (;;) {
		struct rq *rq = &runqueues[READ_ONCE(t->cpu)];

		spin_lock(&rq->lock);
		if (READ_ONCE(t->cpu) == rq->cpu)
			return rq;
		spin_unlock(&rq->lock); /* moved meanwhile: chase it */
	}
}

/* Context: rq->lock held, IRQs off; @prev is leaving the CPU. */
static void sched_put_prev(struct rq *rq, struct thread *prev)
{
	lockdep_assert_held(&rq->lock);
	if (prev == rq->idle)
		return;
	switch (prev->state) {
	case THREAD_RUNNING:
		if (prev->move_to >= 0 && sched_can_migrate(prev)) {
			prev->moving = true;
			rq->move_prev = prev;
			return;
		}
		rq_enqueue(rq, prev);
		return;
	case THREAD_SLEEPING:
		list_add_tail(&prev->rq_node, &rq->sleepers);
		return;
	default: /* BLOCKED: its waker requeues it; DEAD: join frees it */
		return;
	}
}

/* Context: rq->lock held, IRQs off. Return: the idle thread if none. */
static struct thread *rq_pick_next(struct rq *rq)
{
	struct thread *t;

	if (list_empty(&rq->queue))
		return rq->idle;
	t = list_first_entry(&rq->queue, struct thread, rq_node);
	rq_dequeue(rq, t);
	return t;
}

/*
 * Context: rq->lock held, IRQs off; returns in @prev's context once
 * something switches back to it, possibly on another CPU.
 */
static void sched_switch(struct rq *rq, struct thread *prev,
			 struct thread *next)
{
	ASSERT(kstack_intact(prev->stack), "thread %s overflowed its stack",
	       prev->name);
	next->on_cpu = true;
	next->slice = SCHED_SLICE_TICKS;
	next->nr_switches++;
	rq->curr = next;
	rq->prev = prev;
	rq->nr_switches++;
	this_cpu()->curr_thread = next;
	rq->lock.owner_ctx = next; /* next releases it: sched_finish_switch */
	if (lock_debug())
		lockdep_transfer(&rq->lock, &prev->dep, &next->dep);
	switch_stack(&prev->rsp, next->rsp);
	sched_finish_switch();
}

/*
 * Context: right after a switch, in the incoming thread, with the rq lock
 * it inherited. Once on_cpu is clear the outgoing thread may be freed
 * (join) or run elsewhere, so it is not touched after that. The lock
 * debugging setting stays the outgoing thread's until the end.
 */
void sched_finish_switch(void)
{
	struct rq *rq = this_rq();
	struct thread *prev = rq->prev, *move = rq->move_prev;

	rq->prev = NULL;
	rq->move_prev = NULL;
	__atomic_store_n(&prev->on_cpu, false, __ATOMIC_RELEASE);
	spin_unlock(&rq->lock);
	if (move)
		sched_move_finish(move);
	/* only now: every lock taken under prev's setting is released */
	lockdep_switch_to(current);
}

/* Context: task; takes and (via the next thread) drops this rq's lock. */
void __schedule(int state)
{
	struct thread *prev, *next;
	unsigned long flags;
	struct rq *rq;

	local_irq_save(flags);
	rq = this_rq();
	spin_lock(&rq->lock);
	prev = rq->curr;
	if (state >= 0 && prev != rq->idle)
		prev->state = state;
	sched_put_prev(rq, prev);
	next = rq_pick_next(rq);
	clear_need_resched();
	if (next != prev)
		sched_switch(rq, prev, next);
	else
		spin_unlock(&rq->lock);
	local_irq_restore(flags);
}

/* Report a voluntary switch from atomic context. Return: true if bad. */
static bool sched_atomic_bug(void)
{
	if (likely(preemptible()))
		return false;
	lock_bug("scheduling while atomic: preempt_count %#x, IRQs %s",
		 preempt_count(), irqs_disabled() ? "off" : "on");
	return true;
}

void schedule(void)
{
	if (sched_atomic_bug())
		return;
	do
		__schedule(-1);
	while (need_resched());
}

void sched_yield(void)
{
	schedule();
}

void preempt_schedule(void)
{
	if (!preemptible() || !current)
		return;
	do
		__schedule(-1);
	while (need_resched());
}

/* Context: end of a hard IRQ, IRQs off, hardirq count already dropped. */
void preempt_schedule_irq(struct pt_regs *regs)
{
	if (preempt_count() || !(regs->rflags & X86_EFLAGS_IF) || !current)
		return;
	do
		__schedule(-1);
	while (need_resched());
}

void wake_up_thread(struct thread *t)
{
	unsigned long flags;
	bool kick = false;
	struct rq *rq;

	local_irq_save(flags);
	rq = rq_lock_thread(t);
	if (t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING) {
		/* still on its CPU (about to switch): it requeues itself */
		if (rq->curr != t) {
			if (t->state == THREAD_SLEEPING)
				list_del(&t->rq_node);
			rq_enqueue(rq, t);
			kick = true;
		}
		t->state = THREAD_RUNNING;
	}
	spin_unlock(&rq->lock);
	if (kick)
		rq_kick(rq);
	local_irq_restore(flags);
}

void sched_sleep_ns(u64 ns)
{
	if (sched_atomic_bug())
		return;
	current->wake_at = ktime_ns() + ns;
	__schedule(THREAD_SLEEPING);
}

int sched_wake_sleepers_locked(struct rq *rq, u64 now)
{
	struct thread *t, *n;
	int woken = 0;

	lockdep_assert_held(&rq->lock);
	list_for_each_entry_safe(t, n, &rq->sleepers, rq_node) {
		if (t->wake_at > now)
			continue;
		list_del(&t->rq_node);
		t->state = THREAD_RUNNING;
		rq_enqueue(rq, t);
		woken++;
	}
	return woken;
}

/* Context: hard IRQ (the LAPIC timer), IRQs off. */
void sched_tick(struct pt_regs *regs)
{
	struct rq *rq = this_rq();
	struct thread *curr;

	(void)regs;
	this_cpu()->sched_ticks++;
	if (!rq->active)
		return;
	rq->has_tick = true;
	spin_lock(&rq->lock);
	sched_wake_sleepers_locked(rq, ktime_ns());
	curr = rq->curr;
	if (curr == rq->idle || --curr->slice <= 0) {
		curr->slice = SCHED_SLICE_TICKS;
		if (rq->nr_queued)
			set_need_resched();
	}
	sched_tick_isolation(rq);
	spin_unlock(&rq->lock);
	if (rq->cpu == housekeeping_cpu() &&
	    this_cpu()->sched_ticks % SCHED_BALANCE_TICKS == 0)
		sched_balance();
}

/* Context: hard IRQ (reschedule IPI), IRQs off. */
void sched_resched_ipi(void)
{
	struct rq *rq = this_rq();

	if (!rq->active)
		return;
	set_need_resched();
	if (rq->tick_stopped)
		sched_tick_restart(rq);
}

/*
 * Moving threads between CPUs: sched_move on request, a load balancer on
 * the housekeeping CPU's tick, and the second half of moving a thread
 * that was running (it leaves in __schedule, arrives here). Pinned and
 * migrate-disabled threads are never moved; isolated CPUs are never
 * given work by the balancer. Cf. Linux's move_queued_task and
 * migration_cpu_stop, without the stopper thread.
 */
#include "kernel/sched_internal.h"

void rq_lock_two(struct rq *a, struct rq *b)
{
	if (a == b) {
		spin_lock(&a->lock);
	} else if (a->cpu < b->cpu) {
		spin_lock(&a->lock);
		spin_lock(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock(&a->lock);
	}
}

void rq_unlock_two(struct rq *a, struct rq *b)
{
	if (a != b)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

bool sched_can_migrate(const struct thread *t)
{
	return !t->pinned && !t->moving && READ_ONCE(t->migrate_disable) == 0;
}

/* Context: both rqs locked (rq_dequeue/rq_enqueue assert it); @t queued on
 * @src. */
static void sched_move_queued(struct rq *src, struct rq *dst, struct thread *t)
{
	rq_dequeue(src, t);
	t->cpu = dst->cpu;
	t->nr_migrations++;
	rq_enqueue(dst, t);
}

/*
 * Context: both rqs locked, IRQs off.
 * Return: 1 if @t leaves at its next switch, 2 if moved now, 0 if it is
 * already on @dst, or a negative SCHED_E* code.
 */
static int sched_move_locked(struct rq *src, struct rq *dst, struct thread *t)
{
	lockdep_assert_held(&src->lock);
	lockdep_assert_held(&dst->lock);
	if (t->pinned)
		return -SCHED_EPERM;
	if (!sched_can_migrate(t))
		return -SCHED_EBUSY;
	if (t->state == THREAD_DEAD)
		return -SCHED_EINVAL;
	if (src == dst) {
		t->move_to = -1; /* the latest request replaces a pending one */
		return 0;
	}
	if (src->curr == t) {
		if (t->state != THREAD_RUNNING)
			return -SCHED_EAGAIN; /* about to block or sleep */
		t->move_to = dst->cpu;	      /* leaves at its next switch */
		return 1;
	}
	t->move_to = -1; /* as above: moved now, nothing left pending */
	if (t->state == THREAD_RUNNING)
		sched_move_queued(src, dst, t);
	else if (t->state == THREAD_SLEEPING)
		list_move_tail(&t->rq_node, &dst->sleepers);
	t->cpu = dst->cpu; /* a BLOCKED thread will be woken there */
	return 2;
}

int sched_move(struct thread *t, int cpu)
{
	struct rq *src, *dst;
	unsigned long flags;
	int ret;

	if (!sched_cpu_active(cpu))
		return -SCHED_EINVAL;
	dst = &runqueues[cpu];
	local_irq_save(flags);
	for (;;) {
		src = &runqueues[READ_ONCE(t->cpu)];
		rq_lock_two(src, dst);
		if (t->cpu == src->cpu)
			break;
		rq_unlock_two(src, dst);
	}
	ret = sched_move_locked(src, dst, t);
	rq_unlock_two(src, dst);
	if (ret == 1)
		rq_kick(src); /* running: make it pass a switch */
	else if (ret == 2)
		rq_kick(dst);
	local_irq_restore(flags);
	if (ret == 1 && t == current)
		sched_yield();
	return ret < 0 ? ret : 0;
}

/* Context: IRQs off, no rq lock; @t left its CPU and is on no queue. */
void sched_move_finish(struct thread *t)
{
	struct rq *src = &runqueues[t->cpu], *dst = &runqueues[t->move_to];

	rq_lock_two(src, dst);
	t->cpu = dst->cpu;
	t->move_to = -1;
	t->moving = false;
	t->nr_migrations++;
	rq_enqueue(dst, t);
	rq_unlock_two(src, dst);
	rq_kick(dst);
}

/* A request that met migrate_disable can go now. Context: task. */
void sched_migrate_enable_slow(struct thread *t)
{
	(void)t;
	set_need_resched();
	preempt_schedule();
}

static int rq_load(const struct rq *rq)
{
	return READ_ONCE(rq->nr_queued) + (READ_ONCE(rq->curr) != rq->idle);
}

/* Context: both locked. Return: a queued thread allowed to leave @src. */
static struct thread *sched_pick_movable(struct rq *src)
{
	struct thread *t;

	lockdep_assert_held(&src->lock);
	list_for_each_entry(t, &src->queue, rq_node)
		if (sched_can_migrate(t))
			return t;
	return NULL;
}

/* Context: IRQs off; takes both rq locks. */
static void sched_balance_pair(struct rq *busy, struct rq *idle)
{
	struct thread *t;

	rq_lock_two(busy, idle);
	if (rq_load(busy) - rq_load(idle) >= 2) {
		t = sched_pick_movable(busy);
		if (t)
			sched_move_queued(busy, idle, t);
	}
	rq_unlock_two(busy, idle);
	rq_kick(idle);
}

void sched_balance(void)
{
	struct rq *busy = NULL, *idle = NULL;
	unsigned long flags;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rq *rq = &runqueues[cpu];

		if (!sched_cpu_active(cpu) || cpu_is_isolated(cpu))
			continue;
		if (!busy || rq_load(rq) > rq_load(busy))
			busy = rq;
		if (!idle || rq_load(rq) < rq_load(idle))
			idle = rq;
	}
	if (!busy || busy == idle || rq_load(busy) - rq_load(idle) < 2)
		return;
	local_irq_save(flags);
	sched_balance_pair(busy, idle);
	local_irq_restore(flags);
}

/*
 * Scheduler internals shared by sched.c, sched_migrate.c and thread.c;
 * nothing outside the scheduler includes this.
 * Lock order: completion->lock -> rq->lock; two rq locks in CPU order.
 */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include "kernel/sched.h"
#include "kernel/config.h"
#include "kernel/spinlock.h"
#include "kernel/isolation.h"
#include "kernel/lock_order.h"

/* (L) rq->lock, IRQs off; (C) constant once active; (O) owner CPU only */
struct rq {
	spinlock_t lock;
	struct list_head queue;	   /* runnable, not running, FIFO (L) */
	struct list_head sleepers; /* SLEEPING threads (L) */
	int nr_queued;		   /* length of queue (L) */
	int cpu;		   /* (C) */
	bool active;		   /* scheduler running here (C) */
	bool tick_stopped;	   /* tickless: timer not rearmed (O) */
	bool has_tick;		   /* a tick has been seen (O) */
	struct thread *curr;	   /* running thread (L) */
	struct thread *idle;	   /* (C) */
	struct thread *prev;	   /* just switched out, for finish (L) */
	struct thread *move_prev;  /* prev leaving for another CPU (L) */
	u64 nr_switches;	   /* (L) */
} __aligned(64);

extern struct rq runqueues[NR_CPUS];

static inline struct rq *this_rq(void)
{
	return &runqueues[smp_processor_id()];
}

/* Context: rq->lock held (asserted), IRQs off. */
void rq_enqueue(struct rq *rq, struct thread *t);
void rq_dequeue(struct rq *rq, struct thread *t);
/*
 * sched_wake_sleepers_locked - make @rq's sleepers whose deadline is at or
 * before @now runnable. Context: rq->lock held (asserted), IRQs off.
 * Return: how many were woken.
 */
int sched_wake_sleepers_locked(struct rq *rq, u64 now);
/* Make @rq's CPU look at its queue soon (need_resched or an IPI).
 * Context: any; no rq lock needed. */
void rq_kick(struct rq *rq);
/*
 * rq_lock_thread - lock the rq @t belongs to, rechecking t->cpu after.
 * Context: IRQs off. Return: the locked rq.
 */
struct rq *rq_lock_thread(struct thread *t);
/* Both rqs locked in CPU order (one lock if equal). Context: IRQs off. */
void rq_lock_two(struct rq *a, struct rq *b);
/* Context: both locks held, as rq_lock_two left them. */
void rq_unlock_two(struct rq *a, struct rq *b);

/* sched_migrate.c: whether @t may leave its CPU now. Context: rq lock. */
bool sched_can_migrate(const struct thread *t);
/* Put a thread that left its CPU in __schedule on its new rq. */
void sched_move_finish(struct thread *t);

/* isolation.c: stop the tick if @rq's CPU is isolated and has one thread.
 * Context: @rq's CPU, hard IRQ, rq->lock held. */
void sched_tick_isolation(struct rq *rq);
/* Context: @rq's CPU, IRQs off; no rq lock needed. */
void sched_tick_restart(struct rq *rq);

/* thread.c: the first C code a new thread runs. */
void __noreturn kthread_entry(void);
/* sched.c: the scheduler half of a switch, for new threads too. */
void sched_finish_switch(void);
/* Switch away with prev's state set to @state (-1: keep it). */
void __schedule(int state);

#endif

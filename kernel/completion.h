/*
 * Completions: wait until another thread (or an IRQ handler) says
 * something is done, without polling. Mirrors Linux's
 * kernel/sched/completion.c: a count of completions plus a waiter list.
 */
#ifndef KERNEL_COMPLETION_H
#define KERNEL_COMPLETION_H

#include "kernel/spinlock.h"
#include "lib/list.h"

/* (W) c->lock */
struct completion {
	spinlock_t lock;
	unsigned int done;	  /* completions not yet consumed (W) */
	struct list_head waiters; /* struct completion_waiter (W) */
};

void completion_init(struct completion *c, const char *name);
/*
 * wait_for_completion - block until @c is completed, consuming one
 * completion. Context: task, may sleep (preemptible); takes c->lock.
 */
void wait_for_completion(struct completion *c);
/* Wake one waiter. Context: any, IRQs too; takes c->lock, then an rq lock. */
void complete(struct completion *c);
/* Wake every waiter now and every later one. Context: as complete(). */
void complete_all(struct completion *c);

#endif

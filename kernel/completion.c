/*
 * Completions (see completion.h). A waiter queues itself and marks itself
 * BLOCKED under c->lock, so complete() either sees it on the list or the
 * waiter sees `done`: the wake-up cannot be lost in between.
 */
#include "kernel/completion.h"
#include "kernel/sched_internal.h"

#define COMPLETION_ALL (~0U >> 1) /* "completed for everyone" */

struct completion_waiter {
	struct list_head node;
	struct thread *thread;
};

void completion_init(struct completion *c, const char *name)
{
	spin_lock_init_class(&c->lock, name, LOCK_RANK_COMPLETION);
	c->done = 0;
	INIT_LIST_HEAD(&c->waiters);
}

void wait_for_completion(struct completion *c)
{
	struct completion_waiter w = {.thread = current};
	unsigned long flags;

	might_sleep();
	INIT_LIST_HEAD(&w.node);
	flags = spin_lock_irqsave(&c->lock);
	while (!c->done) {
		if (list_empty(&w.node)) /* not still queued from last time */
			list_add_tail(&w.node, &c->waiters);
		WRITE_ONCE(w.thread->state, THREAD_BLOCKED);
		spin_unlock_irqrestore(&c->lock, flags);
		schedule();
		flags = spin_lock_irqsave(&c->lock);
	}
	if (c->done != COMPLETION_ALL)
		c->done--;
	spin_unlock_irqrestore(&c->lock, flags);
}

/* Context: c->lock held. The waker unlinks, so a waiter is never stale. */
static void completion_wake_one(struct completion *c)
{
	struct completion_waiter *w =
		list_first_entry(&c->waiters, struct completion_waiter, node);

	list_del_init(&w->node);
	wake_up_thread(w->thread);
}

void complete(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->lock);

	if (c->done != COMPLETION_ALL)
		c->done++;
	if (!list_empty(&c->waiters))
		completion_wake_one(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

void complete_all(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->lock);

	c->done = COMPLETION_ALL;
	while (!list_empty(&c->waiters))
		completion_wake_one(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

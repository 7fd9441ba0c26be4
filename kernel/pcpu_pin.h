/*
 * Pinning a task to its CPU around per-CPU data, as Linux's
 * pcpu_task_pin/pcpu_task_unpin (mm/page_alloc.c): preempt_disable in the
 * non-RT modes (cheapest; nothing else runs here until unpin), or
 * migrate_disable with RT semantics (the task may be preempted, so the
 * data still needs its lock, but it stays on this CPU and the pointer
 * stays this CPU's).
 *
 *	struct per_cpu_pages *pcp = pcpu_task_pin(&pcp_var, PCPU_PIN_MIGRATE);
 *	spin_lock_rt(&pcp->lock); ... spin_unlock_rt(&pcp->lock);
 *	pcpu_task_unpin(PCPU_PIN_MIGRATE);
 *
 * With lockdep=1 each context (thread, or a CPU's hard IRQ / NMI) keeps a
 * record of its pins: an unpin without a pin, of the other kind, a thread
 * exiting pinned or a handler returning pinned is a BUG naming it, and
 * ktest fails a case that leaves its thread pinned.
 */
#ifndef KERNEL_PCPU_PIN_H
#define KERNEL_PCPU_PIN_H

#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/pcpu_pin_types.h"

/* lockdep=1: record a pin / check and drop the innermost (pcpu_pin.c).
 * Return (pop): the kind actually recorded, to undo that one, or -1 if
 * there was none (nothing to undo). */
void pcpu_pin_push(enum pcpu_pin how);
int pcpu_pin_pop(enum pcpu_pin how);
/* Context: thread exit or the end of an interrupt handler. Report pins
 * left behind and undo the migrate ones (the count is per thread). */
void pcpu_pins_check_exit(const char *what, const char *name);

/* Context: task (or IRQ, where it is already pinned). */
static __always_inline void __pcpu_task_pin(enum pcpu_pin how)
{
	if (how == PCPU_PIN_MIGRATE)
		migrate_disable();
	else
		preempt_disable();
	if (lock_debug())
		pcpu_pin_push(how);
}

/*
 * pcpu_task_pin - pin the running task to this CPU (@how) and return this
 * CPU's copy of the per-CPU object at @ptr, stable until the unpin.
 */
#define pcpu_task_pin(ptr, how)                                                \
	({                                                                     \
		__pcpu_task_pin(how);                                          \
		raw_cpu_ptr(ptr);                                              \
	})

/* pcpu_task_unpin - end the pin @how began. Context: the pinned task. */
static __always_inline void pcpu_task_unpin(enum pcpu_pin how)
{
	int had = lock_debug() ? pcpu_pin_pop(how) : (int)how;

	if (had == PCPU_PIN_MIGRATE)
		migrate_enable();
	else if (had == PCPU_PIN_PREEMPT)
		preempt_enable();
}

/* Return: how many pins the running context holds (lockdep=1 only). */
int pcpu_pins_held(void);

#endif

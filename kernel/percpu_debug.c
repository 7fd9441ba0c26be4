/*
 * The pinning check behind smp_processor_id() and this_cpu_ptr() with
 * lockdep=1: the answer is only meaningful while the caller cannot move to
 * another CPU. Linux: check_preemption_disabled (lib/smp_processor_id.c).
 */
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"

/* Return: true if the running code cannot change CPU before it is done. */
static bool percpu_caller_pinned(void)
{
	struct thread *t = current;

	if (preempt_count() || irqs_disabled() || !t)
		return true;
	return t->pinned || READ_ONCE(t->migrate_disable) > 0;
}

__attribute__((noinline)) void percpu_debug_pinned(const char *what)
{
	struct thread *t;

	if (likely(percpu_caller_pinned()))
		return;
	t = current;
	lock_bug("%s in preemptible code: thread %s, caller %pS", what, t->name,
		 __builtin_return_address(0));
}

/*
 * A small preemptive scheduler: one run queue per CPU (lock + FIFO list),
 * round robin with a time slice of a few ticks, preemption on IRQ return
 * and preempt_enable, migration between CPUs and a simple load balancer.
 * The shape follows Linux's kernel/sched/core.c, without classes or CFS.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/thread.h"
#include "kernel/preempt.h"
#include "kernel/sched_hooks.h"

struct pt_regs;

#define SCHED_SLICE_TICKS   4
#define SCHED_BALANCE_TICKS 16 /* housekeeping CPU balances this often */

/* Error codes of sched_move (negated). */
#define SCHED_EINVAL 22 /* no such CPU, or a dead thread */
#define SCHED_EPERM  1	/* pinned thread */
#define SCHED_EBUSY  16 /* migration disabled, or already moving */
#define SCHED_EAGAIN 11 /* caught between states; try again */

/* Boot CPU: the boot context becomes thread "init" on CPU 0. */
void sched_init(void);
/* sched_ap_idle (sched_hooks.h): an online AP becomes its idle thread. */
bool sched_cpu_active(int cpu);
int sched_nr_active_cpus(void);

/* Switch to another runnable thread, if any. Context: task, preemptible. */
void schedule(void);
/* Go to the back of this CPU's run queue. Context: task, preemptible. */
void sched_yield(void);
/* Sleep at least @ns (tick granularity). Context: task, preemptible. */
void sched_sleep_ns(u64 ns);
/* Make a BLOCKED or SLEEPING thread runnable. Context: any; rq lock. */
void wake_up_thread(struct thread *t);
/*
 * sched_move - move @t to @cpu: at once if it is queued or blocked, at
 * its next preemption point if it is running (moving the caller itself
 * yields before returning). Context: task; takes two rq locks.
 * Return: 0, or -SCHED_EPERM (pinned), -SCHED_EBUSY (migration
 * disabled or moving), -SCHED_EINVAL, -SCHED_EAGAIN.
 */
int sched_move(struct thread *t, int cpu);
/* Pull one movable thread from the busiest to the idlest CPU.
 * Context: any but NMI; takes two rq locks with IRQs saved. */
void sched_balance(void);
/* For tests and the shell: total context switches on @cpu. */
u64 sched_nr_switches(int cpu);
/* Queued (not running) threads on @cpu, racy. */
int sched_nr_queued(int cpu);
/* Whether @cpu runs its idle thread with nothing queued, racy. */
bool sched_cpu_idle(int cpu);

/*
 * Interrupt-side entry points: sched_tick and sched_resched_ipi are
 * smp-core's hooks (kernel/sched_hooks.h); preempt_schedule_irq is called
 * by isr_dispatch on the way out. Context: hard IRQ, IRQs off.
 */
void preempt_schedule_irq(struct pt_regs *regs);

/*
 * migrate_disable - keep the current thread on this CPU (it may still be
 * preempted). Nests. Context: task; cheap (a per-thread counter).
 */
static inline void migrate_disable(void)
{
	struct thread *t = current;

	if (t)
		t->migrate_disable++;
	barrier();
}

void sched_migrate_enable_slow(struct thread *t);

static inline void migrate_enable(void)
{
	struct thread *t = current;

	barrier();
	if (t && --t->migrate_disable == 0 &&
	    unlikely(READ_ONCE(t->move_to) >= 0))
		sched_migrate_enable_slow(t);
}

#endif

/*
 * Kernel threads: their descriptor, creation on a given CPU, exit and join.
 * Mirrors Linux's kthread_create_on_cpu/kthread_stop loosely: here a new
 * thread is runnable at once, and join is how its stack is given back.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/completion.h"
#include "kernel/lockdep.h"
#include "kernel/percpu_ops.h"
#include "kernel/pcpu_pin_types.h"

enum thread_state {
	THREAD_RUNNING,	 /* running or on a run queue */
	THREAD_BLOCKED,	 /* on a wait list; a waker makes it RUNNING */
	THREAD_SLEEPING, /* on its rq's sleep list until wake_at */
	THREAD_DEAD,	 /* exited; join frees it once off the CPU */
};

#define THREAD_NAME_LEN 24

/*
 * Lock letters: (R) the run-queue lock of the thread's cpu; (T) written
 * only by the thread itself; (C) constant after creation; (X) atomic.
 * Lock order: kernel/sched_internal.h.
 */
struct thread {
	u64 rsp;     /* saved stack pointer while switched out: asm, first */
	int cpu;     /* whose run queue it belongs to (R) */
	int state;   /* enum thread_state (R, or T before blocking) */
	bool on_cpu; /* registers live on a CPU, not saved yet (R; X read) */
	bool pinned; /* never migrated: bound thread, idle, init (C) */
	bool moving; /* between two run queues (R) */
	int move_to; /* sched_move request, -1 for none (R) */
	int migrate_disable;	  /* migrate_disable nesting (T) */
	int slice;		  /* ticks left in its time slice (R) */
	struct list_head rq_node; /* run queue or sleep list (R) */
	u64 wake_at;		  /* ktime_ns deadline while SLEEPING (R) */
	void *stack; /* NULL for boot stacks that are not ours to free (C) */
	int (*fn)(void *arg);	  /* (C) */
	void *arg;		  /* (C) */
	int exit_code;		  /* (T), read by join after exited */
	struct completion exited; /* its own lock */
	u64 nr_switches;	  /* times switched in (R) */
	u64 nr_migrations;	  /* times moved to another CPU (R) */
	struct lockdep_task dep;  /* held locks (T) */
	int lockdep_mode;	  /* enum lockdep_mode (T) */
	struct pcpu_pins pins;	  /* pcpu_task_pin record, lockdep=1 (T) */
	struct fault_catch *fault_catch; /* armed by ktest_expect_fault (T) */
	int id;				 /* (C) */
	char name[THREAD_NAME_LEN];	 /* (C) */
};

static inline struct thread *get_current(void)
{
	return this_cpu_read_ptr(curr_thread);
}
#define current get_current()

/*
 * kthread_create_on_cpu - start @fn(@arg) as thread @name bound to @cpu:
 * no migration or balancing will ever move it. Runnable at once.
 * Context: task or boot; takes @cpu's rq lock. Return: the thread, or
 * NULL if @cpu is not running the scheduler or no stack is left.
 */
struct thread *kthread_create_on_cpu(int (*fn)(void *), void *arg, int cpu,
				     const char *name);
/* The same, but the thread may be migrated (sched_move, load balancer). */
struct thread *kthread_create(int (*fn)(void *), void *arg, int cpu,
			      const char *name);
/* End the current thread with @code (also what returning from fn does). */
void __noreturn kthread_exit(int code);
/*
 * kthread_join - wait for @t to exit, free it, return its exit code.
 * Context: task, may sleep. Each thread must be joined exactly once.
 */
int kthread_join(struct thread *t);

/* Internal to the scheduler: descriptors for boot and idle contexts. */
void thread_init_struct(struct thread *t, const char *name, int cpu,
			bool pinned);

#endif

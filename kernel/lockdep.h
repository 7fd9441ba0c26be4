/*
 * Lock debugging, switchable at boot: a stack of held locks per context
 * (each thread's task context; each CPU's hard-IRQ and NMI contexts),
 * checked on every acquire for recursion and for rank order (a lock may be
 * taken only while every ranked lock held in the same context has a rank
 * <= its own), and on release for ownership. An interrupt that takes a
 * lock held by the context it interrupted is a deadlock and is reported as
 * recursion. Per lock class (the lock's name) the IRQ-safety rule is kept:
 * a lock taken in hard IRQ must never be taken with IRQs on elsewhere
 * unless every hard-IRQ site only trylocks (and NMI context only ever
 * trylocks). A cut-down Linux lockdep: declared order instead of learned
 * dependencies. Off, each lock operation pays one load and a never-taken
 * branch; on, a walk of the (short) held stacks.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "lib/types.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"

struct lock_class;

/* A lock's identity for the checks. rank 0 = not ordered against others.
 * Locks with the same name share one class (IRQ-safety usage). */
struct lockdep_map {
	const char *name;
	int rank;
	struct lock_class *cls; /* found on first use (lockdep_class.c) */
};

#define LOCKDEP_MAP_INIT(n, r)                                                 \
	{                                                                      \
		.name = (n), .rank = (r)                                       \
	}

#define LOCKDEP_MAX_HELD 16

struct held_lock {
	const void *lock;
	const struct lockdep_map *map;
	unsigned long ip; /* where it was taken */
};

/* A record of BUGs that a test expected (see lockdep_expect_bug_begin). */
struct bug_expect {
	int count;
	char msg[192]; /* the first one */
};

/* One context's state: embedded in struct thread for its task context,
 * per CPU for hard IRQ and NMI. (T) only the context itself writes. */
struct lockdep_task {
	int nheld;
	struct held_lock held[LOCKDEP_MAX_HELD];
	struct bug_expect *expect; /* armed by a test: record, don't die */
};

/* lockdep=1 (default on with mode=test). Set once at boot, never again. */
extern bool lock_debug_enabled;
/* Boot: read lockdep= (and mode=, for the default). */
void lockdep_init(void);

/*
 * Whether the code running on this CPU checks its locks: the boot setting,
 * unless the running thread chose otherwise (lockdep_set_current). Kept
 * per CPU and changed only where no lock can be half-tracked: at the end
 * of a context switch, and by a thread that holds no lock. An interrupt
 * sees the setting of the thread it interrupted, for its whole length.
 */
#define lock_debug() percpu_lock_debug()

/*
 * lock_owner_token - who takes a lock here: the running thread in task
 * context, else this CPU's hard-IRQ or NMI context (the CPU's per-CPU
 * address tagged 1 or 2, never a thread's address; 3 before a thread
 * exists). Locks record it always, so "held by me" is exact even with
 * lock debugging off. Context: any.
 */
static inline const void *lock_owner_token(void)
{
	int pc = preempt_count();
	const void *t;

	if (likely(!(pc & (NMI_MASK | HARDIRQ_MASK)))) {
		t = this_cpu_read(cpu_area.curr_thread);
		if (likely(t))
			return t;
		return (const char *)this_cpu() + 3;
	}
	return (const char *)this_cpu() + (pc & NMI_MASK ? 2 : 1);
}

/* A name for a token in reports: the thread's, or "hard IRQ on cpuN". */
const char *lock_owner_name(const void *token, char *buf, size_t size);

enum lockdep_mode {
	LOCKDEP_DEFAULT, /* the boot setting */
	LOCKDEP_OFF,
	LOCKDEP_ON,
};

struct thread;
/*
 * lockdep_set_current - lock debugging on, off or as booted for the
 * calling thread only (lockbench measures both ways without touching the
 * other CPUs). Context: task, preemptible, holding no lock (preempt count
 * and migrate_disable zero); otherwise a BUG, and nothing changes.
 */
void lockdep_set_current(enum lockdep_mode mode);
/* Context: the scheduler, as @t starts running here. */
void lockdep_switch_to(const struct thread *t);

/*
 * lockdep_acquire - check and record that the current context takes @lock
 * at @ip (task: the running thread; hard IRQ, NMI: this CPU's).
 * @trylock: skip the order and recursion checks (a trylock cannot
 * deadlock). Return: false if taking it would deadlock on itself or on
 * the context it interrupted (reported: the caller must not spin).
 */
bool lockdep_acquire(const void *lock, struct lockdep_map *map, bool trylock,
		     unsigned long ip);
/* A trylock of @map's lock failed: counted when in hard IRQ or NMI. */
void lockdep_trylock_failed(struct lockdep_map *map);
/* Return: false if the current context did not hold @lock (reported). */
bool lockdep_release(const void *lock, const struct lockdep_map *map);
/* Return: whether the current context (see lockdep_acquire) holds @lock. */
bool lockdep_is_held(const void *lock);
/* Trylocks of @map's class from hard IRQ or NMI, failed ones included. */
u64 lockdep_irq_trylocks(struct lockdep_map *map);
/*
 * lockdep_irq_exit - report (and forget) locks a hard-IRQ or NMI handler
 * returned without releasing. Context: the end of an interrupt handler.
 */
void lockdep_irq_exit(int vector);
/* Move @lock's held entry from @from's stack to @to's (scheduler hand-over). */
void lockdep_transfer(const void *lock, struct lockdep_task *from,
		      struct lockdep_task *to);

/*
 * lock_bug - report a locking bug: a BUG unless the current context (the
 * thread, or the interrupt handler running) armed an expectation, in
 * which case it is only recorded and the caller carries on (callers then
 * leave the lock state untouched).
 */
#define lock_bug(fmt, ...)                                                     \
	lock_report(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__)
void lock_report(const char *file, int line, const char *func, const char *fmt,
		 ...) __printf(4, 5);

/* Tests only: from now on this context's lock BUGs are recorded in @e
 * (called in an interrupt handler, the handler's own until _end). */
void lockdep_expect_bug_begin(struct bug_expect *e);
/* Return: how many were recorded since _begin. */
int lockdep_expect_bug_end(void);

/* Report if the caller may not sleep here (preemption or IRQs off). */
#define might_sleep() __might_sleep(__FILE__, __LINE__, __func__)
void __might_sleep(const char *file, int line, const char *func);

#endif

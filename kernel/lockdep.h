/*
 * Lock debugging, switchable at boot: a stack of held locks per thread,
 * checked on every acquire for recursion and for rank order (a lock may be
 * taken only while every ranked lock held has a rank <= its own), and on
 * release for ownership. A cut-down Linux lockdep: declared order instead
 * of learned dependencies. Off, each lock operation pays one load and a
 * never-taken branch; on, a walk of the (short) held stack.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "lib/types.h"

/* A lock's identity for the checks. rank 0 = not ordered against others. */
struct lockdep_map {
	const char *name;
	int rank;
};

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

/* Per-thread state, embedded in struct thread. */
struct lockdep_task {
	int nheld;
	struct held_lock held[LOCKDEP_MAX_HELD];
	struct bug_expect *expect; /* armed by a test: record, don't die */
};

/* lockdep=1 (default on with mode=test). Set once at boot. */
extern bool lock_debug_enabled;
/* Boot: read lockdep= (and mode=, for the default). */
void lockdep_init(void);

#define lock_debug() unlikely(READ_ONCE(lock_debug_enabled))

/*
 * lockdep_acquire - check and record that the current thread takes @lock.
 * @trylock: skip the order and recursion checks (a trylock cannot
 * deadlock). Return: false if taking it would deadlock on itself
 * (recursion was reported and the caller must not spin).
 */
bool lockdep_acquire(const void *lock, const struct lockdep_map *map,
		     bool trylock, unsigned long ip);
/* Return: false if the current thread did not hold @lock (reported). */
bool lockdep_release(const void *lock, const struct lockdep_map *map);
bool lockdep_is_held(const void *lock);
/* Move @lock's held entry from @from's stack to @to's (scheduler hand-over). */
void lockdep_transfer(const void *lock, struct lockdep_task *from,
		      struct lockdep_task *to);

/*
 * lock_bug - report a locking bug: a BUG unless the current thread armed
 * an expectation, in which case it is only recorded and the caller
 * carries on (callers then leave the lock state untouched).
 */
#define lock_bug(fmt, ...)                                                     \
	lock_report(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__)
void lock_report(const char *file, int line, const char *func, const char *fmt,
		 ...) __printf(4, 5);

/* Tests only: from now on this thread's lock BUGs are recorded in @e. */
void lockdep_expect_bug_begin(struct bug_expect *e);
/* Return: how many were recorded since _begin. */
int lockdep_expect_bug_end(void);

/* Report if the caller may not sleep here (preemption or IRQs off). */
#define might_sleep() __might_sleep(__FILE__, __LINE__, __func__)
void __might_sleep(const char *file, int line, const char *func);

#endif

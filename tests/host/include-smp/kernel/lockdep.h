/*
 * Host stand-in for kernel/lockdep.h: lock debugging is always on, with
 * a held-lock stack per context (each simulated CPU's task, hard IRQ and
 * NMI), so the pcp's own assertions (pcp_assert_section, the pin records,
 * local lock ownership) run on every fuzzed operation. Any lock BUG
 * prints one line and aborts: the fuzzer's finding.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "lib/types.h"

struct lockdep_map {
	const char *name;
	int rank;
};

#define LOCKDEP_MAP_INIT(n, r)                                                 \
	{                                                                      \
		.name = (n), .rank = (r)                                       \
	}

#define lock_debug() percpu_lock_debug()

/* The running context: this CPU's task, hard IRQ or NMI. */
const void *lock_owner_token(void);

bool lockdep_acquire(const void *lock, struct lockdep_map *map, bool trylock,
		     unsigned long ip);
void lockdep_trylock_failed(struct lockdep_map *map);
bool lockdep_release(const void *lock, const struct lockdep_map *map);
bool lockdep_is_held(const void *lock);

#define lock_bug(fmt, ...)                                                     \
	lock_report(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__)
void lock_report(const char *file, int line, const char *func, const char *fmt,
		 ...) __printf(4, 5);

#endif

/*
 * The host kernel/spinlock.h (tests/host/include: a flag, taking a held
 * lock aborts) plus the ranked and RT forms and lockdep_assert_held that
 * the pcp code uses. An RT lock is the same flag; taking one where the
 * taker cannot be preempted is reported, as in the kernel.
 */
#ifndef HOST_SMP_SPINLOCK_H
#define HOST_SMP_SPINLOCK_H

#include_next "kernel/spinlock.h"
#include "kernel/lockdep.h"

#define SPINLOCK_INIT_RANK(n, r)   SPINLOCK_INIT(n)
#define DEFINE_SPINLOCK_RANK(x, r) DEFINE_SPINLOCK(x)

void rt_lock_invalid_context(const struct lockdep_map *map);

static inline void spin_lock_rt(spinlock_t *l)
{
	if (!preemptible()) {
		lock_bug("sleeping lock %s taken from invalid context",
			 l->name);
		return;
	}
	spin_lock(l);
}

static inline void spin_unlock_rt(spinlock_t *l)
{
	spin_unlock(l);
}

#define lockdep_assert_held(l)                                                 \
	do {                                                                   \
		if (!spin_held_by_me(l))                                       \
			lock_bug("%s not held by this context", (l)->name);    \
	} while (0)

#endif

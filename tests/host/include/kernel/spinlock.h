/*
 * Host stand-in for kernel/spinlock.h: host tests are single-threaded, so
 * a lock is a flag; taking a held lock is a self-deadlock and aborts with
 * a message instead of hanging.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "arch/x86/irqflags.h"
#include "lib/types.h"

typedef struct spinlock {
	int locked;
	int holder_cpu; /* -1 when free */
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		0, -1, n                                                       \
	}
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

void spin_lock_init(spinlock_t *l, const char *name);
/* Host tests are single-threaded: the rank (lock order) is not checked. */
static inline void spin_lock_init_class(spinlock_t *l, const char *name,
					int rank)
{
	(void)rank;
	spin_lock_init(l, name);
}
/* No hold timing on the host. */
static inline void spin_lock_time_holds(spinlock_t *l)
{
	(void)l;
}
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_locked(const spinlock_t *l);
bool spin_held_by_me(const spinlock_t *l);

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f = arch_local_irq_save();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	arch_local_irq_restore(f);
}

static inline bool spin_trylock_irqsave(spinlock_t *l, unsigned long *f)
{
	*f = arch_local_irq_save();
	if (spin_trylock(l))
		return true;
	arch_local_irq_restore(*f);
	return false;
}

#endif

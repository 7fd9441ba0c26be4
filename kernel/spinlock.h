/*
 * Spinlocks: a ticket lock, so waiters are served in arrival order and no
 * CPU starves under the allocator's zone lock when eight CPUs hammer it.
 * (A queued lock scales better past a few dozen CPUs; pagelab targets <= 64.)
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "lib/types.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/cpu.h"

typedef struct spinlock {
	u16 next;	/* ticket handed to the next arrival */
	u16 owner;	/* ticket now being served */
	int holder_cpu; /* -1 when free; for assertions and panic reports */
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		0, 0, -1, n                                                    \
	}
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

void spin_lock_init(spinlock_t *l, const char *name);
/* Context: any; does not touch IRQs or preemption (callers do). */
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_locked(const spinlock_t *l);
bool spin_held_by_me(const spinlock_t *l);

/* Context: any; IRQs off on return, restored by the _irqrestore pair. */
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

#endif

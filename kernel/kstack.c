/* The stack pool (see kstack.h): a free list threaded through the stacks. */
#include "kernel/kstack.h"
#include "kernel/spinlock.h"

static u8 kstack_pool[KSTACK_POOL][KSTACK_SIZE] __aligned(4096);
static void *kstack_free_list; /* first word of a free stack: the next */
static int kstack_next_unused;  /* pool slots never handed out yet */
static DEFINE_SPINLOCK(kstack_lock);

void *kstack_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	void *s = kstack_free_list;

	if (s)
		kstack_free_list = *(void **)s;
	else if (kstack_next_unused < KSTACK_POOL)
		s = kstack_pool[kstack_next_unused++];
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (s)
		*(u64 *)s = KSTACK_CANARY;
	return s;
}

void kstack_free(void *stack)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);

	*(void **)stack = kstack_free_list;
	kstack_free_list = stack;
	spin_unlock_irqrestore(&kstack_lock, flags);
}

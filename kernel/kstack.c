/*
 * The stack pool (see kstack.h): each slot of a .bss array is mapped once
 * into VMAP with an unmapped guard page below it (mm-boot's
 * vmap_stack_map) and recycled through a free list threaded through them.
 */
#include "kernel/lock_order.h"
#include "kernel/kstack.h"
#include "kernel/spinlock.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"

/* (K) kstack_lock, a leaf: the slot is mapped only after it is dropped */
static u8 kstack_pool[KSTACK_POOL][KSTACK_SIZE] __aligned(4096);
static void *kstack_free_list; /* first word of a free stack: the next (K) */
static int kstack_next_unused; /* pool slots never handed out yet (K) */
static DEFINE_SPINLOCK_RANK(kstack_lock, LOCK_RANK_KSTACK);

/* A fresh slot: its guarded VMAP alias (the direct pool address if VMAP
 * is out of page tables: still a stack, only without the guard). */
static void *kstack_map(u8 *slot)
{
	void *v = vmap_stack_map(virt_to_phys(slot), KSTACK_SIZE);

	return v ? v : slot;
}

void *kstack_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	void *s = kstack_free_list;
	u8 *fresh = NULL;

	if (s)
		kstack_free_list = *(void **)s;
	else if (kstack_next_unused < KSTACK_POOL)
		fresh = kstack_pool[kstack_next_unused++];
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (fresh)
		s = kstack_map(fresh);
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

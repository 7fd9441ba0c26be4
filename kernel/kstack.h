/*
 * Kernel thread stacks: a fixed pool, each stack mapped in VMAP above an
 * unmapped guard page, plus a canary word at the bottom that the
 * scheduler checks on every switch away (an overflow that skipped the
 * guard page still gets caught).
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include "lib/types.h"

#define KSTACK_SIZE   (16 * 1024)
#define KSTACK_POOL   192
#define KSTACK_CANARY 0x57ac4ca9a4e5a11ULL

/*
 * Return: the lowest address of a KSTACK_SIZE stack, or NULL.
 * Context: any but NMI; takes kstack_lock with IRQs saved, then maps a
 * fresh slot (vmap_lock, paging_lock) after dropping it.
 */
void *kstack_alloc(void);
/* Context: any but NMI; takes kstack_lock with IRQs saved. */
void kstack_free(void *stack);
/* Return: true if the canary at the bottom of @stack is intact. */
static inline bool kstack_intact(const void *stack)
{
	return !stack || *(const u64 *)stack == KSTACK_CANARY;
}

#endif

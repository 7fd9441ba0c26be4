/*
 * Kernel thread stacks. Until mm-boot's vmap lands they come from a fixed
 * pool in .bss with a canary word at the bottom instead of an unmapped
 * guard page; the scheduler checks the canary on every switch away.
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include "lib/types.h"

#define KSTACK_SIZE (16 * 1024)
#define KSTACK_POOL 192
#define KSTACK_CANARY 0x57ac4ca9a4e5a11ULL

/* Return: the lowest address of a KSTACK_SIZE stack, or NULL. Context: any. */
void *kstack_alloc(void);
void kstack_free(void *stack);
/* Return: true if the canary at the bottom of @stack is intact. */
static inline bool kstack_intact(const void *stack)
{
	return !stack || *(const u64 *)stack == KSTACK_CANARY;
}

#endif

/*
 * Shared by lockdep.c (held stacks) and lockdep_class.c (per-class usage
 * and the IRQ-safety rule); nothing else includes this.
 */
#ifndef KERNEL_LOCKDEP_INTERNAL_H
#define KERNEL_LOCKDEP_INTERNAL_H

#include "kernel/lockdep.h"

/* Which held-lock stack the running code uses. */
enum lockdep_ctx {
	LOCKDEP_CTX_TASK,
	LOCKDEP_CTX_HARDIRQ,
	LOCKDEP_CTX_NMI,
};

/* Return: the context of the running code, from the preempt count. */
enum lockdep_ctx lockdep_ctx_now(void);

/*
 * lockdep_class_use - record that @map's class is taken at @ip in @ctx
 * (@trylock or not, IRQs as they are now) and report the first break of
 * the IRQ-safety rule for the class, once, naming both sites.
 * Context: any, lock-free.
 */
void lockdep_class_use(struct lockdep_map *map, enum lockdep_ctx ctx,
		       bool trylock, unsigned long ip);

#endif

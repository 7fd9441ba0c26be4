/*
 * The stack protector (-fstack-protector-strong): the compiler puts
 * __stack_chk_guard below the return address of every function with a
 * local array or an address-taken local and checks it on return. The
 * guard is one global word, drawn once per boot; see stack_protector.c
 * for why it is global rather than per-CPU.
 */
#ifndef KERNEL_STACK_PROTECTOR_H
#define KERNEL_STACK_PROTECTOR_H

#include "lib/types.h"

/* Function attribute: no canary in this function (it runs while the
 * guard changes, or before it is set). */
#define __no_stack_protector __attribute__((no_stack_protector))

enum canary_source { CANARY_NONE, CANARY_RDRAND, CANARY_TSC };

/*
 * stack_protector_init - draw this boot's canary. The very first call of
 * kmain: every function that returns after it must have entered after it.
 * Context: boot CPU, before per-CPU data, IRQs off.
 */
void __no_stack_protector stack_protector_init(void);

/* Return: "RDRAND", "TSC" or "off" (built with STACKPROTECTOR=0). */
const char *stack_protector_source(void);

/*
 * stack_canary_draw - a fresh canary from @src (CANARY_RDRAND falls back to
 * the TSC when RDRAND is missing or keeps failing). Its low byte is zero, so
 * a string overrun stops at the canary instead of copying past it.
 * Return: the canary; *@used gets the source it really came from.
 */
u64 stack_canary_draw(enum canary_source src, enum canary_source *used);

#endif

/*
 * The pin kinds and the per-context pin record of kernel/pcpu_pin.h, on
 * their own so struct thread can embed the record.
 */
#ifndef KERNEL_PCPU_PIN_TYPES_H
#define KERNEL_PCPU_PIN_TYPES_H

#include "lib/types.h"

enum pcpu_pin {
	PCPU_PIN_PREEMPT, /* preempt_disable: non-RT modes */
	PCPU_PIN_MIGRATE, /* migrate_disable: RT semantics */
};

#define PCPU_PIN_MAX 32

/* One context's pins, innermost last: bit i is the kind of pin i. */
struct pcpu_pins {
	u32 kinds;
	int depth;
};

#endif

/*
 * Single-instruction access to this CPU's struct percpu fields through %gs,
 * like Linux's this_cpu_read/this_cpu_add: an increment is one `incl
 * %gs:off`, so an interrupt sees either the old or the new value and no
 * preemption guard is needed around it.
 */
#ifndef KERNEL_PERCPU_OPS_H
#define KERNEL_PERCPU_OPS_H

#include "kernel/percpu.h"

#define PCPU_OFF(field) __builtin_offsetof(struct percpu, field)

#define this_cpu_read_int(field)                                               \
	({                                                                     \
		int __v;                                                       \
		__asm__ volatile("movl %%gs:%c1, %0"                           \
				 : "=r"(__v)                                   \
				 : "i"(PCPU_OFF(field)));                      \
		__v;                                                           \
	})

#define this_cpu_add_int(field, val)                                           \
	__asm__ volatile("addl %1, %%gs:%c0" ::"i"(PCPU_OFF(field)),           \
			 "ir"((int)(val))                                      \
			 : "memory", "cc")

#define this_cpu_read_bool(field)                                              \
	({                                                                     \
		bool __v;                                                      \
		__asm__ volatile("movb %%gs:%c1, %0"                           \
				 : "=q"(__v)                                   \
				 : "i"(PCPU_OFF(field)));                      \
		__v;                                                           \
	})

#define this_cpu_write_bool(field, val)                                        \
	__asm__ volatile("movb %1, %%gs:%c0" ::"i"(PCPU_OFF(field)),           \
			 "qi"((bool)(val))                                     \
			 : "memory")

#define this_cpu_read_ptr(field)                                               \
	({                                                                     \
		struct percpu *__pp;                                           \
		__typeof__(__pp->field) __v;                                   \
		__asm__ volatile("movq %%gs:%c1, %0"                           \
				 : "=r"(__v)                                   \
				 : "i"(PCPU_OFF(field)));                      \
		__v;                                                           \
	})

#endif

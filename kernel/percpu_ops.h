/*
 * Single-instruction operations on this CPU's copy of a per-CPU variable
 * (kernel/percpu.h), like Linux's this_cpu_read/this_cpu_add: an increment
 * is one `incq %gs:var`, so an interrupt sees the old or the new value and
 * preemption cannot split it; no pinning is needed around one operation.
 * @var is any lvalue inside a per-CPU variable: `vm_events.event[i]`.
 * Scalars of 1, 2, 4 or 8 bytes; another size is a link error.
 */
#ifndef KERNEL_PERCPU_OPS_H
#define KERNEL_PERCPU_OPS_H

#include "kernel/percpu.h"

/* Never defined: using an op on a 3-byte or struct-sized field fails to
 * link, naming this function. */
void percpu_op_bad_size(void);

/* The same bytes as an integer of each size, so pointers, bools and enums
 * go through the asm without casts between sizes. */
#define __pcpu_union(var)                                                      \
	union {                                                                \
		__typeof__(var) v;                                             \
		u8 b;                                                          \
		u16 w;                                                         \
		u32 l;                                                         \
		u64 q;                                                         \
	}

/* `op var, val` in one instruction; @op is add, sub, and, or. */
#define __pcpu_to_op(op, var, val)                                             \
	do {                                                                   \
		__pcpu_union(var) __u = {.q = 0};                              \
		__u.v = (val);                                                 \
		switch (sizeof(var)) {                                         \
		case 1:                                                        \
			__asm__ volatile(op "b %1, %%gs:%0"                    \
					 : "+m"(var)                           \
					 : "qi"(__u.b)                         \
					 : "cc");                              \
			break;                                                 \
		case 2:                                                        \
			__asm__ volatile(op "w %1, %%gs:%0"                    \
					 : "+m"(var)                           \
					 : "ri"(__u.w)                         \
					 : "cc");                              \
			break;                                                 \
		case 4:                                                        \
			__asm__ volatile(op "l %1, %%gs:%0"                    \
					 : "+m"(var)                           \
					 : "ri"(__u.l)                         \
					 : "cc");                              \
			break;                                                 \
		case 8:                                                        \
			__asm__ volatile(op "q %1, %%gs:%0"                    \
					 : "+m"(var)                           \
					 : "re"(__u.q)                         \
					 : "cc");                              \
			break;                                                 \
		default:                                                       \
			percpu_op_bad_size();                                  \
		}                                                              \
	} while (0)

/* `op var` in one instruction; @op is inc or dec. */
#define __pcpu_unary_op(op, var)                                               \
	do {                                                                   \
		switch (sizeof(var)) {                                         \
		case 1:                                                        \
			__asm__ volatile(op "b %%gs:%0" : "+m"(var)::"cc");    \
			break;                                                 \
		case 2:                                                        \
			__asm__ volatile(op "w %%gs:%0" : "+m"(var)::"cc");    \
			break;                                                 \
		case 4:                                                        \
			__asm__ volatile(op "l %%gs:%0" : "+m"(var)::"cc");    \
			break;                                                 \
		case 8:                                                        \
			__asm__ volatile(op "q %%gs:%0" : "+m"(var)::"cc");    \
			break;                                                 \
		default:                                                       \
			percpu_op_bad_size();                                  \
		}                                                              \
	} while (0)

#define this_cpu_read(var)                                                     \
	({                                                                     \
		__pcpu_union(var) __u = {.q = 0};                              \
		switch (sizeof(var)) {                                         \
		case 1:                                                        \
			__asm__ volatile("movb %%gs:%1, %0"                    \
					 : "=q"(__u.b)                         \
					 : "m"(var));                          \
			break;                                                 \
		case 2:                                                        \
			__asm__ volatile("movw %%gs:%1, %0"                    \
					 : "=r"(__u.w)                         \
					 : "m"(var));                          \
			break;                                                 \
		case 4:                                                        \
			__asm__ volatile("movl %%gs:%1, %0"                    \
					 : "=r"(__u.l)                         \
					 : "m"(var));                          \
			break;                                                 \
		case 8:                                                        \
			__asm__ volatile("movq %%gs:%1, %0"                    \
					 : "=r"(__u.q)                         \
					 : "m"(var));                          \
			break;                                                 \
		default:                                                       \
			percpu_op_bad_size();                                  \
		}                                                              \
		__u.v;                                                         \
	})

#define this_cpu_write(var, val)                                               \
	do {                                                                   \
		__pcpu_union(var) __u = {.q = 0};                              \
		__u.v = (val);                                                 \
		switch (sizeof(var)) {                                         \
		case 1:                                                        \
			__asm__ volatile("movb %1, %%gs:%0"                    \
					 : "=m"(var)                           \
					 : "qi"(__u.b));                       \
			break;                                                 \
		case 2:                                                        \
			__asm__ volatile("movw %1, %%gs:%0"                    \
					 : "=m"(var)                           \
					 : "ri"(__u.w));                       \
			break;                                                 \
		case 4:                                                        \
			__asm__ volatile("movl %1, %%gs:%0"                    \
					 : "=m"(var)                           \
					 : "ri"(__u.l));                       \
			break;                                                 \
		case 8:                                                        \
			__asm__ volatile("movq %1, %%gs:%0"                    \
					 : "=m"(var)                           \
					 : "re"(__u.q));                       \
			break;                                                 \
		default:                                                       \
			percpu_op_bad_size();                                  \
		}                                                              \
	} while (0)

#define this_cpu_add(var, val) __pcpu_to_op("add", var, val)
#define this_cpu_sub(var, val) __pcpu_to_op("sub", var, val)
#define this_cpu_and(var, val) __pcpu_to_op("and", var, val)
#define this_cpu_or(var, val)  __pcpu_to_op("or", var, val)
#define this_cpu_inc(var)      __pcpu_unary_op("inc", var)
#define this_cpu_dec(var)      __pcpu_unary_op("dec", var)

/*
 * this_cpu_cmpxchg - if this CPU's @var equals @oval, make it @nval.
 * One `cmpxchg` without a lock prefix: atomic against interrupts and
 * preemption on this CPU, not against another CPU writing this copy.
 * 64-bit variables only. Return: the value @var had.
 */
#define this_cpu_cmpxchg(var, oval, nval)                                      \
	({                                                                     \
		__pcpu_union(var) __o = {.q = 0}, __n = {.q = 0};              \
		_Static_assert(sizeof(var) == 8, "this_cpu_cmpxchg: 64-bit");  \
		__o.v = (oval);                                                \
		__n.v = (nval);                                                \
		__asm__ volatile("cmpxchgq %2, %%gs:%1"                        \
				 : "+a"(__o.q), "+m"(var)                      \
				 : "r"(__n.q)                                  \
				 : "memory", "cc");                            \
		__o.v;                                                         \
	})

/*
 * this_cpu_add_return - add @val to this CPU's @var (4 or 8 bytes) in one
 * `xadd`. Return: the new value.
 */
#define this_cpu_add_return(var, val)                                          \
	({                                                                     \
		__pcpu_union(var) __u = {.q = 0};                              \
		__typeof__(var) __inc = (val);                                 \
		__u.v = __inc;                                                 \
		switch (sizeof(var)) {                                         \
		case 4:                                                        \
			__asm__ volatile("xaddl %0, %%gs:%1"                   \
					 : "+r"(__u.l), "+m"(var)::"cc");      \
			break;                                                 \
		case 8:                                                        \
			__asm__ volatile("xaddq %0, %%gs:%1"                   \
					 : "+r"(__u.q), "+m"(var)::"cc");      \
			break;                                                 \
		default:                                                       \
			percpu_op_bad_size();                                  \
		}                                                              \
		(__typeof__(var))(__u.v + __inc);                              \
	})

/*
 * The kernel's own fields of struct percpu (preempt count, current
 * thread...), with a compiler barrier around each write: the preempt
 * count orders the code around it.
 */
#define this_cpu_read_int(field)  this_cpu_read(cpu_area.field)
#define this_cpu_read_bool(field) this_cpu_read(cpu_area.field)
#define this_cpu_read_ptr(field)  this_cpu_read(cpu_area.field)
#define this_cpu_add_int(field, val)                                           \
	do {                                                                   \
		barrier();                                                     \
		this_cpu_add(cpu_area.field, (int)(val));                      \
		barrier();                                                     \
	} while (0)
#define this_cpu_write_bool(field, val)                                        \
	do {                                                                   \
		barrier();                                                     \
		this_cpu_write(cpu_area.field, (bool)(val));                   \
		barrier();                                                     \
	} while (0)

#endif

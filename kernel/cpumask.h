/*
 * CPU masks: a bitmap of NR_CPUS bits with Linux's names, and the online
 * mask that SMP bring-up fills. Setting and clearing are atomic because
 * CPUs change their own bits while others read the mask.
 */
#ifndef KERNEL_CPUMASK_H
#define KERNEL_CPUMASK_H

#include "lib/bitops.h"
#include "kernel/config.h"

struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
};

extern struct cpumask cpu_online_mask;

static inline void cpumask_clear(struct cpumask *m)
{
	bitmap_zero(m->bits, NR_CPUS);
}

static inline void cpumask_set_cpu(int cpu, struct cpumask *m)
{
	__atomic_fetch_or(&m->bits[cpu / BITS_PER_LONG],
			  1UL << (cpu % BITS_PER_LONG), __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(int cpu, struct cpumask *m)
{
	__atomic_fetch_and(&m->bits[cpu / BITS_PER_LONG],
			   ~(1UL << (cpu % BITS_PER_LONG)), __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *m)
{
	return (__atomic_load_n(&m->bits[cpu / BITS_PER_LONG],
				__ATOMIC_ACQUIRE) >>
		(cpu % BITS_PER_LONG)) &
	       1;
}

/* Counted by hand: __builtin_popcount needs libgcc without -mpopcnt. */
static inline int cpumask_weight(const struct cpumask *m)
{
	int n = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(m->bits); i++)
		for (unsigned long w = READ_ONCE(m->bits[i]); w; w &= w - 1)
			n++;
	return n;
}

/* @cpu is an int, as everywhere else CPU numbers are */
#define for_each_cpu(cpu, mask)                                                \
	for ((cpu) = (int)find_first_bit((mask)->bits, NR_CPUS);               \
	     (cpu) < NR_CPUS;                                                  \
	     (cpu) = (int)find_next_bit((mask)->bits, NR_CPUS,                 \
					(unsigned long)(cpu) + 1))
#define for_each_online_cpu(cpu) for_each_cpu(cpu, &cpu_online_mask)

static inline bool cpu_online(int cpu)
{
	return cpu >= 0 && cpu < NR_CPUS &&
	       cpumask_test_cpu(cpu, &cpu_online_mask);
}

static inline int num_online_cpus(void)
{
	return cpumask_weight(&cpu_online_mask);
}

#endif

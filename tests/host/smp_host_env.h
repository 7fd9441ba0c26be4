/*
 * The simulated CPUs of tests/host/include-smp, for the tests that drive
 * them: set them up, raise an interrupt, and ask whether every CPU is
 * back at a quiescent point (no lock, pin, preempt or migrate count
 * left, IRQs on, nothing pending).
 */
#ifndef TESTS_HOST_SMP_HOST_ENV_H
#define TESTS_HOST_SMP_HOST_ENV_H

#include <stddef.h>

#include "lib/types.h"

/* CPUs 0..@nr_cpus-1 online, each with a per-CPU area; all counts zero,
 * CPU 0 running, IRQs on, nothing armed. */
void host_smp_init(int nr_cpus);
/* A hard IRQ on the running CPU: @handler runs now if IRQs are on, else
 * when they next come on. One may be pending at a time (the latest). */
void host_raise_irq(void (*handler)(void));
/* Return: true when quiescent; else false with the reason in @why. */
bool host_smp_quiescent(char *why, size_t size);

#endif

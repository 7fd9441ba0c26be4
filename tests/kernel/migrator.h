/*
 * A test helper shared by the torture suites: a thread on the housekeeping
 * CPU that moves a set of threads to random CPUs until stopped, and can
 * also poke random CPUs with call-function IPIs, so the code under test is
 * preempted, migrated and interrupted at arbitrary instructions.
 */
#ifndef TESTS_KERNEL_MIGRATOR_H
#define TESTS_KERNEL_MIGRATOR_H

#include "kernel/sched.h"
#include "kernel/smp.h"

#define MIGRATOR_MAX_THREADS 64
#define MIGRATOR_GAP_NS	     (20 * 1000) /* between two rounds */

struct migrator {
	struct thread *threads[MIGRATOR_MAX_THREADS]; /* set before start */
	int nr_threads;
	smp_call_func_t ipi_fn; /* if set, sent to a random CPU each round */
	void *ipi_arg;
	/* results, valid after migrator_stop */
	u64 moves, refused, ipis;
	/* internal */
	bool stop;
	struct thread *self;
};

/* The CPUs the migrator may use: active, not isolated. */
int migrator_nr_cpus(void);
/* Return: the @n-th such CPU (0-based, wrapping). */
int migrator_cpu(int n);
/* Return: where to start worker @n: as migrator_cpu, but leaving the
 * housekeeping CPU to the migrator when there are 3 or more. */
int migrator_worker_cpu_nr(int n);
/* How many CPUs migrator_worker_cpu_nr cycles through. */
int migrator_nr_worker_cpus(void);
/* Start moving @m->threads. Return: false if the thread could not start. */
bool migrator_start(struct migrator *m);
/* Stop and join it; the counts are then final. */
void migrator_stop(struct migrator *m);

#endif

/*
 * Helpers for the drain suites: run a body for every pcp locking mode and
 * drain mechanism (remote stands for ipi in irq and local), and workers
 * bound to CPUs that put pages on one list of their own CPU and then keep
 * allocating from another, so a test can tell a drained list from one a
 * worker refilled.
 */
#ifndef TESTS_KERNEL_DRAIN_TEST_UTIL_H
#define TESTS_KERNEL_DRAIN_TEST_UTIL_H

#include "kernel/sched.h"
#include "kernel/sched_internal.h"
#include "mm/drain.h"
#include "tests/kernel/pcp_test_util.h"

/* The list the workers fill and leave alone: order 0, movable. */
#define DT_FILL_PINDEX order_to_pindex(MIGRATE_MOVABLE, 0)
#define DT_FILL	       8 /* pages each worker puts there */

struct dt_workers {
	struct thread *th[NR_CPUS];
	int cpu[NR_CPUS];
	int nr;
	int filled; /* workers whose fill list is stocked (atomic) */
	bool stop;  /* (atomic) */
	u64 ops;    /* churn allocations (atomic) */
	u64 failed; /* churn allocations that found no memory (atomic) */
};

/* Blocks on @cpu's fill list, every zone. Context: racy, any. */
static inline unsigned long dt_fill_len(int cpu)
{
	unsigned long n = 0;
	struct zone *z;

	for_each_populated_zone(z)
		n += !list_empty(&pcp_of(z, cpu)->lists[DT_FILL_PINDEX]);
	return n;
}

/*
 * A worker: stock this CPU's fill list, say so, then allocate and free
 * order-1 unmovable blocks (another list) until told to stop. It holds
 * one block at most, so its lists never reach high: nothing spills.
 */
static inline int dt_worker_fn(void *arg)
{
	struct dt_workers *w = arg;
	struct page *p[DT_FILL];

	for (int i = 0; i < DT_FILL; i++)
		p[i] = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0);
	for (int i = 0; i < DT_FILL; i++)
		if (p[i])
			__free_pages(p[i], 0);
	__atomic_add_fetch(&w->filled, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		struct page *q = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 1);

		if (q)
			__free_pages(q, 1);
		else
			__atomic_add_fetch(&w->failed, 1, __ATOMIC_RELAXED);
		if ((__atomic_add_fetch(&w->ops, 1, __ATOMIC_RELAXED) & 7) == 0)
			sched_yield();
	}
	return 0;
}

/* One worker on every active CPU; return once all are stocked. */
static inline bool dt_workers_start(struct dt_workers *w)
{
	*w = (struct dt_workers){0};
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!sched_cpu_active(cpu))
			continue;
		w->th[w->nr] = kthread_create_on_cpu(dt_worker_fn, w, cpu,
						     "dt-worker");
		if (!w->th[w->nr])
			return false;
		w->cpu[w->nr++] = cpu;
	}
	/* an event, not a delay: each says when its list is stocked */
	while (__atomic_load_n(&w->filled, __ATOMIC_ACQUIRE) < w->nr)
		sched_yield();
	return true;
}

static inline void dt_workers_stop(struct dt_workers *w)
{
	__atomic_store_n(&w->stop, true, __ATOMIC_RELEASE);
	for (int i = 0; i < w->nr; i++)
		kthread_join(w->th[i]);
}

/* Wait until @cpu's tick has stopped (it runs one thread, tickless). */
static inline void dt_wait_tickless(int cpu)
{
	while (!READ_ONCE(runqueues[cpu].tick_stopped))
		sched_yield();
}

/* The isolated CPU if there is one (not ours), else -1. */
static inline int dt_isolated_cpu(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_is_isolated(cpu) && sched_cpu_active(cpu) &&
		    cpu != raw_smp_processor_id())
			return cpu;
	return -1;
}

#endif

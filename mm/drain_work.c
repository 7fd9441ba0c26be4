/*
 * The work mechanism: one kernel thread per CPU (Linux's mm_percpu_wq
 * workers), started the first time a drain needs it on that CPU, which
 * sleeps until handed a work item, drains its own CPU's lists in task
 * context and says it is done. The drainer queues every item first and
 * then waits for each (Linux's queue_work_on loop, then flush_work).
 * Kernel only.
 */
#include "kernel/completion.h"
#include "kernel/cpumask.h"
#include "kernel/sched.h"
#include "lib/printk.h"
#include "mm/drain.h"

/* One CPU's work item. (D) written by the drainer, drain mutex held,
 * before start is completed; read by the worker after it wakes. */
struct drain_work {
	struct completion start; /* an item is queued */
	struct completion done;	 /* the worker finished it */
	struct zone *z;		 /* (D) */
	unsigned long pages;	 /* written by the worker before done */
	struct thread *worker;	 /* (D) */
};

static struct drain_work drain_works[NR_CPUS];

/*
 * The worker: bound to its CPU, so "this CPU's lists" stays one set. In
 * task context a busy pcp->lock is only ever a remote holder's or an rt
 * holder's here: yield to it and look again.
 */
static int drain_worker_fn(void *arg)
{
	struct drain_work *w = arg;

	for (;;) {
		unsigned long n = 0;
		u64 t0;
		int busy;

		wait_for_completion(&w->start);
		t0 = rdtsc();
		do {
			busy = 0;
			n += pcp_drain_this_cpu(READ_ONCE(w->z), &busy);
			if (busy)
				sched_yield();
		} while (busy);
		drainstat_cpu(true, rdtsc() - t0, n);
		w->pages = n;
		complete(&w->done);
	}
	return 0;
}

/* Context: task, drain mutex held. Return: false if no thread started. */
static bool drain_worker_ready(int cpu)
{
	struct drain_work *w = &drain_works[cpu];

	if (w->worker)
		return true;
	completion_init(&w->start, "drain_work.start");
	completion_init(&w->done, "drain_work.done");
	w->worker = kthread_create_on_cpu(drain_worker_fn, w, cpu, "mm_drain");
	if (!w->worker)
		pr_warn("drain: no worker thread on cpu%d: its lists are left "
			"as they are\n",
			cpu);
	return w->worker != NULL;
}

unsigned long drain_work_all(struct zone *z, const struct cpumask *mask)
{
	struct cpumask queued;
	unsigned long n = 0;
	int cpu;

	cpumask_clear(&queued);
	for_each_cpu(cpu, mask) {
		if (!drain_worker_ready(cpu))
			continue;
		drain_works[cpu].z = z;
		complete(&drain_works[cpu].start);
		cpumask_set_cpu(cpu, &queued);
	}
	for_each_cpu(cpu, &queued) {
		wait_for_completion(&drain_works[cpu].done);
		n += drain_works[cpu].pages;
	}
	return n;
}

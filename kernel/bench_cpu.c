/*
 * Where benchmarks run (bench.h): a single-CPU loop in a thread bound to
 * the bench CPU while every other CPU idles in hlt, and SMP loops with one
 * thread per CPU released together, timed as aggregate throughput. Under
 * TCG each vCPU is a host thread: a busy neighbour takes host time from the
 * measured one, an idle one in hlt takes none.
 */
#include "kernel/bench.h"
#include "arch/x86/tsc.h"
#include "kernel/completion.h"
#include "kernel/console.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"

#define PARK_WAIT_NS  (200ull * 1000 * 1000)
#define PARK_POLL_NS  (1000ull * 1000)
#define BENCH_MAX_SMP 64

/*
 * Wait until every CPU but this one runs its idle thread and this one has
 * nothing else queued. In mode=bench nothing else runs anyway; from the
 * shell a thread left over from an earlier command might.
 * Context: the bench thread, preemptible. Return: CPUs still busy.
 */
static int bench_park_others(void)
{
	int me = smp_processor_id(), busy = 0; /* a bound thread */
	u64 until = ktime_ns() + PARK_WAIT_NS;

	for (;;) {
		busy = sched_nr_queued(me) > 0;
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			if (cpu != me && sched_cpu_active(cpu) &&
			    !sched_cpu_idle(cpu))
				busy++;
		if (!busy || ktime_ns() > until)
			break;
		sched_sleep_ns(PARK_POLL_NS);
	}
	if (busy)
		kprintf("bench: %d CPU(s) still running threads after %llu "
			"ms; figures may be disturbed\n",
			busy, (unsigned long long)(PARK_WAIT_NS / 1000000));
	return busy;
}

struct bench_job {
	int (*fn)(void *arg);
	void *arg;
	struct completion go; /* the caller has passed its console on */
};

static int bench_job_fn(void *p)
{
	struct bench_job *j = p;

	wait_for_completion(&j->go);
	bench_park_others();
	return j->fn(j->arg);
}

int bench_on_cpu(const struct bench_opts *o, int (*fn)(void *arg), void *arg)
{
	struct bench_job job = {.fn = fn, .arg = arg};
	struct thread *t;
	int ret;

	completion_init(&job.go, "bench_job");
	t = kthread_create_on_cpu(bench_job_fn, &job, o->cpu, "bench");
	if (!t) {
		kprintf("bench: cannot start a thread on cpu%d\n", o->cpu);
		return -1;
	}
	console_pass_capture(t); /* `bench x | grep y` sees its output */
	complete(&job.go);
	ret = kthread_join(t);
	console_pass_capture(current);
	return ret;
}

/* ---- SMP ---------------------------------------------------------------- */

struct bench_smp {
	u64 (*fn)(void *arg, int idx);
	void *arg;
	int n;
	int ready;  /* workers waiting at the start line (atomic) */
	bool go;    /* set once by worker 0 when all are ready */
	bool abort; /* a worker could not be started: nobody measures */
	struct bench_smp_worker {
		struct bench_smp *smp;
		struct thread *t;
		int idx;
		u64 t0, t1, units;
	} w[BENCH_MAX_SMP];
};

/* Worker 0, on the bench CPU, starts the race once all are waiting: the
 * caller is blocked in join by then, so no CPU is left out. */
static int bench_smp_worker_fn(void *p)
{
	struct bench_smp_worker *w = p;
	struct bench_smp *s = w->smp;

	__atomic_add_fetch(&s->ready, 1, __ATOMIC_ACQ_REL);
	if (w->idx == 0) {
		while (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE) < s->n)
			sched_yield();
		__atomic_store_n(&s->go, true, __ATOMIC_RELEASE);
	} else {
		while (!__atomic_load_n(&s->go, __ATOMIC_ACQUIRE))
			sched_yield();
	}
	if (READ_ONCE(s->abort))
		return -1;
	w->t0 = bench_tsc_begin();
	w->units = s->fn(s->arg, w->idx);
	w->t1 = bench_tsc_end();
	return 0;
}

/* The bench CPU, then the lowest other CPUs that are up and not isolated. */
static int bench_smp_cpus(const struct bench_opts *o, int *cpus, int n)
{
	int k = 0;

	if (sched_cpu_active(o->cpu))
		cpus[k++] = o->cpu;
	for (int cpu = 0; cpu < NR_CPUS && k < n; cpu++)
		if (cpu != o->cpu && sched_cpu_active(cpu) &&
		    !cpu_is_isolated(cpu))
			cpus[k++] = cpu;
	return k;
}

static void bench_smp_collect(const struct bench_smp *s,
			      struct bench_smp_result *res)
{
	u64 first = ~0ull, last = 0;

	*res = (struct bench_smp_result){0};
	for (int i = 0; i < s->n; i++) {
		const struct bench_smp_worker *w = &s->w[i];

		res->units += w->units;
		first = MIN(first, w->t0);
		last = MAX(last, w->t1);
		res->max_cpu_ticks = MAX(res->max_cpu_ticks, w->t1 - w->t0);
	}
	res->ticks = last - first;
}

int bench_on_cpus(const struct bench_opts *o, int ncpus,
		  u64 (*fn)(void *arg, int idx), void *arg,
		  struct bench_smp_result *res)
{
	static struct bench_smp s; /* big; one SMP run at a time */
	int cpus[BENCH_MAX_SMP];

	if (ncpus < 1 || ncpus > BENCH_MAX_SMP ||
	    bench_smp_cpus(o, cpus, ncpus) < ncpus)
		return -1;
	s = (struct bench_smp){.fn = fn, .arg = arg, .n = ncpus};
	for (int i = 0; i < ncpus; i++) {
		s.w[i] = (struct bench_smp_worker){.smp = &s, .idx = i};
		s.w[i].t = kthread_create_on_cpu(bench_smp_worker_fn, &s.w[i],
						 cpus[i], "bench-smp");
		if (!s.w[i].t) { /* worker 0 waits for n: let it through */
			WRITE_ONCE(s.abort, true);
			__atomic_add_fetch(&s.ready, ncpus - i,
					   __ATOMIC_ACQ_REL);
			for (int j = 0; j < i; j++)
				kthread_join(s.w[j].t);
			return -1;
		}
	}
	for (int i = 0; i < ncpus; i++)
		kthread_join(s.w[i].t);
	bench_smp_collect(&s, res);
	return 0;
}

/*
 * Bringing the scheduler up on each CPU, and the idle thread every CPU
 * falls back to: `hlt` until an interrupt brings work (Linux's
 * do_idle/default_idle). Before smp-core's timer exists there is no tick,
 * so an idle CPU with sleepers polls their deadlines instead of halting.
 */
#include "kernel/sched_internal.h"
#include "kernel/sched_deps.h"
#include "kernel/irqsoff.h"
#include "kernel/panic.h"
#include "kernel/thread.h"

static struct thread init_thread;
static struct thread ap_idle_threads[NR_CPUS];
static bool sched_started;

/* Context: idle thread, IRQs on; takes rq->lock with IRQs saved. */
static void sched_poll_sleepers(struct rq *rq)
{
	unsigned long flags = spin_lock_irqsave(&rq->lock);

	sched_wake_sleepers_locked(rq, ktime_ns());
	spin_unlock_irqrestore(&rq->lock, flags);
}

/* `sti; hlt` back to back: an IRQ between the two would be a lost wake. */
static void sched_safe_halt(void)
{
	irqsoff_idle();
	__asm__ volatile("sti; hlt" ::: "memory");
}

static void __noreturn sched_idle_loop(void)
{
	struct rq *rq = this_rq();

	for (;;) {
		local_irq_disable();
		if (need_resched() || READ_ONCE(rq->nr_queued)) {
			local_irq_enable();
			schedule();
			continue;
		}
		/* tickless only while one thread runs: idle ticks again */
		if (rq->tick_stopped)
			sched_tick_restart(rq);
		if (!list_empty(&rq->sleepers)) {
			if (!rq->has_tick) {
				local_irq_enable();
				sched_poll_sleepers(rq);
				cpu_relax();
				continue;
			}
		}
		sched_safe_halt();
	}
}

static int sched_idle_fn(void *arg)
{
	(void)arg;
	sched_idle_loop();
}

/* Context: boot CPU, before any rq is active. */
static void rq_init(struct rq *rq, int cpu)
{
	spin_lock_init_class(&rq->lock, "rq->lock", LOCK_RANK_RQ);
	lockstat_register(&rq->lock);
	INIT_LIST_HEAD(&rq->queue);
	INIT_LIST_HEAD(&rq->sleepers);
	rq->cpu = cpu;
}

/* Make the context running now thread @t, current on this CPU. */
static void sched_adopt_context(struct rq *rq, struct thread *t)
{
	t->on_cpu = true;
	rq->curr = t;
	this_cpu()->curr_thread = t;
	lockdep_switch_to(t);
}

struct thread *thread_create_idle(int (*fn)(void *), int cpu);

void sched_init(void)
{
	struct rq *rq = &runqueues[0];

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		rq_init(&runqueues[cpu], cpu);
	isolation_init();
	thread_init_struct(&init_thread, "init", 0, true);
	sched_adopt_context(rq, &init_thread);
	rq->idle = thread_create_idle(sched_idle_fn, 0);
	BUG_ON(!rq->idle);
	__atomic_store_n(&rq->active, true, __ATOMIC_RELEASE);
	__atomic_store_n(&sched_started, true, __ATOMIC_RELEASE);
}

void sched_ap_idle(void)
{
	int cpu = smp_processor_id();
	struct rq *rq = &runqueues[cpu];
	struct thread *idle = &ap_idle_threads[cpu];

	while (!__atomic_load_n(&sched_started, __ATOMIC_ACQUIRE))
		cpu_relax();
	thread_init_struct(idle, "idle", cpu, true);
	idle->slice = SCHED_SLICE_TICKS;
	rq->idle = idle;
	sched_adopt_context(rq, idle);
	__atomic_store_n(&rq->active, true, __ATOMIC_RELEASE);
	local_irq_enable();
	sched_idle_loop();
}

bool sched_cpu_active(int cpu)
{
	return cpu >= 0 && cpu < NR_CPUS &&
	       __atomic_load_n(&runqueues[cpu].active, __ATOMIC_ACQUIRE);
}

int sched_nr_active_cpus(void)
{
	int n = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		n += sched_cpu_active(cpu);
	return n;
}

u64 sched_nr_switches(int cpu)
{
	return READ_ONCE(runqueues[cpu].nr_switches);
}

int sched_nr_queued(int cpu)
{
	return READ_ONCE(runqueues[cpu].nr_queued);
}

bool sched_cpu_idle(int cpu)
{
	const struct rq *rq = &runqueues[cpu];

	return sched_cpu_active(cpu) && READ_ONCE(rq->curr) == rq->idle &&
	       !READ_ONCE(rq->nr_queued);
}

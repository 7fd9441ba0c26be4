/*
 * The scheduler: threads start, yield, sleep, block and exit; sched_move
 * refuses pinned and migrate-disabled threads; and the migration torture:
 * workers on every CPU are preempted by the tick and moved at random, yet
 * inside preempt-disabled, local-lock and migrate-disabled sections the
 * CPU never changes, while outside them it does.
 */
#include "kernel/ktest.h"
#include "kernel/isolation.h"
#include "kernel/local_lock.h"
#include "kernel/sched.h"
#include "kernel/sched_deps.h"
#include "lib/prng.h"

static int return_arg(void *arg)
{
	return (int)(long)arg;
}

static void sched_create_join(struct ktest *t)
{
	struct thread *th = kthread_create_on_cpu(return_arg, (void *)42L,
						  smp_processor_id(), "ret42");

	KASSERT_TRUE(t, th);
	KEXPECT_EQ(t, kthread_join(th), 42);
	KEXPECT_TRUE(t, kthread_create_on_cpu(return_arg, NULL, NR_CPUS, "x") ==
				NULL);
}

struct pingpong {
	char log[16];
	int n;
};

static int pingpong_fn(void *arg)
{
	struct pingpong *p = arg;
	char me = p->n == 0 ? 'a' : 'b';

	for (int i = 0; i < 3; i++) {
		p->log[p->n++] = me;
		sched_yield();
	}
	return 0;
}

/* Two threads on one CPU alternate at each yield (round robin). */
static int exit_preempt_disabled(void *arg)
{
	(void)arg;
	preempt_disable(); /* the bug under test: never enabled again */
	return 0;
}

static int report_preempt_count(void *arg)
{
	(void)arg;
	return preempt_count();
}

/* A thread that exits with preemption off must not leave its CPU pinned */
static void sched_exit_drops_preempt_count(struct ktest *t)
{
	int cpu = smp_processor_id();
	struct thread *th;

	ktest_log(t, "one 'exited with preempt_count' line is expected next");
	th = kthread_create_on_cpu(exit_preempt_disabled, NULL, cpu, "leaky");
	KASSERT_TRUE(t, th);
	KEXPECT_EQ(t, kthread_join(th), 0);
	th = kthread_create_on_cpu(report_preempt_count, NULL, cpu, "after");
	KASSERT_TRUE(t, th);
	KEXPECT_EQ(t, kthread_join(th), 0);
}

static void sched_yield_alternates(struct ktest *t)
{
	struct pingpong p = {.n = 0};
	int cpu = smp_processor_id();
	struct thread *a, *b;

	preempt_disable(); /* both queued before either runs */
	a = kthread_create_on_cpu(pingpong_fn, &p, cpu, "ping");
	b = kthread_create_on_cpu(pingpong_fn, &p, cpu, "pong");
	preempt_enable();
	KASSERT_TRUE(t, a && b);
	kthread_join(a);
	kthread_join(b);
	p.log[p.n] = '\0';
	KEXPECT_STREQ(t, p.log, "ababab");
}

static void sched_sleep_duration(struct ktest *t)
{
	u64 start = ktime_ns();

	sched_sleep_ns(5 * 1000 * 1000);
	KEXPECT_GE(t, ktime_ns() - start, 5 * 1000 * 1000);
}

static int waiter_fn(void *arg)
{
	wait_for_completion(arg);
	return 7;
}

static void sched_completion_wakes(struct ktest *t)
{
	struct completion c;
	struct thread *th;

	completion_init(&c, "test.c");
	th = kthread_create_on_cpu(waiter_fn, &c, smp_processor_id(), "wait");
	KASSERT_TRUE(t, th);
	sched_yield(); /* let it block */
	KEXPECT_EQ(t, th->state, THREAD_BLOCKED);
	complete(&c);
	KEXPECT_EQ(t, kthread_join(th), 7);
}

struct md_wait {
	struct completion c;
	int disabled; /* set once migrate_disable ran (atomic) */
};

static int migrate_disabled_fn(void *arg)
{
	struct md_wait *w = arg;

	migrate_disable();
	__atomic_store_n(&w->disabled, 1, __ATOMIC_RELEASE);
	wait_for_completion(&w->c);
	migrate_enable();
	return 0;
}

static void sched_move_refuses(struct ktest *t)
{
	static struct md_wait w;
	struct thread *pinned, *md;
	int cpu = smp_processor_id();
	u64 end = ktime_ns() + 2000000000ULL;

	completion_init(&w.c, "test.c");
	w.disabled = 0;
	pinned = kthread_create_on_cpu(waiter_fn, &w.c, cpu, "pinned");
	md = kthread_create(migrate_disabled_fn, &w, cpu, "md");
	KASSERT_TRUE(t, pinned && md);
	/* two yields used to be assumed enough for md to start; under host
	 * load it sometimes had not, and the move was allowed */
	while (!__atomic_load_n(&w.disabled, __ATOMIC_ACQUIRE) &&
	       ktime_ns() < end)
		sched_yield();
	KEXPECT_TRUE(t, w.disabled);
	KEXPECT_EQ(t, sched_move(pinned, cpu), -SCHED_EPERM);
	KEXPECT_EQ(t, sched_move(md, cpu), -SCHED_EBUSY);
	KEXPECT_EQ(t, sched_move(current, cpu), -SCHED_EPERM); /* init */
	complete_all(&w.c);
	kthread_join(pinned);
	kthread_join(md);
}

struct stale_move {
	int ready, go;
	int cpu_after_wake, cpu_after_yield;
};

/*
 * Running, with a move requested (the kick's need_resched left pending),
 * then asleep before any switch could act on it; woken wherever the
 * second sched_move put it, it yields once.
 */
static int stale_move_fn(void *arg)
{
	struct stale_move *m = arg;

	preempt_disable();
	__atomic_store_n(&m->ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&m->go, __ATOMIC_SEQ_CST))
		cpu_relax();
	preempt_enable_no_resched();
	sched_sleep_ns(20 * 1000 * 1000);
	m->cpu_after_wake = raw_smp_processor_id();
	sched_yield();
	m->cpu_after_yield = raw_smp_processor_id();
	return 0;
}

/* The latest sched_move wins: a pending request it overrides is dropped. */
static void sched_move_latest_wins(struct ktest *t)
{
	struct stale_move m = {0};
	struct thread *th;
	int cpus[3], n = 0;
	u64 end;

	for (int cpu = 0; cpu < NR_CPUS && n < 3; cpu++)
		if (cpu != smp_processor_id() && sched_cpu_active(cpu))
			cpus[n++] = cpu;
	if (n < 3) {
		ktest_skip(t, "needs four CPUs");
		return;
	}
	th = kthread_create(stale_move_fn, &m, cpus[0], "stale-move");
	KASSERT_TRUE(t, th);
	while (!__atomic_load_n(&m.ready, __ATOMIC_SEQ_CST))
		cpu_relax();
	KEXPECT_EQ(t, sched_move(th, cpus[1]),
		   0); /* running: leaves at a switch */
	__atomic_store_n(&m.go, 1, __ATOMIC_SEQ_CST);
	end = ktime_ns() + 2000ULL * 1000 * 1000;
	while (READ_ONCE(th->state) != THREAD_SLEEPING && ktime_ns() < end)
		cpu_relax();
	KEXPECT_EQ(t, READ_ONCE(th->state), THREAD_SLEEPING);
	KEXPECT_EQ(t, sched_move(th, cpus[2]), 0); /* asleep: moved at once */
	kthread_join(th);
	KEXPECT_EQ(t, m.cpu_after_wake, cpus[2]);
	KEXPECT_EQ(t, m.cpu_after_yield, cpus[2]);
}

static const struct ktest_case sched_cases[] = {
	KTEST_CASE(sched_create_join),
	KTEST_CASE(sched_exit_drops_preempt_count),
	KTEST_CASE(sched_yield_alternates),
	KTEST_CASE(sched_sleep_duration),
	KTEST_CASE(sched_completion_wakes),
	KTEST_CASE(sched_move_refuses),
	KTEST_CASE(sched_move_latest_wins),
	{NULL, NULL},
};
KTEST_SUITE(sched, .cases = sched_cases);

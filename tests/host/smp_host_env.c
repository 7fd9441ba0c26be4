/*
 * Host implementations behind tests/host/include-smp: several simulated
 * CPUs in one thread. Each has a preempt count, a task (`current`), a
 * per-CPU area and three lock contexts (task, hard IRQ, NMI) with their
 * own held-lock stacks and pin records, so the pcp code's lock checks
 * run exactly as with lockdep=1 in the kernel. Every lock BUG and every
 * wait that could only end if another context ran prints one line
 * starting "BUG:" and aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/cpumask.h"
#include "kernel/inject.h"
#include "kernel/local_lock.h"
#include "kernel/pcpu_pin.h"
#include "kernel/sched.h"
#include "lib/format.h"
#include "tests/host/smp_host_env.h"

#define HOST_CTX      3 /* task, hard IRQ, NMI */
#define HOST_MAX_HELD 16

int host_preempt_count[NR_CPUS];
struct thread host_tasks[NR_CPUS];
struct percpu *percpu_areas[NR_CPUS];
struct cpumask cpu_online_mask;
bool host_irq_pending;
bool host_inject_armed;
void (*host_inject_hook)(const char *name);
static void (*irq_handler)(void);

/* One context's locks and pins. */
struct host_ctx {
	const void *held[HOST_MAX_HELD];
	const char *held_name[HOST_MAX_HELD];
	int nheld;
	struct pcpu_pins pins;
};

static struct host_ctx ctxs[NR_CPUS][HOST_CTX];

static int ctx_index(void)
{
	int pc = preempt_count();

	if (pc & NMI_MASK)
		return 2;
	return pc & HARDIRQ_MASK ? 1 : 0;
}

static const char *const ctx_names[HOST_CTX] = {"task", "hard IRQ", "NMI"};

const void *lock_owner_token(void)
{
	return &ctxs[host_cpu][ctx_index()];
}

static struct host_ctx *my_ctx(void)
{
	return &ctxs[host_cpu][ctx_index()];
}

void lock_report(const char *file, int line, const char *func, const char *fmt,
		 ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "BUG: %s:%d %s: cpu%d %s: %s\n", file, line, func,
		host_cpu, ctx_names[ctx_index()], msg);
	abort();
}

void host_spin_deadlock(const char *where)
{
	lock_bug("%s: waits for a lock or section only another context of "
		 "this thread could end (an interrupted one): a deadlock",
		 where);
}

void sched_yield(void)
{
	host_spin_deadlock("sched_yield");
}

void host_preempt_underflow(void)
{
	lock_bug("preempt count below zero (%#x)", preempt_count());
}

void rt_lock_invalid_context(const struct lockdep_map *map)
{
	lock_bug("sleeping lock %s taken from invalid context", map->name);
}

void percpu_debug_pinned(const char *what)
{
	if (preempt_count() || irqs_disabled() || current->migrate_disable)
		return;
	lock_bug("%s used while migratable", what);
}

/* Is @lock on @c's stack? */
static bool ctx_holds(const struct host_ctx *c, const void *lock)
{
	for (int i = 0; i < c->nheld; i++)
		if (c->held[i] == lock)
			return true;
	return false;
}

bool lockdep_acquire(const void *lock, struct lockdep_map *map, bool trylock,
		     unsigned long ip)
{
	struct host_ctx *c = my_ctx();

	(void)ip;
	/* a wait for a lock this CPU's interrupted contexts hold never ends */
	for (int i = 0; !trylock && i <= ctx_index(); i++)
		if (ctx_holds(&ctxs[host_cpu][i], lock)) {
			lock_bug("recursive locking of %s (held by this cpu's "
				 "%s context)",
				 map->name, ctx_names[i]);
			return false;
		}
	if (c->nheld == HOST_MAX_HELD) {
		lock_bug("more than %d locks held", HOST_MAX_HELD);
		return false;
	}
	c->held_name[c->nheld] = map->name;
	c->held[c->nheld++] = lock;
	return true;
}

void lockdep_trylock_failed(struct lockdep_map *map)
{
	(void)map;
}

bool lockdep_release(const void *lock, const struct lockdep_map *map)
{
	struct host_ctx *c = my_ctx();

	for (int i = c->nheld - 1; i >= 0; i--) {
		if (c->held[i] != lock)
			continue;
		for (; i < c->nheld - 1; i++) {
			c->held[i] = c->held[i + 1];
			c->held_name[i] = c->held_name[i + 1];
		}
		c->nheld--;
		return true;
	}
	lock_bug("release of %s, not held by this context", map->name);
	return false;
}

bool lockdep_is_held(const void *lock)
{
	return ctx_holds(my_ctx(), lock);
}

void pcpu_pin_push(enum pcpu_pin how)
{
	struct pcpu_pins *p = &my_ctx()->pins;

	if (p->depth == PCPU_PIN_MAX) {
		lock_bug("more than %d nested pins", PCPU_PIN_MAX);
		return;
	}
	p->kinds = (p->kinds & ~(1U << p->depth)) | ((u32)how << p->depth);
	p->depth++;
}

int pcpu_pin_pop(enum pcpu_pin how)
{
	struct pcpu_pins *p = &my_ctx()->pins;
	int had;

	if (!p->depth) {
		lock_bug("unpin without a pin");
		return -1;
	}
	p->depth--;
	had = (int)((p->kinds >> p->depth) & 1);
	if (had != (int)how)
		lock_bug("unpin of kind %d, innermost pin is kind %d", how,
			 had);
	return had;
}

bool local_lock_debug_acquire(local_lock_t *l)
{
	if (l->owner) {
		lock_bug("local lock %s taken on cpu%d while held (%s)",
			 l->dep.name, host_cpu,
			 l->owner == lock_owner_token() ? "by this context"
							: "by another context");
		return false;
	}
	return true;
}

bool local_lock_rt_debug_acquire(local_lock_t *l)
{
	return local_lock_debug_acquire(l);
}

bool local_lock_debug_release(struct local_lock_pcpu *ll)
{
	local_lock_t *l = &ll->cpu[host_cpu];

	if (l->owner != lock_owner_token()) {
		lock_bug("local lock %s released on cpu%d by a context that "
			 "does not hold it",
			 l->dep.name, host_cpu);
		return false;
	}
	return true;
}

void vmstat_fold_start(void)
{
}

void host_smp_init(int nr_cpus)
{
	cpumask_clear(&cpu_online_mask);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		host_preempt_count[cpu] = 0;
		host_tasks[cpu] = (struct thread){.move_to = -1};
		for (int i = 0; i < HOST_CTX; i++)
			ctxs[cpu][i] = (struct host_ctx){0};
		percpu_areas[cpu] = NULL;
		if (cpu < nr_cpus) {
			percpu_areas[cpu] = host_percpu_area(cpu);
			cpumask_set_cpu(cpu, &cpu_online_mask);
		}
	}
	host_cpu = 0;
	host_irqs_off = false;
	host_irq_pending = false;
	host_inject_armed = false;
	host_inject_hook = NULL;
}

void host_raise_irq(void (*handler)(void))
{
	irq_handler = handler;
	if (host_irqs_off)
		host_irq_pending = true;
	else
		host_irq_deliver();
}

void host_irq_deliver(void)
{
	void (*fn)(void) = irq_handler;

	host_irq_pending = false;
	irq_handler = NULL;
	if (!fn)
		return;
	host_irqs_off = true;
	irq_enter();
	fn();
	if (my_ctx()->nheld || my_ctx()->pins.depth)
		lock_bug("hard IRQ returns holding %d locks, %d pins",
			 my_ctx()->nheld, my_ctx()->pins.depth);
	irq_exit();
	host_irqs_off = false;
}

bool host_smp_quiescent(char *why, size_t size)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		for (int i = 0; i < HOST_CTX; i++) {
			const struct host_ctx *c = &ctxs[cpu][i];

			if (c->nheld || c->pins.depth) {
				ksnprintf(why, size,
					  "cpu%d %s context holds %d locks "
					  "(first %s), %d pins",
					  cpu, ctx_names[i], c->nheld,
					  c->nheld ? c->held_name[0] : "-",
					  c->pins.depth);
				return false;
			}
		}
		if (host_preempt_count[cpu] ||
		    host_tasks[cpu].migrate_disable) {
			ksnprintf(why, size,
				  "cpu%d: preempt count %#x, migrate_disable "
				  "%d",
				  cpu, host_preempt_count[cpu],
				  host_tasks[cpu].migrate_disable);
			return false;
		}
	}
	if (host_irqs_off || host_irq_pending) {
		ksnprintf(why, size, "IRQs %s, an interrupt %spending",
			  host_irqs_off ? "off" : "on",
			  host_irq_pending ? "" : "not ");
		return false;
	}
	return true;
}

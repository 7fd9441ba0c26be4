/*
 * The call-function IPI: a caller puts a call_single_data on the target's
 * lock-free queue and sends one IPI per call; the target's handler takes
 * the whole queue and runs it in order. Mirrors Linux's kernel/smp.c
 * (csd_lock, llist queue, generic_smp_call_function_single_interrupt).
 *
 * Each (sender, target) pair owns one slot: a sender reuses its slot once
 * the target has unlocked it, so no allocation happens in the IPI path.
 */
#include "kernel/smp.h"
#include "arch/x86/cpu.h"
#include "arch/x86/ipi.h"
#include "arch/x86/irqflags.h"
#include "kernel/percpu.h"

#define CSD_LOCKED 1u
#define CSD_WAIT   2u

static struct call_single_data csd_slots[NR_CPUS][NR_CPUS]; /* [from][to] */

static bool csd_locked(const struct call_single_data *csd)
{
	return __atomic_load_n(&csd->flags, __ATOMIC_ACQUIRE) & CSD_LOCKED;
}

/* Wait for @csd to be unlocked. With IRQs off, run our own queue as we
 * spin: the target may itself be waiting for us with IRQs off. */
static void csd_lock_wait(const struct call_single_data *csd)
{
	while (csd_locked(csd)) {
		if (irqs_disabled())
			smp_call_function_interrupt();
		cpu_relax();
	}
}

static void csd_unlock(struct call_single_data *csd)
{
	__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
}

/* Push @csd on @cpu's queue; a release CAS so the target sees fn/arg. */
static void csd_enqueue(int cpu, struct call_single_data *csd)
{
	struct call_single_data **head = &percpu_areas[cpu]->call_queue;
	struct call_single_data *old = __atomic_load_n(head, __ATOMIC_RELAXED);

	do {
		csd->next = old;
	} while (!__atomic_compare_exchange_n(
		head, &old, csd, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* Context: IRQs off (so no interrupt handler on this CPU uses the same
 * slot between the wait and the enqueue). */
static void csd_send(int from, int to, smp_call_func_t fn, void *arg, bool wait)
{
	struct call_single_data *csd = &csd_slots[from][to];

	csd_lock_wait(csd);
	csd->fn = fn;
	csd->arg = arg;
	csd->flags = CSD_LOCKED | (wait ? CSD_WAIT : 0);
	csd_enqueue(to, csd);
	/* one IPI per call, so `interrupts` counts exactly what was sent */
	arch_send_call_function_ipi(to);
}

/* Reverse the LIFO stack taken from the queue so calls run in order. */
static struct call_single_data *csd_reverse(struct call_single_data *c)
{
	struct call_single_data *prev = NULL;

	while (c) {
		struct call_single_data *next = c->next;

		c->next = prev;
		prev = c;
		c = next;
	}
	return prev;
}

void smp_call_function_interrupt(void)
{
	struct call_single_data **head = &this_cpu()->call_queue;
	struct call_single_data *c =
		__atomic_exchange_n(head, NULL, __ATOMIC_ACQUIRE);

	for (c = csd_reverse(c); c;) {
		struct call_single_data *next = c->next;
		smp_call_func_t fn = c->fn;
		void *arg = c->arg;

		/* once unlocked the sender may refill the slot: read first */
		if (c->flags & CSD_WAIT) {
			fn(arg);
			csd_unlock(c);
		} else {
			csd_unlock(c);
			fn(arg);
		}
		c = next;
	}
}

/* Queue the call on every online CPU of @mask but @me; return the count. */
static int smp_queue_many(int me, const struct cpumask *mask,
			  smp_call_func_t fn, void *arg, bool wait)
{
	int cpu, n = 0;

	for_each_cpu(cpu, mask) {
		if (cpu == me || !cpu_online(cpu))
			continue;
		csd_send(me, cpu, fn, arg, wait);
		n++;
	}
	return n;
}

static void smp_wait_many(int me, const struct cpumask *mask)
{
	int cpu;

	for_each_cpu(cpu, mask)
		if (cpu != me && cpu_online(cpu))
			csd_lock_wait(&csd_slots[me][cpu]);
}

int smp_call_function_many(const struct cpumask *mask, smp_call_func_t fn,
			   void *arg, bool wait)
{
	unsigned long flags;
	int me, n;

	local_irq_save(flags);
	me = smp_processor_id();
	n = smp_queue_many(me, mask, fn, arg, wait);
	local_irq_restore(flags);
	if (wait)
		smp_wait_many(me, mask);
	return n;
}

int smp_call_function_single(int cpu, smp_call_func_t fn, void *arg, bool wait)
{
	unsigned long flags;
	int me;

	if (!cpu_online(cpu))
		return -1;
	local_irq_save(flags);
	me = smp_processor_id();
	if (cpu == me)
		fn(arg);
	else
		csd_send(me, cpu, fn, arg, wait);
	local_irq_restore(flags);
	if (wait && cpu != me)
		csd_lock_wait(&csd_slots[me][cpu]);
	return 0;
}

void on_each_cpu(smp_call_func_t fn, void *arg, bool wait)
{
	unsigned long flags;
	int me;

	local_irq_save(flags);
	me = smp_processor_id();
	smp_queue_many(me, &cpu_online_mask, fn, arg, wait);
	fn(arg); /* ours runs while the others run theirs */
	local_irq_restore(flags);
	if (wait)
		smp_wait_many(me, &cpu_online_mask);
}

/*
 * Interrupt injection (inject.h): a point that fires sends this CPU a
 * self-IPI or a self-NMI and waits for it, so the interrupt lands exactly
 * at the point. Points live in the .inject_points section and are found by
 * name. No Linux counterpart: the nearest are fault-injection attributes
 * and the tests' use of smp_call_function_single to the same CPU.
 */
#include "kernel/inject.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/tsc.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "lib/printk.h"
#include "lib/section.h"
#include "lib/string.h"

CMDLINE_KEY(inject, "NAME:irq|nmi[:EVERY][,...]: arm interrupt injection "
		    "points (see the inject command)");

#define INJECT_MAX_PENDING 8
#define INJECT_TIMEOUT_NS  (10ULL * 1000 * 1000 * 1000)

extern struct inject_point __inject_points_start[], __inject_points_end[];

/* (O) this CPU only, with IRQs off; (N) this CPU, NMI-safe exchange */
struct inject_cpu {
	struct inject_point *irq_pending[INJECT_MAX_PENDING]; /* (O) */
	int nr_irq;					      /* (O) */
	u64 irq_taken;			/* injected IRQs handled (O) */
	struct inject_point *nmi_point; /* the self-NMI in flight (N) */
	u64 nmi_taken;			/* (N) */
};

static DEFINE_PER_CPU(struct inject_cpu, inject_cpu);

static size_t inject_nr_points(void)
{
	return section_count(__inject_points_start, __inject_points_end);
}

/* Spin until *@seq moves past @old (or, if given, @pending() holds). */
static void inject_wait(struct inject_point *p, const u64 *seq, u64 old,
			bool (*pending)(void))
{
	u64 end = ktime_ns() + INJECT_TIMEOUT_NS;

	while (READ_ONCE(*seq) == old && !(pending && pending())) {
		cpu_relax();
		if (ktime_ns() > end)
			panic("inject: interrupt raised at %s (%s:%d) not "
			      "taken within 10 s",
			      p->name, p->file, p->line);
	}
}

static bool inject_irq_pending(void)
{
	return apic_irr_pending(INJECT_VECTOR);
}

/* Context: preemption off. IRQs on: wait until handled; off: pending. */
static void inject_fire_irq(struct inject_point *p)
{
	struct inject_cpu *c = raw_cpu_ptr(&inject_cpu);
	bool irqs_on = !irqs_disabled();
	unsigned long flags;
	u64 seq;

	local_irq_save(flags);
	if (c->nr_irq == INJECT_MAX_PENDING)
		panic("inject: more than %d injected IRQs pending on cpu%d",
		      INJECT_MAX_PENDING, raw_smp_processor_id());
	c->irq_pending[c->nr_irq++] = p;
	seq = c->irq_taken;
	__atomic_add_fetch(&p->fired, 1, __ATOMIC_RELAXED);
	apic_self_ipi(INJECT_VECTOR);
	local_irq_restore(flags);
	inject_wait(p, &c->irq_taken, seq, irqs_on ? NULL : inject_irq_pending);
}

/* Context: preemption off. An NMI is taken at once, IRQs on or off;
 * inside an NMI it stays latched until that one returns. */
static void inject_fire_nmi(struct inject_point *p)
{
	struct inject_cpu *c = raw_cpu_ptr(&inject_cpu);
	u64 seq = READ_ONCE(c->nmi_taken);

	if (__atomic_exchange_n(&c->nmi_point, p, __ATOMIC_SEQ_CST))
		panic("inject: two self-NMIs in flight on cpu%d (at %s)",
		      raw_smp_processor_id(), p->name);
	__atomic_add_fetch(&p->fired, 1, __ATOMIC_RELAXED);
	apic_self_nmi();
	if (!in_nmi())
		inject_wait(p, &c->nmi_taken, seq, NULL);
}

void inject_hit(struct inject_point *p)
{
	u64 n = __atomic_add_fetch(&p->hits, 1, __ATOMIC_RELAXED);
	u32 every = READ_ONCE(p->every);
	int kind = READ_ONCE(p->kind);

	if (kind == INJECT_OFF || (every > 1 && n % every))
		return;
	/* pinned while waiting, so the interrupt is ours; a reschedule
	 * it asked for happens at the preempt_enable: at the point */
	preempt_disable();
	if (kind == INJECT_NMI)
		inject_fire_nmi(p);
	else
		inject_fire_irq(p);
	preempt_enable();
}

/* Context: hard IRQ (INJECT_VECTOR), IRQs off. Takes every point that is
 * pending here: with IRQs off, several fires share one interrupt. */
void inject_irq_handler(struct pt_regs *regs)
{
	struct inject_cpu *c = raw_cpu_ptr(&inject_cpu);
	struct inject_point *batch[INJECT_MAX_PENDING];
	int n = c->nr_irq;

	(void)regs;
	apic_eoi();
	memcpy(batch, c->irq_pending, n * sizeof(batch[0]));
	c->nr_irq = 0;
	for (int i = 0; i < n; i++) {
		if (batch[i]->fn)
			batch[i]->fn(batch[i], batch[i]->arg);
		__atomic_add_fetch(&batch[i]->taken, 1, __ATOMIC_RELAXED);
	}
	c->irq_taken++;
}

bool inject_nmi(void)
{
	struct inject_cpu *c = raw_cpu_ptr(&inject_cpu);
	struct inject_point *p =
		__atomic_exchange_n(&c->nmi_point, NULL, __ATOMIC_SEQ_CST);

	if (!p)
		return false;
	if (p->fn)
		p->fn(p, p->arg);
	__atomic_add_fetch(&p->taken, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->nmi_taken, c->nmi_taken + 1, __ATOMIC_RELEASE);
	return true;
}

int inject_arm(const char *name, enum inject_kind kind, u32 every, inject_fn fn,
	       void *arg)
{
	int n = 0;

	for (size_t i = 0; i < inject_nr_points(); i++) {
		struct inject_point *p = &__inject_points_start[i];

		if (strcmp(p->name, name))
			continue;
		WRITE_ONCE(p->kind, INJECT_OFF);
		p->hits = p->fired = p->taken = 0;
		p->every = every ? every : 1;
		p->fn = fn;
		p->arg = arg;
		__atomic_store_n(&p->kind, kind, __ATOMIC_RELEASE);
		n++;
	}
	return n;
}

int inject_disarm(const char *name)
{
	int n = 0;

	for (size_t i = 0; i < inject_nr_points(); i++)
		if (!strcmp(__inject_points_start[i].name, name)) {
			WRITE_ONCE(__inject_points_start[i].kind, INJECT_OFF);
			n++;
		}
	return n;
}

int inject_counts(const char *name, struct inject_counts *c)
{
	*c = (struct inject_counts){0};
	for (size_t i = 0; i < inject_nr_points(); i++) {
		const struct inject_point *p = &__inject_points_start[i];

		if (strcmp(p->name, name))
			continue;
		c->points++;
		c->hits += READ_ONCE(p->hits);
		c->fired += READ_ONCE(p->fired);
		c->taken += READ_ONCE(p->taken);
	}
	return c->points;
}

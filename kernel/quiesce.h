/*
 * Quiescing without interrupting: how a global mode (the pcp locking
 * mode, for one) is switched while other CPUs run sections that depend on
 * it. Each CPU counts the sections it is inside, per epoch, in its own
 * per-CPU counters; a switch publishes the new mode, flips the epoch and
 * waits, reading those counters remotely, until every section that began
 * under the old epoch has ended. No IPI, no work item: an idle or
 * isolated CPU is never touched, and a section whose thread was preempted
 * (RT mode) or interrupted simply holds the switch until it ends.
 * Linux's nearest relatives: SRCU's two-counter epochs and RCU's
 * dynticks counters read from afar.
 *
 *	DEFINE_QUIESCE(pcp_quiesce);
 *
 *	section (pinned: preemption, IRQs or migration off):
 *		int idx = quiesce_enter(&pcp_quiesce);
 *		mode = READ_ONCE(pcp_mode);	// after enter, never before
 *		...
 *		quiesce_exit(&pcp_quiesce, idx);
 *
 *	switch (task, preemptible):
 *		WRITE_ONCE(pcp_mode, new);
 *		quiesce_sync(&pcp_quiesce);	// no section sees the old mode
 */
#ifndef KERNEL_QUIESCE_H
#define KERNEL_QUIESCE_H

#include "arch/x86/cpu.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"

/* One CPU's count of sections inside, per epoch parity (only it writes). */
struct quiesce_cpu {
	long active[2];
};

/* (C) constant; (S) written by the switcher under switch_lock */
struct quiesce {
	const char *name;	  /* (C) */
	struct quiesce_cpu *pcpu; /* a per-CPU variable (C) */
	unsigned int epoch;	  /* parity: the counter new sections use (S) */
	spinlock_t switch_lock;	  /* one switch at a time; an RT lock */
	u64 syncs;		  /* completed quiesce_sync calls (S) */
	u64 waited;		  /* of those, how many found a section (S) */
};

#define DEFINE_QUIESCE(var)                                                    \
	static DEFINE_PER_CPU(struct quiesce_cpu, var##_cpu);                  \
	struct quiesce var = {.name = #var,                                    \
			      .pcpu = &var##_cpu,                              \
			      .switch_lock = SPINLOCK_INIT(#var ".switch")}

/*
 * quiesce_enter - begin a section of @q's kind on this CPU.
 * Context: pinned to this CPU until quiesce_exit (any context, hard IRQ
 * and NMI included). Return: the token to hand to quiesce_exit. Read the
 * mode the section depends on after this, never before: the full barrier
 * here orders our count before that read.
 */
static __always_inline int quiesce_enter(struct quiesce *q)
{
	if (percpu_lock_debug())
		percpu_debug_pinned("quiesce_enter()");
	for (;;) {
		int idx = READ_ONCE(q->epoch) & 1;

		this_cpu_inc(q->pcpu->active[idx]);
		smp_mb();
		if ((int)(READ_ONCE(q->epoch) & 1) == idx)
			return idx;
		/* a switch flipped the epoch meanwhile: count in the new one */
		this_cpu_dec(q->pcpu->active[idx]);
	}
}

/* quiesce_exit - end the section @idx began. Context: as quiesce_enter,
 * same CPU. x86 keeps the section's loads and stores before this store. */
static __always_inline void quiesce_exit(struct quiesce *q, int idx)
{
	barrier();
	this_cpu_dec(q->pcpu->active[idx]);
}

/*
 * quiesce_sync - wait until every section of @q's kind that began before
 * this call has ended, on every CPU, without interrupting any of them.
 * Publish the new mode before calling. Context: task, preemptible (it
 * yields while it waits, so a section preempted on this CPU can finish).
 */
void quiesce_sync(struct quiesce *q);

#endif

/*
 * pcp_lock: the per-CPU page lists under one locking mode (-DMODE=M_...).
 * Two CPUs, each running a task that allocates and frees through its pcp
 * (refill and spill through zone->lock, trylock fallbacks to the buddy
 * lists), and a hard IRQ that can arrive between any two of the task's
 * steps and allocates and frees through the same pcp; in rt mode also a
 * preempting task on CPU 0. A housekeeping CPU drains both lists
 * (drain_all_pages), then runs zone_pcp_disable: high 0, batch 1, and
 * drains them again. It drains remotely under pcp->lock in the spin
 * modes, and by IPI in irq and local modes, which have no lock another
 * CPU could take.
 *
 * Checked: conservation and count (the monitor in pcp_state.pml), no
 * deadlock (every process ends, or waits at an end label), and that once
 * the drain is done and the CPUs are idle no page is left on a pcp (what
 * offline_pages waits for after zone_pcp_disable).
 *
 * Plants (pcp_ops.pml): -DPLANT_DRAIN_UNLOCKED_COUNT, -DPLANT_TRYLOCK_ALWAYS,
 * -DPLANT_IRQ_SPINS.
 */
#include "pcp_state.pml"
#include "pcp_ops.pml"

#ifndef MODE
#define MODE M_SPIN
#endif
#ifndef OPS0
#define OPS0 2			/* operations of CPU 0's task */
#endif
#ifndef OPS1
#define OPS1 1			/* operations of CPU 1's task */
#endif
#ifndef IRQS
#define IRQS 1			/* interrupts per CPU */
#endif
#define MAXHELD 2		/* pages a task holds at most */

#define REMOTE_DRAIN (MODE == M_SPIN_IRQSAVE || MODE == M_SPIN || MODE == M_RT)

bit tdone[NCPU];		/* the CPU's task finished its operations */
bit ipi[NCPU];			/* a drain IPI is pending (irq, local modes) */
bit pre_busy;			/* the preempting task is under way (rt) */
bit cpu_state_unbalanced;	/* a task ended with IRQs, preemption or lock left */
bit pages_stranded_on_pcp;	/* zone_pcp_disable's drain left pages behind */

/*
 * The task on CPU c: runs only while no IRQ and no preempting task is on
 * the CPU. Each operation's first step also picks it. The CPU may go idle
 * after any operation.
 */
proctype Task(byte c; byte ops) provided (in_irq[c] == 0 && cur[c] == CUR_TASK)
{
	byte k = TASK(c);
	byte p, t, n, b, i;
	bit ok, got, fl, zf;

	do
	:: atomic { i < ops && POP(own[k]) < MAXHELD -> i++;
		pcp_enter_task(c, k, MODE, ok, fl) };
		if
		:: pcp_take(c, k, ok); pcp_exit_task(c, k, MODE, fl)
		:: atomic { !ok -> buddy_alloc(c, k) }
		fi;
		ok = 0; got = 0
	:: atomic { i < ops && own[k] != 0 -> i++; p = LOWEST(own[k]);
		pcp_enter_task(c, k, MODE, ok, fl) };
		if
		:: pcp_put(c, k, p, ok); pcp_exit_task(c, k, MODE, fl)
		:: atomic { !ok -> buddy_free(c, k, p) }
		fi;
		ok = 0; p = 0
	:: break
	od;
	/* every path, fallbacks included, left the CPU as it found it */
	if
	:: preempt[c] != 0 || irqs_off[c] || llock[c] != 0 ->
		cpu_state_unbalanced = 1; assert(!cpu_state_unbalanced)
	:: else -> skip
	fi;
	tdone[c] = 1
}

/*
 * A hard IRQ on CPU c: arrives whenever the running task-level context
 * has IRQs on and takes the CPU until it returns (one atomic sequence,
 * which gives way only where it waits for zone->lock). It allocates a
 * page and frees it again. In irq and local modes it also runs the drain
 * IPI (as Linux up to 5.19 drained through the owning CPU).
 */
proctype Irq(byte c)
{
	byte k = IRQ(c);
	byte p, t, n, b;
	byte budget = IRQS;
	bit ok, got, zf;

end:	do
	:: atomic { budget > 0 && !tdone[c] && irqs_off[c] == 0 && !in_irq[c] ->
		in_irq[c] = 1; budget--;
		alloc_irq(c, k, MODE);
		if
		:: got -> p = LOWEST(own[k]); free_irq(c, k, MODE, p)
		:: else -> skip
		fi;
		got = 0;
		in_irq[c] = 0 }
#if !REMOTE_DRAIN
	:: atomic { ipi[c] && irqs_off[c] == 0 && !in_irq[c] -> in_irq[c] = 1;
		pcp_enter_irq(c, k, MODE, ok);
		n = count[c];
		free_pcppages_bulk(c, k, n);
		pcp_exit_irq(c, k, MODE);
		ok = 0; ipi[c] = 0; in_irq[c] = 0 }
#endif
	od
}

#if MODE == M_RT
/*
 * rt: another task on CPU 0 (higher priority, or a threaded IRQ) preempts
 * whichever task-level context is preemptible, allocates and frees with
 * the sleeping lock, and sleeps if the preempted task holds it.
 */
proctype Pre(byte c) provided (in_irq[c] == 0 && (cur[c] == CUR_PRE ||
	(preempt[c] == 0 && irqs_off[c] == 0)))
{
	byte k = PRE(c);
	byte p, t, n, b;
	bit ok, got, fl, zf;

end:	atomic { !tdone[c] && cur[c] == CUR_TASK ->
		cur[c] = CUR_PRE; pre_busy = 1;
		pcp_enter_task(c, k, MODE, ok, fl);
		pcp_take(c, k, ok);
		pcp_exit_task(c, k, MODE, fl);
		if
		:: got ->
			p = LOWEST(own[k]);
			pcp_enter_task(c, k, MODE, ok, fl);
			pcp_put(c, k, p, ok);
			pcp_exit_task(c, k, MODE, fl)
		:: else -> skip
		fi;
		got = 0; ok = 0; p = 0;
		cur[c] = CUR_TASK; pre_busy = 0 }
}
#endif

inline hk_drain_cpu(c)
{
#if REMOTE_DRAIN
	remote_drain(c, HK)
#else
	ipi[c] = 1;
	ipi[c] == 0
#endif
}

/* zone_pcp_disable, then the condition offline_pages waits for */
active proctype Housekeeping()
{
	byte p, t, n;
	bit zf;

	/* drain_all_pages, as reclaim or alloc_contig_range would */
	hk_drain_cpu(0);
	hk_drain_cpu(1);
	/* zone_pcp_disable */
	atomic { batch = 1; high = 0 };
	hk_drain_cpu(0);
	hk_drain_cpu(1);
	(tdone[0] && tdone[1] && !in_irq[0] && !in_irq[1] && !pre_busy);
	if
	:: list[0] != 0 || list[1] != 0 ->
		pages_stranded_on_pcp = 1; assert(!pages_stranded_on_pcp)
	:: else -> skip
	fi
}

init
{
	atomic {
		run Task(0, OPS0); run Task(1, OPS1);
		run Irq(0); run Irq(1);
#if MODE == M_RT
		run Pre(0);
#endif
	}
}

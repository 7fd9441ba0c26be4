/*
 * pcp_switch: the run-time switch of the pcp lock mode (mm/pcp_mode.c)
 * over kernel/quiesce.h. A housekeeping CPU cycles the mode through all
 * five, forever: publish the pause (sections entered from now on go
 * straight to the buddy lists), quiesce_sync (flip the epoch, wait until
 * no section counted in the old epoch is left on any CPU), drain every
 * pcp under its lock (no section can be inside one now), resume in the
 * next mode. Meanwhile each of two CPUs runs a task that allocates and
 * frees without end, each section being quiesce_enter, read the mode,
 * enter and leave the pcp the way that mode says, quiesce_exit; and an
 * IRQ on each CPU that does the same between any two of the task's steps.
 *
 * Checked: conservation and count (pcp_state.pml: a section that meets
 * the drain, or a section of another mode, on its pcp shows up as a page
 * lost or doubled, or a count gone wrong), no deadlock, and, searched for
 * non-progress cycles under weak fairness (tests/model/runs: the
 * "liveness" runs), that every switch completes however the sections
 * keep coming.
 *
 * Plants: -DPLANT_SWITCH_NO_WAIT (the switch drains and resumes without
 * waiting for the old mode's sections), -DPLANT_WAIT_ALL (the switch
 * waits until no section at all is inside, which the sections' steady
 * stream can hold off forever: found by the liveness run),
 * -DPLANT_ENTER_NO_RECHECK (quiesce_enter does not re-read the epoch
 * after counting itself).
 */
#include "pcp_state.pml"
#include "pcp_ops.pml"

byte mode = M_SPIN;		/* the pcp lock mode, read once per section */
bit epoch;			/* quiesce.epoch & 1 */
byte qactive[4];		/* CPU c's sections in epoch e: [2 * c + e] */

/*
 * quiesce_enter, read the mode, enter the pcp in that mode. The caller
 * has read the epoch into e (in its first step). Count ourselves in it
 * (one this_cpu_inc), then re-read it: if a switch flipped it meanwhile,
 * the switch may not have seen our count, so take it back and count in
 * the new epoch. The mode is read after the recheck, in the same step
 * as the pcp is entered.
 */
inline enter_section(c, k, e, m)
{
	do
	:: qactive[2 * c + e]++;
		if
#ifdef PLANT_ENTER_NO_RECHECK
		:: atomic { true ->
#else
		:: atomic { epoch == e ->
#endif
			m = mode; pcp_enter_task(c, k, m, ok, fl); break }
#ifndef PLANT_ENTER_NO_RECHECK
		:: atomic { epoch != e -> qactive[2 * c + e]--; e = epoch }
#endif
		fi
	od
}

/* leave the pcp and the quiesce section: one step */
inline leave_section(c, k, e, m)
{
	pcp_exit_task(c, k, m, fl); ok = 0;
	qactive[2 * c + e]--; e = 0; m = 0
}

/*
 * The sections keep to the core of the pcp: take the first page (list
 * read, then list write with the count), or push one (the same), and fall
 * back to the buddy lists when the pcp is busy, paused or empty. Refill
 * and spill are pcp_lock.pml's business; what matters here is which mode
 * a section locks by, and whether the switch waits for it.
 */
inline body_take(c, k, e, m)
{
	if
	:: atomic { ok && list[c] != 0 -> t = list[c]; p = LOWEST(t) };
		atomic { list[c] = t & ~B(p); own[k] = own[k] | B(p);
			count_sub(c, 1); t = 0; p = 0 };
		atomic { leave_section(c, k, e, m) }
	:: atomic { ok && list[c] == 0 -> leave_section(c, k, e, m);
		buddy_alloc(c, k); got = 0 }
	:: atomic { !ok -> buddy_alloc(c, k); got = 0;
		qactive[2 * c + e]--; e = 0; m = 0 }
	fi
}

inline body_put(c, k, e, m)
{
	if
	:: atomic { ok -> t = list[c] };
		atomic { list_write_add(c, k, t, p); count_add(c, 1);
			t = 0; p = 0 };
		atomic { leave_section(c, k, e, m) }
	:: atomic { !ok -> buddy_free(c, k, p);
		qactive[2 * c + e]--; e = 0; m = 0 }
	fi
}

/* The task on CPU c: sections without end, each an allocation or a free. */
proctype Task(byte c) provided (in_irq[c] == 0)
{
	byte k = TASK(c);
	byte p, t, n, b, m;
	bit ok, got, fl, zf, e;

end:	do
	:: atomic { own[k] == 0 -> e = epoch };
		enter_section(c, k, e, m);
		body_take(c, k, e, m)
	:: atomic { own[k] != 0 -> p = LOWEST(own[k]); e = epoch };
		enter_section(c, k, e, m);
		body_put(c, k, e, m)
	od
}

/*
 * A hard IRQ on CPU c, whenever the task has IRQs on: one section that
 * allocates a page and frees it, as one atomic sequence (it gives way
 * only where it waits for zone->lock). No switch can flip the epoch
 * between its count and a re-read, so the re-read is left out here.
 */
proctype Irq(byte c)
{
	byte k = IRQ(c);
	byte p, t, n, b, m;
	bit ok, got, zf, e;

end:	do
	:: atomic { irqs_off[c] == 0 && !in_irq[c] -> in_irq[c] = 1;
		e = epoch; qactive[2 * c + e]++;
		m = mode;
		pcp_enter_irq(c, k, m, ok);
		if
		:: ok && list[c] != 0 ->
			p = LOWEST(list[c]); list[c] = list[c] & ~B(p);
			own[k] = own[k] | B(p); count_sub(c, 1); got = 1
		:: else -> skip
		fi;
		if
		:: ok -> pcp_exit_irq(c, k, m)
		:: else -> skip
		fi;
		if
		:: !got -> buddy_alloc(c, k)
		:: else -> skip
		fi;
		if
		:: got -> p = LOWEST(own[k]);
			pcp_enter_irq(c, k, m, ok);
			if
			:: ok -> list_write_add(c, k, list[c], p);
				count_add(c, 1); pcp_exit_irq(c, k, m)
			:: else -> buddy_free(c, k, p)
			fi
		:: else -> skip
		fi;
		qactive[2 * c + e]--;
		ok = 0; got = 0; m = 0; p = 0; e = 0;
		in_irq[c] = 0 }
	od
}

/*
 * The switch: pause, quiesce_sync, drain, resume. The mode cycles
 * irq -> local -> spin_irqsave -> spin -> rt -> irq, so every mode is
 * left for the next and every section kind meets the switch.
 */
active proctype Switcher()
{
	byte next, p, t, n;
	bit old, zf;

end:	do
	:: atomic { next = (mode + 1) % 5; mode = M_PAUSED };
		atomic { old = epoch; epoch = !old };
#ifndef PLANT_SWITCH_NO_WAIT
#ifdef PLANT_WAIT_ALL
		(qactive[0] + qactive[1] == 0);
		(qactive[2] + qactive[3] == 0);
#else
		(qactive[2 * 0 + old] == 0);
		(qactive[2 * 1 + old] == 0);
#endif
#endif
		remote_drain(0, HK);
		remote_drain(1, HK);
		atomic { mode = next; next = 0; old = 0 };
progress:	skip
	od
}

init
{
	atomic {
		run Task(0); run Task(1);
		run Irq(0); run Irq(1);
	}
}

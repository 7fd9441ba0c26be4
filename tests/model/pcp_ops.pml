/*
 * The pcp operations pcp_lock.pml and pcp_switch.pml run: entering and
 * leaving the pcp section in each lock mode (planned for mm/pcp_lock.h),
 * the refill, take, put and spill done inside it (mm/pcp.c), the buddy
 * fallbacks, and the remote drain. The mode is a value `m` read by the caller: a constant in
 * pcp_lock.pml, the mode read after quiesce_enter in pcp_switch.pml.
 *
 * Granularity: one step is one access to a shared pcp field (a list read,
 * a list write, a count update) or one lock operation; a zone->lock
 * critical section is one step (it may wait at the lock first). Anything
 * else that runs on the CPU meanwhile (an IRQ, a preempting task) comes
 * between two steps; other CPUs interleave everywhere.
 *
 * Locals a process using these must declare:
 *	byte p, t, n, b; bit ok, got, fl, zf;
 */

#define TASKLVL(k) ((k) < 2 || (k) == PRE(0) || (k) == PRE(1))

#ifndef BATCH
#define BATCH 2
#endif
#ifndef HIGH
#define HIGH 2
#endif
byte batch = BATCH;		/* pcp->batch */
byte high = HIGH;		/* pcp->high */

/*
 * zone->lock for context k on CPU c, irqsave at task level: IRQs go off,
 * then the lock is taken; a busy lock stops the sequence there, with IRQs
 * already off, as a spinning spin_lock_irqsave does.
 */
inline zlock_irqsave(c, k, zf)
{
	atomic {
		if
		:: TASKLVL(k) -> zf = irqs_off[c]; irqs_off[c] = 1
		:: else -> skip
		fi;
		zlock == 0 -> zlock = k + 1 }
}

inline zunlock_irqrestore(c, k, zf)
{
	atomic { assert(zlock == k + 1); zlock = 0;
		if
		:: TASKLVL(k) -> irqs_off[c] = zf; zf = 0
		:: else -> skip
		fi }
}

/* ---- the pcp lock of each mode (mm/pcp_lock.h) ---- */

/* spin_trylock(&pcp->lock); the plant is a uniprocessor build's */
inline pcp_trylock(c, k, ok)
{
#ifdef PLANT_TRYLOCK_ALWAYS
	plock[c] = k + 1; inside[c]++; ok = 1
#else
	if
	:: plock[c] == 0 -> plock[c] = k + 1; inside[c]++; ok = 1
	:: else -> ok = 0
	fi
#endif
}

/*
 * Context k at task level enters the pcp section of CPU c in mode m.
 * ok = 1: inside; ok = 0: the pcp is busy (or paused), use the buddy.
 * rt takes a sleeping lock: the owner is preemptible, so a waiter that is
 * itself a task on the owner's CPU (the preempting task) sleeps and the
 * CPU goes back to the owner until the lock is free.
 */
inline pcp_enter_task(c, k, m, ok, fl)
{
	atomic {
		if
		:: m == M_IRQ ->	/* local_irq_save */
			fl = irqs_off[c]; irqs_off[c] = 1; inside[c]++; ok = 1
		:: m == M_LOCAL ->	/* local_lock_irqsave */
			fl = irqs_off[c]; irqs_off[c] = 1; preempt[c]++;
			assert(llock[c] == 0); llock[c] = k + 1;
			inside[c]++; ok = 1
		:: m == M_SPIN_IRQSAVE -> /* pin, spin_trylock_irqsave */
			preempt[c]++; fl = irqs_off[c]; irqs_off[c] = 1;
			pcp_trylock(c, k, ok);
			if
			:: !ok -> irqs_off[c] = fl; fl = 0; preempt[c]--
			:: else -> skip
			fi
		:: m == M_SPIN ->	/* pin, spin_trylock */
			preempt[c]++;
			pcp_trylock(c, k, ok);
			if
			:: !ok -> preempt[c]--
			:: else -> skip
			fi
		:: m == M_RT ->		/* migrate_disable, spin_lock_rt */
			if
			:: plock[c] == 0 -> plock[c] = k + 1; inside[c]++
			:: plock[c] != 0 && k == PRE(c) ->
				cur[c] = CUR_TASK;
				(plock[c] == 0 && cur[c] == CUR_TASK &&
				 preempt[c] == 0 && irqs_off[c] == 0);
				cur[c] = CUR_PRE; plock[c] = k + 1; inside[c]++
			fi;
			ok = 1
		:: m == M_PAUSED -> ok = 0
		fi }
}

/* Release, IRQs restored, preemption on (one step: IRQs are off until
 * the end). Context: inside, entered with pcp_enter_task(m). */
inline pcp_exit_task(c, k, m, fl)
{
	atomic {
		inside[c]--;
		if
		:: m == M_IRQ -> irqs_off[c] = fl
		:: m == M_LOCAL ->
			llock[c] = 0; irqs_off[c] = fl; preempt[c]--
		:: m == M_SPIN_IRQSAVE ->
			plock[c] = 0; irqs_off[c] = fl; preempt[c]--
		:: m == M_SPIN -> plock[c] = 0; preempt[c]--
		:: m == M_RT -> plock[c] = 0
		fi;
		fl = 0 }
}

/*
 * A hard IRQ (IRQs already off) enters the pcp section. In irq and local
 * modes every task-level holder has IRQs off, so the IRQ cannot have
 * interrupted one; in the others IRQ context only ever trylocks.
 */
inline pcp_enter_irq(c, k, m, ok)
{
	atomic {
		if
		:: m == M_IRQ -> inside[c]++; ok = 1
		:: m == M_LOCAL ->
			assert(llock[c] == 0); llock[c] = k + 1;
			inside[c]++; ok = 1
		:: m == M_SPIN_IRQSAVE || m == M_SPIN || m == M_RT ->
#ifdef PLANT_IRQ_SPINS
			/* spin_lock: waits for a holder it has interrupted */
			plock[c] == 0 -> plock[c] = k + 1; inside[c]++; ok = 1
#else
			pcp_trylock(c, k, ok)
#endif
		:: m == M_PAUSED -> ok = 0
		fi }
}

inline pcp_exit_irq(c, k, m)
{
	atomic {
		inside[c]--;
		if
		:: m == M_LOCAL -> llock[c] = 0
		:: m != M_LOCAL && m != M_IRQ -> plock[c] = 0
		:: else -> skip
		fi }
}

/* ---- inside the section (mm/pcp.c) ---- */

/*
 * free_pcppages_bulk: up to n pages from pcp c to the buddy lists, count
 * lowered by what was freed, under one zone->lock hold. One step: with
 * zone->lock held and IRQs off nothing that keeps the protocol comes
 * between the pages, and one that breaks it is caught in the owner's
 * list read-to-write windows. Context: pcp c held by k.
 */
inline free_pcppages_bulk(c, k, n)
{
	atomic {
		zlock_irqsave(c, k, zf);
		do
		:: n > 0 && list[c] != 0 ->
			p = LOWEST(list[c]);
			list[c] = list[c] & ~B(p); buddy = buddy | B(p);
			count_sub(c, 1); n--
		:: else -> break
		od;
		n = 0; p = 0;
		zunlock_irqrestore(c, k, zf) }
}

/* the rest of taking the first page: list write, then count */
inline pcp_pop_rest(c, k)
{
	atomic { list[c] = t & ~B(p); own[k] = own[k] | B(p); t = 0; p = 0 };
	atomic { count_sub(c, 1); got = 1 }
}

/*
 * rmqueue_pcplist, once guard G (the caller's "inside") holds: an empty
 * list is refilled with batch pages under one zone->lock hold
 * (rmqueue_bulk), count raised after the zone lock is dropped; then the
 * first page is taken: list read, list write, count. got = 1 with the
 * page in own[k]; got = 0 if the zone had none.
 */
inline pcp_take(c, k, G)
{
	if
	:: atomic { G && list[c] == 0 -> b = batch;
		zlock_irqsave(c, k, zf);
		do
		:: n < b && buddy != 0 ->
			p = LOWEST(buddy); buddy = buddy & ~B(p);
			list[c] = list[c] | B(p); n++
		:: else -> break
		od;
		b = 0; p = 0;
		zunlock_irqrestore(c, k, zf) };
		atomic { count_add(c, n); n = 0 };
		if
		:: atomic { list[c] != 0 -> t = list[c]; p = LOWEST(t) };
			pcp_pop_rest(c, k)
		:: atomic { list[c] == 0 -> got = 0 }
		fi
	:: atomic { G && list[c] != 0 -> t = list[c]; p = LOWEST(t) };
		pcp_pop_rest(c, k)
	fi
}

/*
 * free_unref_page_commit, once guard G holds: list read, list write,
 * count; then, if count reached high, spill a batch (all of it when high
 * is 0, as after zone_pcp_disable).
 */
inline pcp_put(c, k, p, G)
{
	atomic { G -> t = list[c] };
	atomic { list_write_add(c, k, t, p); t = 0 };
	count_add(c, 1);
	atomic {
		if
		:: count[c] >= high ->
			n = (high == 0 -> count[c] : batch);
			free_pcppages_bulk(c, k, n)
		:: else -> skip
		fi }
}

/* rmqueue_buddy, free_one_page: the fallbacks, one zone->lock hold each */
inline buddy_alloc(c, k)
{
	atomic {
		zlock_irqsave(c, k, zf);
		if
		:: buddy != 0 -> buddy_take(k, p); got = 1
		:: else -> got = 0
		fi;
		p = 0;
		zunlock_irqrestore(c, k, zf) }
}

inline buddy_free(c, k, p)
{
	atomic {
		zlock_irqsave(c, k, zf);
		buddy_give(k, p);
		p = 0;
		zunlock_irqrestore(c, k, zf) }
}

/* ---- one allocation or free in mode m, task level and hard IRQ ---- */

inline alloc_task(c, k, m)
{
	pcp_enter_task(c, k, m, ok, fl);
	if
	:: pcp_take(c, k, ok); pcp_exit_task(c, k, m, fl)
	:: atomic { !ok -> buddy_alloc(c, k) }
	fi;
	ok = 0
}

inline free_task(c, k, m, p)
{
	pcp_enter_task(c, k, m, ok, fl);
	if
	:: pcp_put(c, k, p, ok); pcp_exit_task(c, k, m, fl)
	:: atomic { !ok -> buddy_free(c, k, p) }
	fi;
	ok = 0; p = 0
}

/* An IRQ handler runs as one atomic sequence (see the Irq processes), so
 * these need no care about steps. */
inline alloc_irq(c, k, m)
{
	pcp_enter_irq(c, k, m, ok);
	if
	:: pcp_take(c, k, ok); pcp_exit_irq(c, k, m)
	:: !ok -> buddy_alloc(c, k)
	fi;
	ok = 0
}

inline free_irq(c, k, m, p)
{
	pcp_enter_irq(c, k, m, ok);
	if
	:: pcp_put(c, k, p, ok); pcp_exit_irq(c, k, m)
	:: !ok -> buddy_free(c, k, p)
	fi;
	ok = 0; p = 0
}

/*
 * drain_pages_zone(c) from the housekeeping CPU, under that pcp's lock
 * taken from afar (spin_lock; the holder's CPU is never interrupted). The
 * whole hold is one step once the lock is free: while it is held nothing
 * that keeps the protocol touches the pcp. The plant reads count before
 * taking the lock, as Linux 6.0-6.10 did (fixed by 66eca1021a42).
 */
inline remote_drain(c, k)
{
#ifdef PLANT_DRAIN_UNLOCKED_COUNT
	n = count[c];
	atomic {
		if
		:: n > 0 ->
			plock[c] == 0 -> plock[c] = k + 1; inside[c]++;
			free_pcppages_bulk(c, k, n);
			inside[c]--; plock[c] = 0
		:: else -> skip
		fi }
#else
	atomic {
		plock[c] == 0 -> plock[c] = k + 1; inside[c]++;
		n = count[c];
		free_pcppages_bulk(c, k, n);
		inside[c]--; plock[c] = 0 }
#endif
}

/*
 * pcp_nolock: allocation and free from any context (mm/page_alloc_nolock.c,
 * after Linux 6.15's alloc_pages_nolock / free_pages_nolock). Such a caller
 * only ever trylocks: the pcp (spin mode here), then zone->lock; a free
 * that gets neither is pushed on the zone's lock-free deferred list
 * (an llist: read the head, link to it, compare-and-swap the head), which
 * the next holder of zone->lock takes whole (one exchange) and frees.
 *
 * Two CPUs, each with a task that allocates and frees through the pcp
 * and the zone lock (every zone->lock acquisition drains the deferred
 * list first), and frees through the nolock path too; and an NMI that can
 * arrive between any two of the task's steps, IRQs off and zone->lock held
 * included, and allocates and frees with the nolock calls. At the end the
 * housekeeping CPU takes zone->lock once more.
 *
 * Checked: conservation, with the deferred list and the chain a drainer
 * has taken as two more containers; count; no deadlock; and that after
 * the final zone->lock hold the deferred list is empty.
 *
 * Plant: -DPLANT_LLIST_PLAIN_STORE (the push stores the new head instead
 * of compare-and-swapping it).
 */
#ifndef NP
#define NP 4			/* two pages start in the NMIs' hands */
#endif
#define NIL NP			/* the end of a deferred chain */
byte dnext[NP + 1] = NIL;	/* page->pcp_llist.next; dnext[NIL] stays NIL */
byte dhead = NIL;		/* zone->trylock_free_pages */
byte dwalk = NIL;		/* the chain a zone->lock holder took */

/* page p is on the chain from h (within NP links: a chain holds <= NP) */
#define ONCHAIN(h, p) ((h) == (p) || dnext[h] == (p) || \
	dnext[dnext[h]] == (p) || dnext[dnext[dnext[h]]] == (p))
#define NLIST_EXTRA(p) (ONCHAIN(dhead, p) + ONCHAIN(dwalk, p))

#include "pcp_state.pml"

#ifndef OPS
#define OPS 2			/* operations per task */
#endif
#ifndef NMIS
#define NMIS 1			/* NMIs per CPU */
#endif
#define MAXHELD 2
#define HIGH 2			/* pcp->high: a free that reaches it spills */

bit tdone[NCPU];		/* the CPU's task finished its operations */
bit in_nmi[NCPU];		/* an NMI handler runs on the CPU */
bit deferred_left;		/* the deferred list survived a zone->lock hold */

/*
 * With zone->lock held: take the deferred chain whole (llist_del_all, one
 * exchange), then free its pages one by one, each a step an NMI or another
 * CPU's push can come between.
 */
inline zone_drain_deferred(k)
{
	atomic { assert(zlock == k + 1); dwalk = dhead; dhead = NIL };
	do
	:: atomic { dwalk != NIL -> q = dwalk; dwalk = dnext[q];
		dnext[q] = NIL; buddy = buddy | B(q); q = 0 }
	:: atomic { dwalk == NIL -> break }
	od
}

/* spin_lock(&zone->lock) (IRQs play no part here), then the deferred */
inline zone_lock_drain(k)
{
	atomic { zlock == 0 -> zlock = k + 1 };
	zone_drain_deferred(k)
}

/* spin_trylock(&zone->lock); ok = 1 with it held and the deferred drained */
inline zone_trylock_drain(k, ok)
{
	atomic { if
		:: zlock == 0 -> zlock = k + 1; ok = 1
		:: else -> ok = 0
		fi };
	if
	:: ok -> zone_drain_deferred(k)
	:: else -> skip
	fi
}

inline zone_unlock(k)
{
	atomic { assert(zlock == k + 1); zlock = 0 }
}

/* llist_add: page p from context k onto the deferred list */
inline deferred_push(k, p)
{
	do
	:: q = dhead;
		dnext[p] = q;
#ifdef PLANT_LLIST_PLAIN_STORE
		atomic { dhead = p; own[k] = own[k] & ~B(p); q = 0; break }
#else
		if
		:: atomic { dhead == q -> dhead = p; own[k] = own[k] & ~B(p);
			q = 0; break }
		:: atomic { dhead != q -> skip }
		fi
#endif
	od
}

/* spin_trylock(&pcp->lock), the only pcp lock in this model */
inline pcp_trylock(c, k, ok)
{
	atomic { if
		:: plock[c] == 0 -> plock[c] = k + 1; inside[c]++; ok = 1
		:: else -> ok = 0
		fi }
}

inline pcp_unlock(c)
{
	atomic { inside[c]--; plock[c] = 0 }
}

/* Context: pcp c held. The first page off the list: read, write, count. */
inline pcp_pop(c, k)
{
	atomic { t = list[c]; p = LOWEST(t) };
	atomic { list[c] = t & ~B(p); own[k] = own[k] | B(p); t = 0; p = 0 };
	count_sub(c, 1)
}

/* Context: pcp c held. Push page p: read, write, count. */
inline pcp_push(c, k, p)
{
	t = list[c];
	atomic { list[c] = t | B(p); own[k] = own[k] & ~B(p); t = 0 };
	count_add(c, 1)
}

/*
 * alloc_pages_nolock: the pcp if it can be had and holds a page, else the
 * buddy lists if zone->lock can be had; else NULL (counted by reason).
 */
inline alloc_nolock(c, k)
{
	got = 0;
	pcp_trylock(c, k, ok);
	if
	:: ok && list[c] != 0 -> pcp_pop(c, k); got = 1; pcp_unlock(c)
	:: ok && list[c] == 0 -> pcp_unlock(c)
	:: else -> skip
	fi;
	if
	:: !got ->
		zone_trylock_drain(k, ok);
		if
		:: ok -> atomic { if
				:: buddy != 0 -> buddy_take(k, p); got = 1
				:: else -> skip
				fi; p = 0 };
			zone_unlock(k)
		:: else -> skip
		fi
	:: else -> skip
	fi;
	ok = 0
}

/*
 * free_pages_nolock, the trying half: the pcp, else the buddy lists.
 * ok = 0: neither could be had, the page is still in own[k].
 */
inline free_nolock_try(c, k, p)
{
	pcp_trylock(c, k, ok);
	if
	:: ok -> pcp_push(c, k, p); pcp_unlock(c)
	:: else ->
		zone_trylock_drain(k, ok);
		if
		:: ok -> buddy_give(k, p); zone_unlock(k)
		:: else -> skip
		fi
	fi
}

/* free_pages_nolock: as above, else onto the deferred list */
inline free_nolock(c, k, p)
{
	free_nolock_try(c, k, p);
	if
	:: !ok -> deferred_push(k, p)
	:: else -> skip
	fi;
	ok = 0; p = 0
}

/*
 * An ordinary allocation: the pcp (refilling one page through zone->lock
 * when empty), else the buddy lists under zone->lock.
 */
inline alloc_task(c, k)
{
	pcp_trylock(c, k, ok);
	if
	:: ok && list[c] != 0 -> pcp_pop(c, k)
	:: ok && list[c] == 0 ->
		zone_lock_drain(k);
		atomic { if
			:: buddy != 0 -> buddy_take(k, p)
			:: else -> skip
			fi; p = 0 };
		zone_unlock(k)
	:: else -> skip
	fi;
	if
	:: ok -> pcp_unlock(c)
	:: else ->
		zone_lock_drain(k);
		atomic { if
			:: buddy != 0 -> buddy_take(k, p)
			:: else -> skip
			fi; p = 0 };
		zone_unlock(k)
	fi;
	ok = 0
}

/* An ordinary free: the pcp, spilling all of it at high; else the buddy. */
inline free_task(c, k, p)
{
	pcp_trylock(c, k, ok);
	if
	:: ok -> pcp_push(c, k, p);
		if
		:: count[c] >= HIGH ->
			zone_lock_drain(k);
			atomic { buddy = buddy | list[c]; list[c] = 0;
				count[c] = 0 };
			zone_unlock(k)
		:: else -> skip
		fi;
		pcp_unlock(c)
	:: else -> zone_lock_drain(k); buddy_give(k, p); zone_unlock(k)
	fi;
	ok = 0; p = 0
}

proctype Task(byte c) provided (in_nmi[c] == 0)
{
	byte k = TASK(c);
	byte p, q, t, i;
	bit ok;

	do
	:: atomic { i < OPS && POP(own[k]) < MAXHELD -> i++ };
		alloc_task(c, k)
	:: atomic { i < OPS && own[k] != 0 -> i++; p = LOWEST(own[k]) };
		free_task(c, k, p)
	:: atomic { i < OPS && own[k] != 0 -> i++; p = LOWEST(own[k]) };
		free_nolock(c, k, p)
	:: break
	od;
	tdone[c] = 1
}

/*
 * An NMI on CPU c: whenever, IRQs off or not; it never waits for a lock.
 * It frees the page it holds (each starts with one, as if a BPF program
 * had allocated it in an earlier NMI), or allocates one if it holds none.
 * It runs as one atomic step up to the deferred push, whose three steps
 * (read the head, link, compare-and-swap) another CPU can come between.
 */
proctype Nmi(byte c)
{
	byte k = NMI(c);
	byte p, q, t;
	byte budget = NMIS;
	bit ok, got;

end:	do
	:: atomic { budget > 0 && !tdone[c] && !in_nmi[c] ->
		in_nmi[c] = 1; budget--;
		if
		:: own[k] == 0 -> alloc_nolock(c, k); ok = 1
		:: own[k] != 0 -> p = LOWEST(own[k]); free_nolock_try(c, k, p)
		fi;
		got = 0 };
		if
		:: atomic { !ok -> skip }; deferred_push(k, p)
		:: atomic { ok -> skip }
		fi;
		atomic { ok = 0; p = 0; in_nmi[c] = 0 }
	od
}

/* once all is quiet: the next zone->lock holder empties the deferred list */
active proctype Housekeeping()
{
	byte q;

	(tdone[0] && tdone[1] && !in_nmi[0] && !in_nmi[1]);
	zone_lock_drain(HK);
	zone_unlock(HK);
	if
	:: dhead != NIL -> deferred_left = 1; assert(!deferred_left)
	:: else -> skip
	fi
}

init
{
	atomic {
		/* each NMI holds a page from an earlier NMI */
		own[NMI(0)] = B(0); own[NMI(1)] = B(1); buddy = ALLPAGES & ~3;
		run Task(0); run Task(1);
		run Nmi(0); run Nmi(1)
	}
}

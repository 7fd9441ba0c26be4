/*
 * The state every pcp model shares: a zone of NP pages, two CPUs' per-CPU
 * lists, the locks, what each CPU is running, and the invariant monitor.
 *
 * A page is a bit. A container of pages is a bitmask: the zone's buddy
 * lists (`buddy`), each CPU's pcp list (`list[c]`), and what each context
 * holds (`own[k]`: pages it allocated, or is moving between two lists).
 * Conservation is then exact: every page is in exactly one container.
 *
 * A pcp list change by the section's owner is a read and a separate write
 * (`t = list[c]` ... `list[c] = t | B(p)`): that is the window in which two
 * unserialised writers corrupt a real list_head (a page added in the
 * window is lost, a page removed in it comes back). A count update is one
 * step, as `add` to memory is one instruction. The buddy lists change in
 * one step: they are only touched under zone->lock, which no model breaks.
 *
 * Contexts (k): the task on CPU c is k = c, the hard IRQ on CPU c is
 * 2 + c, the housekeeping CPU is HK, a preempting task (rt mode) is 5 + c,
 * an NMI on CPU c is 7 + c.
 */

#ifndef NP
#define NP 4			/* pages in the zone: 1 to 4 */
#endif
#define ALLPAGES ((1 << NP) - 1)
#define B(p) (1 << (p))
#define IN(m, p) (((m) >> (p)) & 1)
#define POP(m) (IN(m, 0) + IN(m, 1) + IN(m, 2) + IN(m, 3))
/* the page a list operation picks: any fixed choice will do */
#define LOWEST(m) (((m) & 1) -> 0 : (((m) & 2) -> 1 : (((m) & 4) -> 2 : 3)))

#define NCPU 2
#define TASK(c) (c)
#define IRQ(c) (2 + (c))
#define HK 4
#define PRE(c) (5 + (c))
#define NMI(c) (7 + (c))
#define NCTX 9

/* the five pcp lock modes (mm/pcp_lock.h), and the switch's pause */
#define M_IRQ 0
#define M_LOCAL 1
#define M_SPIN_IRQSAVE 2
#define M_SPIN 3
#define M_RT 4
#define M_PAUSED 5

/* which task-level context CPU c is running (rt: one may preempt another) */
#define CUR_TASK 0
#define CUR_PRE 1

byte buddy = ALLPAGES;		/* zone free lists (zone->lock) */
byte list[NCPU];		/* pcp lists (all orders and types in one) */
byte count[NCPU];		/* pcp->count */
byte own[NCTX];			/* pages a context holds */
byte zlock;			/* zone->lock: 0 free, else holder k + 1 */
byte plock[NCPU];		/* pcp->lock: 0 free, else holder k + 1 */
byte llock[NCPU];		/* the local lock's owner record (local mode) */
byte inside[NCPU];		/* ghost: contexts inside a pcp critical section */
bit irqs_off[NCPU];		/* IRQ flag of the task-level context */
bit in_irq[NCPU];		/* a hard IRQ handler runs on the CPU */
byte preempt[NCPU];		/* preempt count of the task-level context */
bit cur[NCPU];			/* CUR_TASK or CUR_PRE */

/*
 * Conservation: each page in exactly one container. NLIST_EXTRA(p) lets a
 * model add containers of its own (the nolock deferred list).
 */
#ifndef NLIST_EXTRA
#define NLIST_EXTRA(p) 0
#endif
#define PLACES(p) (IN(buddy, p) + IN(list[0], p) + IN(list[1], p) + \
	IN(own[0], p) + IN(own[1], p) + IN(own[2], p) + IN(own[3], p) + \
	IN(own[4], p) + IN(own[5], p) + IN(own[6], p) + IN(own[7], p) + \
	IN(own[8], p) + NLIST_EXTRA(p))
#define CONSERVED (PLACES(0) == 1 && (NP < 2 || PLACES(1) == 1) && \
	(NP < 3 || PLACES(2) == 1) && (NP < 4 || PLACES(3) == 1))
/* count agrees with the lists whenever nobody is inside the section */
#define COUNT_OK(c) (inside[c] != 0 || count[c] == POP(list[c]))

/*
 * The monitor: blocked while the invariants hold, so it adds no states; in
 * any reachable state where one fails it fires. Each property has a flag
 * of its own, so SPIN's report names it: "assertion violated
 * !(page_lost_or_doubled)".
 */
bit page_lost_or_doubled, count_wrong;

active proctype monitor()
{
end:	if
	:: atomic { !CONSERVED ->
		page_lost_or_doubled = 1; assert(!page_lost_or_doubled) }
	:: atomic { !(COUNT_OK(0) && COUNT_OK(1)) ->
		count_wrong = 1; assert(!count_wrong) }
	fi
}

/* ---- moves of one page ---- */

/* the write half of list_add: t is the list as read, p leaves k's hands */
inline list_write_add(c, k, t, p)
{
	list[c] = t | B(p); own[k] = own[k] & ~B(p)
}

/*
 * pcp->count += n is one instruction (add to memory): an IRQ on the same
 * CPU sees it before or after. Only the lock keeps other CPUs out.
 */
inline count_add(c, n)
{
	count[c] = count[c] + n
}

inline count_sub(c, n)
{
	count[c] = count[c] - n
}

/* ---- zone->lock and the buddy lists under it ---- */

/* __rmqueue: one page from the buddy lists to context k. Context: zone->lock */
inline buddy_take(k, p)
{
	atomic { assert(zlock == k + 1 && buddy != 0);
		p = LOWEST(buddy); buddy = buddy & ~B(p); own[k] = own[k] | B(p) }
}

/* __free_one_page: page p from context k back to the buddy lists */
inline buddy_give(k, p)
{
	atomic { assert(zlock == k + 1);
		buddy = buddy | B(p); own[k] = own[k] & ~B(p) }
}

/*
 * The allocation explainer's trace hook: the allocator calls EXPLAIN() at
 * each decision it makes (watermark check, pcp hit or refill, buddy split,
 * fallback, merge, spill, statistics), and while the shell's `explain`
 * command runs, the calls made by the shell thread itself are recorded
 * into a buffer that mm/explain_print.c turns into prose afterwards. The
 * hook never prints: it runs under zone->lock with IRQs off. Off, it costs
 * one load of a global and a branch. No big kernel has this; Linux's
 * closest are the kmem and pagealloc tracepoints.
 */
#ifndef MM_EXPLAIN_H
#define MM_EXPLAIN_H

#include "lib/types.h"

/* What happened; the arguments each event carries are in its comment. */
enum explain_ev {
	EX_ALLOC,	/* order, gfp, nid, migratetype, preferred zone */
	EX_ALLOC_DONE,	/* pfn (-1: failed), order, zone */
	EX_ATTEMPT,	/* alloc_flags of this zonelist walk */
	EX_ZONE_SKIP,	/* zone: above the request's highest zone type */
	EX_NOFRAG_STOP, /* zone of another node under ALLOC_NOFRAGMENT */
	EX_WMARK,	/* zone, order, free, min, reserve, ok */
	EX_DRAIN_RETRY, /* every CPU's lists drained before a last try */
	EX_PCP_ENTER,	/* zone, cpu, mode, count, irqs off, preempt count */
	EX_PCP_EXIT,	/* zone, count */
	EX_PCP_BUSY,	/* zone: the lists could not be entered */
	EX_PCP_REFILL,	/* zone, order, migratetype, blocks asked */
	EX_PCP_FILLED,	/* zone, blocks got, count */
	EX_PCP_POP,	/* pfn, order, migratetype, count */
	EX_ZONE_LOCK,	/* zone (IRQs saved and off) */
	EX_ZONE_UNLOCK, /* zone */
	EX_TAKE,	/* zone, pfn, order wanted, order found, migratetype */
	EX_SPLIT,	/* pfn of the half given back, its order, migratetype */
	EX_FALLBACK,	/* wanted migratetype, taken type, order, pfn */
	EX_CLAIM, /* pageblock pfn, free (-1: whole), alike, needed, claimed,
		     the type claimed for */
	EX_STAT_ALLOC, /* zone, pages, accurate, numa hit, numa local */
	EX_FREE,       /* pfn, order, zone, pageblock migratetype */
	EX_PCP_PUSH,   /* pfn, order, migratetype, count, high, free_high */
	EX_PCP_SPILL,  /* pages asked, batch, free_factor, high */
	EX_PCP_REFUSE, /* pfn: pageblock isolated, straight to the buddy */
	EX_BUDDY_FREE, /* zone, pfn, order, migratetype */
	EX_MERGE,      /* pfn, buddy pfn, order (joined into order + 1) */
	EX_PLACED,     /* pfn, order, migratetype, at the tail */
	EX_STAT_FREE,  /* pages */
	NR_EXPLAIN_EVS,
};

#define EXPLAIN_ARGS 6

struct explain_rec {
	u64 tsc;
	int ev;
	int cpu;
	long a[EXPLAIN_ARGS];
};

/* Whose calls are recorded (lock_owner_token()); NULL: nobody. */
extern const void *explain_owner;

/*
 * explain_record - keep one event if the running context is the one being
 * explained. Context: any, including under zone->lock with IRQs off; never
 * sleeps, never prints, takes no lock.
 */
void explain_record(int ev, long a0, long a1, long a2, long a3, long a4,
		    long a5);

#define EXPLAIN_PICK(_0, _1, _2, _3, _4, _5, _6, N, ...) N
#define EXPLAIN_1(ev)					 explain_record(ev, 0, 0, 0, 0, 0, 0)
#define EXPLAIN_2(ev, a)				 explain_record(ev, (long)(a), 0, 0, 0, 0, 0)
#define EXPLAIN_3(ev, a, b)				 explain_record(ev, (long)(a), (long)(b), 0, 0, 0, 0)
#define EXPLAIN_4(ev, a, b, c)                                                 \
	explain_record(ev, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define EXPLAIN_5(ev, a, b, c, d)                                              \
	explain_record(ev, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define EXPLAIN_6(ev, a, b, c, d, e)                                           \
	explain_record(ev, (long)(a), (long)(b), (long)(c), (long)(d),         \
		       (long)(e), 0)
#define EXPLAIN_7(ev, a, b, c, d, e, f)                                        \
	explain_record(ev, (long)(a), (long)(b), (long)(c), (long)(d),         \
		       (long)(e), (long)(f))

#ifdef HOST_TEST
/* The host tests build the mm core without the shell: nothing to record. */
#define EXPLAIN(...) ((void)0)
#else
/* EXPLAIN(EV, args...) - one decision, with up to six numbers. */
#define EXPLAIN(...)                                                           \
	do {                                                                   \
		if (unlikely(READ_ONCE(explain_owner) != NULL))                \
			EXPLAIN_PICK(__VA_ARGS__, EXPLAIN_7, EXPLAIN_6,        \
				     EXPLAIN_5, EXPLAIN_4, EXPLAIN_3,          \
				     EXPLAIN_2, EXPLAIN_1)                     \
			(__VA_ARGS__);                                         \
	} while (0)
#endif

#endif

/*
 * The explainer's narrator: the records the allocator's trace hook kept
 * (mm/explain.h), told in order as indented lines, each starting with a
 * word a reader (or a test) can look for: wmark, pcp, refill, buddy,
 * split, fallback, claim, lock, push, spill, merge, placed, stat, result.
 * A refill or spill of many blocks shows its first ones in full and sums
 * up the rest. Kernel only.
 */
#include "kernel/console.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/explain_internal.h"
#include "mm/internal.h"
#include "mm/pcp_lock.h"

/* Blocks of one refill or spill told in full before the rest is summed. */
#define EXPLAIN_FULL_BLOCKS 3

struct narrator {
	unsigned int order;  /* of the request */
	int wmark;	     /* the attempt's watermark index */
	int depth;	     /* indentation */
	bool in_refill;	     /* between EX_PCP_REFILL and EX_PCP_FILLED */
	bool in_spill;	     /* between EX_PCP_SPILL and its zone unlock */
	bool quiet;	     /* the current block is summed, not told */
	int blocks;	     /* taken or given back in this refill/spill */
	int merges;	     /* summed merges */
	int hist[MAX_ORDER]; /* summed blocks by order found or placed */
	u64 zone_tsc, pcp_tsc;
	int attempt;
};

static void say(const struct narrator *n, const char *fmt, ...) __printf(2, 3);

static void say(const struct narrator *n, const char *fmt, ...)
{
	char line[192];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	kprintf("%*s%s\n", 2 * n->depth, "", line);
}

static const char *zname(long z)
{
	return ((const struct zone *)z)->name;
}

static const char *mtname(long mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

static const char *const wmark_names[] = {"min", "low", "high"};

static void tell_alloc(struct narrator *n, const long *a)
{
	n->order = (unsigned int)a[0];
	say(n,
	    "explain: alloc order %ld (%lu page%s), gfp %#lx, type %s, "
	    "node %ld, preferred zone %s",
	    a[0], 1UL << a[0], a[0] ? "s" : "", a[1], mtname(a[3]), a[2],
	    a[4] ? zname(a[4]) : "none");
}

static void tell_attempt(struct narrator *n, long flags)
{
	n->depth = 0;
	n->wmark = (int)(flags & ALLOC_WMARK_MASK);
	say(n, "attempt %d: %s%s%s%s", ++n->attempt,
	    flags & ALLOC_NO_WATERMARKS ? "no watermark at all (__GFP_MEMALLOC)"
					: "",
	    flags & ALLOC_NO_WATERMARKS ? "" : wmark_names[n->wmark],
	    flags & ALLOC_NO_WATERMARKS ? "" : " watermark",
	    flags & ALLOC_NOFRAGMENT
		    ? ", other types' pageblocks only whole (ALLOC_NOFRAGMENT)"
	    : flags & ALLOC_HARDER ? ", __GFP_HIGH and cannot wait: may dip "
				     "below it"
	    : flags & ALLOC_HIGH   ? ", __GFP_HIGH: may dip below it"
				   : "");
	n->depth = 1;
}

/* a: zone, mark, free less the block's other pages, min used, reserve, ok */
static void tell_wmark(struct narrator *n, const long *a)
{
	long others = (1L << n->order) - 1;
	char lowered[32] = "";

	if (a[3] != a[1])
		ksnprintf(lowered, sizeof(lowered), " lowered to %ld", a[3]);
	say(n,
	    "wmark: zone %s node %d: %ld free - %ld = %ld, must be above %s "
	    "%ld%s + protection %ld = %ld: %s",
	    zname(a[0]), zone_to_nid((const struct zone *)a[0]), a[2] + others,
	    others, a[2], wmark_names[n->wmark], a[1], lowered, a[4],
	    a[3] + a[4],
	    a[5] == 1	? "ok"
	    : a[5] == 2 ? "above, but no free block of this order or larger"
			: "too low, next zone");
}

/* How each mode protects the lists (mm/pcp_lock.h), in words. */
static const char *const mode_how[NR_PCP_MODES + 1] = {
	[PCP_MODE_IRQ] = "local_irq_save: IRQs off, no lock",
	[PCP_MODE_LOCAL] = "pcp local lock, local_lock_irqsave: IRQs off",
	[PCP_MODE_SPIN_IRQSAVE] = "pinned, IRQs saved and off, pcp->lock by "
				  "trylock",
	[PCP_MODE_SPIN] = "pinned, pcp->lock by trylock, IRQs left on",
	[PCP_MODE_RT] = "migration disabled, pcp->lock (waits if busy), "
			"preemptible",
	[PCP_MODE_OFF] = "off",
};

/* a: zone, cpu, mode, count, irqs off, preempt count */
static void tell_pcp_enter(struct narrator *n, const struct explain_rec *r)
{
	const long *a = r->a;

	n->pcp_tsc = r->tsc;
	say(n,
	    "pcp: CPU %ld's lists for zone %s, mode %s (%s): IRQs %s, "
	    "preempt count %ld; count %ld",
	    a[1], zname(a[0]), pcp_mode_names[a[2]], mode_how[a[2]],
	    a[4] ? "off" : "on", a[5], a[3]);
	n->depth++;
}

static void tell_pcp_exit(struct narrator *n, const struct explain_rec *r)
{
	n->depth--;
	say(n,
	    "pcp: left the section after %llu cycles (tracing included); "
	    "count %ld",
	    (unsigned long long)(r->tsc - n->pcp_tsc), r->a[1]);
}

static void tell_refill(struct narrator *n, const long *a)
{
	say(n,
	    "refill: list order %ld %s is empty: ask the buddy for %ld "
	    "blocks (batch scaled by order)",
	    a[1], mtname(a[2]), a[3]);
	n->in_refill = true;
	n->blocks = 0;
	n->merges = 0;
	memset(n->hist, 0, sizeof(n->hist));
}

/* The blocks summed since the first few, by order; @inner names what
 * n->merges counted for them (splits or merges). */
static void tell_summed(struct narrator *n, const char *what, const char *inner)
{
	char line[160] = "";
	size_t len = 0;
	int total = 0;

	for (int o = 0; o < MAX_ORDER; o++) {
		if (!n->hist[o] || len >= sizeof(line))
			continue;
		total += n->hist[o];
		len += (size_t)ksnprintf(line + len, sizeof(line) - len,
					 "%s %d of order %d", len ? "," : "",
					 n->hist[o], o);
	}
	if (total)
		say(n, "... %d more block%s %s the same way:%s; %d %s", total,
		    total == 1 ? "" : "s", what, line, n->merges, inner);
	memset(n->hist, 0, sizeof(n->hist));
	n->merges = 0;
}

static void tell_filled(struct narrator *n, const long *a)
{
	n->depth = n->depth > 1 ? n->depth : 1;
	tell_summed(n, "taken", "splits");
	n->in_refill = false;
	n->quiet = false;
	say(n, "refill: got %ld block%s; count now %ld", a[1],
	    a[1] == 1 ? "" : "s", a[2]);
}

/* a: zone, pfn, order wanted, order found, migratetype */
static void tell_take(struct narrator *n, const long *a)
{
	if (n->in_refill && ++n->blocks > EXPLAIN_FULL_BLOCKS) {
		n->quiet = true;
		n->hist[a[3]]++;
		return;
	}
	n->quiet = false;
	say(n,
	    "buddy: smallest free %s block of order >= %ld: order %ld at "
	    "pfn %#lx; NR_FREE_PAGES -= %lu",
	    mtname(a[4]), a[2], a[3], a[1], 1UL << a[2]);
}

static void tell_split(struct narrator *n, const long *a)
{
	if (n->quiet)
		n->merges++;
	else
		say(n,
		    "  split: upper half, order %ld at pfn %#lx, back on "
		    "the %s free list",
		    a[1], a[0], mtname(a[2]));
}

static void tell_fallback(struct narrator *n, const long *a)
{
	say(n,
	    "fallback: no free %s block; take %s's order-%ld block at pfn "
	    "%#lx",
	    mtname(a[0]), mtname(a[1]), a[2], a[3]);
}

/* a: pageblock pfn, free (-1: whole), alike, needed, claimed, new type */
static void tell_claim(struct narrator *n, const long *a)
{
	if (a[1] < 0)
		say(n,
		    "claim: the block covers whole pageblocks from pfn %#lx:"
		    " retagged %s",
		    a[0], mtname(a[5]));
	else
		say(n,
		    "claim: pageblock at pfn %#lx: %ld free + %ld alike %s %ld "
		    "needed: %s",
		    a[0], a[1], a[2], a[4] ? ">=" : "<", a[3],
		    a[4] ? "the whole pageblock turns its type"
			 : "only this block is taken");
}

static void tell_zone_lock(struct narrator *n, const struct explain_rec *r)
{
	n->zone_tsc = r->tsc;
	say(n, "lock: zone %s's lock taken, IRQs saved and off",
	    zname(r->a[0]));
	n->depth++;
}

static void tell_zone_unlock(struct narrator *n, const struct explain_rec *r)
{
	if (n->in_spill || n->in_refill) {
		if (n->in_spill)
			tell_summed(n, "given back", "merges");
		else
			tell_summed(n, "taken", "splits");
		n->in_spill = false;
		n->quiet = false;
	}
	n->depth = n->depth > 1 ? n->depth - 1 : 0;
	say(n,
	    "lock: zone %s's lock released after %llu cycles (tracing "
	    "included); zone_lock += 1",
	    zname(r->a[0]), (unsigned long long)(r->tsc - n->zone_tsc));
}

/* a: zone, pages, accurate, numa hit, numa local */
static void tell_stat_alloc(struct narrator *n, const long *a)
{
	char name[16];
	size_t i;

	/* the counter's name as vmstat prints it */
	for (i = 0; i + 1 < sizeof(name) && zname(a[0])[i]; i++)
		name[i] = (char)ktolower(zname(a[0])[i]);
	name[i] = '\0';
	say(n, "stat: pgalloc_%s += %ld, %s += 1, %s += 1 (%s)", name, a[1],
	    a[3] ? "numa_hit" : "numa_miss", a[4] ? "numa_local" : "numa_other",
	    a[2] ? "exact counters, IRQs off: the irq mode"
		 : "per-CPU event counters, no lock");
}

static void tell_done(struct narrator *n, const long *a)
{
	n->depth = 0;
	if (a[0] < 0)
		say(n, "result: no zone could serve order %ld", a[1]);
	else
		say(n, "result: pfn %#lx order %ld zone %s", a[0], a[1],
		    zname(a[2]));
}

/* The allocation side; Return: false if @r is not one of its events. */
static bool tell_alloc_side(struct narrator *n, const struct explain_rec *r)
{
	const long *a = r->a;

	switch (r->ev) {
	case EX_ALLOC:
		tell_alloc(n, a);
		break;
	case EX_ATTEMPT:
		tell_attempt(n, a[0]);
		break;
	case EX_ZONE_SKIP:
		say(n,
		    "zone %s: skipped, above the highest zone this request "
		    "may use",
		    zname(a[0]));
		break;
	case EX_NOFRAG_STOP:
		say(n,
		    "zone %s is another node's: locality first, so walk "
		    "again allowing fragmentation",
		    zname(a[0]));
		break;
	case EX_WMARK:
		tell_wmark(n, a);
		break;
	case EX_DRAIN_RETRY:
		n->depth = 0;
		say(n, "drain: every CPU's lists given back to the buddy; "
		       "try once more");
		break;
	case EX_PCP_REFILL:
		tell_refill(n, a);
		break;
	case EX_PCP_FILLED:
		tell_filled(n, a);
		break;
	case EX_PCP_POP:
		say(n,
		    "pcp: took pfn %#lx (order %ld %s) from the hot end; "
		    "count %ld",
		    a[0], a[1], mtname(a[2]), a[3]);
		break;
	case EX_TAKE:
		tell_take(n, a);
		break;
	case EX_SPLIT:
		tell_split(n, a);
		break;
	case EX_FALLBACK:
		tell_fallback(n, a);
		break;
	case EX_CLAIM:
		tell_claim(n, a);
		break;
	case EX_STAT_ALLOC:
		tell_stat_alloc(n, a);
		break;
	case EX_ALLOC_DONE:
		tell_done(n, a);
		break;
	default:
		return false;
	}
	return true;
}

/* a: pfn, order, migratetype, count, high, free_high */
static void tell_push(struct narrator *n, const long *a)
{
	say(n,
	    "push: pfn %#lx onto the hot end of list order %ld %s; count "
	    "%ld, high %ld%s",
	    a[0], a[1], mtname(a[2]), a[3], a[4],
	    a[5]	  ? " (taken as 0: high-order frees in a row)"
	    : a[3] < a[4] ? ": below high, it stays"
			  : "");
}

/* a: pages, batch, free_factor before, high */
static void tell_spill(struct narrator *n, const long *a)
{
	say(n,
	    "spill: count reached high: give back %ld pages (batch %ld << "
	    "free_factor %ld, kept within batch..high-batch), cold ends "
	    "first, list by list",
	    a[0], a[1], a[2]);
	n->in_spill = true;
	n->blocks = 0;
	n->merges = 0;
	memset(n->hist, 0, sizeof(n->hist));
}

/* a: zone, pfn, order, migratetype */
static void tell_buddy_free(struct narrator *n, const long *a)
{
	if (n->in_spill && ++n->blocks > EXPLAIN_FULL_BLOCKS) {
		n->quiet = true;
		n->hist[a[2]]++;
		return;
	}
	n->quiet = false;
	say(n,
	    "buddy: free pfn %#lx order %ld (%s) in zone %s; "
	    "NR_FREE_PAGES += %lu",
	    a[1], a[2], mtname(a[3]), zname(a[0]), 1UL << a[2]);
}

static void tell_merge(struct narrator *n, const long *a)
{
	if (n->quiet) {
		n->merges++;
		return;
	}
	say(n,
	    "  merge: buddy pfn %#lx (order %ld) is free too: together "
	    "order %ld at pfn %#lx",
	    a[1], a[2], a[2] + 1, a[0] & a[1]);
}

/* a: pfn, order, migratetype, at the tail */
static void tell_placed(struct narrator *n, const long *a)
{
	if (n->quiet)
		return;
	if (a[1] >= MAX_ORDER - 1)
		say(n,
		    "  placed: order %ld at pfn %#lx on the %s free list, "
		    "the largest order",
		    a[1], a[0], mtname(a[2]));
	else
		say(n,
		    "  placed: order %ld at pfn %#lx on the %s free list (%s);"
		    " its buddy pfn %#lx is not a free order-%ld block",
		    a[1], a[0], mtname(a[2]),
		    a[3] ? "tail: its parent's buddy is free, may merge soon"
			 : "head",
		    a[0] ^ (1L << a[1]), a[1]);
}

/* The free side; Return: false if @r is not one of its events. */
static bool tell_free_side(struct narrator *n, const struct explain_rec *r)
{
	const long *a = r->a;

	switch (r->ev) {
	case EX_FREE:
		n->depth = 0;
		say(n,
		    "explain: free pfn %#lx order %ld (%lu page%s) of zone "
		    "%s, pageblock %s",
		    a[0], a[1], 1UL << a[1], a[1] ? "s" : "", zname(a[2]),
		    mtname(a[3]));
		n->depth = 1;
		break;
	case EX_PCP_REFUSE:
		if (a[1])
			say(n,
			    "pcp: pfn %#lx's zone has its lists disabled "
			    "(zone_pcp_disable): straight to the buddy",
			    a[0]);
		else
			say(n,
			    "pcp: pfn %#lx's pageblock is isolated: straight "
			    "to the buddy's isolate list",
			    a[0]);
		break;
	case EX_PCP_PUSH:
		tell_push(n, a);
		break;
	case EX_PCP_SPILL:
		tell_spill(n, a);
		break;
	case EX_BUDDY_FREE:
		tell_buddy_free(n, a);
		break;
	case EX_MERGE:
		tell_merge(n, a);
		break;
	case EX_PLACED:
		tell_placed(n, a);
		break;
	case EX_STAT_FREE:
		n->depth = 1;
		say(n, "stat: pgfree += %ld (event counter, this CPU)", a[0]);
		break;
	default:
		return false;
	}
	return true;
}

void explain_print(const struct explain_rec *r, int nr, int lost)
{
	struct narrator n = {0};

	for (int i = 0; i < nr; i++, r++) {
		if (tell_alloc_side(&n, r) || tell_free_side(&n, r))
			continue;
		switch (r->ev) {
		case EX_PCP_ENTER:
			tell_pcp_enter(&n, r);
			break;
		case EX_PCP_EXIT:
			tell_pcp_exit(&n, r);
			break;
		case EX_PCP_BUSY:
			say(&n,
			    "pcp: lists of zone %s not entered (pcp->lock "
			    "busy, or the mode switching): the buddy serves",
			    zname(r->a[0]));
			break;
		case EX_ZONE_LOCK:
			tell_zone_lock(&n, r);
			break;
		case EX_ZONE_UNLOCK:
			tell_zone_unlock(&n, r);
			break;
		}
	}
	if (lost)
		kprintf("explain: %d more steps did not fit in the record of "
			"%d\n",
			lost, EXPLAIN_MAX);
}

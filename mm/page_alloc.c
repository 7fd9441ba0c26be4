/*
 * The page allocator's front door: gfp flags to zones and migratetypes,
 * the zonelist walk against watermarks, counting, and the free path.
 * Mirrors Linux's __alloc_pages, get_page_from_freelist, rmqueue,
 * prep_new_page and __free_pages, minus reclaim and compaction: when every
 * zone is below its watermark the answer is NULL, never a panic.
 */
#include "mm/gfp.h"
#include "arch/x86/tsc.h"
#include "lib/ratelimit.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/buddy.h"
#include "mm/explain.h"
#include "mm/internal.h"
#include "mm/page_debug.h"
#include "mm/pcp.h"
#include "mm/vmstat.h"
#include "mm/watermark.h"

enum zone_type gfp_zone(gfp_t gfp)
{
	/* both set is meaningless (Linux BUGs); take the stricter */
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

int gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	if (gfp & __GFP_RECLAIMABLE)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

/*
 * The second attempt digs to the min watermark; __GFP_HIGH may go to half
 * of it, and a __GFP_HIGH caller that cannot sleep either (GFP_ATOMIC) a
 * further quarter: it has no other way to get memory. __GFP_MEMALLOC
 * gets no say here: it ignores watermarks only in a third attempt, once
 * every zone has refused at min (as Linux's slow path orders it).
 */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH) {
		flags |= ALLOC_HIGH;
		if (!(gfp & __GFP_DIRECT_RECLAIM))
			flags |= ALLOC_HARDER;
	}
	return flags;
}

bool zone_allowed(const struct alloc_context *ac, const struct zone *z)
{
	return z->zone_idx <= ac->highest_zoneidx &&
	       (!ac->thisnode || zone_to_nid(z) == ac->nid);
}

/* Return: false when no zone at all may serve this request. */
bool prepare_alloc_context(int nid, gfp_t gfp, struct alloc_context *ac)
{
	struct zone **zp;

	ac->nid = nid;
	ac->highest_zoneidx = gfp_zone(gfp);
	ac->migratetype = gfp_migratetype(gfp);
	ac->thisnode = gfp & __GFP_THISNODE;
	ac->zonelist = NODE_DATA(nid)->node_zonelist;
	ac->preferred_zone = NULL;
	for (zp = ac->zonelist; *zp; zp++) {
		if (zone_allowed(ac, *zp)) {
			ac->preferred_zone = *zp;
			return true;
		}
	}
	return false;
}

/*
 * rmqueue - take 2^@order pages from @z and count them.
 *
 * Orders 0..3 and the pageblock order first try this CPU's list for @z
 * (refilled in batches by mm/pcp.c) and come down to the buddy only when
 * the list cannot serve (its lock busy, the mode off, or the buddy empty
 * during the refill); other orders come straight to the buddy.
 * Context: task or hard IRQ; takes zone->lock with IRQs saved.
 */
static struct page *rmqueue(struct zone *preferred, struct zone *z,
			    unsigned int order, int mt,
			    unsigned int alloc_flags)
{
	unsigned long flags = 0;
	struct page *page;
	bool accurate;

	if (pcp_allowed_order(order)) {
		page = pcp_rmqueue(preferred, z, order, mt, alloc_flags);
		if (page)
			return page; /* counted */
	}
	/* the irq mode counts with IRQs off, as before 5.14 */
	accurate = pcp_stats_accurate();
	if (accurate)
		local_irq_save(flags);
	page = buddy_rmqueue(z, order, mt, alloc_flags);
	if (page)
		count_alloc(preferred, z, order, 1, accurate);
	if (accurate)
		local_irq_restore(flags);
	return page;
}

/*
 * Linux's alloc_flags_nofragment: a request whose preferred zone is
 * Normal, on a node that also has DMA32, first tries every zone of the
 * node without breaking up other types' pageblocks. Fragmenting Normal
 * costs more than using DMA32, which lowmem_reserve protects anyway.
 */
unsigned int alloc_flags_nofragment(const struct alloc_context *ac)
{
	const struct zone *z = ac->preferred_zone;

	if (z->zone_idx != ZONE_NORMAL ||
	    !zone_managed_pages(&z->zone_pgdat->node_zones[ZONE_DMA32]))
		return 0;
	return ALLOC_NOFRAGMENT;
}

/*
 * One walk of the zonelist: the first allowed zone that passes its
 * watermark and has a block. Return: the page, or NULL; *@retry is set
 * when ALLOC_NOFRAGMENT reached another node's zones, where locality
 * matters more than fragmentation, so the caller walks again without it.
 * Context: any; takes each tried zone's lock with IRQs saved.
 */
static struct page *walk_zonelist(const struct alloc_context *ac,
				  unsigned int order, unsigned int alloc_flags,
				  bool *retry)
{
	struct zone **zp;

	*retry = false;
	EXPLAIN(EX_ATTEMPT, alloc_flags);
	for (zp = ac->zonelist; *zp; zp++) {
		struct zone *z = *zp;
		struct page *page;
		unsigned long mark;

		if (!zone_allowed(ac, z)) {
			EXPLAIN(EX_ZONE_SKIP, z);
			continue;
		}
		if ((alloc_flags & ALLOC_NOFRAGMENT) &&
		    zone_to_nid(z) != zone_to_nid(ac->preferred_zone)) {
			EXPLAIN(EX_NOFRAG_STOP, z);
			*retry = true;
			return NULL;
		}
		mark = wmark_pages(z, alloc_flags & ALLOC_WMARK_MASK);
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(z, order, mark, ac->highest_zoneidx,
				       alloc_flags))
			continue;
		page = rmqueue(ac->preferred_zone, z, order, ac->migratetype,
			       alloc_flags);
		if (page)
			return page;
	}
	*retry = alloc_flags & ALLOC_NOFRAGMENT;
	return NULL;
}

/* The zonelist walk, again without ALLOC_NOFRAGMENT if that failed. */
static struct page *get_page_from_freelist(const struct alloc_context *ac,
					   unsigned int order,
					   unsigned int alloc_flags)
{
	bool retry;
	struct page *page = walk_zonelist(ac, order, alloc_flags, &retry);

	if (!page && retry)
		page = walk_zonelist(ac, order, alloc_flags & ~ALLOC_NOFRAGMENT,
				     &retry);
	return page;
}

/*
 * The attempts in Linux's order: the low watermark (avoiding other types'
 * pageblocks), then min with the caller's privileges; a caller that may
 * wait then has every CPU's lists drained and tries min once more (Linux
 * drains in its direct-reclaim step); __GFP_MEMALLOC last, with no
 * watermark at all.
 */
static struct page *alloc_attempts(const struct alloc_context *ac, gfp_t gfp,
				   unsigned int order)
{
	struct page *page = get_page_from_freelist(
		ac, order, ALLOC_WMARK_LOW | alloc_flags_nofragment(ac));

	if (!page)
		page = get_page_from_freelist(ac, order,
					      gfp_to_alloc_flags(gfp));
	if (!page && pcp_drain_for_retry(gfp)) {
		EXPLAIN(EX_DRAIN_RETRY);
		page = get_page_from_freelist(ac, order,
					      gfp_to_alloc_flags(gfp));
	}
	if (!page && (gfp & __GFP_MEMALLOC))
		page = get_page_from_freelist(ac, order, ALLOC_NO_WATERMARKS);
	return page;
}

/* Make a block taken off the lists the caller's. Context: any. */
void prep_new_page(struct page *page, unsigned int order, gfp_t gfp, int mt,
		   unsigned long caller)
{
	page_debug_alloc_check(page, order);
	page->order = (u8)order;
	page->migratetype = (u8)mt;
	page->caller = caller;
	__SetPageAllocated(page);
	mod_zone_page_state(page_zone(page), NR_ALLOC_PAGES, 1L << order);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, (size_t)PAGE_SIZE << order);
}

/* Failures come in bursts (an IRQ handler retrying): 10 lines per 5 s. */
static struct ratelimit_state warn_alloc_rs = RATELIMIT_STATE_INIT(
	"warn_alloc", RATELIMIT_DEFAULT_INTERVAL_NS, RATELIMIT_DEFAULT_BURST);

void warn_alloc_reset(void)
{
	ratelimit_reset(&warn_alloc_rs);
}

/*
 * Why no allowed zone served @order, in words zoneinfo can confirm: lowmem
 * protection when a zone's pages stayed above min but not above min plus
 * its reserve for this request's highest zone; a missing block when the
 * order is above 0; else the min watermark.
 */
static void alloc_fail_cause(const struct alloc_context *ac, unsigned int order,
			     char *buf, size_t size)
{
	struct zone **zp;

	for (zp = ac->zonelist; *zp; zp++) {
		struct zone *z = *zp;
		/* exact, as the checks that refused were: a failure is rare */
		long after = (long)zone_page_state_snapshot(z, NR_FREE_PAGES) -
			     (1L << order);
		long mark = (long)wmark_pages(z, WMARK_MIN);
		long prot = z->lowmem_reserve[ac->highest_zoneidx];

		if (zone_allowed(ac, z) && prot > 0 && after >= mark &&
		    after < mark + prot) {
			ksnprintf(buf, size,
				  "lowmem protection: zone %s keeps %ld pages "
				  "for requests no higher zone can serve",
				  z->name, prot);
			return;
		}
	}
	if (order)
		ksnprintf(buf, size,
			  "none above its min watermark with a free block of "
			  "order %u or larger",
			  order);
	else
		ksnprintf(buf, size,
			  "every allowed zone is at its min watermark");
}

/*
 * The one line a failed allocation prints (unless __GFP_NOWARN or rate
 * limited; the next line printed says how many were held back).
 */
static void warn_alloc(const struct alloc_context *ac, gfp_t gfp,
		       unsigned int order, unsigned long caller)
{
	unsigned long free = 0;
	struct zone **zp;
	char cause[128];
	int suppressed;

	if (gfp & __GFP_NOWARN)
		return;
	if (!ratelimit_allow(&warn_alloc_rs, ktime_ns(), &suppressed))
		return;
	if (suppressed)
		pr_warn("page_alloc: %d allocation failure warnings "
			"suppressed\n",
			suppressed);
	for (zp = ac->zonelist; *zp; zp++)
		if (zone_allowed(ac, *zp))
			free += zone_page_state_snapshot(*zp, NR_FREE_PAGES);
	alloc_fail_cause(ac, order, cause, sizeof(cause));
	pr_warn("page_alloc: out of memory: order %u gfp 0x%x node %d: "
		"allowed zones have %lu free pages; %s (from %pS)\n",
		order, gfp, ac->nid, free, cause, (void *)caller);
}

/* The body of every allocation API. Context: as alloc_pages_node. */
struct page *alloc_pages_caller(int nid, gfp_t gfp, unsigned int order,
				unsigned long caller)
{
	struct alloc_context ac;
	struct page *page = NULL;

	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page_alloc: order %u is impossible, the "
				"largest is %d (from %pS)\n",
				order, MAX_ORDER - 1, (void *)caller);
		return NULL;
	}
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (!node_online(nid)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page_alloc: node %d is not online (from "
				"%pS)\n",
				nid, (void *)caller);
		return NULL;
	}
	if (prepare_alloc_context(nid, gfp, &ac)) {
		EXPLAIN(EX_ALLOC, order, gfp, nid, ac.migratetype,
			ac.preferred_zone);
		page = alloc_attempts(&ac, gfp, order);
	}
	EXPLAIN(EX_ALLOC_DONE, page ? (long)page_to_pfn(page) : -1L, order,
		page ? page_zone(page) : NULL);
	if (!page) {
		warn_alloc(&ac, gfp, order, caller);
		return NULL;
	}
	prep_new_page(page, order, gfp, ac.migratetype, caller);
	return page;
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return alloc_pages_caller(nid, gfp, order, RET_IP);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_caller(NUMA_NO_NODE, gfp, order, RET_IP);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page =
		alloc_pages_caller(NUMA_NO_NODE, gfp, order, RET_IP);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	struct page *page =
		alloc_pages_caller(NUMA_NO_NODE, gfp | __GFP_ZERO, 0, RET_IP);

	return page ? (unsigned long)page_address(page) : 0;
}

/*
 * Give a block back: vet it, account it, poison it, then put it on this
 * CPU's list (pcp orders, isolated pageblocks excepted: they reach the
 * buddy in batches) or merge it into the buddy. PGFREE counts it either
 * way, fallbacks included.
 * Context: task or hard IRQ; takes zone->lock with IRQs saved.
 */
bool free_pages_prepare(struct page *page, unsigned int order,
			unsigned long caller)
{
	if (!page_debug_free_prepare(page, order, caller))
		return false;
	page->caller = caller;
	mod_zone_page_state(page_zone(page), NR_ALLOC_PAGES, -(1L << order));
	page_debug_poison(page, order, caller);
	return true;
}

static void free_pages_caller(struct page *page, unsigned int order,
			      unsigned long caller)
{
	struct zone *z;

	if (!free_pages_prepare(page, order, caller))
		return;
	z = page_zone(page);
	EXPLAIN(EX_FREE, page_to_pfn(page), order, z,
		get_pageblock_migratetype(page));
	if (!pcp_allowed_order(order) || !pcp_free(z, page, order))
		buddy_free(z, page, order);
	count_vm_events(PGFREE, 1UL << order);
	EXPLAIN(EX_STAT_FREE, 1UL << order);
}

void __free_pages(struct page *page, unsigned int order)
{
	free_pages_caller(page, order, RET_IP);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		free_pages_caller(virt_to_page((void *)addr), order, RET_IP);
}

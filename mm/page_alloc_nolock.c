/*
 * Allocation and free from any context, NMI included: alloc_pages_nolock
 * and free_pages_nolock (Linux 6.15's try_alloc_pages/free_pages_nolock,
 * renamed alloc_pages_nolock in 6.16). Nothing here ever waits: this
 * CPU's pcp->lock and zone->lock are only trylocked, and a free that gets
 * neither goes on the zone's deferred list (mm/pcp_deferred.c).
 *
 * Which contexts may use this CPU's lists, by mode:
 *   irq, local     task and hard IRQ: the section takes no lock that can
 *                  be held against them (a holder has IRQs off). NMI: no;
 *                  it may have landed inside a section, which only IRQs
 *                  being off protects, and nothing tells it so. The zone.
 *   spin_irqsave,  everyone trylocks pcp->lock, NMI too: it is one word
 *   spin, rt       taken with a compare-and-swap. A task in rt mode, which
 *                  would wait for it elsewhere, trylocks here.
 *   off            (a switch in progress) nobody: the zone.
 * Where Linux fails silently, every reason is a vmstat event
 * (nolock_pcp_busy, nolock_mode_forbids, nolock_fail_*).
 */
#include "mm/gfp.h"
#include "mm/buddy.h"
#include "mm/internal.h"
#include "mm/pcp_deferred.h"
#include "mm/pcp_internal.h"
#include "mm/watermark.h"
#include "lib/printk.h"

/* How an any-context section was entered, for nolock_pcp_exit. */
struct nolock_section {
	struct pcp_section s;
	enum pcpu_pin pin; /* lock modes: how the caller was pinned */
};

/*
 * Leave a lock mode's section: unlock if taken, IRQs back, unpin the way
 * nolock_enter_lock pinned. Context: the section's owner.
 */
static void nolock_leave_lock(struct nolock_section *ns, int mode, bool locked)
{
	if (locked)
		pcp_spin_unlock(&ns->s.pcp->lock);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_restore(ns->s.flags);
	pcpu_task_unpin(ns->pin);
}

/*
 * spin_irqsave, spin, rt: pin, trylock pcp->lock, trust the mode only
 * after that barrier. Interrupts pin by preemption whatever the mode: an
 * NMI must not touch the interrupted thread's migrate count.
 * Context: any. Return: PCP_ENTERED, PCP_BUSY or PCP_STALE.
 */
static int nolock_enter_lock(int zid, struct nolock_section *ns, int mode)
{
	ns->pin = mode == PCP_MODE_RT && !in_interrupt() ? PCPU_PIN_MIGRATE
							 : PCPU_PIN_PREEMPT;
	ns->s.pcp = pcpu_task_pin(&pcp_sets[zid], ns->pin);
	if (mode == PCP_MODE_SPIN_IRQSAVE)
		local_irq_save(ns->s.flags);
	if (!pcp_spin_trylock(&ns->s.pcp->lock)) {
		nolock_leave_lock(ns, mode, false);
		count_vm_events(PCP_TRYLOCK_FAIL, 1);
		return PCP_BUSY;
	}
	if (likely(pcp_mode_valid(mode)))
		return PCP_ENTERED;
	nolock_leave_lock(ns, mode, true);
	return PCP_STALE;
}

/*
 * This CPU's lists for zone slot @zid, if this context may have them
 * without waiting; else NULL, counted as pcp busy or mode forbids.
 * Context: any.
 */
static struct per_cpu_pages *nolock_pcp_enter(int zid,
					      struct nolock_section *ns)
{
	int mode = pcp_mode_hint();
	int r = PCP_STALE;

	ns->s.remote = false;
	switch (pcp_mode_fold(mode)) {
	case PCP_MODE_IRQ:
	case PCP_MODE_LOCAL:
		if (!in_nmi())
			r = pcp_enter_mode(zid, &ns->s, mode);
		break;
	case PCP_MODE_SPIN_IRQSAVE:
	case PCP_MODE_SPIN:
	case PCP_MODE_RT:
		r = nolock_enter_lock(zid, ns, pcp_mode_fold(mode));
		break;
	default:
		break; /* off: a switch is in progress */
	}
	if (r == PCP_ENTERED) {
		ns->s.mode = mode;
		return ns->s.pcp;
	}
	count_vm_events(r == PCP_BUSY ? NOLOCK_PCP_BUSY : NOLOCK_MODE_FORBIDS,
			1);
	return NULL;
}

/* Undo nolock_pcp_enter. Context: the section's owner, same CPU. */
static void nolock_pcp_exit(struct nolock_section *ns)
{
	int mode = pcp_mode_fold(ns->s.mode);

	if (pcp_mode_has_lock(mode))
		nolock_leave_lock(ns, mode, true);
	else
		pcp_exit(&ns->s);
}

/*
 * One block off this CPU's list for @z, refilled (zone->lock trylocked)
 * when empty. Context: any. Return: the block, or NULL.
 */
static struct page *nolock_pcp_alloc(struct zone *z, unsigned int order, int mt)
{
	struct nolock_section ns;
	struct page *page;

	if (!nolock_pcp_enter(zone_id(z), &ns))
		return NULL;
	ns.s.pcp->free_factor >>= 1;
	page = pcp_pop_locked(z, &ns.s, order, mt, ALLOC_TRYLOCK);
	nolock_pcp_exit(&ns);
	return page;
}

/*
 * One block from @z's buddy, if zone->lock can be had now; the deferred
 * frees go first. Context: any. Return: the block, or NULL with *@busy
 * set when the lock was the reason.
 */
static struct page *nolock_zone_alloc(struct zone *z, unsigned int order,
				      int mt, bool *busy)
{
	unsigned long flags;
	struct page *page;

	if (!spin_trylock_irqsave(&z->lock, &flags)) {
		*busy = true;
		return NULL;
	}
	count_vm_events(ZONE_LOCK, 1);
	zone_deferred_flush(z);
	page = buddy_rmqueue_locked(z, order, mt, 0);
	spin_unlock_irqrestore(&z->lock, flags);
	return page;
}

/* Count a block from @z as alloc_pages_caller does. Context: any. */
static void nolock_count_alloc(struct zone *preferred, struct zone *z,
			       unsigned int order)
{
	bool accurate = pcp_stats_accurate();
	unsigned long flags = 0;

	/* the irq mode counts with IRQs off, as before 5.14 */
	if (accurate)
		local_irq_save(flags);
	count_alloc(preferred, z, order, 1, accurate);
	if (accurate)
		local_irq_restore(flags);
}

/*
 * The zonelist walk: each allowed zone above its min watermark, its
 * lists first, then its buddy. Context: any. Return: the block (counted),
 * or NULL with the failure counted (zone busy if any zone's lock was).
 */
static struct page *nolock_walk(const struct alloc_context *ac,
				unsigned int order)
{
	bool busy = false;
	struct zone **zp;

	for (zp = ac->zonelist; *zp; zp++) {
		struct zone *z = *zp;
		struct page *page;

		if (!zone_allowed(ac, z) ||
		    !zone_watermark_ok(z, order, wmark_pages(z, WMARK_MIN),
				       ac->highest_zoneidx, 0))
			continue;
		page = nolock_pcp_alloc(z, order, ac->migratetype);
		if (!page)
			page = nolock_zone_alloc(z, order, ac->migratetype,
						 &busy);
		if (page) {
			nolock_count_alloc(ac->preferred_zone, z, order);
			return page;
		}
	}
	count_vm_events(busy ? NOLOCK_FAIL_ZONE_BUSY : NOLOCK_FAIL_EMPTY, 1);
	return NULL;
}

struct page *alloc_pages_nolock(int nid, unsigned int order)
{
	struct alloc_context ac;
	struct page *page;

	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		count_vm_events(NOLOCK_FAIL_ORDER, 1);
		return NULL;
	}
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	if (!node_online(nid)) {
		pr_warn("alloc_pages_nolock: node %d is not online (from "
			"%pS)\n",
			nid, (void *)RET_IP);
		return NULL;
	}
	if (!prepare_alloc_context(nid, __GFP_ZERO | __GFP_NOWARN, &ac)) {
		count_vm_events(NOLOCK_FAIL_EMPTY, 1);
		return NULL;
	}
	page = nolock_walk(&ac, order);
	if (!page)
		return NULL;
	prep_new_page(page, order, __GFP_ZERO, ac.migratetype, RET_IP);
	count_vm_events(NOLOCK_ALLOC, 1);
	return page;
}

/*
 * Onto this CPU's list, unless that would pass high: a spill would hold
 * zone->lock for a batch, and a disabled zone (high 0) keeps nothing.
 * Context: any. Return: false if the list did not take it.
 */
static bool nolock_pcp_free(struct zone *z, struct page *page,
			    unsigned int order)
{
	int mt = get_pageblock_migratetype(page);
	struct nolock_section ns;
	struct per_cpu_pages *pcp;
	bool taken = false;

	if (is_migrate_isolate(mt))
		return false;
	pcp = nolock_pcp_enter(zone_id(z), &ns);
	if (!pcp)
		return false;
	if (pcp->count + (1 << order) <= READ_ONCE(pcp->high)) {
		page->migratetype = (u8)mt;
		list_add(&page->pcp_list,
			 &pcp->lists[order_to_pindex(mt, order)]);
		pcp->count += 1 << order;
		taken = true;
	}
	nolock_pcp_exit(&ns);
	return taken;
}

/* To the buddy if zone->lock can be had now. Context: any. */
static bool nolock_zone_free(struct zone *z, struct page *page,
			     unsigned int order)
{
	unsigned long flags;

	if (!spin_trylock_irqsave(&z->lock, &flags))
		return false;
	count_vm_events(ZONE_LOCK, 1);
	zone_deferred_flush(z);
	buddy_free_block_locked(z, page, order);
	spin_unlock_irqrestore(&z->lock, flags);
	return true;
}

void free_pages_nolock(struct page *page, unsigned int order)
{
	struct zone *z;

	if (!free_pages_prepare(page, order, RET_IP))
		return;
	z = page_zone(page);
	count_vm_events(PGFREE, 1UL << order);
	count_vm_events(NOLOCK_FREE, 1);
	if (pcp_allowed_order(order) && nolock_pcp_free(z, page, order))
		return;
	if (!nolock_zone_free(z, page, order))
		zone_deferred_push(z, page, order);
}

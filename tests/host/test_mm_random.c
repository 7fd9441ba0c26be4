/*
 * Model-based random test of the whole allocator: a million random
 * allocations and frees of random orders, gfp flags, nodes and CPUs over
 * two nodes and four zones with holes, checked against a simple reference
 * model that records the owner of every page and each zone's free count
 * and predicts which zone must serve each request (or that none can).
 * mm_check and a page-by-page owner comparison run every 10,000 ops.
 *
 * MM_RANDOM_SEED=n picks the seed (printed), MM_RANDOM_OPS=n the length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/percpu.h"
#include "lib/prng.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/page_debug.h"
#include "mm/vmstat.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/host_env.h"

#define NR_PAGES    6144
#define CHECK_EVERY 10000
#define NO_OWNER    (-1)

static const struct arena_layout layout = {
	.nr_pages = NR_PAGES,
	.nr_nodes = 2,
	.nr_zones = 4,
	.zones = {{0, ZONE_DMA, 0, 700},
		  {0, ZONE_DMA32, 700, 2600},
		  {1, ZONE_DMA32, 2600, 3000},
		  {1, ZONE_NORMAL, 3000, NR_PAGES}},
	.nr_free = 2,
	.free = {{3, 2000}, {2010, 6100}},
};

struct live {
	struct page *page;
	unsigned int order;
	u64 tag; /* written into each page, checked at free */
};

/* The reference model and the run's state. */
struct model {
	struct ht *t;
	struct prng rng;
	int owner[NR_PAGES]; /* index into live[], or NO_OWNER */
	struct live live[NR_PAGES];
	int nr_live;
	long free[MAX_NUMNODES * MAX_NR_ZONES]; /* pages, per zone */
	unsigned long numa[MAX_NUMNODES * MAX_NR_ZONES][NR_VM_NUMA_EVENT_ITEMS];
	unsigned long pgalloc[MAX_NR_ZONES]; /* pages, per zone type */
	u64 next_tag;
	unsigned long allocs, alloc_pages, frees, free_pages, fails;
	bool touch_memory;
};

static int zone_index(const struct zone *z)
{
	return z->node * MAX_NR_ZONES + z->zone_idx;
}

static long *model_free(struct model *m, const struct zone *z)
{
	return &m->free[zone_index(z)];
}

/* Independent restatement of the gfp rules in mm/page_alloc.c. */
static unsigned int model_alloc_flags(gfp_t gfp)
{
	unsigned int f = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		f |= ALLOC_HIGH;
	if ((gfp & __GFP_HIGH) && !(gfp & __GFP_DIRECT_RECLAIM))
		f |= ALLOC_HARDER;
	return f;
}

static bool has_block(const struct zone *z, unsigned int order)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

static bool model_zone_ok(struct model *m, const struct zone *z,
			  unsigned int order, int highest, unsigned int flags)
{
	long free = *model_free(m, z) - ((1L << order) - 1);
	long min = (long)z->_watermark[flags & ALLOC_WMARK_MASK];

	if (!(flags & ALLOC_NO_WATERMARKS)) {
		if (flags & ALLOC_HIGH)
			min -= min / 2;
		if (flags & ALLOC_HARDER)
			min -= min / 4;
		if (free <= min + z->lowmem_reserve[highest])
			return false;
	}
	return has_block(z, order);
}

static int gfp_highest(gfp_t gfp)
{
	return gfp & __GFP_DMA	   ? ZONE_DMA
	       : gfp & __GFP_DMA32 ? ZONE_DMA32
				   : ZONE_NORMAL;
}

static bool allowed(const struct zone *z, int nid, gfp_t gfp)
{
	return (int)z->zone_idx <= gfp_highest(gfp) &&
	       (!(gfp & __GFP_THISNODE) || z->node == nid);
}

/* The zone NUMA statistics judge by: the first one allowed at all. */
static struct zone *preferred_zone(int nid, gfp_t gfp)
{
	struct zone **zp;

	for (zp = NODE_DATA(nid)->node_zonelist; *zp; zp++)
		if (allowed(*zp, nid, gfp))
			return *zp;
	return NULL;
}

/* Which zone the allocator must pick, or NULL if it must fail. */
static struct zone *predict(struct model *m, int nid, gfp_t gfp,
			    unsigned int order)
{
	unsigned int pass[3] = {ALLOC_WMARK_LOW, model_alloc_flags(gfp),
				ALLOC_NO_WATERMARKS};
	struct zone **zp;
	int i;

	for (i = 0; i < (gfp & __GFP_MEMALLOC ? 3 : 2); i++) {
		for (zp = NODE_DATA(nid)->node_zonelist; *zp; zp++) {
			if (!allowed(*zp, nid, gfp))
				continue;
			if (model_zone_ok(m, *zp, order, gfp_highest(gfp),
					  pass[i]))
				return *zp;
		}
	}
	return NULL;
}

/* Linux's zone_statistics, restated: what one allocation must count. */
static void model_count(struct model *m, struct zone *pref, struct zone *z,
			unsigned int order)
{
	unsigned long *ev = m->numa[zone_index(z)];

	if (z->node == pref->node) {
		ev[NUMA_HIT]++;
	} else {
		ev[NUMA_MISS]++;
		m->numa[zone_index(pref)][NUMA_FOREIGN]++;
	}
	ev[z->node == cpu_to_node_map[host_cpu] ? NUMA_LOCAL : NUMA_OTHER]++;
	m->pgalloc[z->zone_idx] += 1UL << order;
}

static unsigned int random_order(struct prng *r)
{
	u64 x = prng_below(r, 100);

	if (x < 60)
		return 0;
	if (x < 85)
		return 1 + (unsigned int)prng_below(r, 3);
	if (x < 97)
		return 4 + (unsigned int)prng_below(r, 4);
	return 8 + (unsigned int)prng_below(r, 3);
}

static gfp_t random_gfp(struct prng *r)
{
	static const gfp_t base[] = {GFP_KERNEL,
				     GFP_KERNEL,
				     GFP_KERNEL,
				     GFP_ATOMIC,
				     GFP_ATOMIC,
				     GFP_NOWAIT,
				     GFP_KERNEL | __GFP_HIGH};
	gfp_t gfp = base[prng_below(r, ARRAY_SIZE(base))] | __GFP_NOWARN;
	u64 x = prng_below(r, 100);

	if (x < 10)
		gfp |= __GFP_DMA;
	else if (x < 30)
		gfp |= __GFP_DMA32;
	x = prng_below(r, 100);
	if (x < 35)
		gfp |= __GFP_MOVABLE;
	else if (x < 50)
		gfp |= __GFP_RECLAIMABLE;
	if (prng_below(r, 100) < 15)
		gfp |= __GFP_THISNODE;
	if (prng_below(r, 100) < 5)
		gfp |= __GFP_ZERO;
	if (prng_below(r, 1000) < 5)
		gfp |= __GFP_MEMALLOC;
	return gfp;
}

/* A block the allocator handed out: check it is free in the model. */
static bool claim_block(struct model *m, struct page *p, unsigned int order,
			struct zone *want, gfp_t gfp)
{
	pfn_t pfn = page_to_pfn(p), i;
	int id = m->nr_live;

	if (page_zone(p) != want || !IS_ALIGNED(pfn, 1UL << order) ||
	    !PageAllocated(p) || p->order != order) {
		ht_fail(m->t, __FILE__, __LINE__,
			"pfn 0x%lx order %u gfp 0x%x: zone %s/%d, want %s/%d",
			(unsigned long)pfn, order, gfp, page_zone(p)->name,
			page_to_nid(p), want->name, want->node);
		return false;
	}
	for (i = pfn; i < pfn + (1UL << order); i++) {
		if (m->owner[i] != NO_OWNER) {
			ht_fail(m->t, __FILE__, __LINE__,
				"pfn 0x%lx handed out twice", (unsigned long)i);
			return false;
		}
		m->owner[i] = id;
	}
	m->live[id] = (struct live){p, order, ++m->next_tag};
	m->nr_live++;
	*model_free(m, want) -= 1L << order;
	return true;
}

/* Zeroed if asked, then stamped with the block's tag. */
static void touch_block(struct model *m, const struct live *l, gfp_t gfp)
{
	unsigned long i, j;

	if (!m->touch_memory)
		return;
	for (i = 0; i < (1UL << l->order); i++) {
		u64 *mem = page_address(l->page + i);

		if (gfp & __GFP_ZERO)
			for (j = 0; j < 4096 / 8; j++)
				if (mem[j])
					ht_fail(m->t, __FILE__, __LINE__,
						"__GFP_ZERO page not zero");
		mem[0] = l->tag;
		mem[511] = l->tag;
	}
}

static void do_alloc(struct model *m)
{
	unsigned int order = random_order(&m->rng);
	gfp_t gfp = random_gfp(&m->rng);
	int nid = (int)prng_below(&m->rng, 4) - 2; /* < 0: the CPU's node */
	struct zone *want;
	struct page *p;
	int pnid; /* the node preferred in the end */

	host_cpu = (int)prng_below(&m->rng, 2);
	pnid = nid < 0 ? cpu_to_node_map[host_cpu] : nid;
	want = predict(m, pnid, gfp, order);
	p = nid < 0 ? alloc_pages(gfp, order)
		    : alloc_pages_node(nid, gfp, order);
	if (!p || !want) {
		if (p || want)
			ht_fail(m->t, __FILE__, __LINE__,
				"order %u gfp 0x%x node %d: got %p, want %s",
				order, gfp, pnid, (void *)p,
				want ? want->name : "failure");
		m->fails++;
		return;
	}
	if (!claim_block(m, p, order, want, gfp))
		return;
	model_count(m, preferred_zone(pnid, gfp), want, order);
	touch_block(m, &m->live[m->nr_live - 1], gfp);
	m->allocs++;
	m->alloc_pages += 1UL << order;
}

static void do_free(struct model *m)
{
	int id = (int)prng_below(&m->rng, (u64)m->nr_live);
	struct live l = m->live[id];
	pfn_t pfn = page_to_pfn(l.page), i;

	for (i = 0; m->touch_memory && i < (1UL << l.order); i++) {
		u64 *mem = page_address(l.page + i);

		if (mem[0] != l.tag || mem[511] != l.tag)
			ht_fail(m->t, __FILE__, __LINE__,
				"pfn 0x%lx overwritten while allocated",
				(unsigned long)(pfn + i));
	}
	host_cpu = (int)prng_below(&m->rng, 2);
	__free_pages(l.page, l.order);
	for (i = pfn; i < pfn + (1UL << l.order); i++)
		m->owner[i] = NO_OWNER;
	*model_free(m, page_zone(l.page)) += 1L << l.order;
	/* keep live[] dense: the last entry takes the freed slot */
	m->live[id] = m->live[--m->nr_live];
	if (id < m->nr_live) {
		pfn = page_to_pfn(m->live[id].page);
		for (i = pfn; i < pfn + (1UL << m->live[id].order); i++)
			m->owner[i] = id;
	}
	m->frees++;
	m->free_pages += 1UL << l.order;
}

/* Now and then free something twice: refused, nothing changes. */
static void do_bad_free(struct model *m)
{
	unsigned long before = page_debug_bad_frees;
	struct live l;

	if (!m->nr_live)
		return;
	l = m->live[prng_below(&m->rng, (u64)m->nr_live)];
	__free_pages(l.page, l.order + 1 < MAX_ORDER ? l.order + 1 : 0);
	if (page_debug_bad_frees != before + 1)
		ht_fail(m->t, __FILE__, __LINE__, "bad free not refused");
}

/* Every pfn: the allocator's state agrees with the model's owner. */
static void compare_owners(struct model *m)
{
	pfn_t pfn = 0;

	while (pfn < NR_PAGES) {
		struct page *p = pfn_to_page(pfn);
		unsigned long n = 1, i;
		bool alloc = PageAllocated(p);

		if (alloc || PageBuddy(p))
			n = 1UL << p->order;
		for (i = 0; i < n; i++) {
			int o = m->owner[pfn + i];
			bool ok = alloc ? o != NO_OWNER && m->live[o].page == p
					: o == NO_OWNER;

			if (!ok) {
				ht_fail(m->t, __FILE__, __LINE__,
					"pfn 0x%lx: allocator says %s, model "
					"owner %d",
					(unsigned long)(pfn + i),
					alloc ? "allocated" : "not allocated",
					o);
				return;
			}
		}
		pfn += n;
	}
}

/* Every zone's NUMA events and every zone type's pgalloc, exactly. */
static void compare_events(struct model *m)
{
	struct zone *z;
	int i;

	for_each_populated_zone(z)
		for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
			if (zone_numa_event_state(z, (enum numa_stat_item)i) !=
			    m->numa[zone_index(z)][i])
				ht_fail(m->t, __FILE__, __LINE__,
					"zone %s/%d %s: %lu, model %lu",
					z->name, z->node, numa_stat_names[i],
					zone_numa_event_state(
						z, (enum numa_stat_item)i),
					m->numa[zone_index(z)][i]);
	for (i = 0; i < MAX_NR_ZONES; i++)
		if (global_vm_event((enum vm_event_item)(PGALLOC_DMA + i)) !=
		    m->pgalloc[i])
			ht_fail(m->t, __FILE__, __LINE__, "%s: %lu, model %lu",
				vm_event_names[i],
				global_vm_event(
					(enum vm_event_item)(PGALLOC_DMA + i)),
				m->pgalloc[i]);
}

static void check_all(struct model *m)
{
	struct zone *z;

	if (mm_check())
		ht_fail(m->t, __FILE__, __LINE__, "mm_check failed");
	for_each_populated_zone(z)
		if ((long)zone_page_state(z, NR_FREE_PAGES) !=
		    *model_free(m, z))
			ht_fail(m->t, __FILE__, __LINE__,
				"zone %s/%d: NR_FREE_PAGES %lu, model %ld",
				z->name, z->node,
				zone_page_state(z, NR_FREE_PAGES),
				*model_free(m, z));
	compare_owners(m);
	compare_events(m);
}

static u64 env_u64(const char *name, u64 def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

static void model_init(struct model *m, struct ht *t, u64 seed)
{
	struct zone *z;
	int i;

	memset(m, 0, sizeof(*m));
	m->t = t;
	m->touch_memory = true;
	prng_seed(&m->rng, seed);
	for (i = 0; i < NR_PAGES; i++)
		m->owner[i] = NO_OWNER;
	set_cpu_numa_node(1, 1);
	for_each_populated_zone(z)
		*model_free(m, z) = (long)z->managed_pages;
}

/* Waves: mostly allocating for a while, then mostly freeing. */
static void run_ops(struct model *m, unsigned long ops)
{
	unsigned long i;

	for (i = 1; i <= ops && !m->t->failures; i++) {
		unsigned int alloc_pct = (i / 20000) % 2 ? 35 : 70;

		if (prng_below(&m->rng, 10000) < 5)
			do_bad_free(m);
		else if (!m->nr_live || prng_below(&m->rng, 100) < alloc_pct)
			do_alloc(m);
		else
			do_free(m);
		if (i % CHECK_EVERY == 0)
			check_all(m);
	}
}

static void free_everything(struct model *m)
{
	while (m->nr_live && !m->t->failures)
		do_free(m);
}

static void check_events(struct model *m)
{
	unsigned long pgalloc = global_vm_event(PGALLOC_DMA) +
				global_vm_event(PGALLOC_DMA32) +
				global_vm_event(PGALLOC_NORMAL);

	HT_EXPECT_EQ(m->t, pgalloc, m->alloc_pages);
	HT_EXPECT_EQ(m->t, global_vm_event(PGFREE), m->free_pages);
	HT_EXPECT_EQ(m->t,
		     global_numa_event_state(NUMA_HIT) +
			     global_numa_event_state(NUMA_MISS),
		     m->allocs);
	HT_EXPECT_EQ(m->t, global_numa_event_state(NUMA_MISS),
		     global_numa_event_state(NUMA_FOREIGN));
	HT_EXPECT_EQ(m->t,
		     global_numa_event_state(NUMA_LOCAL) +
			     global_numa_event_state(NUMA_OTHER),
		     m->allocs);
}

static void run_random(struct ht *t, unsigned long def_ops, bool poison)
{
	static struct model m;
	struct mm_counters before, after;
	struct arena a;
	u64 seed = env_u64("MM_RANDOM_SEED", 20261122);
	unsigned long ops = env_u64("MM_RANDOM_OPS", def_ops);
	struct timespec t0, t1;

	arena_setup(&a, &layout);
	page_poison_enabled = poison;
	model_init(&m, t, seed);
	mm_counters_read(&before);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_ops(&m, ops);
	free_everything(&m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	check_all(&m);
	mm_counters_read(&after);
	HT_EXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	check_events(&m);
	printf("# seed %llu: %lu ops (%lu allocs, %lu frees, %lu refused) "
	       "in %.2f s%s\n",
	       (unsigned long long)seed, ops, m.allocs, m.frees, m.fails,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       poison ? " with page_poison" : "");
	HT_EXPECT_EQ(t, page_debug_poison_hits, 0);
	arena_teardown(&a);
}

static void random_million_ops(struct ht *t)
{
	run_random(t, 1000000, false);
}

static void random_ops_with_poison(struct ht *t)
{
	run_random(t, 50000, true);
}

static const struct ht_case cases[] = {
	HT_CASE(random_million_ops),
	HT_CASE(random_ops_with_poison),
};

HT_MAIN(cases, printk_capture_reset)

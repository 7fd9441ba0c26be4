/*
 * Model-based random test of the whole allocator: random allocations and
 * frees of random orders, gfp flags, nodes and CPUs over three nodes (one
 * of them interleaved inside another's span, so one pageblock holds two
 * zones) and five zones with holes, and now and then a free done wrong.
 * The reference model (mm_model.c) has its own zonelists, watermarks,
 * buddy blocks, pageblock types and fallback rules: it names the zone
 * that must serve each request and checks the block handed out is one
 * the policy allows. Every 10,000 operations the allocator's whole state
 * (every block head, every pageblock type, every counter) must match it.
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
#include "mm/watermark.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"
#include "tests/host/mm_model.h"
#include "tests/host/host_env.h"

#define NR_PAGES     8192 /* zones end at 6144: the rest is in no zone */
#define ZONES_END    6144
#define CHECK_EVERY  10000
#define NR_TEST_CPUS 3

/* Node 0 sees node 2 (20) before node 1 (30); node 2 sees both at 20. */
static const u8 distance[MAX_NUMNODES][MAX_NUMNODES] = {
	{10, 30, 20},
	{30, 10, 20},
	{20, 20, 10},
};

static const struct arena_layout layout = {
	.nr_pages = NR_PAGES,
	.nr_nodes = 3,
	.distance = distance,
	.nr_zones = 5,
	/* node 2 first: it owns [4700, 5000) inside node 1's Normal span */
	.zones = {{2, ZONE_NORMAL, 4700, 5000},
		  {0, ZONE_DMA, 0, 700},
		  {0, ZONE_DMA32, 700, 2600},
		  {1, ZONE_DMA32, 2600, 3000},
		  {1, ZONE_NORMAL, 3000, ZONES_END}},
	.nr_free = 2,
	.free = {{3, 2000}, {2010, 6100}},
};

struct live {
	pfn_t pfn;
	unsigned int order;
	u64 tag; /* written into each page, checked at free */
};

struct run {
	struct ht *t;
	struct prng rng;
	struct mm_model m;
	struct live live[NR_PAGES];
	int nr_live;
	unsigned long numa[MM_NR_ZONE_IDS][NR_VM_NUMA_EVENT_ITEMS];
	unsigned long pgalloc[MAX_NR_ZONES], pgfree;
	u64 next_tag;
	unsigned long allocs, frees, fails, bad_frees;
	bool touch_memory;
};

static struct zone *zone_by_id(int zid)
{
	return &NODE_DATA(zid / MAX_NR_ZONES)->node_zones[zid % MAX_NR_ZONES];
}

static int model_zone_id(const struct zone *z)
{
	return mm_model_zid(z->node, (int)z->zone_idx);
}

/* Linux's zone_statistics, restated: what one allocation must count. */
static void count_alloc(struct run *r, const struct mm_model_choice *c,
			unsigned int order)
{
	unsigned long *ev = r->numa[c->zid];
	int node = c->zid / MAX_NR_ZONES;

	if (node == c->preferred / MAX_NR_ZONES) {
		ev[NUMA_HIT]++;
	} else {
		ev[NUMA_MISS]++;
		r->numa[c->preferred][NUMA_FOREIGN]++;
	}
	ev[node == r->m.cpu_node[host_cpu] ? NUMA_LOCAL : NUMA_OTHER]++;
	r->pgalloc[c->zid % MAX_NR_ZONES] += 1UL << order;
}

static unsigned int random_order(struct prng *rng)
{
	u64 x = prng_below(rng, 100);

	if (x < 60)
		return 0;
	if (x < 85)
		return 1 + (unsigned int)prng_below(rng, 3);
	if (x < 97)
		return 4 + (unsigned int)prng_below(rng, 4);
	return 8 + (unsigned int)prng_below(rng, 3);
}

static gfp_t random_gfp(struct prng *rng)
{
	static const gfp_t base[] = {GFP_KERNEL,
				     GFP_KERNEL,
				     GFP_KERNEL,
				     GFP_ATOMIC,
				     GFP_ATOMIC,
				     GFP_NOWAIT,
				     GFP_KERNEL | __GFP_HIGH};
	gfp_t gfp = base[prng_below(rng, ARRAY_SIZE(base))] | __GFP_NOWARN;
	u64 x = prng_below(rng, 100);

	if (x < 10)
		gfp |= __GFP_DMA;
	else if (x < 30)
		gfp |= __GFP_DMA32;
	x = prng_below(rng, 100);
	if (x < 35)
		gfp |= __GFP_MOVABLE;
	else if (x < 50)
		gfp |= __GFP_RECLAIMABLE;
	if (prng_below(rng, 100) < 15)
		gfp |= __GFP_THISNODE;
	if (prng_below(rng, 100) < 5)
		gfp |= __GFP_ZERO;
	if (prng_below(rng, 1000) < 5)
		gfp |= __GFP_MEMALLOC;
	return gfp;
}

/* Zeroed if asked, then stamped with the block's tag. */
static void touch_block(struct run *r, const struct live *l, gfp_t gfp)
{
	unsigned long i, j;

	for (i = 0; r->touch_memory && i < (1UL << l->order); i++) {
		u64 *mem = page_address(pfn_to_page(l->pfn + i));

		if (gfp & __GFP_ZERO)
			for (j = 0; j < 4096 / 8; j++)
				if (mem[j])
					ht_fail(r->t, __FILE__, __LINE__,
						"__GFP_ZERO page not zero");
		mem[0] = l->tag;
		mem[511] = l->tag;
	}
}

/* The block @p came back: from the zone and of the kind the model says? */
static bool accept_block(struct run *r, const struct mm_model_choice *c,
			 struct page *p, unsigned int order, gfp_t gfp)
{
	pfn_t pfn = page_to_pfn(p);
	int mt = mm_model_gfp_type(gfp);
	const char *why = NULL;

	if (!PageAllocated(p) || p->order != order)
		why = "not marked allocated at its order";
	else
		why = mm_model_take(&r->m, c, pfn, order, mt);
	if (why)
		ht_fail(r->t, __FILE__, __LINE__,
			"pfn 0x%lx order %u gfp 0x%x from zone %s/%d: %s "
			"(model zone %s/%d)",
			(unsigned long)pfn, order, gfp, page_zone(p)->name,
			page_to_nid(p), why, zone_by_id(c->zid)->name,
			c->zid / MAX_NR_ZONES);
	return !why;
}

static void do_alloc(struct run *r)
{
	unsigned int order = random_order(&r->rng);
	gfp_t gfp = random_gfp(&r->rng);
	int nid = (int)prng_below(&r->rng, 6) - 3; /* < 0: the CPU's node */
	struct mm_model_choice c;
	struct live *l;
	struct page *p;
	int pnid;

	host_cpu = (int)prng_below(&r->rng, NR_TEST_CPUS);
	pnid = nid < 0 ? r->m.cpu_node[host_cpu] : nid;
	c = mm_model_choose(&r->m, pnid, gfp, order);
	p = nid < 0 ? alloc_pages(gfp, order)
		    : alloc_pages_node(nid, gfp, order);
	if (!p || c.zid < 0) {
		if (p || c.zid >= 0)
			ht_fail(r->t, __FILE__, __LINE__,
				"order %u gfp 0x%x node %d: got %p, model %s",
				order, gfp, pnid, (void *)p,
				c.zid >= 0 ? zone_by_id(c.zid)->name
					   : "failure");
		r->fails++;
		return;
	}
	if (!accept_block(r, &c, p, order, gfp))
		return;
	count_alloc(r, &c, order);
	l = &r->live[r->nr_live++];
	*l = (struct live){page_to_pfn(p), order, ++r->next_tag};
	touch_block(r, l, gfp);
	r->allocs++;
}

static void do_free(struct run *r)
{
	int id = (int)prng_below(&r->rng, (u64)r->nr_live);
	struct live l = r->live[id];
	unsigned long i;

	for (i = 0; r->touch_memory && i < (1UL << l.order); i++) {
		u64 *mem = page_address(pfn_to_page(l.pfn + i));

		if (mem[0] != l.tag || mem[511] != l.tag)
			ht_fail(r->t, __FILE__, __LINE__,
				"pfn 0x%lx overwritten while allocated",
				(unsigned long)(l.pfn + i));
	}
	host_cpu = (int)prng_below(&r->rng, NR_TEST_CPUS);
	__free_pages(pfn_to_page(l.pfn), l.order);
	mm_model_free(&r->m, l.pfn);
	r->live[id] = r->live[--r->nr_live];
	r->frees++;
	r->pgfree += 1UL << l.order;
}

/* A pfn that is free in the model (head or inside a block), or 0. */
static pfn_t random_free_pfn(struct run *r)
{
	int tries;

	for (tries = 0; tries < 64; tries++) {
		pfn_t pfn = prng_below(&r->rng, ZONES_END), head = pfn;
		int o;

		for (o = 0; o < MM_MAX_ORDER; o++) {
			head = pfn & ~((1UL << o) - 1);
			if (r->m.free_order[head] >= o)
				return pfn;
		}
	}
	return 0;
}

/*
 * A free done wrong: a live block at the wrong order, one of its tail
 * pages, a page that is free (double free), a reserved page, a page in
 * no zone. Each must be refused and change nothing.
 * Return: the page and order to free, or NULL if the kind does not apply.
 */
static struct page *bad_free_target(struct run *r, unsigned int *order)
{
	struct live *l =
		r->nr_live ? &r->live[prng_below(&r->rng, (u64)r->nr_live)]
			   : NULL;

	*order = 0;
	switch (prng_below(&r->rng, 5)) {
	case 0: /* wrong order, bigger or smaller */
		if (!l || (l->order == 0 && prng_below(&r->rng, 2)))
			return NULL;
		*order = l->order == 0 || prng_below(&r->rng, 2)
				 ? (l->order + 1) % MAX_ORDER
				 : l->order - 1;
		return pfn_to_page(l->pfn);
	case 1: /* a tail page of a live block */
		if (!l || !l->order)
			return NULL;
		return pfn_to_page(l->pfn + 1 +
				   prng_below(&r->rng, (1UL << l->order) - 1));
	case 2: /* double free */
		return random_free_pfn(r) ? pfn_to_page(random_free_pfn(r))
					  : NULL;
	case 3: /* never handed to the allocator: reserved */
		return pfn_to_page(prng_below(&r->rng, 3));
	default: /* outside every zone */
		return pfn_to_page(ZONES_END + prng_below(&r->rng, 100));
	}
}

static void do_bad_free(struct run *r)
{
	unsigned long before = page_debug_bad_frees;
	unsigned int order;
	struct page *p = bad_free_target(r, &order);

	if (!p)
		return;
	__free_pages(p, order);
	if (page_debug_bad_frees != before + 1)
		ht_fail(r->t, __FILE__, __LINE__,
			"bad free of pfn 0x%lx order %u not refused",
			(unsigned long)page_to_pfn(p), order);
	r->bad_frees++;
}

/* Every pfn: block heads and their orders as in the model. */
static void compare_heads(struct run *r)
{
	pfn_t pfn;

	for (pfn = 0; pfn < NR_PAGES; pfn++) {
		const struct page *p = pfn_to_page(pfn);
		int fo = r->m.free_order[pfn], ao = r->m.alloc_order[pfn];
		bool ok = (PageBuddy(p) == (fo >= 0)) &&
			  (PageAllocated(p) == (ao >= 0)) &&
			  (fo < 0 || p->order == fo) &&
			  (ao < 0 || p->order == ao);

		if (!ok) {
			ht_fail(r->t, __FILE__, __LINE__,
				"pfn 0x%lx: flags 0x%x order %u, model free "
				"order %d allocated order %d",
				(unsigned long)pfn, p->flags, p->order, fo, ao);
			return;
		}
	}
}

/* Every pageblock's type, and every zone's free count, as modelled. */
static void compare_types_and_free(struct run *r)
{
	pfn_t pb;
	struct zone *z;

	for (pb = 0; pb < ZONES_END; pb += pageblock_nr_pages)
		if (get_pageblock_migratetype(pfn_to_page(pb)) !=
		    r->m.pb_type[pb / pageblock_nr_pages])
			ht_fail(r->t, __FILE__, __LINE__,
				"pageblock at 0x%lx: %s, model %s",
				(unsigned long)pb,
				migratetype_names[get_pageblock_migratetype(
					pfn_to_page(pb))],
				migratetype_names
					[r->m.pb_type[pb /
						      pageblock_nr_pages]]);
	for_each_populated_zone(z)
		if ((long)zone_page_state(z, NR_FREE_PAGES) !=
		    r->m.zone[model_zone_id(z)].free)
			ht_fail(r->t, __FILE__, __LINE__,
				"zone %s/%d: NR_FREE_PAGES %lu, model %ld",
				z->name, z->node,
				zone_page_state(z, NR_FREE_PAGES),
				r->m.zone[model_zone_id(z)].free);
}

/* Every zone's NUMA events and every zone type's pgalloc, exactly. */
static void compare_events(struct run *r)
{
	struct zone *z;
	int i;

	for_each_populated_zone(z)
		for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++) {
			unsigned long got = zone_numa_event_state(
				z, (enum numa_stat_item)i);

			if (got != r->numa[model_zone_id(z)][i])
				ht_fail(r->t, __FILE__, __LINE__,
					"zone %s/%d %s: %lu, model %lu",
					z->name, z->node, numa_stat_names[i],
					got, r->numa[model_zone_id(z)][i]);
		}
	for (i = 0; i < MAX_NR_ZONES; i++)
		HT_EXPECT_EQ(
			r->t,
			global_vm_event((enum vm_event_item)(PGALLOC_DMA + i)),
			r->pgalloc[i]);
	HT_EXPECT_EQ(r->t, global_vm_event(PGFREE), r->pgfree);
}

static void check_all(struct run *r)
{
	HT_EXPECT_EQ(r->t, mm_check(), 0);
	compare_heads(r);
	compare_types_and_free(r);
	compare_events(r);
}

/*
 * The model's own arithmetic must give the allocator's numbers; compared
 * once, so a disagreement is reported as such and not as a thousand
 * wrong predictions.
 */
static void compare_setup(struct run *r)
{
	struct zone *z, **zl;
	int nid, i;

	for_each_populated_zone(z) {
		const struct mm_model_zone *mz = &r->m.zone[model_zone_id(z)];

		HT_EXPECT_EQ(r->t, zone_managed_pages(z), mz->managed);
		HT_EXPECT_EQ(r->t, wmark_pages(z, WMARK_MIN), mz->min);
		HT_EXPECT_EQ(r->t, wmark_pages(z, WMARK_LOW), mz->low);
		HT_EXPECT_EQ(r->t, wmark_pages(z, WMARK_HIGH), mz->high);
		for (i = 0; i < MAX_NR_ZONES; i++)
			HT_EXPECT_EQ(r->t, z->lowmem_reserve[i],
				     mz->reserve[i]);
	}
	for (nid = 0; nid < layout.nr_nodes; nid++) {
		zl = NODE_DATA(nid)->node_zonelist;
		for (i = 0; zl[i] || r->m.zonelist[nid][i] >= 0; i++)
			HT_EXPECT_MSG(r->t,
				      zl[i] && model_zone_id(zl[i]) ==
						       r->m.zonelist[nid][i],
				      "node %d zonelist entry %d", nid, i);
	}
}

static u64 env_u64(const char *name, u64 def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

static void run_init(struct run *r, struct ht *t, u64 seed)
{
	int cpu;

	memset(r, 0, sizeof(*r));
	r->t = t;
	r->touch_memory = true;
	prng_seed(&r->rng, seed);
	mm_model_init(&r->m, &layout);
	for (cpu = 0; cpu < NR_TEST_CPUS; cpu++) {
		set_cpu_numa_node(cpu, cpu);
		r->m.cpu_node[cpu] = cpu;
	}
}

/* Waves: mostly allocating for a while, then mostly freeing. */
static void run_ops(struct run *r, unsigned long ops)
{
	unsigned long i;

	for (i = 1; i <= ops && !r->t->failures; i++) {
		unsigned int alloc_pct = (i / 20000) % 2 ? 35 : 70;

		if (prng_below(&r->rng, 1000) < 3)
			do_bad_free(r);
		else if (!r->nr_live || prng_below(&r->rng, 100) < alloc_pct)
			do_alloc(r);
		else
			do_free(r);
		if (i % CHECK_EVERY == 0)
			check_all(r);
	}
}

static void check_totals(struct run *r)
{
	HT_EXPECT_EQ(r->t,
		     global_numa_event_state(NUMA_HIT) +
			     global_numa_event_state(NUMA_MISS),
		     r->allocs);
	HT_EXPECT_EQ(r->t, global_numa_event_state(NUMA_MISS),
		     global_numa_event_state(NUMA_FOREIGN));
	HT_EXPECT_EQ(r->t,
		     global_numa_event_state(NUMA_LOCAL) +
			     global_numa_event_state(NUMA_OTHER),
		     r->allocs);
	HT_EXPECT_EQ(r->t, page_debug_bad_frees, r->bad_frees);
	HT_EXPECT_EQ(r->t, page_debug_poison_hits, 0);
}

static void run_random(struct ht *t, unsigned long def_ops, bool poison)
{
	static struct run r;
	struct mm_counters before, after;
	struct arena a;
	u64 seed = env_u64("MM_RANDOM_SEED", 20261122);
	unsigned long ops = env_u64("MM_RANDOM_OPS", def_ops);
	struct timespec t0, t1;

	arena_setup(&a, &layout);
	page_poison_enabled = poison;
	run_init(&r, t, seed);
	compare_setup(&r);
	mm_counters_read(&before);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_ops(&r, ops);
	while (r.nr_live && !t->failures)
		do_free(&r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	check_all(&r);
	mm_counters_read(&after);
	HT_EXPECT_EQ(t, mm_counters_compare(&before, &after), 0);
	check_totals(&r);
	printf("# seed %llu: %lu ops (%lu allocs, %lu frees, %lu refused, "
	       "%lu bad frees) in %.2f s%s\n",
	       (unsigned long long)seed, ops, r.allocs, r.frees, r.fails,
	       r.bad_frees,
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       poison ? " with page_poison" : "");
	arena_teardown(&a);
}

static void random_ops(struct ht *t)
{
	run_random(t, 500000, false);
}

static void random_ops_with_poison(struct ht *t)
{
	run_random(t, 50000, true);
}

static const struct ht_case cases[] = {
	HT_CASE(random_ops),
	HT_CASE(random_ops_with_poison),
};

HT_MAIN(cases, printk_capture_reset)

/*
 * Host tests of frag's counting and drawing (mm/frag.c) over the mm core:
 * the indices against Linux's formulas worked by hand, each character of
 * the legend produced by the state it names, scaling, exact free counts
 * against NR_FREE_PAGES, and the per-CPU walker hook with a stand-in.
 */
#include <string.h>

#include "mm/buddy.h"
#include "mm/frag.h"
#include "mm/gfp.h"
#include "mm/vmstat.h"
#include "lib/prng.h"
#include "tests/host/host_test.h"
#include "tests/host/mm_arena.h"

#define PB pageblock_nr_pages

static struct zone *normal0(void)
{
	return &NODE_DATA(0)->node_zones[ZONE_NORMAL];
}

struct drawn {
	struct frag_geom g;
	struct frag_summary s;
	char row[FRAG_MAX_WIDTH + 1], pcp[FRAG_MAX_WIDTH + 1];
};

static void draw(unsigned int width, struct drawn *d)
{
	frag_geometry(normal0(), width, &d->g);
	frag_zone_row(normal0(), &d->g, d->row, d->pcp, &d->s);
}

static int count_char(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Index values worked by hand from Linux's formulas. */
static void indices_by_hand(struct ht *t)
{
	unsigned long nr_free[MAX_ORDER] = {0};
	struct frag_contig c;

	frag_contig_info(nr_free, 0, &c);
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 0), 1000); /* nothing free */
	HT_EXPECT_EQ(t, frag_extfrag_index(&c, 0), 0);
	nr_free[0] = 100; /* 100 single pages */
	frag_contig_info(nr_free, 1, &c);
	HT_EXPECT_EQ(t, c.free_pages, 100);
	HT_EXPECT_EQ(t, c.free_blocks_suitable, 0);
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 1), 1000);
	/* 1 - (1 + 100/2) / 100 = 0.490 */
	HT_EXPECT_EQ(t, frag_extfrag_index(&c, 1), 490);
	frag_contig_info(nr_free, 0, &c);
	HT_EXPECT_EQ(t, frag_extfrag_index(&c, 0), -1000);
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 0), 0);
	memset(nr_free, 0, sizeof(nr_free));
	nr_free[0] = 4;
	nr_free[2] = 1; /* 8 pages in 5 blocks */
	frag_contig_info(nr_free, 1, &c);
	HT_EXPECT_EQ(t, c.free_blocks_suitable, 2);
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 1), 500);
	HT_EXPECT_EQ(t, frag_extfrag_index(&c, 1), -1000);
	frag_contig_info(nr_free, 3, &c);
	/* 1 - (1 + 8/8) / 5 = 0.600 */
	HT_EXPECT_EQ(t, frag_extfrag_index(&c, 3), 600);
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 3), 1000);
	nr_free[2] = 0;
	nr_free[10] = 1; /* 4 pages + one order-10 block */
	frag_contig_info(nr_free, 10, &c);
	/* (1028 - 1024) / 1028 = 0.00389 */
	HT_EXPECT_EQ(t, frag_unusable_index(&c, 10), 3);
}

/* One movable page taken and given back: '.' to 'm' and back. */
static void partly_free_and_healed(struct ht *t)
{
	struct arena a;
	struct drawn d;
	struct page *p;

	arena_simple(&a, 4 * PB);
	arena_no_watermarks();
	draw(64, &d);
	HT_EXPECT_STREQ(t, d.row, "....");
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_FREE], 4);
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	draw(64, &d);
	HT_EXPECT_EQ(t, count_char(d.row, 'm'), 1);
	HT_EXPECT_EQ(t, count_char(d.row, '.'), 3);
	HT_EXPECT_EQ(t, d.row[page_to_pfn(p) / PB], 'm');
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_PARTLY], 1);
	HT_EXPECT_EQ(t, d.s.free, 4 * PB - 1);
	__free_pages(p, 0);
	draw(64, &d);
	HT_EXPECT_STREQ(t, d.row, "....");
	arena_teardown(&a);
}

/* An unmovable page claims a whole order-10 block: two pageblocks. */
static void unmovable_steal(struct ht *t)
{
	struct arena a;
	struct drawn d;
	struct page *p;

	arena_simple(&a, 4 * PB);
	arena_no_watermarks();
	p = alloc_pages(GFP_KERNEL, 0);
	draw(64, &d);
	HT_EXPECT_EQ(t, d.row[page_to_pfn(p) / PB], 'u');
	HT_EXPECT_EQ(t, count_char(d.row, '-'), 1); /* its free buddy */
	HT_EXPECT_EQ(t, count_char(d.row, '.'), 2);
	__free_pages(p, 0);
	draw(64, &d);
	HT_EXPECT_EQ(t, count_char(d.row, '-'), 2); /* the type stays */
	arena_teardown(&a);
}

/* A whole pageblock allocated: 'M', counted used; reclaimable: 'R'. */
static void full_pageblocks(struct ht *t)
{
	struct arena a;
	struct drawn d;
	struct page *m, *r;

	arena_simple(&a, 4 * PB);
	arena_no_watermarks();
	m = alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	r = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, pageblock_order);
	draw(64, &d);
	HT_EXPECT_EQ(t, d.row[page_to_pfn(m) / PB], 'M');
	HT_EXPECT_EQ(t, d.row[page_to_pfn(r) / PB], 'R');
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_USED], 2);
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_FREE], 2);
	arena_teardown(&a);
}

/* Pfns never freed are reserved ('#'); pfns of no zone are blank. */
static void reserved_and_holes(struct ht *t)
{
	struct arena_layout l = {
		.nr_pages = 4 * PB,
		.nr_nodes = 1,
		.nr_zones = 1,
		.zones = {{0, ZONE_NORMAL, 100, 4 * PB}},
		.nr_free = 1,
		.free = {{PB + 100, 4 * PB}},
	};
	struct arena a;
	struct drawn d;

	arena_setup(&a, &l);
	arena_no_watermarks();
	draw(64, &d);
	HT_EXPECT_STREQ(t, d.row, "#m..");
	HT_EXPECT_EQ(t, d.s.pages, 4 * PB - 100);
	HT_EXPECT_EQ(t, d.s.reserved, PB + 100 - 100);
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_RESERVED], 1);
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_PARTLY], 1);
	HT_EXPECT_EQ(t, d.s.free, zone_page_state(normal0(), NR_FREE_PAGES));
	arena_teardown(&a);
}

/* An isolated pageblock is 'I' and counted, and comes back. */
static void isolated_block(struct ht *t)
{
	struct arena a;
	struct drawn d;

	arena_simple(&a, 4 * PB);
	arena_no_watermarks();
	buddy_move_freepages_block(normal0(), pfn_to_page(2 * PB),
				   MIGRATE_ISOLATE);
	draw(64, &d);
	HT_EXPECT_STREQ(t, d.row, "..I.");
	HT_EXPECT_EQ(t, d.s.isolated, 1);
	HT_EXPECT_EQ(t, d.s.free, 4 * PB); /* isolated pages are free too */
	buddy_move_freepages_block(normal0(), pfn_to_page(2 * PB),
				   MIGRATE_MOVABLE);
	draw(64, &d);
	HT_EXPECT_STREQ(t, d.row, "....");
	arena_teardown(&a);
}

/* Power-of-two units so a zone fits the width; a mixed unit is partly. */
static void scaled_units(struct ht *t)
{
	struct arena a;
	struct drawn d;

	arena_simple(&a, 8 * PB);
	arena_no_watermarks();
	draw(8, &d);
	HT_EXPECT_EQ(t, d.g.unit_blocks, 1);
	HT_EXPECT_EQ(t, d.g.nr_units, 8);
	draw(4, &d);
	HT_EXPECT_EQ(t, d.g.unit_blocks, 2);
	HT_EXPECT_EQ(t, d.g.nr_units, 4);
	draw(3, &d);
	HT_EXPECT_EQ(t, d.g.unit_blocks, 4);
	HT_EXPECT_EQ(t, d.g.nr_units, 2);
	HT_EXPECT_EQ(t, d.g.nr_blocks, 8);
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_FREE], 8); /* totals by pageblock */
	alloc_pages(GFP_HIGHUSER_MOVABLE, pageblock_order);
	draw(4, &d);
	HT_EXPECT_EQ(t, count_char(d.row, 'm'), 1); /* one M + one . */
	HT_EXPECT_EQ(t, d.s.blocks[FRAG_USED], 1);
	arena_teardown(&a);
}

/* Random allocations: frag's free count is NR_FREE_PAGES exactly. */
static void free_count_exact(struct ht *t)
{
	struct page *held[64] = {0};
	unsigned int order[64];
	struct prng r;
	struct arena a;
	struct drawn d;

	arena_simple(&a, 16 * PB);
	arena_no_watermarks();
	prng_seed(&r, 12);
	for (int i = 0; i < 2000; i++) {
		unsigned int k = (unsigned int)prng_below(&r, 64);

		if (held[k]) {
			__free_pages(held[k], order[k]);
			held[k] = NULL;
			continue;
		}
		order[k] = (unsigned int)prng_below(&r, 11);
		held[k] = alloc_pages(prng_below(&r, 2) ? GFP_KERNEL
							: GFP_HIGHUSER_MOVABLE,
				      order[k]);
	}
	for (unsigned int w = 16; w >= 2; w /= 2) {
		draw(w, &d);
		HT_EXPECT_EQ(t, d.s.free,
			     zone_page_state(normal0(), NR_FREE_PAGES));
		HT_EXPECT_EQ(t, d.s.pages, 16 * PB);
	}
	arena_teardown(&a);
}

static pfn_t fake_pcp_pfn;

static void fake_walk(struct zone *z, frag_pcp_visit_fn visit, void *ctx)
{
	if (z == normal0())
		visit(ctx, fake_pcp_pfn, 2);
}

static const struct frag_pcp_walker fake_walker = {"stand-in", fake_walk};

/* The hook: a registered walker's blocks are counted in their unit. */
static void pcp_walker_hook(struct ht *t)
{
	struct arena a;
	struct drawn d;
	struct page *p;

	arena_simple(&a, 4 * PB);
	arena_no_watermarks();
	draw(64, &d);
	HT_EXPECT_EQ(t, d.s.pcp, 0);
	HT_EXPECT_STREQ(t, d.pcp, "    ");
	p = alloc_pages(GFP_HIGHUSER_MOVABLE, 2); /* stands for a pcp block */
	fake_pcp_pfn = page_to_pfn(p);
	frag_set_pcp_walker(&fake_walker);
	draw(64, &d);
	HT_EXPECT_EQ(t, d.s.pcp, 4);
	HT_EXPECT_EQ(t, count_char(d.pcp, 'p'), 1);
	HT_EXPECT_EQ(t, d.pcp[fake_pcp_pfn / PB], 'p');
	frag_set_pcp_walker(NULL);
	draw(64, &d);
	HT_EXPECT_EQ(t, d.s.pcp, 0);
	arena_teardown(&a);
}

static void setup(void)
{
	frag_set_pcp_walker(NULL);
}

static const struct ht_case cases[] = {
	HT_CASE(indices_by_hand),    HT_CASE(partly_free_and_healed),
	HT_CASE(unmovable_steal),    HT_CASE(full_pageblocks),
	HT_CASE(reserved_and_holes), HT_CASE(isolated_block),
	HT_CASE(scaled_units),	     HT_CASE(free_count_exact),
	HT_CASE(pcp_walker_hook),
};

HT_MAIN(cases, setup)

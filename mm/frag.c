/*
 * The counting behind `frag` (frag.h): each pageblock of a zone walked
 * under zone->lock, summed into units, drawn as one character per unit;
 * and Linux's unusable free index and fragmentation index per order,
 * worked out from the buddy counts as Linux's mm/vmstat.c does for
 * /sys/kernel/debug/extfrag. No printing here, so host tests run it.
 */
#include "mm/frag.h"
#include "mm/internal.h"

static const struct frag_pcp_walker *pcp_walker;

void frag_set_pcp_walker(const struct frag_pcp_walker *w)
{
	WRITE_ONCE(pcp_walker, w);
}

const struct frag_pcp_walker *frag_pcp_walker(void)
{
	return READ_ONCE(pcp_walker);
}

void frag_geometry(const struct zone *z, unsigned int width,
		   struct frag_geom *g)
{
	pfn_t start = z->zone_start_pfn, end = zone_end_pfn(z);
	unsigned long blocks = 1, unit;

	width = MAX(1U, MIN(width, (unsigned int)FRAG_MAX_WIDTH));
	for (;; blocks <<= 1) {
		unit = blocks * pageblock_nr_pages;
		g->base = ALIGN_DOWN(start, unit);
		g->nr_units = (unsigned int)((end - g->base + unit - 1) / unit);
		if (g->nr_units <= width || end == start)
			break;
	}
	g->unit_blocks = blocks;
	if (end == start)
		g->nr_units = 0;
	g->nr_blocks = end == start ? 0
				    : (ALIGN_UP(end, pageblock_nr_pages) -
				       ALIGN_DOWN(start, pageblock_nr_pages)) /
					      pageblock_nr_pages;
}

/*
 * The end of a free block larger than a pageblock that began before
 * @start and so covers its whole pageblock; 0 if there is none.
 * Context: zone->lock held.
 */
static pfn_t covering_free_end(struct zone *z, pfn_t start)
{
	assert_zone_locked(z);
	for (unsigned int o = pageblock_order + 1; o < MAX_ORDER; o++) {
		pfn_t head = start & ~((1UL << o) - 1);
		struct page *p = pfn_to_page(head);

		if (head != start && zone_spans_pfn(z, head) &&
		    page_in_zone(p, z) && PageBuddy(p) && buddy_order(p) == o)
			return head + (1UL << o);
	}
	return 0;
}

/*
 * Count the pfns [@pfn, @end) of @z into @b, stepping over free blocks
 * whole. Pages that are neither free nor reserved (allocated, or on a
 * per-CPU list) carry no lock of ours: only their being there counts.
 * Context: zone->lock held.
 */
static void scan_range_locked(struct zone *z, pfn_t pfn, pfn_t end,
			      struct frag_block *b)
{
	assert_zone_locked(z);
	while (pfn < end) {
		struct page *p = pfn_to_page(pfn);
		unsigned long n = 1;

		if (!page_in_zone(p, z)) {
			pfn++;
			continue;
		}
		if (PageBuddy(p))
			n = MIN(1UL << buddy_order(p), end - pfn);
		b->pages += n;
		if (PageBuddy(p))
			b->free += n;
		else if (PageReserved(p))
			b->reserved++;
		pfn += n;
	}
}

void frag_scan_block(struct zone *z, pfn_t start, struct frag_block *b)
{
	pfn_t lo = MAX(start, z->zone_start_pfn);
	pfn_t hi = MIN(start + pageblock_nr_pages, zone_end_pfn(z));
	unsigned long before = b->pages, flags;
	int mt;

	if (lo >= hi)
		return;
	flags = spin_lock_irqsave(&z->lock);
	if (covering_free_end(z, start)) {
		b->pages += hi - lo;
		b->free += hi - lo;
	} else {
		scan_range_locked(z, lo, hi, b);
	}
	mt = get_pageblock_migratetype(pfn_to_page(start));
	spin_unlock_irqrestore(&z->lock, flags);
	if (b->pages > before && mt >= 0 && mt < MIGRATE_TYPES)
		b->nr_blocks[mt]++;
}

enum frag_state frag_block_state(const struct frag_block *b)
{
	if (b->reserved == b->pages)
		return FRAG_RESERVED;
	if (b->free == b->pages)
		return FRAG_FREE;
	return b->free ? FRAG_PARTLY : FRAG_USED;
}

/* Ties go to the type that pins memory hardest: unmovable first. */
static int unit_type(const struct frag_block *u)
{
	static const int order[] = {MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE,
				    MIGRATE_MOVABLE};
	int best = order[0];

	for (size_t i = 1; i < ARRAY_SIZE(order); i++)
		if (u->nr_blocks[order[i]] > u->nr_blocks[best])
			best = order[i];
	return best;
}

char frag_unit_char(const struct frag_block *u)
{
	/* [type][all free, partly free, none free] */
	static const char chars[MIGRATE_PCPTYPES][3] = {
		[MIGRATE_UNMOVABLE] = {'-', 'u', 'U'},
		[MIGRATE_MOVABLE] = {'.', 'm', 'M'},
		[MIGRATE_RECLAIMABLE] = {'~', 'r', 'R'},
	};
	int fill;

	if (!u->pages)
		return ' ';
	if (u->reserved == u->pages)
		return '#';
	if (u->nr_blocks[MIGRATE_ISOLATE])
		return 'I';
	fill = u->free == u->pages ? 0 : u->free ? 1 : 2;
	return chars[unit_type(u)][fill];
}

static void summary_add(struct frag_summary *s, const struct frag_block *b)
{
	if (!b->pages)
		return;
	s->blocks[frag_block_state(b)]++;
	s->isolated += b->nr_blocks[MIGRATE_ISOLATE];
	s->pages += b->pages;
	s->reserved += b->reserved;
	s->free += b->free;
}

static void unit_add(struct frag_block *u, const struct frag_block *b)
{
	u->pages += b->pages;
	u->reserved += b->reserved;
	u->free += b->free;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		u->nr_blocks[mt] += b->nr_blocks[mt];
}

void frag_zone_row(struct zone *z, const struct frag_geom *g, char *row,
		   char *pcp_row, struct frag_summary *s)
{
	unsigned long unit_pages = g->unit_blocks * pageblock_nr_pages;
	unsigned int pcp[FRAG_MAX_WIDTH] = {0};

	*s = (struct frag_summary){0};
	if (pcp_row)
		s->pcp = frag_pcp_count(z, g, pcp);
	for (unsigned int i = 0; i < g->nr_units; i++) {
		pfn_t start = g->base + i * unit_pages;
		struct frag_block u = {0};

		for (unsigned long k = 0; k < g->unit_blocks; k++) {
			struct frag_block b = {0};

			frag_scan_block(z, start + k * pageblock_nr_pages, &b);
			summary_add(s, &b);
			unit_add(&u, &b);
		}
		row[i] = frag_unit_char(&u);
		if (pcp_row)
			pcp_row[i] = pcp[i] ? 'p' : ' ';
	}
	row[g->nr_units] = '\0';
	if (pcp_row)
		pcp_row[g->nr_units] = '\0';
}

struct pcp_count_ctx {
	const struct frag_geom *g;
	unsigned int *counts;
	unsigned long total;
};

/* Context: inside the walker's walk; counting only. */
static void pcp_visit(void *arg, pfn_t pfn, unsigned int order)
{
	struct pcp_count_ctx *c = arg;
	unsigned long unit = c->g->unit_blocks * pageblock_nr_pages;

	if (pfn < c->g->base || order >= MAX_ORDER)
		return;
	for (unsigned long i = 0; i < 1UL << order; i++) {
		unsigned long idx = (pfn + i - c->g->base) / unit;

		if (idx < c->g->nr_units) {
			c->counts[idx]++;
			c->total++;
		}
	}
}

unsigned long frag_pcp_count(struct zone *z, const struct frag_geom *g,
			     unsigned int *counts)
{
	const struct frag_pcp_walker *w = frag_pcp_walker();
	struct pcp_count_ctx c = {g, counts, 0};

	if (w)
		w->walk(z, pcp_visit, &c);
	return c.total;
}

void frag_contig_info(const unsigned long nr_free[MAX_ORDER],
		      unsigned int order, struct frag_contig *c)
{
	*c = (struct frag_contig){0};
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		c->free_blocks_total += nr_free[o];
		c->free_pages += nr_free[o] << o;
		/* a free block of order o >= order holds 2^(o-order) */
		if (o >= order)
			c->free_blocks_suitable += nr_free[o] << (o - order);
	}
}

int frag_unusable_index(const struct frag_contig *c, unsigned int order)
{
	unsigned long usable = c->free_blocks_suitable << order;

	if (!c->free_pages)
		return 1000; /* nothing free: nothing usable either */
	return (int)((c->free_pages - usable) * 1000 / c->free_pages);
}

int frag_extfrag_index(const struct frag_contig *c, unsigned int order)
{
	unsigned long requested = 1UL << order;

	if (!c->free_blocks_total)
		return 0;
	if (c->free_blocks_suitable)
		return -1000; /* it would not fail: the index does not apply */
	/*
	 * 1 - (1 + free_pages / requested) / free_blocks, in thousandths:
	 * few large-enough-in-total blocks mean lack of memory (near 0),
	 * many small ones mean fragmentation (near 1).
	 */
	return 1000 - (int)((1000 + c->free_pages * 1000 / requested) /
			    c->free_blocks_total);
}

void frag_read_nr_free(struct zone *z, unsigned long nr_free[MAX_ORDER])
{
	unsigned long flags = spin_lock_irqsave(&z->lock);

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		nr_free[o] = z->free_area[o].nr_free;
	spin_unlock_irqrestore(&z->lock, flags);
}

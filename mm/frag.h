/*
 * A picture of physical memory for `frag`: each zone cut into units of one
 * or more pageblocks, each unit summed up as pages of the zone, reserved,
 * free on the buddy lists and parked on per-CPU lists, and its pageblocks'
 * migratetypes; plus Linux's two fragmentation measures per order, from the
 * buddy counts (mm/vmstat.c's unusable_index and extfrag_index, the files
 * of /sys/kernel/debug/extfrag). Shared by the shell command and its tests.
 */
#ifndef MM_FRAG_H
#define MM_FRAG_H

#include "mm/mmzone.h"

#define FRAG_MAX_WIDTH 256 /* characters in one zone's row, at most */

/* One pageblock, or the sum over a unit's pageblocks. */
struct frag_block {
	unsigned long pages;	/* pfns that belong to the zone */
	unsigned long reserved; /* of those, never given to the allocator */
	unsigned long free;	/* on the buddy lists, isolate lists too */
	unsigned long pcp;	/* on some CPU's per-CPU list (walker) */
	/* pageblocks by migratetype; only those with a page of the zone */
	unsigned int nr_blocks[MIGRATE_TYPES];
};

/* What one pageblock is, for the per-zone totals. */
enum frag_state {
	FRAG_FREE,     /* every page free on the buddy lists */
	FRAG_PARTLY,   /* some free, some not */
	FRAG_USED,     /* none free (allocated, reserved, per-CPU) */
	FRAG_RESERVED, /* every page reserved */
	NR_FRAG_STATES,
};

struct frag_summary {
	unsigned long blocks[NR_FRAG_STATES];	  /* pageblocks by state */
	unsigned long isolated;			  /* pageblocks typed isolate */
	unsigned long pages, reserved, free, pcp; /* pages, as frag_block */
};

/* How a zone is laid out in characters. */
struct frag_geom {
	pfn_t base;		   /* first pfn of unit 0, unit-aligned */
	unsigned long unit_blocks; /* pageblocks per character, 2^k */
	unsigned int nr_units;	   /* characters in the row */
	unsigned long nr_blocks;   /* pageblocks the zone's span touches */
};

/*
 * frag_geometry - the smallest power-of-two number of pageblocks per
 * character that fits @z's span into @width characters (1..FRAG_MAX_WIDTH).
 */
void frag_geometry(const struct zone *z, unsigned int width,
		   struct frag_geom *g);

/*
 * frag_scan_block - count the pageblock starting at @start into @b (which
 * the caller zeroed or is summing into). Free pages are exact: zone->lock
 * is held over the pageblock. Pages on per-CPU lists are not counted here
 * (see frag_pcp_count).
 * Context: preemptible or not; takes @z->lock with IRQs saved, once, for
 * one pageblock's walk, so a whole-zone picture never holds it long.
 */
void frag_scan_block(struct zone *z, pfn_t start, struct frag_block *b);

/* frag_block_state - which frag_state a scanned pageblock is in. */
enum frag_state frag_block_state(const struct frag_block *b);

/*
 * frag_unit_char - the character drawn for a unit: ' ' no page of the
 * zone, '#' all reserved, 'I' an isolated pageblock in it, else by the
 * most common migratetype and by how many pages are free:
 * movable . m M, unmovable - u U, reclaimable ~ r R (all free, partly
 * free, none free).
 */
char frag_unit_char(const struct frag_block *u);

/*
 * frag_zone_row - draw @z as laid out by @g: @row gets g->nr_units
 * characters and a NUL; @pcp_row (if not NULL) gets a 'p' under every unit
 * holding pages on a per-CPU list, else ' ', and a NUL; @s the totals.
 * Context: preemptible; takes @z->lock once per pageblock, and whatever
 * the per-CPU walker takes (before, never under, zone->lock).
 */
void frag_zone_row(struct zone *z, const struct frag_geom *g, char *row,
		   char *pcp_row, struct frag_summary *s);

/*
 * The per-CPU lists' part of the picture. Pages parked on a CPU's list are
 * neither on the buddy lists nor allocated, so only the per-CPU list code
 * can say where they are. It registers a walker here; without one (no
 * per-CPU lists in this kernel) frag draws no per-CPU row and says so.
 */
typedef void (*frag_pcp_visit_fn)(void *ctx, pfn_t pfn, unsigned int order);

struct frag_pcp_walker {
	const char *name;
	/*
	 * Call @visit(@ctx, pfn, order) once for every block on any CPU's
	 * list for @z. Context: called preemptible, holding no mm lock;
	 * takes whatever its lists need (each CPU's list lock in turn);
	 * @visit only counts.
	 */
	void (*walk)(struct zone *z, frag_pcp_visit_fn visit, void *ctx);
};

/*
 * frag_set_pcp_walker - register the per-CPU lists' walker (NULL: none).
 * Context: boot, or a test with the shell idle.
 */
void frag_set_pcp_walker(const struct frag_pcp_walker *w);
/* The registered walker, or NULL. */
const struct frag_pcp_walker *frag_pcp_walker(void);

/*
 * frag_pcp_count - add to @counts[i] the per-CPU list pages of @z that
 * fall in unit i of @g (@counts has g->nr_units entries, zeroed by the
 * caller). Return: pages counted. Context: as the walker's walk.
 */
unsigned long frag_pcp_count(struct zone *z, const struct frag_geom *g,
			     unsigned int *counts);

/*
 * Linux's contig_page_info: from a zone's free block counts per order,
 * the free pages, the free blocks, and how many blocks of @order the free
 * blocks of that order or larger could be cut into.
 */
struct frag_contig {
	unsigned long free_pages;
	unsigned long free_blocks_total;
	unsigned long free_blocks_suitable;
};

void frag_contig_info(const unsigned long nr_free[MAX_ORDER],
		      unsigned int order, struct frag_contig *c);

/*
 * frag_unusable_index - Linux's unusable free index for @order, in
 * thousandths: the share of free pages in blocks too small for @order
 * (1000 when nothing is free).
 */
int frag_unusable_index(const struct frag_contig *c, unsigned int order);

/*
 * frag_extfrag_index - Linux's fragmentation index for @order, in
 * thousandths: -1000 when a free block of @order or larger exists (the
 * allocation would succeed), 0 when nothing is free; otherwise towards 0
 * a failure for lack of memory, towards 1000 for fragmentation.
 */
int frag_extfrag_index(const struct frag_contig *c, unsigned int order);

/*
 * frag_read_nr_free - copy @z's free block counts per order.
 * Context: takes @z->lock with IRQs saved, so the orders agree.
 */
void frag_read_nr_free(struct zone *z, unsigned long nr_free[MAX_ORDER]);

#endif

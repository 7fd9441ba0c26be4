/*
 * The reference model (see mm_model.h). Free memory is an array: the
 * order of each free block at its head pfn, and a count of free blocks per
 * (zone, order, type). Every rule is restated here from the description
 * of Linux's allocator, in the simplest form that gives the same answer.
 */
#include <string.h>

#include "tests/host/mm_model.h"

#define PB_PAGES     (1UL << MM_PB_ORDER)
#define TYPE_UNMOV   0 /* MIGRATE_UNMOVABLE */
#define TYPE_MOVABLE 1 /* MIGRATE_MOVABLE */
#define TYPE_RECL    2 /* MIGRATE_RECLAIMABLE */

/* ---- boot: zones, managed pages, watermarks, zonelists ---------------- */

/* floor(sqrt(x)) by bisection */
static unsigned long isqrt(unsigned long x)
{
	unsigned long lo = 0, hi = 1UL << 32;

	while (lo + 1 < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first zone named for a pfn owns it, holes of its span included. */
static void model_zones(struct mm_model *m, const struct arena_layout *l)
{
	int i;
	pfn_t pfn;

	memset(m->zid, MM_NO_ZONE, sizeof(m->zid));
	for (i = 0; i < l->nr_zones; i++) {
		const struct arena_zone *a = &l->zones[i];
		int id = mm_model_zid(a->nid, a->type);
		struct mm_model_zone *z = &m->zone[id];

		z->exists = true;
		z->start = a->start;
		z->end = a->end;
		for (pfn = a->start; pfn < a->end; pfn++)
			if (m->zid[pfn] == MM_NO_ZONE)
				m->zid[pfn] = (s8)id;
	}
}

static int block_type(const struct mm_model *m, pfn_t pfn)
{
	return m->pb_type[pfn >> MM_PB_ORDER];
}

static void set_head(struct mm_model *m, pfn_t pfn, int order, int delta)
{
	struct mm_model_zone *z = &m->zone[m->zid[pfn]];

	m->free_order[pfn] = delta > 0 ? (s8)order : MM_NOT_HEAD;
	z->blocks[order][block_type(m, pfn)] += (unsigned long)(long)delta;
}

/* Retype the pageblocks of [@pfn, +2^@order); free heads change type. */
static void retype(struct mm_model *m, pfn_t pfn, int order, int type)
{
	unsigned long n = 1UL << order, i;

	if (n < PB_PAGES) {
		pfn &= ~(PB_PAGES - 1);
		n = PB_PAGES;
	}
	for (i = 0; i < n; i++) {
		int o = m->free_order[pfn + i];
		struct mm_model_zone *z;

		if (o == MM_NOT_HEAD)
			continue;
		z = &m->zone[m->zid[pfn + i]];
		z->blocks[o][block_type(m, pfn + i)]--;
		z->blocks[o][type]++;
	}
	for (i = 0; i < n; i += PB_PAGES)
		m->pb_type[(pfn + i) >> MM_PB_ORDER] = (u8)type;
}

/*
 * Free the block at @pfn of @order (within one pageblock, or exactly one),
 * typed as its pageblock: merge while the buddy is a free block of the
 * same order in the same zone; a merged pageblock takes our type.
 */
static void free_merge(struct mm_model *m, pfn_t pfn, int order)
{
	int z = m->zid[pfn], type = block_type(m, pfn);

	while (order < MM_MAX_ORDER - 1) {
		pfn_t b = pfn ^ (1UL << order);

		if (b >= m->nr_pages || m->zid[b] != z ||
		    m->free_order[b] != order)
			break;
		set_head(m, b, order, -1);
		if (order >= MM_PB_ORDER && block_type(m, b) != type)
			retype(m, b, order, type);
		pfn &= b;
		order++;
	}
	set_head(m, pfn, order, +1);
}

/* Boot hands over every pfn of the free ranges that lies in a zone. */
static void model_hand_over(struct mm_model *m, const struct arena_layout *l)
{
	static bool handed[MM_MODEL_PAGES];
	int i;
	pfn_t pfn;

	memset(handed, 0, sizeof(handed));
	for (i = 0; i < l->nr_free; i++)
		for (pfn = l->free[i][0]; pfn < l->free[i][1]; pfn++) {
			if (pfn >= m->nr_pages || m->zid[pfn] == MM_NO_ZONE ||
			    handed[pfn])
				continue; /* no zone, or handed over twice */
			handed[pfn] = true;
			m->zone[m->zid[pfn]].managed++;
			m->zone[m->zid[pfn]].free++;
			free_merge(m, pfn, 0);
		}
}

/* min_free_kbytes = sqrt(16 * KiB managed), shared by managed pages. */
static void model_watermarks(struct mm_model *m)
{
	unsigned long total = 0, kbytes, pages_min;
	int id;

	for (id = 0; id < MM_NR_ZONE_IDS; id++)
		total += m->zone[id].managed;
	kbytes = isqrt(total * 4 * 16);
	kbytes = kbytes < 128 ? 128 : kbytes > 262144 ? 262144 : kbytes;
	pages_min = kbytes / 4;
	for (id = 0; id < MM_NR_ZONE_IDS; id++) {
		struct mm_model_zone *z = &m->zone[id];
		unsigned long gap = z->managed * 10 / 10000;

		if (!z->exists)
			continue;
		z->min = total ? pages_min * z->managed / total : 0;
		gap = z->min / 4 > gap ? z->min / 4 : gap;
		z->low = z->min + gap;
		z->high = z->min + 2 * gap;
	}
}

/* Zone i keeps (managed of i+1..j) / ratio(i) from requests up to j. */
static void model_reserves(struct mm_model *m)
{
	static const unsigned long ratio[MAX_NR_ZONES] = {256, 256, 32};
	int nid, i, j;

	for (nid = 0; nid < m->nr_nodes; nid++)
		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct mm_model_zone *z =
				&m->zone[mm_model_zid(nid, i)];
			unsigned long upper = 0;

			for (j = i + 1; j < MAX_NR_ZONES; j++) {
				upper += m->zone[mm_model_zid(nid, j)].managed;
				z->reserve[j] =
					z->managed ? (long)(upper / ratio[i])
						   : 0;
			}
		}
}

/* Is node @a before node @b as seen from @nid? Nearer; self; lower id. */
static bool node_before(const struct mm_model *m, int nid, int a, int b)
{
	if (m->dist[nid][a] != m->dist[nid][b])
		return m->dist[nid][a] < m->dist[nid][b];
	if ((a == nid) != (b == nid))
		return a == nid;
	return a < b;
}

static void model_zonelists(struct mm_model *m)
{
	int nid, i, j, t;

	for (nid = 0; nid < m->nr_nodes; nid++) {
		int order[MAX_NUMNODES], n = 0;

		for (i = 0; i < m->nr_nodes; i++) {
			for (j = i;
			     j > 0 && node_before(m, nid, i, order[j - 1]); j--)
				order[j] = order[j - 1];
			order[j] = i;
		}
		for (i = 0; i < m->nr_nodes; i++)
			for (t = MAX_NR_ZONES - 1; t >= 0; t--)
				if (m->zone[mm_model_zid(order[i], t)].managed)
					m->zonelist[nid][n++] =
						mm_model_zid(order[i], t);
		m->zonelist[nid][n] = -1;
	}
}

void mm_model_init(struct mm_model *m, const struct arena_layout *l)
{
	int a, b;

	memset(m, 0, sizeof(*m));
	m->nr_pages = l->nr_pages;
	m->nr_nodes = l->nr_nodes;
	for (a = 0; a < MAX_NUMNODES; a++)
		for (b = 0; b < MAX_NUMNODES; b++)
			m->dist[a][b] = l->distance ? l->distance[a][b]
					: a == b    ? 10
						    : 20;
	memset(m->free_order, MM_NOT_HEAD, sizeof(m->free_order));
	memset(m->alloc_order, MM_NOT_HEAD, sizeof(m->alloc_order));
	memset(m->pb_type, TYPE_MOVABLE, sizeof(m->pb_type));
	model_zones(m, l);
	model_hand_over(m, l);
	model_watermarks(m);
	model_reserves(m);
	model_zonelists(m);
}

/* ---- which zone serves ------------------------------------------------ */

int mm_model_gfp_type(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return TYPE_MOVABLE;
	return gfp & __GFP_RECLAIMABLE ? TYPE_RECL : TYPE_UNMOV;
}

static int gfp_highest(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	return gfp & __GFP_DMA32 ? ZONE_DMA32 : ZONE_NORMAL;
}

static bool allowed(int zid, int nid, gfp_t gfp)
{
	return zid % MAX_NR_ZONES <= gfp_highest(gfp) &&
	       (!(gfp & __GFP_THISNODE) || zid / MAX_NR_ZONES == nid);
}

static bool has_block(const struct mm_model_zone *z, unsigned int from,
		      int type)
{
	unsigned int o;
	int t;

	for (o = from; o < MM_MAX_ORDER; o++)
		for (t = 0; t < MM_NR_TYPES; t++)
			if ((type < 0 || t == type) && z->blocks[o][t])
				return true;
	return false;
}

enum pass { PASS_LOW, PASS_MIN, PASS_NO_WMARK };

/* The watermark test of @pass; free pages beyond a block's first are gone. */
static bool wmark_ok(const struct mm_model_zone *z, enum pass pass, gfp_t gfp,
		     unsigned int order)
{
	long free = z->free - ((1L << order) - 1), mark = (long)z->low;

	if (pass == PASS_NO_WMARK)
		return true;
	if (pass == PASS_MIN) {
		mark = (long)z->min;
		if (gfp & __GFP_HIGH)
			mark -= mark / 2;
		if ((gfp & __GFP_HIGH) && !(gfp & __GFP_DIRECT_RECLAIM))
			mark -= mark / 4;
	}
	if (free <= mark + z->reserve[gfp_highest(gfp)])
		return false;
	return order == 0 || has_block(z, order, -1);
}

/* Own type from @order up; else other types, whole pageblocks if @nofrag. */
static bool can_serve(const struct mm_model_zone *z, unsigned int order,
		      int type, bool nofrag)
{
	unsigned int from = nofrag && order < MM_PB_ORDER ? MM_PB_ORDER : order;
	int t;

	if (has_block(z, order, type))
		return true;
	for (t = 0; t < MM_NR_TYPES; t++)
		if (t != type && has_block(z, from, t))
			return true;
	return false;
}

/* One zonelist walk; *@again when @nofrag must give way to a new walk. */
static int walk(const struct mm_model *m, int nid, int preferred, gfp_t gfp,
		unsigned int order, enum pass pass, bool nofrag, bool *again)
{
	const int *zl = m->zonelist[nid];

	*again = false;
	for (; *zl >= 0; zl++) {
		const struct mm_model_zone *z = &m->zone[*zl];

		if (!allowed(*zl, nid, gfp))
			continue;
		if (nofrag && *zl / MAX_NR_ZONES != preferred / MAX_NR_ZONES) {
			*again = true; /* another node: locality first */
			return -1;
		}
		if (wmark_ok(z, pass, gfp, order) &&
		    can_serve(z, order, mm_model_gfp_type(gfp), nofrag))
			return *zl;
	}
	*again = nofrag;
	return -1;
}

struct mm_model_choice mm_model_choose(const struct mm_model *m, int nid,
				       gfp_t gfp, unsigned int order)
{
	struct mm_model_choice c = {-1, -1, false};
	const int *zl;
	enum pass pass;
	bool again;

	for (zl = m->zonelist[nid]; *zl >= 0 && c.preferred < 0; zl++)
		if (allowed(*zl, nid, gfp))
			c.preferred = *zl;
	if (order >= MM_MAX_ORDER || c.preferred < 0)
		return c;
	/* Normal first spares other types' pageblocks if DMA32 exists */
	c.nofrag = c.preferred % MAX_NR_ZONES == ZONE_NORMAL &&
		   m->zone[c.preferred - ZONE_NORMAL + ZONE_DMA32].managed;
	for (pass = PASS_LOW; pass <= PASS_NO_WMARK; pass++) {
		if (pass == PASS_NO_WMARK && !(gfp & __GFP_MEMALLOC))
			break;
		c.zid = walk(m, nid, c.preferred, gfp, order, pass, c.nofrag,
			     &again);
		if (c.zid < 0 && again) {
			c.nofrag = false;
			c.zid = walk(m, nid, c.preferred, gfp, order, pass,
				     false, &again);
		}
		if (c.zid >= 0)
			return c;
		c.nofrag = false; /* only the first pass spares pageblocks */
	}
	return c;
}

/* ---- which block ------------------------------------------------------ */

/* Split the free block at @pfn (order @o) down to @order and take it. */
static void take(struct mm_model *m, pfn_t pfn, int o, unsigned int order,
		 int mt)
{
	set_head(m, pfn, o, -1);
	while (o > (int)order) {
		o--;
		set_head(m, pfn + (1UL << o), o, +1);
	}
	m->alloc_order[pfn] = (s8)order;
	m->alloc_type[pfn] = (u8)mt;
	m->zone[m->zid[pfn]].free -= 1L << order;
}

static bool is_head(const struct mm_model *m, pfn_t pfn, int o, int type)
{
	return m->free_order[pfn] == o && block_type(m, pfn) == type;
}

/* Linux's fallback order of the other types. */
static const int fallback_types[MM_NR_TYPES][2] = {
	[TYPE_UNMOV] = {TYPE_RECL, TYPE_MOVABLE},
	[TYPE_MOVABLE] = {TYPE_RECL, TYPE_UNMOV},
	[TYPE_RECL] = {TYPE_UNMOV, TYPE_MOVABLE},
};

static int first_fallback(const struct mm_model_zone *z, int o, int mt)
{
	int i;

	for (i = 0; i < 2; i++)
		if (z->blocks[o][fallback_types[mt][i]])
			return fallback_types[mt][i];
	return -1;
}

/* Movable requests claim from half a pageblock's order; others always. */
static bool tries_claim(int o, int mt)
{
	return o >= MM_PB_ORDER / 2 || mt != TYPE_MOVABLE;
}

/*
 * The order and type to steal: the largest block of the first fallback
 * type that has one; a movable request that would not claim it takes the
 * smallest fallback block instead. Return: the type, or -1.
 */
static int pick(const struct mm_model_zone *z, unsigned int order, int mt,
		unsigned int from, int *o)
{
	int k, t;

	for (k = MM_MAX_ORDER - 1; k >= (int)from; k--) {
		t = first_fallback(z, k, mt);
		if (t < 0)
			continue;
		if (mt == TYPE_MOVABLE && k > (int)order && !tries_claim(k, mt))
			break;
		*o = k;
		return t;
	}
	if (k < (int)from)
		return -1;
	for (k = (int)order; k < MM_MAX_ORDER; k++) {
		t = first_fallback(z, k, mt);
		if (t >= 0) {
			*o = k;
			return t;
		}
	}
	return -1;
}

/*
 * Would claiming the pageblock at @pb for @mt succeed? It must lie wholly
 * in zone @zid, and free pages plus pages alike must reach half of it:
 * alike are pages allocated as @mt, or, for a non-movable request in a
 * movable pageblock, every page neither free nor movable.
 */
static bool claim_ok(const struct mm_model *m, int zid, pfn_t pb, int mt)
{
	unsigned long free = 0, same = 0, movable = 0, i, alike;
	const struct mm_model_zone *z = &m->zone[zid];

	if (pb < z->start || pb + PB_PAGES > z->end)
		return false;
	for (i = 0; i < PB_PAGES; i++) {
		pfn_t p = pb + i;

		if (m->zid[p] != zid)
			return false;
		if (m->free_order[p] != MM_NOT_HEAD)
			free += 1UL << m->free_order[p];
		if (m->alloc_order[p] != MM_NOT_HEAD) {
			unsigned long n = 1UL << m->alloc_order[p];

			same += m->alloc_type[p] == mt ? n : 0;
			movable += m->alloc_type[p] == TYPE_MOVABLE ? n : 0;
		}
	}
	alike = same;
	if (mt != TYPE_MOVABLE && block_type(m, pb) == TYPE_MOVABLE)
		alike = PB_PAGES - free - movable;
	return free + alike >= PB_PAGES / 2;
}

/* Smallest order >= @order of the free blocks in the pageblock @pb. */
static int smallest_in(const struct mm_model *m, pfn_t pb, unsigned int order)
{
	int best = MM_MAX_ORDER;
	unsigned long i;

	for (i = 0; i < PB_PAGES; i++) {
		int o = m->free_order[pb + i];

		if (o >= (int)order && o < best)
			best = o;
	}
	return best;
}

/* Does the pageblock @pb hold a free head of order @o and type @t? */
static bool pb_has_head(const struct mm_model *m, pfn_t pb, int o, int t)
{
	unsigned long i;

	for (i = 0; i < PB_PAGES; i++)
		if (is_head(m, pb + i, o, t))
			return true;
	return false;
}

/* A small block taken from type @ft: claimed pageblock or borrowed block. */
static const char *take_small_fallback(struct mm_model *m, int zid, pfn_t pfn,
				       unsigned int order, int mt, int o,
				       int ft)
{
	pfn_t pb = pfn & ~(PB_PAGES - 1);

	if (tries_claim(o, mt) && pb_has_head(m, pb, o, ft) &&
	    claim_ok(m, zid, pb, mt)) {
		retype(m, pb, 0, mt);
		if (m->free_order[pfn] != smallest_in(m, pb, order))
			return "not the smallest block of the claimed "
			       "pageblock";
		take(m, pfn, m->free_order[pfn], order, mt);
		return NULL;
	}
	if (!is_head(m, pfn, o, ft))
		return "not a block of the fallback type and order";
	take(m, pfn, o, order, mt);
	return NULL;
}

static const char *take_fallback(struct mm_model *m, int zid, pfn_t pfn,
				 unsigned int order, int mt, bool nofrag)
{
	unsigned int from = nofrag && order < MM_PB_ORDER ? MM_PB_ORDER : order;
	int o, ft = pick(&m->zone[zid], order, mt, from, &o);

	if (ft < 0)
		return "the model finds nothing to fall back to";
	if (o < MM_PB_ORDER)
		return take_small_fallback(m, zid, pfn, order, mt, o, ft);
	if (!is_head(m, pfn, o, ft))
		return "not a whole-pageblock block of the fallback type";
	retype(m, pfn, o, mt); /* whole pageblocks are claimed outright */
	take(m, pfn, o, order, mt);
	return NULL;
}

const char *mm_model_take(struct mm_model *m, const struct mm_model_choice *c,
			  pfn_t pfn, unsigned int order, int mt)
{
	const struct mm_model_zone *z = &m->zone[c->zid];
	unsigned int o;

	if (pfn >= m->nr_pages || m->zid[pfn] != c->zid)
		return "block from another zone";
	for (o = order; o < MM_MAX_ORDER; o++) {
		if (!z->blocks[o][mt])
			continue;
		if (!is_head(m, pfn, (int)o, mt))
			return "not a smallest free block of the type asked";
		take(m, pfn, (int)o, order, mt);
		return NULL;
	}
	return take_fallback(m, c->zid, pfn, order, mt, c->nofrag);
}

void mm_model_free(struct mm_model *m, pfn_t pfn)
{
	int order = m->alloc_order[pfn];
	unsigned long i;

	m->alloc_order[pfn] = MM_NOT_HEAD;
	m->zone[m->zid[pfn]].free += 1L << order;
	if (order <= MM_PB_ORDER) {
		free_merge(m, pfn, order);
		return;
	}
	/* larger blocks go back one pageblock at a time, each its own type */
	for (i = 0; i < (1UL << order); i += PB_PAGES)
		free_merge(m, pfn + i, MM_PB_ORDER);
}

/*
 * The ownership model of fuzz_alloc (alloc_model.h). Every broken promise
 * is a FZ_CHECK failure: one line naming the pfn, then abort.
 */
#include "tests/fuzz/alloc_model.h"
#include "mm/internal.h"
#include "mm/vmstat.h"
#include "tests/fuzz/fuzz_util.h"

void am_init(struct alloc_model *m, bool memory)
{
	m->nheld = 0;
	memset(m->owned, 0, sizeof(m->owned));
	memset(m->head, 0, sizeof(m->head));
	memset(m->pages, 0, sizeof(m->pages));
	m->bad_frees = 0;
	m->memory = memory;
}

bool am_full(const struct alloc_model *m)
{
	return m->nheld == AM_MAX_HELD;
}

static u64 *page_word(pfn_t pfn, int last)
{
	u64 *mem = page_address(pfn_to_page(pfn));

	return last ? &mem[PAGE_SIZE / 8 - 1] : mem;
}

/* __GFP_ZERO: the whole block reads zero (whole pages up to order 3,
 * then the first and last word of each page, to keep runs fast). */
static void check_zeroed(pfn_t pfn, unsigned int order)
{
	for (pfn_t p = pfn; p < pfn + (1UL << order); p++) {
		const u64 *mem = page_address(pfn_to_page(p));
		size_t words = order <= 3 ? PAGE_SIZE / 8 : 1;

		for (size_t w = 0; w < words; w++)
			FZ_CHECK(!mem[w], "pfn 0x%lx word %zu not zeroed",
				 (unsigned long)p, w);
		FZ_CHECK(!*page_word(p, 1), "pfn 0x%lx last word not zeroed",
			 (unsigned long)p);
	}
}

/* The block is one a caller asking with @gfp may be given. */
static void check_block(const struct alloc_model *m, struct page *page,
			unsigned int order, gfp_t gfp)
{
	pfn_t pfn = page_to_pfn(page), end = pfn + (1UL << order);
	struct zone *z;

	FZ_CHECK(end <= AM_MAX_PAGES && (pfn & ((1UL << order) - 1)) == 0,
		 "pfn 0x%lx order %u: outside the arena or misaligned",
		 (unsigned long)pfn, order);
	FZ_CHECK(PageAllocated(page) && page->order == order,
		 "pfn 0x%lx handed out as order %u, head says order %u "
		 "flags 0x%x",
		 (unsigned long)pfn, order, page->order, page->flags);
	z = page_zone(page);
	FZ_CHECK(z->zone_idx <= gfp_zone(gfp),
		 "pfn 0x%lx from zone %s, gfp 0x%x allows up to zone %d",
		 (unsigned long)pfn, z->name, gfp, gfp_zone(gfp));
	FZ_CHECK(zone_spans_pfn(z, end - 1) &&
			 page_zone(pfn_to_page(end - 1)) == z,
		 "pfn 0x%lx order %u runs out of zone %s", (unsigned long)pfn,
		 order, z->name);
	for (pfn_t p = pfn; p < end; p++) {
		FZ_CHECK(!m->owned[p],
			 "pfn 0x%lx (block 0x%lx order %u) handed out while a "
			 "caller still holds it",
			 (unsigned long)p, (unsigned long)pfn, order);
		FZ_CHECK(p == pfn || !(pfn_to_page(p)->flags & 7),
			 "tail pfn 0x%lx carries flags 0x%x", (unsigned long)p,
			 pfn_to_page(p)->flags);
	}
}

void am_take(struct alloc_model *m, struct page *page, unsigned int order,
	     gfp_t gfp)
{
	pfn_t pfn = page_to_pfn(page);
	struct am_block *b;

	check_block(m, page, order, gfp);
	FZ_CHECK(!am_full(m), "model full");
	if (m->memory && (gfp & __GFP_ZERO))
		check_zeroed(pfn, order);
	b = &m->held[m->nheld++];
	*b = (struct am_block){pfn, order, ++m->next_tag};
	m->head[pfn] = m->nheld;
	for (pfn_t p = pfn; p < pfn + (1UL << order); p++) {
		m->owned[p] = 1;
		if (m->memory)
			*page_word(p, 0) = b->tag ^ p;
	}
	m->pages[page_zone(page)->zone_idx] += 1UL << order;
}

struct page *am_release(struct alloc_model *m, int i, unsigned int *order)
{
	struct am_block b = m->held[i];

	for (pfn_t p = b.pfn; p < b.pfn + (1UL << b.order); p++) {
		FZ_CHECK(!m->memory || *page_word(p, 0) == (b.tag ^ p),
			 "pfn 0x%lx of held block 0x%lx order %u was written "
			 "by someone else (0x%llx)",
			 (unsigned long)p, (unsigned long)b.pfn, b.order,
			 (unsigned long long)*page_word(p, 0));
		m->owned[p] = 0;
	}
	m->head[b.pfn] = 0;
	m->held[i] = m->held[--m->nheld];
	if (i < m->nheld)
		m->head[m->held[i].pfn] = i + 1;
	m->pages[page_zone(pfn_to_page(b.pfn))->zone_idx] -= 1UL << b.order;
	*order = b.order;
	return pfn_to_page(b.pfn);
}

int am_find(const struct alloc_model *m, pfn_t pfn, unsigned int order)
{
	int i;

	if (pfn >= AM_MAX_PAGES || !m->head[pfn])
		return -1;
	i = m->head[pfn] - 1;
	return m->held[i].order == order ? i : -1;
}

void am_check(const struct alloc_model *m)
{
	struct zone *z;

	for (int i = 0; i < m->nheld; i++) {
		const struct am_block *b = &m->held[i];
		const struct page *p = pfn_to_page(b->pfn);

		FZ_CHECK(PageAllocated(p) && p->order == b->order,
			 "held block 0x%lx order %u: head now order %u flags "
			 "0x%x",
			 (unsigned long)b->pfn, b->order, p->order, p->flags);
		FZ_CHECK(!m->memory ||
				 *page_word(b->pfn, 0) == (b->tag ^ b->pfn),
			 "held block 0x%lx order %u overwritten",
			 (unsigned long)b->pfn, b->order);
	}
	for_each_populated_zone(z)
		FZ_CHECK(zone_page_state_exact(z, NR_ALLOC_PAGES) ==
				 (long)m->pages[z->zone_idx],
			 "zone %s: allocator counts %ld pages allocated, "
			 "callers hold %lu",
			 z->name, zone_page_state_exact(z, NR_ALLOC_PAGES),
			 m->pages[z->zone_idx]);
}

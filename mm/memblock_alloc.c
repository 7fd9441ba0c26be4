/*
 * The early allocator and the walk over free memory. Free means in
 * memblock.memory and in no reservation. Allocation takes the highest fit
 * below the limit, as Linux's memblock_find_in_range_node does top-down,
 * keeping low (DMA-able) memory for the zones that need it.
 */
#include "mm/memblock.h"
#include "lib/printk.h"

/*
 * Visit each maximal free range [s, e) inside memory region @m, in
 * address order: the gaps between the reservations that overlap it.
 */
static void walk_region(const struct memblock_region *m,
			void (*fn)(phys_addr_t s, phys_addr_t e, void *arg),
			void *arg)
{
	phys_addr_t cur = m->base, end = m->base + m->size;
	const struct memblock_type *rsv = &memblock.reserved;

	for (int i = 0; i < rsv->cnt && cur < end; i++) {
		phys_addr_t rs = rsv->regions[i].base;
		phys_addr_t re = rs + rsv->regions[i].size;

		if (re <= cur)
			continue;
		if (rs >= end)
			break;
		if (rs > cur)
			fn(cur, rs, arg);
		cur = re;
	}
	if (cur < end)
		fn(cur, end, arg);
}

/* The free ranges of node @nid's memory (every node's when @nid < 0). */
static void walk_free_nid(int nid,
			  void (*fn)(phys_addr_t s, phys_addr_t e, void *arg),
			  void *arg)
{
	for (int i = 0; i < memblock.memory.cnt; i++)
		if (nid < 0 || memblock.memory.regions[i].nid == nid)
			walk_region(&memblock.memory.regions[i], fn, arg);
}

static void walk_free(void (*fn)(phys_addr_t s, phys_addr_t e, void *arg),
		      void *arg)
{
	walk_free_nid(-1, fn, arg);
}

struct page_walk {
	void (*fn)(phys_addr_t start, phys_addr_t end, void *arg);
	void *arg;
};

static void page_clip(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct page_walk *w = arg;

	s = ALIGN_UP(s, (phys_addr_t)4096);
	e = ALIGN_DOWN(e, (phys_addr_t)4096);
	if (s < e)
		w->fn(s, e, w->arg);
}

void memblock_for_each_free(void (*fn)(phys_addr_t start, phys_addr_t end,
				       void *arg),
			    void *arg)
{
	struct page_walk w = {fn, arg};

	walk_free(page_clip, &w);
}

struct fit {
	u64 size, align;
	phys_addr_t limit;
	phys_addr_t best; /* highest fitting base so far, 0 = none */
};

static void try_fit(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct fit *f = arg;
	phys_addr_t top = f->limit ? MIN(e, f->limit) : e, cand;

	if (top < f->size || top - f->size < s)
		return;
	cand = ALIGN_DOWN(top - f->size, f->align);
	if (cand >= s && cand > f->best)
		f->best = cand;
}

static phys_addr_t effective_limit(phys_addr_t limit)
{
	phys_addr_t cur = memblock.current_limit;

	if (!limit)
		return cur;
	return cur ? MIN(limit, cur) : limit;
}

/* Context: boot CPU. @nid < 0: any node. Return: as memblock_phys_alloc. */
static phys_addr_t memblock_alloc_in(u64 size, u64 align, phys_addr_t limit,
				     int nid)
{
	struct fit f = {.size = size, .align = align ? align : 1};

	if (memblock.frozen) {
		pr_err("memblock: allocation of %llu bytes after the hand-over "
		       "to the buddy allocator refused\n",
		       (unsigned long long)size);
		return 0;
	}
	if (!size || (f.align & (f.align - 1)))
		return 0;
	f.limit = effective_limit(limit);
	walk_free_nid(nid, try_fit, &f);
	if (!f.best && nid >= 0)
		return 0; /* the caller may fall back to any node */
	if (!f.best || memblock_reserve(f.best, size)) {
		pr_warn("memblock: no %llu bytes aligned to 0x%llx below "
			"0x%llx\n",
			(unsigned long long)size, (unsigned long long)f.align,
			(unsigned long long)f.limit);
		return 0;
	}
	memblock_zero(f.best, size);
	return f.best;
}

phys_addr_t memblock_phys_alloc(u64 size, u64 align, phys_addr_t limit)
{
	return memblock_alloc_in(size, align, limit, -1);
}

phys_addr_t memblock_phys_alloc_node(u64 size, u64 align, int nid)
{
	return memblock_alloc_in(size, align, 0, nid < 0 ? 0 : nid);
}

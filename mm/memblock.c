/*
 * memblock's two range lists and the early allocator, in the spirit of
 * Linux's mm/memblock.c: each list is kept sorted, non-overlapping and
 * merged; allocation searches memory minus reserved from the top down.
 * Pure code: host tests run it unchanged over crafted maps.
 */
#include "mm/memblock.h"
#include "lib/printk.h"

struct memblock memblock = {
	.memory.name = "memory",
	.reserved.name = "reserved",
};

void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.reserved.cnt = 0;
	memblock.current_limit = 0;
	memblock.frozen = false;
}

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Insertion sort by base: the lists hold at most a few dozen entries. */
static void sort_regions(struct memblock_type *type)
{
	for (int i = 1; i < type->cnt; i++) {
		struct memblock_region r = type->regions[i];
		int j = i - 1;

		for (; j >= 0 && type->regions[j].base > r.base; j--)
			type->regions[j + 1] = type->regions[j];
		type->regions[j + 1] = r;
	}
}

/* Fold overlapping or touching neighbours of the same node into one. */
static void merge_regions(struct memblock_type *type)
{
	int out = 0;

	for (int i = 0; i < type->cnt; i++) {
		struct memblock_region *prev = type->regions + out - !!out;
		struct memblock_region *r = &type->regions[i];

		if (out && r->base <= region_end(prev) && r->nid == prev->nid) {
			if (region_end(r) > region_end(prev))
				prev->size = region_end(r) - prev->base;
			continue;
		}
		/* another node's region keeps what it had: trim the newcomer */
		if (out && r->base < region_end(prev)) {
			if (region_end(r) <= region_end(prev))
				continue;
			r->size = region_end(r) - region_end(prev);
			r->base = region_end(prev);
		}
		type->regions[out++] = *r;
	}
	type->cnt = out;
}

static int add_range(struct memblock_type *type, phys_addr_t base, u64 size,
		     int nid)
{
	if (!size)
		return 0;
	if (base + size < base) {
		pr_warn("memblock: %s range at 0x%llx size 0x%llx wraps, "
			"ignored\n",
			type->name, (unsigned long long)base,
			(unsigned long long)size);
		return -1;
	}
	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		pr_warn("memblock: %s table full (%d regions), dropping "
			"[0x%llx-0x%llx]\n",
			type->name, MEMBLOCK_MAX_REGIONS,
			(unsigned long long)base,
			(unsigned long long)(base + size - 1));
		return -1;
	}
	type->regions[type->cnt++] = (struct memblock_region){
		.base = base, .size = size, .nid = nid};
	sort_regions(type);
	merge_regions(type);
	return 0;
}

/*
 * Cut @type at @addr so that no region straddles it. Return: -1 when the
 * table has no room for the extra piece.
 */
static int split_at(struct memblock_type *type, phys_addr_t addr)
{
	for (int i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];

		if (addr <= r->base || addr >= region_end(r))
			continue;
		if (type->cnt == MEMBLOCK_MAX_REGIONS) {
			pr_warn("memblock: %s table full, cannot split at "
				"0x%llx\n",
				type->name, (unsigned long long)addr);
			return -1;
		}
		for (int j = type->cnt; j > i + 1; j--)
			type->regions[j] = type->regions[j - 1];
		type->regions[i + 1] = *r;
		type->regions[i + 1].base = addr;
		type->regions[i + 1].size = region_end(r) - addr;
		r->size = addr - r->base;
		type->cnt++;
		return 0;
	}
	return 0;
}

/*
 * A hole [@base, @end) strictly inside region @i: the part above becomes a
 * region of its own. With the table full, the smaller part is dropped as
 * well: memory that cannot be listed is given up, the hole never stays.
 */
static int punch_hole(struct memblock_type *type, int i, phys_addr_t base,
		      phys_addr_t end)
{
	struct memblock_region *r = &type->regions[i];
	phys_addr_t r_end = region_end(r);

	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		bool keep_high = base - r->base < r_end - end;
		phys_addr_t s = keep_high ? r->base : end;
		phys_addr_t e = keep_high ? base : r_end;

		pr_warn("memblock: %s table full, dropping [0x%llx-0x%llx] "
			"next to the hole at 0x%llx\n",
			type->name, (unsigned long long)s,
			(unsigned long long)(e - 1), (unsigned long long)base);
		if (keep_high) {
			r->base = end;
			r->size = r_end - end;
		} else {
			r->size = base - r->base;
		}
		return -1;
	}
	for (int j = type->cnt; j > i + 1; j--)
		type->regions[j] = type->regions[j - 1];
	type->regions[i + 1] = *r;
	type->regions[i + 1].base = end;
	type->regions[i + 1].size = r_end - end;
	r->size = base - r->base;
	type->cnt++;
	return 0;
}

/*
 * Regions the range covers go and regions it overlaps at one end shrink,
 * in place; only a region holding the whole range needs a new slot, so a
 * full table cannot leave part of the range behind.
 */
static int remove_range(struct memblock_type *type, phys_addr_t base, u64 size)
{
	phys_addr_t end = base + size < base ? ~0ULL : base + size;
	int out = 0;

	if (!size)
		return 0;
	for (int i = 0; i < type->cnt; i++) {
		struct memblock_region r = type->regions[i];

		if (r.base < base && region_end(&r) > end)
			return punch_hole(type, i, base, end);
	}
	for (int i = 0; i < type->cnt; i++) {
		struct memblock_region r = type->regions[i];
		phys_addr_t r_end = region_end(&r);

		if (r.base >= end || r_end <= base) {
			type->regions[out++] = r;
		} else if (r.base < base) {
			r.size = base - r.base;
			type->regions[out++] = r;
		} else if (r_end > end) {
			r.base = end;
			r.size = r_end - end;
			type->regions[out++] = r;
		}
	}
	type->cnt = out;
	return 0;
}

int memblock_add(phys_addr_t base, u64 size)
{
	return add_range(&memblock.memory, base, size, 0);
}

int memblock_remove(phys_addr_t base, u64 size)
{
	return remove_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, u64 size)
{
	return add_range(&memblock.reserved, base, size, 0);
}

int memblock_set_node(phys_addr_t base, u64 size, int nid)
{
	struct memblock_type *mem = &memblock.memory;

	if (split_at(mem, base) || split_at(mem, base + size)) {
		merge_regions(mem); /* undo the first split if it was made */
		return -1;
	}
	for (int i = 0; i < mem->cnt; i++)
		if (mem->regions[i].base >= base &&
		    region_end(&mem->regions[i]) <= base + size)
			mem->regions[i].nid = nid;
	merge_regions(mem);
	return 0;
}

bool memblock_is_memory(phys_addr_t addr)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];

		if (addr >= r->base && addr < region_end(r))
			return true;
	}
	return false;
}

bool memblock_is_reserved(phys_addr_t base, u64 size)
{
	for (int i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (base < region_end(r) && r->base < base + size)
			return true;
	}
	return false;
}

u64 memblock_memory_in_range(phys_addr_t start, phys_addr_t end)
{
	u64 total = 0;

	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t s = MAX(start, r->base);
		phys_addr_t e = MIN(end, region_end(r));

		if (s < e)
			total += e - s;
	}
	return total;
}

phys_addr_t memblock_start_of_ram(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_ram(void)
{
	int n = memblock.memory.cnt;

	return n ? region_end(&memblock.memory.regions[n - 1]) : 0;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

void memblock_freeze(void)
{
	memblock.frozen = true;
}

static void dump_type(const struct memblock_type *type,
		      int (*out)(const char *fmt, ...))
{
	u64 total = 0;

	for (int i = 0; i < type->cnt; i++)
		total += type->regions[i].size;
	out("memblock: %s: %d regions, %llu KiB\n", type->name, type->cnt,
	    (unsigned long long)(total >> 10));
	for (int i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		out("memblock:   %-8s [mem 0x%016llx-0x%016llx] node %d\n",
		    type->name, (unsigned long long)r->base,
		    (unsigned long long)(region_end(r) - 1), r->nid);
	}
}

void memblock_dump(int (*out)(const char *fmt, ...))
{
	dump_type(&memblock.memory, out);
	dump_type(&memblock.reserved, out);
}

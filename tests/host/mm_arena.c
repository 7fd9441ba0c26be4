/*
 * The host mm fixture (see mm_arena.h).
 * Linux's tools/testing/memblock builds its fixtures the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/percpu.h"
#include "mm/page_debug.h"
#include "mm/watermark.h"
#include "tests/host/mm_arena.h"

static void *xmalloc_aligned(size_t size)
{
	void *p = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);

	if (!p) {
		fprintf(stderr, "arena: out of host memory (%zu bytes)\n",
			size);
		abort();
	}
	return p;
}

/* Defaults every test starts from, whatever the previous one changed. */
static void reset_tunables(void)
{
	static const int ratio[MAX_NR_ZONES] = {256, 256, 32};

	memcpy(sysctl_lowmem_reserve_ratio, ratio, sizeof(ratio));
	watermark_scale_factor = 10;
	page_poison_enabled = false;
	page_debug_bad_frees = 0;
	page_debug_poison_hits = 0;
	page_debug_poisoned_pages = 0;
	memset(cpu_to_node_map, 0, sizeof(cpu_to_node_map));
	host_cpu = 0;
}

void arena_setup(struct arena *a, const struct arena_layout *l)
{
	a->nr_pages = l->nr_pages;
	a->map = xmalloc_aligned(l->nr_pages * sizeof(struct page));
	a->mem = l->no_memory ? NULL : xmalloc_aligned(l->nr_pages * 4096);
	arena_reuse(a, l);
}

void arena_reuse(struct arena *a, const struct arena_layout *l)
{
	int i;

	if (l->nr_pages != a->nr_pages || !l->no_memory != !!a->mem) {
		fprintf(stderr, "arena: reused with another size\n");
		abort();
	}
	reset_tunables();
	memset(a->map, 0x5a, l->nr_pages * sizeof(struct page));
	mm_host_phys_base = a->mem;
	memmap_init(a->map, l->nr_pages);
	for (i = 0; i < l->nr_zones; i++) {
		const struct arena_zone *z = &l->zones[i];

		zone_init(z->nid, z->type, z->start, z->end, z->end - z->start);
	}
	for (i = 0; i < l->nr_free; i++)
		zone_free_boot_range(l->free[i][0], l->free[i][1]);
	mm_init_finish(l->nr_nodes, l->distance);
}

void arena_simple(struct arena *a, pfn_t nr)
{
	struct arena_layout l = {
		.nr_pages = nr,
		.nr_nodes = 1,
		.nr_zones = 1,
		.zones = {{0, ZONE_NORMAL, 0, nr}},
		.nr_free = 1,
		.free = {{0, nr}},
	};

	arena_setup(a, &l);
}

void arena_teardown(struct arena *a)
{
	free(a->map);
	free(a->mem);
	a->map = NULL;
	a->mem = NULL;
	mm_host_phys_base = NULL;
}

void arena_no_watermarks(void)
{
	memset(sysctl_lowmem_reserve_ratio, 0,
	       sizeof(sysctl_lowmem_reserve_ratio));
	min_free_kbytes = 0;
	watermark_scale_factor = 0;
	setup_per_zone_wmarks();
}

/*
 * The page array: one entry per pfn in [0, end of RAM), holes included so
 * pfn_to_page is an index. Allocated from memblock in one piece; mm-core's
 * memmap_init gives every entry its reserved start state. Linux's
 * counterpart is alloc_node_mem_map with FLATMEM.
 */
#include "mm/memmap.h"
#include "arch/x86/tsc.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "kernel/panic.h"
#include "lib/printk.h"
#include "mm/memblock.h"

#include "mm/mm_init.h"
#include "mm/page.h"

#define PAGE_ENTRY_SIZE sizeof(struct page)

struct memmap_stats memmap_stats;

/* Microseconds per GiB of the physical range the array describes. */
static u64 us_per_gib(u64 us, pfn_t nr_pages)
{
	u64 bytes = (u64)nr_pages << PAGE_SHIFT;

	return bytes ? us * GiB / bytes : 0;
}

static void report(const struct memmap_stats *s)
{
	u64 a = us_per_gib(s->alloc_us, s->nr_pages);
	u64 i = us_per_gib(s->init_us, s->nr_pages);

	pr_info("memmap: %llu pages x %llu bytes = %llu KiB at [mem "
		"0x%016llx-0x%016llx]\n",
		(unsigned long long)s->nr_pages,
		(unsigned long long)s->entry_size,
		(unsigned long long)(s->bytes >> 10),
		(unsigned long long)s->phys,
		(unsigned long long)(s->phys + s->bytes - 1));
	pr_info("memmap: allocate+zero %llu.%03llu ms, memmap_init %llu.%03llu "
		"ms; per GiB: %llu.%03llu ms + %llu.%03llu ms\n",
		(unsigned long long)(s->alloc_us / 1000),
		(unsigned long long)(s->alloc_us % 1000),
		(unsigned long long)(s->init_us / 1000),
		(unsigned long long)(s->init_us % 1000),
		(unsigned long long)(a / 1000), (unsigned long long)(a % 1000),
		(unsigned long long)(i / 1000), (unsigned long long)(i % 1000));
}

void memmap_setup(void)
{
	struct memmap_stats *s = &memmap_stats;
	u64 t0, t1, t2;

	s->nr_pages = memblock_end_of_ram() >> PAGE_SHIFT;
	s->entry_size = PAGE_ENTRY_SIZE;
	s->bytes = ALIGN_UP(s->nr_pages * s->entry_size, (u64)PAGE_SIZE);
	t0 = rdtsc();
	s->phys = memblock_phys_alloc(s->bytes, PAGE_SIZE, 0);
	if (!s->phys)
		panic("memmap: no %llu KiB for the page array of %llu pages",
		      (unsigned long long)(s->bytes >> 10),
		      (unsigned long long)s->nr_pages);
	t1 = rdtsc();
	memmap_init(phys_to_virt(s->phys), s->nr_pages);
	t2 = rdtsc();
	s->alloc_us = tsc_cycles_to_ns(t1 - t0) / 1000;
	s->init_us = tsc_cycles_to_ns(t2 - t1) / 1000;
	report(s);
}

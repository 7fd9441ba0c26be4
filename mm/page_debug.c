/*
 * Free-time checks and page poisoning (see page_debug.h). Linux's
 * counterparts are free_page_is_bad/bad_page in page_alloc.c and
 * mm/page_poison.c; the reports here are one line each and never stop the
 * kernel, since a refused free leaves the allocator consistent.
 */
#include "mm/page_debug.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/internal.h"

#ifdef HOST_TEST
#define page_debug_in_nmi() false
#else
#include "kernel/preempt.h"
#define page_debug_in_nmi() in_nmi()
#endif

bool page_poison_enabled;
bool init_on_free_enabled;
unsigned long page_debug_bad_frees;
unsigned long page_debug_poison_hits;
unsigned long page_debug_poisoned_pages;

static const char *const pageflag_names[NR_PAGEFLAGS] = {
	[PG_reserved] = "reserved",   [PG_buddy] = "buddy",
	[PG_allocated] = "allocated", [PG_poisoned] = "poisoned",
	[PG_checked] = "checked",
};

char *page_flags_str(u32 flags, char *buf, size_t size)
{
	size_t n = (size_t)ksnprintf(buf, size, "0x%x", flags);
	const char *sep = " ";
	int i;

	for (i = 0; i < NR_PAGEFLAGS && n < size; i++) {
		if (!(flags & (1U << i)))
			continue;
		n += (size_t)ksnprintf(buf + n, size - n, "%s%s", sep,
				       pageflag_names[i]);
		sep = "|";
	}
	return buf;
}

/* Is @page a real element of mem_map? Compared as integers: no UB. */
static bool page_in_mem_map(const struct page *page)
{
	uintptr_t p = (uintptr_t)page, base = (uintptr_t)mem_map;

	return mem_map && p >= base && (p - base) % sizeof(struct page) == 0 &&
	       (p - base) / sizeof(struct page) < max_pfn;
}

/*
 * Is @pfn inside a free buddy block, as its head or a tail?
 * Context: the caller holds @z->lock, so the blocks stand still.
 */
static bool pfn_is_free_locked(struct zone *z, pfn_t pfn)
{
	unsigned int o;

	assert_zone_locked(z);
	for (o = 0; o < MAX_ORDER; o++) {
		pfn_t head = pfn & ~((1UL << o) - 1);
		struct page *p = pfn_to_page(head);

		if (zone_spans_pfn(z, head) && PageBuddy(p) &&
		    buddy_order(p) >= o && page_in_zone(p, z))
			return true;
	}
	return false;
}

/*
 * Context: any, not under @z->lock; takes it with IRQs saved. An NMI
 * (free_pages_nolock) may have landed inside a hold of it, so there it
 * only trylocks, and a busy lock answers "not free".
 */
static bool pfn_is_free(struct zone *z, pfn_t pfn)
{
	unsigned long flags;
	bool free;

	if (!page_debug_in_nmi())
		flags = spin_lock_irqsave(&z->lock);
	else if (!spin_trylock_irqsave(&z->lock, &flags))
		return false;
	free = pfn_is_free_locked(z, pfn);

	spin_unlock_irqrestore(&z->lock, flags);
	return free;
}

/* What is wrong with freeing this page at this order, in @buf. */
static const char *bad_free_reason(struct page *page, unsigned int order,
				   char *buf, size_t size)
{
	pfn_t pfn = page_to_pfn(page);
	struct zone *z;

	if (order >= MAX_ORDER)
		return "impossible-order free of";
	if (!IS_ALIGNED(pfn, 1UL << order))
		return "misaligned free of";
	if (page_zonenum(page) == PAGE_NO_ZONE)
		return "free outside every zone of";
	z = page_zone(page);
	if (!zone_spans_pfn(z, pfn + (1UL << order) - 1))
		return "free past the end of its zone of";
	if (PageReserved(page))
		return "free of reserved";
	if (pfn_is_free(z, pfn))
		return "double free of";
	if (!PageAllocated(page))
		return "free of never-allocated";
	ksnprintf(buf, size,
		  "wrong-order free (allocated as order %u, by %pS) of",
		  page->order, (void *)page->caller);
	return buf;
}

/* The slow path: something is wrong; say what, once, and refuse. */
static void report_bad_free(struct page *page, unsigned int order,
			    unsigned long caller)
{
	char why[128], flags[64];

	__atomic_add_fetch(&page_debug_bad_frees, 1, __ATOMIC_RELAXED);
	if (!page_in_mem_map(page)) {
		pr_err("page_alloc: free of page %p outside mem_map (max_pfn "
		       "0x%lx) order %u from %pS\n",
		       (void *)page, (unsigned long)max_pfn, order,
		       (void *)caller);
		return;
	}
	pr_err("page_alloc: %s pfn 0x%lx order %u (flags %s) from %pS\n",
	       bad_free_reason(page, order, why, sizeof(why)),
	       (unsigned long)page_to_pfn(page), order,
	       page_flags_str(page->flags, flags, sizeof(flags)),
	       (void *)caller);
}

bool page_debug_free_prepare(struct page *page, unsigned int order,
			     unsigned long caller)
{
	const u32 alloc_bit = 1U << PG_allocated;

	/*
	 * The common case in one test: an allocated head freed at its own
	 * order (which also proves alignment and zone). Clearing the mark
	 * atomically makes two racing frees of one block a double free.
	 */
	if (page_in_mem_map(page) && order < MAX_ORDER &&
	    page->order == order &&
	    (__atomic_fetch_and(&page->flags, ~alloc_bit, __ATOMIC_ACQ_REL) &
	     alloc_bit))
		return true;
	report_bad_free(page, order, caller);
	return false;
}

void page_debug_poison(struct page *page, unsigned int order,
		       unsigned long caller)
{
	unsigned long i;

	if (!READ_ONCE(page_poison_enabled)) {
		if (READ_ONCE(init_on_free_enabled))
			memset(page_address(page), 0, PAGE_SIZE << order);
		return;
	}
	for (i = 0; i < (1UL << order); i++) {
		memset(page_address(page + i), PAGE_POISON, PAGE_SIZE);
		page[i].caller = caller;
		__SetPagePoisoned(page + i);
	}
	/* before the block reaches the free lists: see page_debug.h */
	__atomic_add_fetch(&page_debug_poisoned_pages, 1UL << order,
			   __ATOMIC_RELAXED);
}

/* Offset of the first byte of @mem that is not PAGE_POISON, or -1. */
static long first_unpoisoned(const u8 *mem)
{
	const u64 pattern = 0x0101010101010101ULL * PAGE_POISON;
	long off, b;

	for (off = 0; off < PAGE_SIZE; off += 8) {
		u64 word;

		memcpy(&word, mem + off, 8);
		if (word == pattern)
			continue;
		for (b = off; b < off + 8; b++)
			if (mem[b] != PAGE_POISON)
				return b;
	}
	return -1;
}

void page_debug_check_poison(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;
		const u8 *mem = page_address(p);
		long off;

		if (!PagePoisoned(p))
			continue;
		__ClearPagePoisoned(p);
		__atomic_sub_fetch(&page_debug_poisoned_pages, 1,
				   __ATOMIC_RELAXED);
		off = first_unpoisoned(mem);
		if (off < 0)
			continue;
		__atomic_add_fetch(&page_debug_poison_hits, 1,
				   __ATOMIC_RELAXED);
		pr_err("page_alloc: poison overwritten in pfn 0x%lx at offset "
		       "0x%lx: 0x%02x, expected 0x%02x (freed by %pS)\n",
		       (unsigned long)page_to_pfn(p), off, mem[off],
		       PAGE_POISON, (void *)p->caller);
	}
}

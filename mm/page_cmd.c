/*
 * `page PFN`: everything the allocator knows about one page frame: zone,
 * node, its pageblock's migratetype, whether it is reserved, free (and on
 * which list: see page_where.h) or allocated (which block, and who holds
 * it), and its flags. Linux spreads this over /proc/kpageflags,
 * page_owner and /proc/pagetypeinfo. Kernel only.
 */
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/section.h"
#include "mm/alloc_table.h"
#include "mm/page_where.h"

extern const struct page_locator __page_locators_start[], __page_locators_end[];

static const char *const flag_names[NR_PAGEFLAGS] = {[PG_reserved] = "reserved",
						     [PG_buddy] = "buddy",
						     [PG_allocated] =
							     "allocated",
						     [PG_poisoned] = "poisoned",
						     [PG_checked] = "checked"};

static void show_flags(const struct page *p)
{
	kprintf("flags: 0x%x", p->flags);
	for (int f = 0; f < NR_PAGEFLAGS; f++)
		if (p->flags & (1U << f))
			kprintf(" %s", flag_names[f]);
	kprintf("%s\n", p->flags ? "" : " (none: a tail page, or unused)");
}

/* The head of the allocated block holding @pfn, or NULL. */
static struct page *alloc_head(pfn_t pfn, unsigned int *order)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct page *p = pfn_to_page(pfn & ~((1UL << o) - 1));

		if (PageAllocated(p) && p->order == o) {
			*order = o;
			return p;
		}
	}
	return NULL;
}

static void show_owner(pfn_t pfn, const struct page *head)
{
	struct alloc_entry *e = alloc_table_find_pfn(pfn);

	if (e && e->page == head)
		kprintf("owner: the shell, id %llu (allocated %llu ms ago; "
			"'free %llu' gives it back)\n",
			(unsigned long long)e->id,
			(unsigned long long)(ktime_ns() - e->when_ns) / 1000000,
			(unsigned long long)e->id);
	else
		kprintf("owner: the kernel, allocated by %pS\n",
			(void *)head->caller);
}

static bool show_allocated(pfn_t pfn)
{
	unsigned int order;
	struct page *head = alloc_head(pfn, &order);

	if (!head)
		return false;
	kprintf("state: allocated, page %lu of the order-%u block at pfn "
		"0x%lx (%lu pages)\n",
		(unsigned long)(pfn - page_to_pfn(head)) + 1, order,
		(unsigned long)page_to_pfn(head), 1UL << order);
	show_owner(pfn, head);
	return true;
}

/*
 * Ask each registered list whether @pfn is free on it.
 * Context: shell, preemptible; each locator takes its own lists' locks
 * (the buddy's: zone->lock with IRQs saved).
 */
static bool show_free(struct zone *z, pfn_t pfn)
{
	size_t n = section_count(__page_locators_start, __page_locators_end);
	struct page_where w;

	for (size_t i = 0; i < n; i++) {
		if (!__page_locators_start[i].find(z, pfn, &w))
			continue;
		kprintf("state: free, page %lu of the order-%u free block at "
			"pfn 0x%lx\nlist: %s\n",
			(unsigned long)(pfn - w.head) + 1, w.order,
			(unsigned long)w.head, w.list);
		return true;
	}
	return false;
}

/* Where @pfn lives: zone, node and its pageblock's migratetype. */
static void show_place(pfn_t pfn, const struct page *p)
{
	pfn_t block = pfn & ~(pageblock_nr_pages - 1);

	kprintf("pfn 0x%lx (physical 0x%llx): ", (unsigned long)pfn,
		(unsigned long long)pfn << PAGE_SHIFT);
	if (page_zonenum(p) == PAGE_NO_ZONE) {
		kprintf("in no zone\n");
		return;
	}
	kprintf("node %d, zone %s, pageblock 0x%lx %s\n", page_to_nid(p),
		page_zone(p)->name, (unsigned long)block,
		migratetype_names[get_pageblock_migratetype(p)]);
}

static bool parse_pfn(const char *s, pfn_t *pfn)
{
	char why[SHELL_WHY_MAX];
	s64 v;

	if (!shell_parse_num("pfn", s, 0, INT64_MAX, &v, why))
		return !shell_error("page", "%s", why);
	if ((u64)v >= max_pfn)
		return !shell_error("page",
				    "pfn %s is beyond the last page "
				    "frame, 0x%lx",
				    s, (unsigned long)max_pfn - 1);
	*pfn = (pfn_t)v;
	return true;
}

/* Context: shell, preemptible; takes what show_free's locators take. */
static int cmd_page(int argc, char **argv)
{
	struct page *p;
	pfn_t pfn = 0;

	if (argc != 2)
		return shell_usage("page");
	if (!parse_pfn(argv[1], &pfn))
		return 1;
	p = pfn_to_page(pfn);
	show_place(pfn, p);
	if (PageReserved(p))
		kprintf("state: reserved: never given to the allocator "
			"(firmware, a hole, the kernel or its tables)\n");
	else if (page_zonenum(p) == PAGE_NO_ZONE)
		kprintf("state: outside every zone\n");
	else if (!show_free(page_zone(p), pfn) && !show_allocated(pfn))
		kprintf("state: neither free on any list nor allocated\n");
	show_flags(p);
	return 0;
}
SHELL_CMD(page, "PFN", "one page frame: zone, state, list, owner, flags",
	  cmd_page);
SHELL_HELP(page, SHELL_GROUP_ALLOC,
	   "PFN  a page frame number, decimal or 0x hex (alloc and allocs\n"
	   "     print them; physical address = PFN * 4096)",
	   "alloc 2; page 0x1000",
	   "state: reserved, free (in which free block, on which list) or\n"
	   "allocated (which block, and the owner: a shell id or the kernel\n"
	   "function that allocated it). The pageblock's migratetype is what\n"
	   "its free pages are sorted under.");

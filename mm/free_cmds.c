/*
 * `free` and `allocs`: give back and list the blocks the shell holds
 * (alloc_table.h). `free` takes ids, ranges and patterns (3-40, odd, even,
 * all), so memory can be fragmented on purpose; every selector is checked
 * before anything is freed. Kernel only.
 */
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/alloc_table.h"
#include "mm/gfp.h"

/* One argument of free: ids lo..hi, every id or only odd/even ones. */
struct free_sel {
	u64 lo, hi;
	int parity; /* -1: any, else id % 2 must equal it */
};

static bool parse_range(const char *arg, struct free_sel *s)
{
	char buf[48], why[SHELL_WHY_MAX], *dash;
	s64 lo, hi;

	if (strlcpy(buf, arg, sizeof(buf)) >= sizeof(buf))
		return !shell_error("free", "'%.20s...' is too long for an id",
				    arg);
	dash = strchr(buf + 1, '-');
	if (dash)
		*dash = '\0';
	if (!shell_parse_num("id", buf, 0, INT64_MAX, &lo, why) ||
	    (dash && !shell_parse_num("id", dash + 1, 0, INT64_MAX, &hi, why)))
		return !shell_error("free", "%s", why);
	if (!dash)
		hi = lo;
	if (hi < lo)
		return !shell_error("free",
				    "range %s is backwards; write "
				    "%lld-%lld",
				    arg, (long long)hi, (long long)lo);
	*s = (struct free_sel){(u64)lo, (u64)hi, -1};
	return true;
}

static bool parse_sel(const char *arg, struct free_sel *s)
{
	*s = (struct free_sel){0, UINT64_MAX, -1};
	if (!strcmp(arg, "all"))
		return true;
	if (!strcmp(arg, "odd") || !strcmp(arg, "even")) {
		s->parity = arg[0] == 'o';
		return true;
	}
	return parse_range(arg, s);
}

static bool sel_match(const struct free_sel *s, u64 id)
{
	return id >= s->lo && id <= s->hi &&
	       (s->parity < 0 || (int)(id & 1) == s->parity);
}

/* How many held blocks @s selects. */
static int sel_count(const struct free_sel *s)
{
	int n = 0;

	for (struct alloc_entry *e = alloc_table_next(0); e;
	     e = alloc_table_next(e->id + 1))
		n += sel_match(s, e->id);
	return n;
}

/* A selector that matches nothing is a mistake worth one line. */
static bool sel_check(const char *arg, const struct free_sel *s)
{
	if (sel_count(s))
		return true;
	if (s->lo == s->hi)
		return !shell_error("free",
				    "id %llu is not held (freed "
				    "already, or never allocated; "
				    "allocs lists what is held)",
				    (unsigned long long)s->lo);
	return !shell_error("free",
			    "'%s' selects no held block (allocs "
			    "lists what is held)",
			    arg);
}

#define FREE_MAX_SELS (SHELL_MAX_ARGS - 1)

/* Free every held block some selector matches. Return: how many. */
static int free_selected(const struct free_sel *sels, int n, u64 *pages)
{
	int freed = 0;

	*pages = 0;
	for (struct alloc_entry *e = alloc_table_next(0); e;
	     e = alloc_table_next(e->id + 1)) {
		for (int i = 0; i < n; i++) {
			if (!sel_match(&sels[i], e->id))
				continue;
			*pages += 1UL << e->order;
			alloc_table_free(e);
			freed++;
			break;
		}
	}
	return freed;
}

/* Context: shell; frees, so takes zone locks. */
static int cmd_free(int argc, char **argv)
{
	struct free_sel sels[FREE_MAX_SELS];
	struct alloc_entry *e;
	u64 pages;
	int n;

	if (argc < 2)
		return shell_usage("free");
	for (int i = 1; i < argc; i++)
		if (!parse_sel(argv[i], &sels[i - 1]) ||
		    (strcmp(argv[i], "all") &&
		     !sel_check(argv[i], &sels[i - 1])))
			return 1;
	e = argc == 2 && sels[0].lo == sels[0].hi ? alloc_table_find(sels[0].lo)
						  : NULL;
	if (e)
		kprintf("freed id %llu: pfn 0x%lx order %u\n",
			(unsigned long long)e->id,
			(unsigned long)page_to_pfn(e->page), e->order);
	n = free_selected(sels, argc - 1, &pages);
	if (!e)
		kprintf("freed %d block%s (%llu pages); %d still held\n", n,
			n == 1 ? "" : "s", (unsigned long long)pages,
			alloc_table_count());
	return 0;
}
SHELL_CMD(free, "ID|FIRST-LAST|odd|even|all...",
	  "give back blocks that alloc holds, by id, range or pattern",
	  cmd_free);
SHELL_HELP(free, SHELL_GROUP_ALLOC,
	   "ID          one id that alloc printed (ids are never reused)\n"
	   "FIRST-LAST  every held id in the range, e.g. 3-40\n"
	   "odd, even   every held block with an odd (even) id\n"
	   "all         every held block\n"
	   "Several may be given: free 1 4-6 odd",
	   "alloc 0 64 quiet; free odd",
	   "freeing every other block of a run leaves free pages whose\n"
	   "buddies are still held: buddyinfo counts them at order 0 and\n"
	   "they cannot merge until 'free even' returns the rest.");

static void allocs_row(const struct alloc_entry *e, u64 now)
{
	u64 age_ms = (now - e->when_ns) / 1000000;

	kprintf("%6llu  %#10lx  %5u  %4d  %-7s %-12s %6llu.%01llu s\n",
		(unsigned long long)e->id, (unsigned long)page_to_pfn(e->page),
		e->order, page_to_nid(e->page), page_zone(e->page)->name,
		migratetype_names[get_pageblock_migratetype(e->page)],
		(unsigned long long)(age_ms / 1000),
		(unsigned long long)(age_ms % 1000) / 100);
}

static int cmd_allocs(int argc, char **argv)
{
	u64 now = ktime_ns(), pages = 0;
	int n = 0;

	for (struct alloc_entry *e = alloc_table_next(0); e;
	     e = alloc_table_next(e->id + 1)) {
		if (!n++)
			kprintf("%6s  %10s  %5s  %4s  %-7s %-12s %8s\n", "id",
				"pfn", "order", "node", "zone", "pageblock",
				"age");
		pages += 1UL << e->order;
		allocs_row(e, now);
	}
	kprintf("%d block%s held (%llu pages) of at most %d; the next id is "
		"%llu\n",
		n, n == 1 ? "" : "s", (unsigned long long)pages,
		ALLOC_TABLE_SLOTS, (unsigned long long)alloc_table_next_id());
	return 0;
}
SHELL_CMD(allocs, "", "list the blocks alloc holds: id, pfn, order, age",
	  cmd_allocs);
SHELL_HELP(allocs, SHELL_GROUP_ALLOC, "", "allocs | head 5",
	   "one row per held block: its id, first pfn, order, node, zone,\n"
	   "the migratetype of its pageblock now, and how long ago it was\n"
	   "allocated. 'page PFN' tells more about any one of them.");

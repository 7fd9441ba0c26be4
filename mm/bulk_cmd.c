/*
 * `bulk COUNT [node=N]`: one call of the bulk allocator
 * (alloc_pages_bulk_array_node, mm/page_alloc_bulk.c) for COUNT order-0
 * pages, kept in the shell's table like alloc's blocks, so a student can
 * compare its counters with COUNT single allocations (seed 000: the
 * statistics counted once per batch instead of once per page).
 * Kernel only.
 */
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/alloc_table.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/numa.h"

/* Return: false after printing what is wrong. */
static bool bulk_parse(int argc, char **argv, s64 *count, s64 *node)
{
	int room = ALLOC_TABLE_SLOTS - alloc_table_count();
	char why[SHELL_WHY_MAX];
	const char *v;

	*node = NUMA_NO_NODE;
	if (argc < 2 || argc > 3)
		return !shell_usage("bulk");
	if (!shell_parse_num("count", argv[1], 1, ALLOC_TABLE_SLOTS, count,
			     why))
		return !shell_error("bulk", "%s", why);
	if (*count > room)
		return !shell_error("bulk",
				    "%lld pages asked, but only %d of the "
				    "shell's %d slots are free (free some)",
				    (long long)*count, room, ALLOC_TABLE_SLOTS);
	if (argc == 2)
		return true;
	v = shell_opt_val(argv[2], "node");
	if (!v)
		return !shell_error("bulk", "unknown option '%s' (node=N)",
				    argv[2]);
	if (!shell_parse_num("node", v, 0, MAX_NUMNODES - 1, node, why))
		return !shell_error("bulk", "%s", why);
	if (!node_online((int)*node))
		return !shell_error("bulk", "node %lld is not online",
				    (long long)*node);
	return true;
}

/* Context: shell thread; allocates, so takes the pcp section and zone locks. */
static int cmd_bulk(int argc, char **argv)
{
	static struct page *pages[ALLOC_TABLE_SLOTS];
	s64 count, node, first = -1;
	unsigned long got;

	if (!bulk_parse(argc, argv, &count, &node))
		return 1;
	if (!mm_initialised())
		return shell_error("bulk", "mm not initialised");
	memset(pages, 0, sizeof(pages));
	got = alloc_pages_bulk_array_node(GFP_KERNEL, (int)node,
					  (unsigned long)count, pages);
	for (unsigned long i = 0; i < got; i++) {
		s64 id = alloc_table_add(pages[i], 0);

		if (first < 0)
			first = id;
	}
	if (!got)
		return shell_error("bulk", "no page at all (buddyinfo, "
					   "zoneinfo show why)");
	kprintf("bulk: %lu of %lld order-0 pages in one call, held as ids "
		"%lld-%lld\n",
		got, (long long)count, (long long)first,
		(long long)(first + (s64)got - 1));
	return 0;
}
SHELL_CMD(bulk, "COUNT [node=N]",
	  "allocate COUNT single pages with one bulk allocator call", cmd_bulk);
SHELL_HELP(bulk, SHELL_GROUP_ALLOC,
	   "COUNT   1..256 order-0 pages (unmovable), kept under ids like\n"
	   "        alloc's; the shell holds at most 256 blocks\n"
	   "node=N  prefer NUMA node N (default: this CPU's node)",
	   "vmstat; bulk 64; vmstat",
	   "the pages come from this CPU's list under one section; vmstat's\n"
	   "pgalloc_* grows by COUNT, numa_stat_updates by 1 (by COUNT in\n"
	   "the irq lock mode, which counts page by page, IRQs off). A short\n"
	   "count means the list and the buddy ran dry. free all gives\n"
	   "them back.");

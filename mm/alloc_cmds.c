/*
 * The `alloc` and `check` shell commands: drive the allocator by hand and
 * check it. Held blocks go to the shell's table (alloc_table.h) under ids
 * that are never reused. Every argument is checked before anything is
 * allocated, and each mistake gets its own message. Kernel only.
 */
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/alloc_table.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"
#include "mm/numa.h"

struct alloc_args {
	s64 order, count, node;
	gfp_t gfp;
	bool quiet;
};

/* Options that may be given once each, and what came first. */
enum { OPT_NODE, OPT_ZONE, OPT_TYPE, OPT_ATOMIC, OPT_QUIET, NR_OPTS };
static const char *const opt_names[NR_OPTS] = {
	"node=", "zone=", "type=", "atomic", "quiet"};

static const char alloc_opts[] = "node=N zone=dma|dma32|normal "
				 "type=unmovable|movable|reclaimable atomic "
				 "quiet";

/* Case-insensitive, so zone=DMA as buddyinfo prints it works too. */
static bool word_ieq(const char *a, const char *b)
{
	for (; *a && ktolower(*a) == ktolower(*b); a++, b++)
		;
	return !*a && !*b;
}

static bool parse_zone(const char *s, gfp_t *gfp)
{
	if (word_ieq(s, "dma"))
		*gfp |= __GFP_DMA;
	else if (word_ieq(s, "dma32"))
		*gfp |= __GFP_DMA32;
	else if (!word_ieq(s, "normal"))
		return false;
	return true;
}

static bool parse_type(const char *s, gfp_t *gfp)
{
	if (word_ieq(s, "movable"))
		*gfp |= __GFP_MOVABLE;
	else if (word_ieq(s, "reclaimable"))
		*gfp |= __GFP_RECLAIMABLE;
	else if (!word_ieq(s, "unmovable"))
		return false;
	return true;
}

static bool parse_node(const char *s, s64 *node)
{
	char why[SHELL_WHY_MAX];

	if (!shell_parse_num("node", s, 0, MAX_NUMNODES - 1, node, why))
		return !shell_error("alloc", "%s", why);
	if (!node_online((int)*node))
		return !shell_error("alloc",
				    "node %lld is not online (%d "
				    "node%s: see acpi)",
				    (long long)*node, numa_nr_nodes,
				    numa_nr_nodes == 1 ? "" : "s");
	return true;
}

/* Which option @arg is, or -1. */
static int which_opt(const char *arg)
{
	for (int k = 0; k < NR_OPTS; k++) {
		size_t n = strlen(opt_names[k]);

		if (opt_names[k][n - 1] == '=' ? !strncmp(arg, opt_names[k], n)
					       : !strcmp(arg, opt_names[k]))
			return k;
	}
	return -1;
}

static bool parse_opt(int k, const char *arg, struct alloc_args *a)
{
	const char *val = arg + strlen(opt_names[k]);

	switch (k) {
	case OPT_NODE:
		return parse_node(val, &a->node);
	case OPT_ZONE:
		return parse_zone(val, &a->gfp) ||
		       !shell_error("alloc",
				    "no zone '%s' (zones: dma, "
				    "dma32, normal)",
				    val);
	case OPT_TYPE:
		return parse_type(val, &a->gfp) ||
		       !shell_error("alloc",
				    "no migratetype '%s' (types: "
				    "unmovable, movable, reclaimable)",
				    val);
	case OPT_ATOMIC:
		a->gfp = (a->gfp & ~GFP_KERNEL) | GFP_ATOMIC;
		return true;
	}
	a->quiet = true;
	return true;
}

/* ORDER [COUNT] [options]; prints what is wrong and returns false. */
static bool parse_alloc_args(int argc, char **argv, struct alloc_args *a)
{
	const char *seen[NR_OPTS] = {NULL};
	char why[SHELL_WHY_MAX];
	int i = 2, k;

	*a = (struct alloc_args){
		.count = 1, .node = NUMA_NO_NODE, .gfp = GFP_KERNEL};
	if (argc < 2)
		return !shell_usage("alloc");
	if (!shell_parse_num("order", argv[1], 0, MAX_ORDER - 1, &a->order,
			     why))
		return !shell_error("alloc", "%s", why);
	if (argc > 2 && which_opt(argv[2]) < 0 && !strchr(argv[2], '=')) {
		if (!shell_parse_num("count", argv[2], 1, ALLOC_TABLE_SLOTS,
				     &a->count, why))
			return !shell_error("alloc",
					    "%s (the shell holds at "
					    "most %d blocks)",
					    why, ALLOC_TABLE_SLOTS);
		i = 3;
	}
	for (; i < argc; i++) {
		k = which_opt(argv[i]);
		if (k < 0)
			return !shell_error("alloc",
					    "unknown option '%s' "
					    "(options: %s)",
					    argv[i], alloc_opts);
		if (seen[k])
			return !shell_error("alloc",
					    "%s given twice ('%s', "
					    "then '%s'); give it once",
					    opt_names[k], seen[k], argv[i]);
		seen[k] = argv[i];
		if (!parse_opt(k, argv[i], a))
			return false;
	}
	return true;
}

/* Why an allocation of @order under @gfp failed, in the zones it allows. */
static void explain_failure(unsigned int order, gfp_t gfp)
{
	enum zone_type top = gfp_zone(gfp);
	unsigned long blocks = 0;
	struct zone *z;

	for_each_populated_zone(z) {
		if (z->zone_idx > top)
			continue;
		for (unsigned int o = order; o < MAX_ORDER; o++)
			blocks += READ_ONCE(z->free_area[o].nr_free);
	}
	if (!blocks)
		kprintf("alloc: no free block of order %u or larger in zone "
			"%s or below (buddyinfo shows them)\n",
			order, zone_names[top]);
	else
		kprintf("alloc: %lu free block%s of order %u or larger, but "
			"taking one would leave its zone below the watermark "
			"plus protection (zoneinfo: min/low, protection)\n",
			blocks, blocks == 1 ? "" : "s", order);
}

static const char *mt_name(gfp_t gfp)
{
	return migratetype_names[gfp_migratetype(gfp)];
}

/* Allocate one block and record it. Return: its id, or -1 (printed). */
static s64 alloc_one(const struct alloc_args *a, s64 done)
{
	struct page *p;
	s64 id;

	p = alloc_pages_node((int)a->node, a->gfp, (unsigned int)a->order);
	if (!p) {
		kprintf("alloc: order %lld failed after %lld of %lld "
			"block%s\n",
			(long long)a->order, (long long)done,
			(long long)a->count, a->count == 1 ? "" : "s");
		explain_failure((unsigned int)a->order, a->gfp);
		return -1;
	}
	id = alloc_table_add(p, (unsigned int)a->order);
	if (!a->quiet)
		kprintf("id %lld: pfn 0x%lx order %lld node %d zone %s %s\n",
			(long long)id, (unsigned long)page_to_pfn(p),
			(long long)a->order, page_to_nid(p), page_zone(p)->name,
			mt_name(a->gfp));
	return id;
}

/* Context: shell (one command at a time); allocates, so takes zone locks. */
static int cmd_alloc(int argc, char **argv)
{
	int free_slots = ALLOC_TABLE_SLOTS - alloc_table_count();
	struct alloc_args a;
	s64 i, first = -1, id = -1;

	if (!parse_alloc_args(argc, argv, &a))
		return 1;
	if (!mm_initialised())
		return shell_error("alloc", "mm not initialised");
	if (a.count > free_slots)
		return shell_error("alloc",
				   "%lld blocks asked, but only %d of "
				   "the shell's %d slots are free "
				   "(allocs lists them; free some)",
				   (long long)a.count, free_slots,
				   ALLOC_TABLE_SLOTS);
	for (i = 0; i < a.count; i++) {
		id = alloc_one(&a, i);
		if (id < 0)
			break;
		if (first < 0)
			first = id;
	}
	/* none taken: the failure lines said all; there is no id range */
	if ((a.count > 1 || a.quiet) && i > 0)
		kprintf("alloc: %lld block%s of order %lld (%s) held as ids "
			"%lld-%lld\n",
			(long long)i, i == 1 ? "" : "s", (long long)a.order,
			mt_name(a.gfp), (long long)first,
			(long long)(first + i - 1));
	return id < 0;
}
SHELL_CMD(alloc,
	  "ORDER [COUNT] [node=N] [zone=dma|dma32|normal] "
	  "[type=unmovable|movable|reclaimable] [atomic] [quiet]",
	  "allocate 2^ORDER-page blocks and keep them under ids", cmd_alloc);
SHELL_HELP(
	alloc, SHELL_GROUP_ALLOC,
	"ORDER     0..10: each block is 2^ORDER pages (0: 4 KiB, 10: 4 MiB)\n"
	"COUNT     how many blocks, 1..256 (default 1); the shell holds\n"
	"          at most 256 blocks at once\n"
	"node=N    prefer NUMA node N (default: this CPU's node)\n"
	"zone=Z    highest zone to use: dma, dma32 or normal (default)\n"
	"type=T    migratetype: unmovable (the default, as GFP_KERNEL),\n"
	"          movable or reclaimable\n"
	"atomic    GFP_ATOMIC: may dip below the min watermark\n"
	"quiet     one summary line instead of a line per block",
	"alloc 3 4 zone=dma32 type=movable",
	"each line gives the id (for free and page), the first pfn, the\n"
	"zone and the type. Then buddyinfo: a larger block was split;\n"
	"pagetypeinfo: unmovable pages taken from a movable pageblock may\n"
	"turn the whole pageblock unmovable (stealing).");

static int cmd_check(int argc, char **argv)
{
	int problems = mm_check();

	kprintf("mm_check: %d problem%s\n", problems, problems == 1 ? "" : "s");
	return problems != 0;
}
SHELL_CMD(check, "", "check every zone's free lists and page states",
	  cmd_check);
SHELL_HELP(check, SHELL_GROUP_DEBUG, "", "check",
	   "'mm_check: 0 problems' when every free list, page flag and\n"
	   "counter agrees; otherwise one line per problem found.");

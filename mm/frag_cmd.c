/*
 * `frag`: physical memory drawn on the serial console, a row per zone and a
 * character per pageblock (or per 2^k pageblocks, so a row fits), with a
 * legend and Linux's unusable free index and fragmentation index per order
 * (what /sys/kernel/debug/extfrag shows). `frag watch SECONDS` redraws it
 * every second, e.g. while `load` runs. tools/frag-png draws a dump as a
 * PNG. Kernel only; the counting is in frag.c.
 */
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/frag.h"
#include "mm/load.h"

#define FRAG_DEFAULT_WIDTH 64
#define WATCH_MAX_SECONDS  3600

struct frag_args {
	s64 watch; /* seconds; 0: draw once */
	s64 node;  /* -1: every node */
	int zone;  /* -1: every zone */
	s64 width;
};

static bool zone_by_name(const char *s, int *zone)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const char *a = zone_names[i], *b = s;

		for (; *a && ktolower(*a) == ktolower(*b); a++, b++)
			;
		if (!*a && !*b) {
			*zone = i;
			return true;
		}
	}
	return false;
}

static bool parse_opt(const char *arg, struct frag_args *a)
{
	char why[SHELL_WHY_MAX];
	const char *v;

	if ((v = shell_opt_val(arg, "node"))) {
		if (!shell_parse_num("node", v, 0, MAX_NUMNODES - 1, &a->node,
				     why))
			return !shell_error("frag", "%s", why);
		if (!node_online((int)a->node))
			return !shell_error("frag", "node %lld is not online",
					    (long long)a->node);
		return true;
	}
	if ((v = shell_opt_val(arg, "zone")))
		return zone_by_name(v, &a->zone) ||
		       !shell_error("frag",
				    "no zone '%s' (zones: dma, dma32, "
				    "normal)",
				    v);
	if ((v = shell_opt_val(arg, "width")))
		return shell_parse_num("width", v, 16, FRAG_MAX_WIDTH,
				       &a->width, why) ||
		       !shell_error("frag", "%s", why);
	return !shell_error("frag",
			    "unknown option '%s' (options: watch SECONDS, "
			    "node=N, zone=Z, width=COLUMNS)",
			    arg);
}

static bool parse_frag_args(int argc, char **argv, struct frag_args *a)
{
	char why[SHELL_WHY_MAX];
	int i = 1;

	*a = (struct frag_args){0, -1, -1, FRAG_DEFAULT_WIDTH};
	if (argc > 1 && !strcmp(argv[1], "watch")) {
		if (argc < 3)
			return !shell_error("frag", "watch needs SECONDS, "
						    "e.g. frag watch 10");
		if (!shell_parse_num("seconds", argv[2], 1, WATCH_MAX_SECONDS,
				     &a->watch, why))
			return !shell_error("frag", "%s", why);
		i = 3;
	}
	for (; i < argc; i++)
		if (!parse_opt(argv[i], a))
			return false;
	return true;
}

static bool zone_selected(const struct zone *z, const struct frag_args *a)
{
	return populated_zone(z) && (a->node < 0 || z->node == a->node) &&
	       (a->zone < 0 || (int)z->zone_idx == a->zone);
}

static void print_summary(const struct frag_summary *s, bool pcp)
{
	kprintf("  pageblocks: %lu free, %lu partly free, %lu used, %lu "
		"reserved, %lu isolated; pages: %lu free of %lu",
		s->blocks[FRAG_FREE], s->blocks[FRAG_PARTLY],
		s->blocks[FRAG_USED], s->blocks[FRAG_RESERVED], s->isolated,
		s->free, s->pages);
	if (pcp)
		kprintf(", %lu on per-CPU lists", s->pcp);
	kprintf("\n");
}

/* Context: shell, preemptible; frag_zone_row takes the locks. */
static void draw_zone(struct zone *z, unsigned int width)
{
	static char row[FRAG_MAX_WIDTH + 1], pcp_row[FRAG_MAX_WIDTH + 1];
	bool pcp = frag_pcp_walker() != NULL;
	struct frag_summary s;
	struct frag_geom g;

	frag_geometry(z, width, &g);
	frag_zone_row(z, &g, row, pcp ? pcp_row : NULL, &s);
	kprintf("Node %d, zone %8s: pfn %#lx-%#lx, %lu pageblocks, 1 "
		"character = %lu pageblock%s (%lu MiB)\n",
		z->node, z->name, (unsigned long)z->zone_start_pfn,
		(unsigned long)zone_end_pfn(z) - 1, g.nr_blocks, g.unit_blocks,
		g.unit_blocks == 1 ? "" : "s",
		(g.unit_blocks * pageblock_nr_pages) >> (20 - PAGE_SHIFT));
	kprintf("  mem |%s|\n", row);
	if (pcp)
		kprintf("  pcp |%s|\n", pcp_row);
	print_summary(&s, pcp);
}

/* kprintf formats at most 512 bytes at once: a line per call. */
static const char *const legend[] = {
	"legend: a character per unit, by the migratetype of most of its "
	"pageblocks",
	"        and how many of its pages are free on the buddy lists:",
	"                 all free  partly free  none free",
	"  movable            .          m           M",
	"  unmovable          -          u           U",
	"  reclaimable        ~          r           R",
	"  I  a pageblock isolated (its free pages kept out of use)",
	"  #  reserved: never given to the allocator (firmware, kernel, "
	"page array)",
	"     blank: no page of this zone there (a hole, or another node's "
	"zone)",
};

static void print_legend(void)
{
	const struct frag_pcp_walker *w = frag_pcp_walker();

	for (size_t i = 0; i < ARRAY_SIZE(legend); i++)
		kprintf("%s\n", legend[i]);
	if (w)
		kprintf("  p  (pcp row) the unit has pages waiting on some "
			"CPU's per-CPU list\n");
	else
		kprintf("  per-CPU lists: none registered with frag in this "
			"kernel, so no pcp row\n");
}

/* Context: shell, preemptible; takes @z->lock to read its counts. */
static void print_index_row(struct zone *z, bool unusable)
{
	unsigned long nr_free[MAX_ORDER];
	struct frag_contig c;

	frag_read_nr_free(z, nr_free);
	kprintf("Node %d, zone %8s ", z->node, z->name);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		int v;

		frag_contig_info(nr_free, o, &c);
		v = unusable ? frag_unusable_index(&c, o)
			     : frag_extfrag_index(&c, o);
		kprintf("%s%d.%03d ", v < 0 ? "" : " ", v / 1000,
			(v < 0 ? -v : v) % 1000);
	}
	kprintf("\n");
}

/* The two extfrag tables, in the layout of Linux's debugfs files. */
static void print_indices(const struct frag_args *a)
{
	static const char *const titles[2] = {
		"fragmentation index (extfrag_index): -1.000 the order "
		"can be served now;\n  else near 0 it fails for lack of "
		"memory, near 1 for fragmentation",
		"unusable free index (unusable_index): share of free pages "
		"in blocks too\n  small for the order (0: all usable, 1: "
		"none)"};
	struct zone *z;

	for (int t = 0; t < 2; t++) {
		kprintf("%s\n%-22s", titles[t], "order");
		for (int o = 0; o < MAX_ORDER; o++)
			kprintf("%6d ", o);
		kprintf("\n");
		for_each_zone(z)
			if (zone_selected(z, a))
				print_index_row(z, t == 1);
	}
}

/* Context: shell, preemptible; each zone's lock, a pageblock at a time. */
static void draw_frame(const struct frag_args *a)
{
	struct zone *z;

	for_each_zone(z)
		if (zone_selected(z, a))
			draw_zone(z, (unsigned int)a->width);
	print_legend();
	print_indices(a);
}

/* Sleep a second in short naps; false if q or Ctrl-C was pressed. */
static bool watch_pause(void)
{
	u64 until = ktime_ns() + 1000000000ULL;

	while (ktime_ns() < until) {
		int c = console_getc();

		if (c == 'q' || c == 3)
			return false;
		sched_sleep_ns(20 * 1000 * 1000);
	}
	return true;
}

static void watch_header(int frame, const struct frag_args *a, u64 t0)
{
	struct load_totals lt;
	u64 ms = (ktime_ns() - t0) / 1000000;

	if (shell_output_live())
		kprintf("\x1b[H\x1b[2J"); /* a terminal: redraw in place */
	kprintf("frag watch: frame %d of %lld at %llu.%llu s (q or Ctrl-C "
		"stops)\n",
		frame, (long long)a->watch, (unsigned long long)ms / 1000,
		(unsigned long long)(ms % 1000) / 100);
	load_read(&lt);
	if (lt.threads)
		load_print(&lt);
}

/* Context: shell, preemptible; sleeps between frames of a watch. */
static int cmd_frag(int argc, char **argv)
{
	struct frag_args a;
	u64 t0 = ktime_ns();

	if (!parse_frag_args(argc, argv, &a))
		return 1;
	if (!mm_initialised())
		return shell_error("frag", "mm not initialised");
	if (!a.watch) {
		draw_frame(&a);
		return 0;
	}
	for (int f = 1; f <= a.watch; f++) {
		watch_header(f, &a, t0);
		draw_frame(&a);
		if (f < a.watch && !watch_pause()) {
			kprintf("frag watch: stopped at frame %d\n", f);
			break;
		}
	}
	return 0;
}
SHELL_CMD(frag,
	  "[watch SECONDS] [node=N] [zone=dma|dma32|normal] [width=COLUMNS]",
	  "physical memory drawn by pageblock; fragmentation indices",
	  cmd_frag);
SHELL_HELP(frag, SHELL_GROUP_VIEWS,
	   "watch SECONDS  redraw every second for SECONDS (1..3600);\n"
	   "               q or Ctrl-C stops early\n"
	   "node=N         only node N's zones\n"
	   "zone=Z         only zone Z: dma, dma32 or normal\n"
	   "width=COLUMNS  most characters in a row, 16..256 (default 64):\n"
	   "               a character stands for 2^k pageblocks so a zone "
	   "fits",
	   "alloc 0 200 quiet; free odd; frag zone=dma32",
	   "the row of each zone: '.' a free movable pageblock, 'm' one\n"
	   "partly free, 'M' one full (legend below the rows); the\n"
	   "pageblocks line counts them. Then per order: the fragmentation\n"
	   "index (-1.000 while a free block that large exists) and the\n"
	   "unusable free index (how much free memory is in blocks too\n"
	   "small). 'load start' then 'frag watch 10' shows them move.");

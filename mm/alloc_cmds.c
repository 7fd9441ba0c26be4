/*
 * Shell commands to drive the allocator by hand: alloc, free and check.
 * Allocations are remembered in a small table so `free ID` can return
 * them. Kernel only. The shell runs commands one at a time on one CPU, so
 * the table needs no lock.
 */
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mm_check.h"

#define SHELL_ALLOCS 256

static struct {
	struct page *page; /* NULL: slot unused */
	unsigned int order;
} shell_allocs[SHELL_ALLOCS];

struct alloc_args {
	s64 order, count, node;
	gfp_t gfp;
};

static bool parse_zone(const char *s, gfp_t *gfp)
{
	if (!strcmp(s, "dma"))
		*gfp |= __GFP_DMA;
	else if (!strcmp(s, "dma32"))
		*gfp |= __GFP_DMA32;
	else if (strcmp(s, "normal"))
		return false;
	return true;
}

/* ORDER [COUNT] [node=N] [zone=dma|dma32|normal] [atomic] [movable] */
static bool parse_alloc_args(int argc, char **argv, struct alloc_args *a)
{
	int i;

	*a = (struct alloc_args){
		.count = 1, .node = NUMA_NO_NODE, .gfp = GFP_KERNEL};
	if (argc < 2 || !cmdline_parse_int(argv[1], &a->order))
		return false;
	for (i = 2; i < argc; i++) {
		const char *s = argv[i];

		if (!strncmp(s, "node=", 5)) {
			if (!cmdline_parse_int(s + 5, &a->node))
				return false;
		} else if (!strncmp(s, "zone=", 5)) {
			if (!parse_zone(s + 5, &a->gfp))
				return false;
		} else if (!strcmp(s, "atomic")) {
			a->gfp = (a->gfp & ~GFP_KERNEL) | GFP_ATOMIC;
		} else if (!strcmp(s, "movable")) {
			a->gfp |= __GFP_MOVABLE;
		} else if (i != 2 || !cmdline_parse_int(s, &a->count)) {
			return false;
		}
	}
	return a->order >= 0 && a->count >= 1 && a->count <= SHELL_ALLOCS;
}

static int free_slot(void)
{
	int id;

	for (id = 0; id < SHELL_ALLOCS; id++)
		if (!shell_allocs[id].page)
			return id;
	return -1;
}

/* Context: shell (one command at a time); allocates, so takes zone locks. */
static int cmd_alloc(int argc, char **argv)
{
	struct alloc_args a;
	s64 i;

	if (!parse_alloc_args(argc, argv, &a))
		return shell_usage(argv[0]);
	if (!mm_initialised()) {
		kprintf("alloc: mm not initialised\n");
		return 1;
	}
	for (i = 0; i < a.count; i++) {
		int id = free_slot();
		struct page *p;

		if (id < 0) {
			kprintf("alloc: all %d slots in use; free some\n",
				SHELL_ALLOCS);
			return 1;
		}
		p = alloc_pages_node((int)a.node, a.gfp, (unsigned int)a.order);
		if (!p) {
			kprintf("alloc: failed after %lld\n", (long long)i);
			return 1;
		}
		shell_allocs[id].page = p;
		shell_allocs[id].order = (unsigned int)a.order;
		kprintf("id %d: pfn 0x%lx order %lld node %d zone %s\n", id,
			(unsigned long)page_to_pfn(p), (long long)a.order,
			page_to_nid(p), page_zone(p)->name);
	}
	return 0;
}
SHELL_CMD(alloc,
	  "ORDER [COUNT] [node=N] [zone=dma|dma32|normal] [atomic] "
	  "[movable]",
	  "allocate blocks and print their ids", cmd_alloc);

/* Context: shell; frees, so takes a zone lock. */
static void free_id(int id)
{
	__free_pages(shell_allocs[id].page, shell_allocs[id].order);
	shell_allocs[id].page = NULL;
}

static int cmd_free(int argc, char **argv)
{
	s64 id;
	int i, n = 0;

	if (argc == 2 && !strcmp(argv[1], "all")) {
		for (i = 0; i < SHELL_ALLOCS; i++)
			if (shell_allocs[i].page) {
				free_id(i);
				n++;
			}
		kprintf("freed %d\n", n);
		return 0;
	}
	if (argc != 2 || !cmdline_parse_int(argv[1], &id))
		return shell_usage(argv[0]);
	if (id < 0 || id >= SHELL_ALLOCS || !shell_allocs[id].page) {
		kprintf("free: no allocation with id %lld\n", (long long)id);
		return 1;
	}
	free_id((int)id);
	return 0;
}
SHELL_CMD(free, "ID|all", "free what `alloc` returned", cmd_free);

static int cmd_check(int argc, char **argv)
{
	int problems = mm_check();

	kprintf("mm_check: %d problem%s\n", problems, problems == 1 ? "" : "s");
	return problems != 0;
}
SHELL_CMD(check, "", "check every zone's free lists and page states",
	  cmd_check);

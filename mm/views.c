/*
 * Shell views of the allocator in the layout of Linux's /proc files:
 * meminfo, buddyinfo, pagetypeinfo, zoneinfo and vmstat (fs/proc/meminfo.c,
 * mm/vmstat.c), with only the fields pagelab has. Kernel only.
 * Counts are copied under zone->lock, then printed with the lock dropped:
 * the serial console is far too slow to hold a lock with IRQs off over it.
 */
#include "kernel/console.h"
#include "kernel/cpumask.h"
#include "kernel/shell.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"
#include "mm/vmstat.h"

static void show_val_kb(const char *name, unsigned long pages)
{
	kprintf("%-16s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/* Pages no allocation can count on: high watermark plus largest reserve. */
static unsigned long total_reserve_pages(void)
{
	unsigned long sum = 0;
	struct zone *z;
	int j;

	for_each_populated_zone(z) {
		long max = 0;

		for (j = 0; j < MAX_NR_ZONES; j++)
			max = MAX(max, READ_ONCE(z->lowmem_reserve[j]));
		sum += MIN(zone_managed_pages(z),
			   (unsigned long)max + wmark_pages(z, WMARK_HIGH));
	}
	return sum;
}

/*
 * Every field Linux's meminfo always prints, in its order (the ones behind
 * a config option, and the architecture's DirectMap lines, are left out).
 * pagelab has no page cache, swap, slab or user memory: those read 0 kB.
 */
static const char *const meminfo_zero_fields[] = {
	"Buffers:",	   "Cached:",	    "SwapCached:",     "Active:",
	"Inactive:",	   "Active(anon):", "Inactive(anon):", "Active(file):",
	"Inactive(file):", "Unevictable:",  "Mlocked:",	       "SwapTotal:",
	"SwapFree:",	   "Dirty:",	    "Writeback:",      "AnonPages:",
	"Mapped:",	   "Shmem:",	    "KReclaimable:",   "Slab:",
	"SReclaimable:",   "SUnreclaim:",   "KernelStack:",    "PageTables:",
	"SecPageTables:",  "NFS_Unstable:", "Bounce:",	       "WritebackTmp:",
	"CommitLimit:",	   "Committed_AS:", "VmallocTotal:",   "VmallocUsed:",
	"VmallocChunk:",   "Percpu:",
};

static int cmd_meminfo(int argc, char **argv)
{
	unsigned long total = 0, free = global_zone_page_state(NR_FREE_PAGES);
	unsigned long reserve = total_reserve_pages();
	struct zone *z;
	size_t i;

	for_each_populated_zone(z)
		total += zone_managed_pages(z);
	show_val_kb("MemTotal:", total);
	show_val_kb("MemFree:", free);
	show_val_kb("MemAvailable:", free > reserve ? free - reserve : 0);
	for (i = 0; i < ARRAY_SIZE(meminfo_zero_fields); i++)
		show_val_kb(meminfo_zero_fields[i], 0);
	/* pagelab's own: free pages held on the per-CPU lists, which
	 * MemFree (the buddy's count, as in Linux) leaves out */
	show_val_kb("PcpFree:", pcp_pages(NULL));
	return 0;
}
SHELL_CMD(meminfo, "", "memory totals, as /proc/meminfo", cmd_meminfo);

/* Context: shell; takes each zone->lock briefly with IRQs saved. */
static int cmd_buddyinfo(int argc, char **argv)
{
	unsigned long nr[MAX_ORDER], flags;
	struct zone *z;
	int o;

	for_each_populated_zone(z) {
		flags = spin_lock_irqsave(&z->lock);
		for (o = 0; o < MAX_ORDER; o++)
			nr[o] = z->free_area[o].nr_free;
		spin_unlock_irqrestore(&z->lock, flags);
		kprintf("Node %d, zone %8s ", z->node, z->name);
		for (o = 0; o < MAX_ORDER; o++)
			kprintf("%6lu ", nr[o]);
		kprintf("\n");
	}
	return 0;
}
SHELL_CMD(buddyinfo, "", "free blocks per order, as /proc/buddyinfo",
	  cmd_buddyinfo);

/*
 * The rows and columns of Linux's pagetypeinfo: its migratetypes in its
 * order. pagelab has no HighAtomic reserve (and no CMA, a config option
 * Linux prints only when set): its row and column read 0.
 */
#define PT_NONE (-1)
static const struct {
	const char *name;
	int mt;
} pt_types[] = {
	{"Unmovable", MIGRATE_UNMOVABLE},     {"Movable", MIGRATE_MOVABLE},
	{"Reclaimable", MIGRATE_RECLAIMABLE}, {"HighAtomic", PT_NONE},
	{"Isolate", MIGRATE_ISOLATE},
};

/*
 * One zone's free block counts per migratetype and order.
 * Context: shell; takes zone->lock with IRQs saved to count.
 */
static void pagetypeinfo_free_zone(struct zone *z)
{
	unsigned long nr[MIGRATE_TYPES][MAX_ORDER], flags;
	size_t k;
	int mt, o;

	flags = spin_lock_irqsave(&z->lock);
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		for (o = 0; o < MAX_ORDER; o++)
			nr[mt][o] = list_count(&z->free_area[o].free_list[mt]);
	spin_unlock_irqrestore(&z->lock, flags);
	for (k = 0; k < ARRAY_SIZE(pt_types); k++) {
		kprintf("Node %4d, zone %8s, type %12s ", z->node, z->name,
			pt_types[k].name);
		for (o = 0; o < MAX_ORDER; o++)
			kprintf("%6lu ", pt_types[k].mt == PT_NONE
						 ? 0UL
						 : nr[pt_types[k].mt][o]);
		kprintf("\n");
	}
}

/* One zone's pageblocks per migratetype (blocks starting in the zone). */
static void pagetypeinfo_blocks_zone(struct zone *z)
{
	unsigned long nr[MIGRATE_TYPES] = {0};
	pfn_t pfn = ALIGN_UP(z->zone_start_pfn, pageblock_nr_pages);
	size_t k;

	for (; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages)
		if (page_in_zone(pfn_to_page(pfn), z))
			nr[get_pageblock_migratetype(pfn_to_page(pfn))]++;
	kprintf("Node %d, zone %8s ", z->node, z->name);
	for (k = 0; k < ARRAY_SIZE(pt_types); k++)
		kprintf("%12lu ",
			pt_types[k].mt == PT_NONE ? 0UL : nr[pt_types[k].mt]);
	kprintf("\n");
}

/* Linux prints the whole block once per node with memory. */
static void pagetypeinfo_node(int nid)
{
	struct zone *z;
	size_t k;
	int o;

	kprintf("Page block order: %d\n", pageblock_order);
	kprintf("Pages per block:  %lu\n\n", pageblock_nr_pages);
	kprintf("%-43s ", "Free pages count per migrate type at order");
	for (o = 0; o < MAX_ORDER; o++)
		kprintf("%6d ", o);
	kprintf("\n");
	for_each_populated_zone(z)
		if (z->node == nid)
			pagetypeinfo_free_zone(z);
	kprintf("\n%-23s", "Number of blocks type ");
	for (k = 0; k < ARRAY_SIZE(pt_types); k++)
		kprintf("%12s ", pt_types[k].name);
	kprintf("\n");
	for_each_populated_zone(z)
		if (z->node == nid)
			pagetypeinfo_blocks_zone(z);
}

static int cmd_pagetypeinfo(int argc, char **argv)
{
	int nid;

	for_each_online_node(nid)
		if (NODE_DATA(nid)->node_present_pages)
			pagetypeinfo_node(nid);
	return 0;
}
SHELL_CMD(pagetypeinfo, "",
	  "free blocks per migratetype, as /proc/pagetypeinfo",
	  cmd_pagetypeinfo);

static void zoneinfo_counters(struct zone *z)
{
	int i;

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		kprintf("\n      %-12s %lu", zone_stat_names[i],
			zone_page_state(z, (enum zone_stat_item)i));
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		kprintf("\n      %-12s %lu", numa_stat_names[i],
			zone_numa_event_state(z, (enum numa_stat_item)i));
}

/*
 * Linux's pagesets block: each online CPU's count, high and batch for
 * the zone (read racily, as Linux does), and the vmstat threshold.
 */
static void zoneinfo_pagesets(struct zone *z)
{
	int threshold =
		vmstat_threshold(zone_managed_pages(z), num_online_cpus());
	int cpu;

	kprintf("\n  pagesets");
	for_each_online_cpu(cpu) {
		const struct per_cpu_pages *pcp = pcp_of(z, cpu);

		kprintf("\n    cpu: %i"
			"\n              count: %i"
			"\n              high:  %i"
			"\n              batch: %i",
			cpu, READ_ONCE(pcp->count), READ_ONCE(pcp->high),
			READ_ONCE(pcp->batch));
		kprintf("\n  vm stats threshold: %d", threshold);
	}
}

static void zoneinfo_zone(struct zone *z)
{
	int j;

	/* boost, promo and cma: pagelab boosts no watermark, promotes no
	 * page between memory tiers and has no CMA area */
	kprintf("Node %d, zone %8s", z->node, z->name);
	kprintf("\n  pages free     %lu", zone_page_state(z, NR_FREE_PAGES));
	kprintf("\n        boost    %lu", 0UL);
	kprintf("\n        min      %lu", wmark_pages(z, WMARK_MIN));
	kprintf("\n        low      %lu", wmark_pages(z, WMARK_LOW));
	kprintf("\n        high     %lu", wmark_pages(z, WMARK_HIGH));
	kprintf("\n        promo    %lu", 0UL);
	kprintf("\n        spanned  %lu", z->spanned_pages);
	kprintf("\n        present  %lu", z->present_pages);
	kprintf("\n        managed  %lu", zone_managed_pages(z));
	kprintf("\n        cma      %lu", 0UL);
	kprintf("\n        protection: (%ld", READ_ONCE(z->lowmem_reserve[0]));
	for (j = 1; j < MAX_NR_ZONES; j++)
		kprintf(", %ld", READ_ONCE(z->lowmem_reserve[j]));
	kprintf(")");
	if (populated_zone(z)) {
		zoneinfo_counters(z);
		zoneinfo_pagesets(z);
		/* no reclaim, so never given up on */
		kprintf("\n  node_unreclaimable:  %u", 0U);
		kprintf("\n  start_pfn:           %lu",
			(unsigned long)z->zone_start_pfn);
	}
	kprintf("\n");
}

static int cmd_zoneinfo(int argc, char **argv)
{
	struct zone *z;

	for_each_zone(z)
		zoneinfo_zone(z);
	return 0;
}
SHELL_CMD(zoneinfo, "", "per-zone watermarks and counters, as /proc/zoneinfo",
	  cmd_zoneinfo);

/* Linux's swap and paging events: pagelab has neither, so always 0. */
static const char *const vmstat_zero_events[] = {"pgpgin", "pgpgout", "pswpin",
						 "pswpout"};

/*
 * Linux's order (zone counters, NUMA events, then VM events), then the
 * counters only pagelab has, so tools that stop at a key they know find
 * theirs where they expect them.
 */
static int cmd_vmstat(int argc, char **argv)
{
	size_t i;

	kprintf("%s %lu\n", zone_stat_names[NR_FREE_PAGES],
		global_zone_page_state(NR_FREE_PAGES));
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		kprintf("%s %lu\n", numa_stat_names[i],
			global_numa_event_state((enum numa_stat_item)i));
	for (i = 0; i < ARRAY_SIZE(vmstat_zero_events); i++)
		kprintf("%s 0\n", vmstat_zero_events[i]);
	for (i = 0; i < NR_VM_EVENT_ITEMS; i++)
		kprintf("%s %lu\n", vm_event_names[i],
			global_vm_event((enum vm_event_item)i));
	kprintf("%s %lu\n", zone_stat_names[NR_ALLOC_PAGES],
		global_zone_page_state(NR_ALLOC_PAGES));
	return 0;
}
SHELL_CMD(vmstat, "", "global counters and events, as /proc/vmstat",
	  cmd_vmstat);

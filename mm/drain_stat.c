/*
 * What the kernel measures about drains (`drainstat`): each drain's
 * length in cycles and pages (the last DRAINSTAT_RING of them, for
 * percentiles), per CPU the drain IPIs and work items it handled and the
 * cycles they took, and the longest zone->lock hold of a spill or drain,
 * in pages here and in cycles with its site from zone->lock's timing.
 * pagelab's own: Linux has no such view. Kernel only.
 */
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "lib/string.h"
#include "mm/drain.h"
#include "mm/internal.h"
#include "mm/pcp_internal.h"

struct drain_record {
	u64 cycles;
	u32 pages;
	u8 mech;
	u8 cpus;
};

/* (M) the drain mutex: drains record themselves before releasing it */
static struct drain_record drain_ring[DRAINSTAT_RING]; /* (M) */
static unsigned long drain_nr;			       /* drains ever (M) */
static unsigned long drain_by_mech[NR_DRAIN_MECHS];    /* (M) */
static unsigned long drain_skips, drain_fallbacks;     /* (atomic) */
static int drain_max_hold;			       /* (atomic max) */

/* Per CPU, written by that CPU only: (atomic) for remote readers. */
static u64 cpu_ipis[NR_CPUS], cpu_works[NR_CPUS];
static u64 cpu_cycles[NR_CPUS], cpu_pages[NR_CPUS];

/* Context: drain mutex held. */
void drainstat_drain(int mech, u64 cycles, unsigned long pages, int cpus)
{
	drain_ring[drain_nr % DRAINSTAT_RING] =
		(struct drain_record){.cycles = cycles,
				      .pages = (u32)MIN(pages, 0xffffffffUL),
				      .mech = (u8)mech,
				      .cpus = (u8)cpus};
	WRITE_ONCE(drain_nr, drain_nr + 1);
	WRITE_ONCE(drain_by_mech[mech], drain_by_mech[mech] + 1);
}

void drainstat_skipped(void)
{
	__atomic_add_fetch(&drain_skips, 1, __ATOMIC_RELAXED);
}

void drainstat_fallback(void)
{
	__atomic_add_fetch(&drain_fallbacks, 1, __ATOMIC_RELAXED);
}

/* Context: the CPU the numbers are about, pinned. */
void drainstat_cpu(bool work, u64 cycles, unsigned long pages)
{
	int cpu = raw_smp_processor_id();

	__atomic_add_fetch(work ? &cpu_works[cpu] : &cpu_ipis[cpu], 1,
			   __ATOMIC_RELAXED);
	__atomic_add_fetch(&cpu_cycles[cpu], cycles, __ATOMIC_RELAXED);
	__atomic_add_fetch(&cpu_pages[cpu], pages, __ATOMIC_RELAXED);
}

void drainstat_hold(int pages)
{
	int old = __atomic_load_n(&drain_max_hold, __ATOMIC_RELAXED);

	while (pages > old &&
	       !__atomic_compare_exchange_n(&drain_max_hold, &old, pages, true,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

u64 drainstat_cpu_ipis(int cpu)
{
	return __atomic_load_n(&cpu_ipis[cpu], __ATOMIC_RELAXED);
}

u64 drainstat_cpu_works(int cpu)
{
	return __atomic_load_n(&cpu_works[cpu], __ATOMIC_RELAXED);
}

u64 drainstat_cpu_pages(int cpu)
{
	return __atomic_load_n(&cpu_pages[cpu], __ATOMIC_RELAXED);
}

unsigned long drainstat_drains(int mech)
{
	return READ_ONCE(drain_by_mech[mech]);
}

unsigned long drainstat_skips(void)
{
	return __atomic_load_n(&drain_skips, __ATOMIC_RELAXED);
}

unsigned long drainstat_fallbacks(void)
{
	return __atomic_load_n(&drain_fallbacks, __ATOMIC_RELAXED);
}

int drainstat_max_hold_pages(void)
{
	return __atomic_load_n(&drain_max_hold, __ATOMIC_RELAXED);
}

/* Shell sort: a thousand values, no allocation. */
static void drainstat_sort(u64 *v, int n)
{
	for (int gap = n / 2; gap > 0; gap /= 2)
		for (int i = gap; i < n; i++)
			for (int j = i; j >= gap && v[j - gap] > v[j];
			     j -= gap) {
				u64 x = v[j];

				v[j] = v[j - gap];
				v[j - gap] = x;
			}
}

/* Context: task; takes the drain mutex so the ring holds still. */
void drainstat_summary(int mech, struct drain_summary *s)
{
	static u64 v[DRAINSTAT_RING]; /* under the drain mutex */
	unsigned long n;
	int k = 0;

	drain_mutex_lock();
	n = MIN(drain_nr, (unsigned long)DRAINSTAT_RING);
	for (unsigned long i = 0; i < n; i++)
		if (drain_ring[i].mech == mech)
			v[k++] = drain_ring[i].cycles;
	drainstat_sort(v, k);
	*s = (struct drain_summary){.drains = (unsigned long)k};
	if (k) {
		s->min = v[0];
		s->median = v[k / 2];
		s->p99 = v[(k * 99) / 100 < k ? (k * 99) / 100 : k - 1];
		s->max = v[k - 1];
	}
	drain_mutex_unlock();
}

void drainstat_reset(void)
{
	struct zone *z;

	drain_mutex_lock();
	drain_nr = 0;
	memset(drain_by_mech, 0, sizeof(drain_by_mech));
	WRITE_ONCE(drain_skips, 0);
	WRITE_ONCE(drain_fallbacks, 0);
	WRITE_ONCE(drain_max_hold, 0);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		WRITE_ONCE(cpu_ipis[cpu], 0);
		WRITE_ONCE(cpu_works[cpu], 0);
		WRITE_ONCE(cpu_cycles[cpu], 0);
		WRITE_ONCE(cpu_pages[cpu], 0);
	}
	/* the holder writes it; a reset racing a hold only loses that one */
	for_each_populated_zone(z)
		WRITE_ONCE(z->lock.max_hold_cycles, 0);
	drain_mutex_unlock();
}

/* The zone whose lock was held longest. */
static const struct zone *drainstat_longest_zone(void)
{
	const struct zone *best = NULL;
	struct zone *z;

	for_each_populated_zone(z)
		if (!best || READ_ONCE(z->lock.max_hold_cycles) >
				     READ_ONCE(best->lock.max_hold_cycles))
			best = z;
	return best;
}

static void drainstat_show(void)
{
	const struct zone *lz = drainstat_longest_zone();

	kprintf("%-7s %7s %10s %10s %10s %10s  (cycles, last %d drains)\n",
		"mech", "drains", "min", "median", "p99", "max",
		DRAINSTAT_RING);
	for (int m = 0; m < NR_DRAIN_MECHS; m++) {
		struct drain_summary s;

		drainstat_summary(m, &s);
		kprintf("%-7s %7lu %10lu %10lu %10lu %10lu\n",
			drain_mech_names[m], drainstat_drains(m),
			(unsigned long)s.min, (unsigned long)s.median,
			(unsigned long)s.p99, (unsigned long)s.max);
	}
	kprintf("skipped (another drain running): %lu; remote fell back to "
		"ipi: %lu\n",
		drainstat_skips(), drainstat_fallbacks());
	kprintf("%-5s %8s %8s %12s %10s\n", "cpu", "ipis", "works", "cycles",
		"pages");
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_ipis[cpu] || cpu_works[cpu])
			kprintf("%-5d %8lu %8lu %12lu %10lu\n", cpu,
				(unsigned long)cpu_ipis[cpu],
				(unsigned long)cpu_works[cpu],
				(unsigned long)cpu_cycles[cpu],
				(unsigned long)cpu_pages[cpu]);
	kprintf("longest zone->lock hold: %d pages (bound: batch << %d%s)",
		drainstat_max_hold_pages(), PCP_BATCH_SCALE_MAX,
		drain_hold_unbounded ? ", lifted" : "");
	if (lz)
		kprintf("; %lu cycles, zone %s, taken at %pS",
			(unsigned long)lz->lock.max_hold_cycles, lz->name,
			(void *)lz->lock.max_hold_ip);
	kprintf("\n");
}

static int cmd_drainstat(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "reset")) {
		drainstat_reset();
		kprintf("drainstat: every drain count is zero\n");
		return 0;
	}
	if (argc != 1)
		return shell_usage(argv[0]);
	drainstat_show();
	return 0;
}
SHELL_CMD(drainstat, "[reset]",
	  "drain lengths per mechanism, drain IPIs and work per CPU",
	  cmd_drainstat);
SHELL_HELP(drainstat, SHELL_GROUP_DRAIN,
	   "reset  zero every count, and zone->lock's longest hold",
	   "drainstat reset; drain bench 100; drainstat",
	   "per mechanism: drains done and the min, median, 99th percentile\n"
	   "and max cycles of the last 1024; per CPU the drain IPIs and work\n"
	   "items it handled, the cycles and pages in them (remote drains\n"
	   "leave these at 0: nothing runs on the CPU); the most pages one\n"
	   "zone->lock hold freed, and the longest hold in cycles and where.");

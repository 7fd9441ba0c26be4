/*
 * The shell's view of the per-CPU lists: `pcp [CPU]` (each list's
 * length), `pcp lock [MODE]` (the locking mode, switched at run time),
 * `pcp drain [CPU]`, and `sysctl` for vm.percpu_pagelist_high_fraction
 * with Linux's bounds and error. Every view copies under the gate, then
 * prints with it open: the console is far too slow to stop the lists
 * for. Kernel only.
 */
#include "kernel/console.h"
#include "kernel/cpumask.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/pcp_internal.h"

/* One (CPU, zone)'s lists, copied. */
struct pcp_snap {
	int count, high, batch, free_factor;
	unsigned long len[NR_PCP_LISTS];
};

/* Context: the gate closed by the caller. */
static void pcp_snap_take(struct zone *z, int cpu, struct pcp_snap *snap)
{
	struct per_cpu_pages *pcp = pcp_of(z, cpu);

	snap->count = pcp->count;
	snap->high = pcp->high;
	snap->batch = pcp->batch;
	snap->free_factor = pcp->free_factor;
	for (int i = 0; i < NR_PCP_LISTS; i++)
		snap->len[i] = list_count(&pcp->lists[i]);
}

static void pcp_snap_print(const struct zone *z, int cpu,
			   const struct pcp_snap *s)
{
	kprintf("%3d %4d %-7s %6d %6d %5d %3d  ", cpu, z->node, z->name,
		s->count, s->high, s->batch, s->free_factor);
	for (unsigned int o = 0; o <= PAGE_ALLOC_COSTLY_ORDER; o++)
		kprintf(" %lu/%lu/%lu", s->len[order_to_pindex(0, o)],
			s->len[order_to_pindex(1, o)],
			s->len[order_to_pindex(2, o)]);
	kprintf("  %lu\n", s->len[PCP_THP_LIST]);
}

/* Context: shell, preemptible; closes the gate once per CPU. */
static void pcp_show_cpu(int cpu)
{
	struct pcp_snap snap[MAX_NR_ZONES * MAX_NUMNODES];
	struct pcp_section gate;
	struct zone *z;
	int n = 0;

	pcp_remote_begin(&gate);
	for_each_populated_zone(z)
		pcp_snap_take(z, cpu, &snap[n++]);
	pcp_remote_end(&gate);
	n = 0;
	for_each_populated_zone(z)
		pcp_snap_print(z, cpu, &snap[n++]);
}

static int pcp_show(int argc, char **argv)
{
	char why[SHELL_WHY_MAX];
	s64 cpu = -1;

	if (argc == 2 &&
	    !shell_parse_num("cpu", argv[1], 0, NR_CPUS - 1, &cpu, why))
		return shell_error("pcp", "%s", why);
	if (cpu >= 0 && !cpu_online((int)cpu))
		return shell_error("pcp", "cpu %lld is not online",
				   (long long)cpu);
	kprintf("lock mode %s; lists: blocks per order 0..3 as unmovable/"
		"movable/reclaimable, then order %d\n",
		pcp_mode_names[pcp_get_mode()], pageblock_order);
	kprintf("cpu node zone     count   high batch  ff   lists\n");
	for (int c = 0; c < NR_CPUS; c++)
		if ((cpu < 0 && cpu_online(c)) || c == cpu)
			pcp_show_cpu(c);
	return 0;
}

static int pcp_lock_cmd(int argc, char **argv)
{
	int old = pcp_get_mode(), mode, fixed;

	if (argc == 2) {
		kprintf("pcp: lock mode %s\n", pcp_mode_names[old]);
		return 0;
	}
	mode = pcp_mode_parse(argv[2]);
	if (mode < 0)
		return shell_error("pcp",
				   "no lock mode '%s' (irq, local, "
				   "spin_irqsave, spin or rt)",
				   argv[2]);
	if (pcp_set_mode(mode) < 0 && pcp_mode_fixed(&fixed))
		return shell_error("pcp",
				   "this kernel was built with PCP_MODE=%s: "
				   "no other mode",
				   pcp_mode_names[fixed]);
	kprintf("pcp: lock mode %s -> %s\n", pcp_mode_names[old],
		pcp_mode_names[mode]);
	return 0;
}

static int pcp_drain_cmd(int argc, char **argv)
{
	char why[SHELL_WHY_MAX];
	struct pcp_section gate;
	unsigned long n = 0;
	struct zone *z;
	s64 cpu;

	if (argc == 2) {
		kprintf("pcp: drained %lu pages from every CPU\n",
			drain_all_pages(NULL));
		return 0;
	}
	if (!shell_parse_num("cpu", argv[2], 0, NR_CPUS - 1, &cpu, why))
		return shell_error("pcp", "%s", why);
	if (!percpu_areas[cpu])
		return shell_error("pcp", "cpu %lld has no lists",
				   (long long)cpu);
	pcp_remote_begin(&gate);
	for_each_populated_zone(z)
		n += pcp_drain_zone_remote(z, (int)cpu, PCP_MODE_OFF);
	pcp_remote_end(&gate);
	kprintf("pcp: drained %lu pages from cpu %lld\n", n, (long long)cpu);
	return 0;
}

static int cmd_pcp(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "lock") && argc <= 3)
		return pcp_lock_cmd(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "drain") && argc <= 3)
		return pcp_drain_cmd(argc, argv);
	if (argc > 2)
		return shell_usage("pcp");
	return pcp_show(argc, argv);
}
SHELL_CMD(pcp, "[CPU] | lock [MODE] | drain [CPU]",
	  "per-CPU lists: lengths, locking mode, drain", cmd_pcp);
SHELL_HELP(pcp, SHELL_GROUP_PCP,
	   "CPU         one online CPU's lists (default: every online CPU)\n"
	   "lock        print the locking mode\n"
	   "lock MODE   switch every CPU to irq, local, spin_irqsave, spin\n"
	   "            or rt, at once, without interrupting any CPU\n"
	   "drain [CPU] give every CPU's (or one CPU's) lists back to the\n"
	   "            buddy",
	   "alloc 0 8 quiet; free all; pcp 0",
	   "one row per CPU and zone: count (pages), high, batch, the free\n"
	   "factor (ff: spills in a row scale up), then the blocks on each\n"
	   "list: order 0 to 3 as unmovable/movable/reclaimable, and the\n"
	   "order-9 list. A free lands on its CPU's list; count reaching\n"
	   "high spills a batch to the buddy (vmstat: pcp_spill).");

#define HIGH_FRACTION_KEY "vm.percpu_pagelist_high_fraction"

/* "vm.x" or "x" for @key. */
static bool sysctl_key_is(const char *s, const char *key)
{
	return !strcmp(s, key) || !strcmp(s, key + 3);
}

static int cmd_sysctl(int argc, char **argv)
{
	char name[64], *val = NULL, why[SHELL_WHY_MAX];
	s64 v;

	if (argc == 1) {
		kprintf("%s = %d\n", HIGH_FRACTION_KEY,
			percpu_pagelist_high_fraction);
		return 0;
	}
	if (argc > 3)
		return shell_usage("sysctl");
	strlcpy(name, argv[1], sizeof(name));
	if (strchr(name, '=')) { /* Linux's -w form: NAME=VALUE */
		val = strchr(name, '=');
		*val++ = 0;
	}
	if (argc == 3)
		val = argv[2];
	if (!sysctl_key_is(name, HIGH_FRACTION_KEY))
		return shell_error("sysctl",
				   "cannot stat /proc/sys/%s: No such file "
				   "or directory (known: %s)",
				   name, HIGH_FRACTION_KEY);
	if (val) {
		bool num = shell_parse_num("value", val, INT64_MIN, INT64_MAX,
					   &v, why);

		if (!num || pcp_set_high_fraction((long)v) < 0)
			return shell_error("sysctl",
					   "setting key \"%s\": Invalid "
					   "argument (0, or %d and above; got "
					   "'%s')",
					   HIGH_FRACTION_KEY,
					   MIN_PERCPU_PAGELIST_HIGH_FRACTION,
					   val);
	}
	kprintf("%s = %d\n", HIGH_FRACTION_KEY, percpu_pagelist_high_fraction);
	return 0;
}
SHELL_CMD(sysctl, "[NAME [VALUE]]", "read or set a kernel tunable", cmd_sysctl);
SHELL_HELP(sysctl, SHELL_GROUP_PCP,
	   "NAME   vm.percpu_pagelist_high_fraction (the vm. may be left\n"
	   "       out): 0, pcp high from the low watermark; N >= 8, the\n"
	   "       lists of a zone's CPUs may hold 1/N of the zone\n"
	   "VALUE  the new value; NAME=VALUE works too. No NAME: list all",
	   "sysctl percpu_pagelist_high_fraction 8; zoneinfo | grep high:",
	   "the value now, as Linux's sysctl prints it; zoneinfo's pagesets\n"
	   "show each CPU's new high at once, and lists above it spill at\n"
	   "their next free.");

/*
 * The `drain` shell command: which mechanism drains every CPU's lists
 * (`drain mode`), a drain now, the per-hold bound on or off, and a
 * benchmark that times many drains with each mechanism in one boot.
 * Kernel only.
 */
#include "kernel/console.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/drain.h"
#include "mm/pcp_internal.h"

static void drain_show(void)
{
	int asked = drain_mech_get(), used = drain_mech_effective();

	kprintf("drain: mode %s", drain_mech_names[asked]);
	if (used != asked)
		kprintf(" (the %s lock mode has no pcp->lock: using %s)",
			pcp_mode_names[pcp_get_mode()], drain_mech_names[used]);
	kprintf("; at most %s pages per zone->lock hold\n",
		drain_hold_unbounded ? "unbounded" : "batch << 5");
}

static int drain_mode_cmd(int argc, char **argv)
{
	int mech;

	if (argc == 2) {
		drain_show();
		return 0;
	}
	mech = drain_mech_parse(argv[2]);
	if (mech < 0)
		return shell_error(
			"drain", "no mode '%s' (ipi, work or remote)", argv[2]);
	drain_mech_set(mech);
	kprintf("drain: mode %s\n", drain_mech_names[mech]);
	return 0;
}

static int drain_bound_cmd(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[2], "on"))
		WRITE_ONCE(drain_hold_unbounded, false);
	else if (argc == 3 && !strcmp(argv[2], "off"))
		WRITE_ONCE(drain_hold_unbounded, true);
	else if (argc != 2)
		return shell_error("drain", "bound takes on or off, not '%s'",
				   argv[2]);
	kprintf("drain: per-hold bound %s\n",
		drain_hold_unbounded ? "off" : "on (batch << 5 pages)");
	return 0;
}

/* N forced drains of every zone per mechanism; the boot's mode after. */
static int drain_bench_cmd(int argc, char **argv)
{
	char why[SHELL_WHY_MAX];
	int old = drain_mech_get();
	s64 n = 1000;

	if (argc == 3 && !shell_parse_num("count", argv[2], 1, 100000, &n, why))
		return shell_error("drain", "%s", why);
	drainstat_reset();
	for (int m = 0; m < NR_DRAIN_MECHS; m++) {
		struct drain_summary s;

		drain_mech_set(m);
		for (s64 i = 0; i < n; i++)
			__drain_all_pages(NULL, true);
		drainstat_summary(m, &s);
		kprintf("drain bench %-6s %lu drains: min %lu median %lu p99 "
			"%lu max %lu cycles\n",
			drain_mech_names[m], s.drains, (unsigned long)s.min,
			(unsigned long)s.median, (unsigned long)s.p99,
			(unsigned long)s.max);
	}
	drain_mech_set(old);
	return 0;
}

static int cmd_drain(int argc, char **argv)
{
	if (argc == 1) {
		drain_show();
		return 0;
	}
	if (!strcmp(argv[1], "mode") && argc <= 3)
		return drain_mode_cmd(argc, argv);
	if (!strcmp(argv[1], "bound") && argc <= 3)
		return drain_bound_cmd(argc, argv);
	if (!strcmp(argv[1], "bench") && argc <= 3)
		return drain_bench_cmd(argc, argv);
	if (!strcmp(argv[1], "now") && argc == 2) {
		kprintf("drain: %lu pages given back (%s)\n",
			drain_all_pages(NULL),
			drain_mech_names[drain_mech_effective()]);
		return 0;
	}
	return shell_usage("drain");
}
SHELL_CMD(drain, "[mode [ipi|work|remote] | now | bound [on|off] | bench [N]]",
	  "how every CPU's per-CPU lists are drained", cmd_drain);
SHELL_HELP(
	drain, SHELL_GROUP_DRAIN,
	"mode MODE  ipi: an IPI to each CPU with pages; work: a work item\n"
	"           for each, run by a kernel thread there; remote: this\n"
	"           CPU takes each pcp->lock itself (spin_irqsave, spin, rt\n"
	"           lock modes; ipi otherwise, said in one line)\n"
	"now        drain every CPU's lists now\n"
	"bound off  let one zone->lock hold free a whole list (to measure)\n"
	"bench [N]  N forced drains of every CPU per mode (default 1000)",
	"drain mode ipi; drain bench 200; drainstat",
	"the mode asked for and the one in use; bench prints min, median,\n"
	"99th percentile and max cycles per mode; drainstat adds the IPIs\n"
	"and work items each CPU handled (none for remote).");

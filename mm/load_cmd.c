/*
 * `load start|stop`: background allocation threads on chosen CPUs, with
 * chosen orders and migratetype mix (load.h), so `frag watch` has
 * something to watch. Every argument is checked before a thread starts.
 * Kernel only.
 */
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/cpumask.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/string.h"
#include "mm/load.h"

#define LIST_LEN 64

static const char *const type_names[MIGRATE_PCPTYPES] = {
	[MIGRATE_UNMOVABLE] = "unmovable",
	[MIGRATE_MOVABLE] = "movable",
	[MIGRATE_RECLAIMABLE] = "reclaimable",
};

void load_print(const struct load_totals *t)
{
	char cpus[LIST_LEN];

	load_fmt_list(t->cpus, cpus, sizeof(cpus));
	kprintf("load: %d thread%s on CPU%s %s: %llu allocations, %llu frees, "
		"%llu failed; holding %llu blocks (%llu pages)\n",
		t->threads, t->threads == 1 ? "" : "s",
		t->threads == 1 ? "" : "s", cpus, (unsigned long long)t->allocs,
		(unsigned long long)t->frees, (unsigned long long)t->fails,
		(unsigned long long)t->held_blocks,
		(unsigned long long)t->held_pages);
}

static u64 usable_cpus(void)
{
	u64 m = 0;
	int cpu;

	for_each_online_cpu(cpu)
		if (cpu < 64 && sched_cpu_active(cpu))
			m |= 1ULL << cpu;
	return m;
}

static bool parse_cpus(const char *v, u64 *mask)
{
	u64 ok = usable_cpus(), bad;
	char list[LIST_LEN];

	load_fmt_list(ok, list, sizeof(list));
	if (!cmdline_parse_cpulist(v, mask, NR_CPUS) || !*mask)
		return !shell_error("load",
				    "cpus '%s' is not a CPU list like 1-3,5 "
				    "(online: %s)",
				    v, list);
	bad = *mask & ~ok;
	if (bad)
		return !shell_error("load", "CPU %d is not online (online: %s)",
				    __builtin_ctzll(bad), list);
	return true;
}

static bool parse_orders(const char *v, unsigned int *orders)
{
	u64 m = 0;

	if (!cmdline_parse_cpulist(v, &m, MAX_ORDER) || !m)
		return !shell_error("load",
				    "orders '%s' is not a list of orders "
				    "0..%d like 0-3,9",
				    v, MAX_ORDER - 1);
	*orders = (unsigned int)m;
	return true;
}

/* One "TYPE[:WEIGHT]" of mix=, into @w. */
static bool parse_mix_item(char *item, unsigned int w[MIGRATE_PCPTYPES])
{
	char why[SHELL_WHY_MAX], *colon = strchr(item, ':');
	s64 weight = 1;
	int mt;

	if (colon) {
		*colon = '\0';
		if (!shell_parse_num("weight", colon + 1, 0, 1000, &weight,
				     why))
			return !shell_error("load", "mix: %s", why);
	}
	for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		if (!strcmp(item, type_names[mt]))
			break;
	if (mt == MIGRATE_PCPTYPES)
		return !shell_error("load",
				    "mix: no migratetype '%s' (types: "
				    "unmovable, movable, reclaimable)",
				    item);
	w[mt] = (unsigned int)weight;
	return true;
}

/* "movable:3,unmovable:1": types not named get weight 0. */
static bool parse_mix(const char *v, unsigned int w[MIGRATE_PCPTYPES])
{
	char buf[LIST_LEN], *item = buf, *comma;

	if (strlcpy(buf, v, sizeof(buf)) >= sizeof(buf))
		return !shell_error("load", "mix '%.20s...' is too long", v);
	memset(w, 0, sizeof(unsigned int) * MIGRATE_PCPTYPES);
	do {
		comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		if (!parse_mix_item(item, w))
			return false;
		item = comma + 1;
	} while (comma);
	if (!w[0] && !w[1] && !w[2])
		return !shell_error("load",
				    "mix '%s' gives every type "
				    "weight 0",
				    v);
	return true;
}

static bool parse_opt(const char *arg, struct load_config *c)
{
	char why[SHELL_WHY_MAX];
	const char *v;
	s64 n;

	if ((v = shell_opt_val(arg, "cpus")))
		return parse_cpus(v, &c->cpus);
	if ((v = shell_opt_val(arg, "orders")))
		return parse_orders(v, &c->orders);
	if ((v = shell_opt_val(arg, "mix")))
		return parse_mix(v, c->weight);
	if ((v = shell_opt_val(arg, "hold"))) {
		if (!shell_parse_num("hold", v, 1, LOAD_MAX_HOLD, &n, why))
			return !shell_error("load", "%s", why);
		c->hold = (unsigned int)n;
		return true;
	}
	if ((v = shell_opt_val(arg, "seed"))) {
		if (!shell_parse_num("seed", v, 0, INT64_MAX, &n, why))
			return !shell_error("load", "%s", why);
		c->seed = (u64)n;
		return true;
	}
	return !shell_error("load",
			    "unknown option '%s' (options: cpus=LIST, "
			    "orders=LIST, mix=TYPE:WEIGHT,..., hold=N, "
			    "seed=N)",
			    arg);
}

/*
 * CPU 1, or CPU 0 on one CPU. More threads mostly queue on the zone lock,
 * and under TCG with more vCPUs than host cores that queue is slow.
 */
static u64 default_cpus(void)
{
	u64 m = usable_cpus();

	return m & 2ULL ? 2ULL : m & 1ULL;
}

static void print_started(const struct load_config *c)
{
	char cpus[LIST_LEN], orders[LIST_LEN];

	load_fmt_list(c->cpus, cpus, sizeof(cpus));
	load_fmt_list(c->orders, orders, sizeof(orders));
	kprintf("load: started on CPU%s %s: orders %s, mix unmovable:%u "
		"movable:%u reclaimable:%u, each thread holding at most %u "
		"blocks\n",
		c->cpus & (c->cpus - 1) ? "s" : "", cpus, orders,
		c->weight[MIGRATE_UNMOVABLE], c->weight[MIGRATE_MOVABLE],
		c->weight[MIGRATE_RECLAIMABLE], c->hold);
}

static int load_start_cmd(int argc, char **argv)
{
	struct load_config c = {.cpus = default_cpus(),
				.orders = 0xf,
				.weight = {1, 2, 1},
				.hold = 64,
				.seed = 1};
	char why[128];

	for (int i = 2; i < argc; i++)
		if (!parse_opt(argv[i], &c))
			return 1;
	if (load_start(&c, why, sizeof(why)))
		return shell_error("load", "%s", why);
	print_started(&c);
	return 0;
}

/* Context: shell; sleeps while the threads give their blocks back. */
static int load_stop_cmd(int argc, char **argv)
{
	struct load_totals t;

	if (argc > 2)
		return shell_error("load", "stop takes no options, not '%s'",
				   argv[2]);
	if (!load_stop(&t))
		return shell_error("load", "not running (load start begins)");
	load_print(&t);
	if (t.held_blocks || t.allocs != t.frees)
		return shell_error("load", "%llu blocks were NOT given back",
				   (unsigned long long)(t.allocs - t.frees));
	kprintf("load: stopped; every block given back\n");
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	struct load_totals t;

	if (argc >= 2 && !strcmp(argv[1], "start"))
		return load_start_cmd(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "stop"))
		return load_stop_cmd(argc, argv);
	if (argc >= 2)
		return shell_error("load",
				   "'%s' is neither start nor stop (load "
				   "alone shows what runs)",
				   argv[1]);
	load_read(&t);
	if (!t.threads)
		kprintf("load: not running\n");
	else
		load_print(&t);
	return 0;
}
SHELL_CMD(load,
	  "[start|stop] [cpus=LIST] [orders=LIST] "
	  "[mix=TYPE:W,...] [hold=N] [seed=N]",
	  "background threads that allocate and free at random", cmd_load);
SHELL_HELP(load, SHELL_GROUP_ALLOC,
	   "start        start a thread on each chosen CPU\n"
	   "stop         stop them; each gives back every block it holds\n"
	   "(neither)    show the counts so far\n"
	   "cpus=LIST    CPUs like 1-3,5 (default: CPU 1, or CPU 0 on a\n"
	   "             single CPU; the shell runs on CPU 0)\n"
	   "orders=LIST  orders to allocate, like 0-3,9 (default 0-3)\n"
	   "mix=T:W,...  how often each migratetype, e.g.\n"
	   "             mix=movable:3,unmovable:1 (default unmovable:1,\n"
	   "             movable:2, reclaimable:1); a type left out is 0\n"
	   "hold=N       blocks a thread keeps at most, 1..256 (default "
	   "64)\n"
	   "seed=N       start of each thread's random sequence (plus its "
	   "CPU)",
	   "load start cpus=1 orders=0,3 mix=unmovable:1,movable:1; "
	   "frag watch 5; load stop",
	   "while it runs: frag watch, buddyinfo, pagetypeinfo. After\n"
	   "'load stop' the counts of allocations and frees must be equal,\n"
	   "and 'check' must find no problem.");

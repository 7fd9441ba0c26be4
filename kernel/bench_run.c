/*
 * Running benchmarks (bench.h): the registry BENCH_DEF fills, the options
 * every benchmark takes (reps=, warmup=, quick, cpu=), the shell's `bench`
 * and the boot mode mode=bench, which runs what bench= names and leaves
 * QEMU with the result, as mode=test does.
 */
#include "kernel/bench.h"
#include "arch/x86/qemu_exit.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/isolation.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/shell_parse.h"
#include "lib/section.h"
#include "lib/string.h"

#define BENCH_REPS_DEFAULT   21
#define BENCH_WARMUP_DEFAULT 2
#define BENCH_REPS_QUICK     3
#define BENCH_WARMUP_QUICK   1

CMDLINE_KEY(bench,
	    "with mode=bench: benchmarks to run, NAME,NAME (default all)");
CMDLINE_KEY(quick, "1: benchmarks take few, short repetitions (make test)");
CMDLINE_KEY(bench_reps, "kept repetitions per benchmark figure (default 21)");
CMDLINE_KEY(bench_warmup, "repetitions thrown away first (default 2)");
CMDLINE_KEY(bench_cpu, "CPU single-CPU benchmarks run on (default 1, or 0)");

extern const struct bench_def __bench_defs_start[], __bench_defs_end[];

static size_t bench_nr(void)
{
	return section_count(__bench_defs_start, __bench_defs_end);
}

const struct bench_def *bench_find(const char *name)
{
	for (size_t i = 0; i < bench_nr(); i++)
		if (!strcmp(__bench_defs_start[i].name, name))
			return &__bench_defs_start[i];
	return NULL;
}

/* CPU 1 as the Linux peer uses, away from the housekeeping CPU's work. */
static int bench_default_cpu(void)
{
	int cpu = housekeeping_cpu() == 0 ? 1 : 0;

	if (!sched_cpu_active(cpu) || cpu_is_isolated(cpu))
		cpu = housekeeping_cpu();
	return (int)cmdline_int_range("bench_cpu", cpu, 0, NR_CPUS - 1);
}

static void bench_default_opts(struct bench_opts *o)
{
	o->quick = cmdline_bool("quick", false);
	o->reps = (int)cmdline_int_range(
		"bench_reps", o->quick ? BENCH_REPS_QUICK : BENCH_REPS_DEFAULT,
		1, BENCH_MAX_REPS);
	o->warmup = (int)cmdline_int_range(
		"bench_warmup",
		o->quick ? BENCH_WARMUP_QUICK : BENCH_WARMUP_DEFAULT, 0, 100);
	o->cpu = bench_default_cpu();
}

/* One harness option in @arg; Return: 1 taken, 0 not ours, -1 bad (said
 * so in a line naming @who). */
static int bench_take_opt(struct bench_opts *o, const char *who,
			  const char *arg)
{
	char why[SHELL_WHY_MAX];
	const char *v;
	s64 n;

	if (!strcmp(arg, "quick") || !strcmp(arg, "quick=1")) {
		o->quick = true;
		o->reps = BENCH_REPS_QUICK;
		o->warmup = BENCH_WARMUP_QUICK;
		return 1;
	}
	if ((v = shell_opt_val(arg, "reps"))) {
		if (!shell_parse_num("reps", v, 1, BENCH_MAX_REPS, &n, why))
			goto bad;
		o->reps = (int)n;
	} else if ((v = shell_opt_val(arg, "warmup"))) {
		if (!shell_parse_num("warmup", v, 0, 100, &n, why))
			goto bad;
		o->warmup = (int)n;
	} else if ((v = shell_opt_val(arg, "cpu"))) {
		if (!shell_parse_num("cpu", v, 0, NR_CPUS - 1, &n, why))
			goto bad;
		if (!sched_cpu_active((int)n)) {
			kprintf("%s: cpu%d is not online\n", who, (int)n);
			return -1;
		}
		o->cpu = (int)n;
	} else {
		return 0;
	}
	return 1;
bad:
	kprintf("%s: %s\n", who, why);
	return -1;
}

int bench_parse_opts(struct bench_opts *o, const char *who, int argc,
		     char **argv)
{
	int kept = 0;

	bench_default_opts(o);
	for (int i = 0; i < argc; i++) {
		int r = bench_take_opt(o, who, argv[i]);

		if (r < 0)
			return -1;
		if (!r)
			argv[kept++] = argv[i];
	}
	return kept;
}

/*
 * The options, then the benchmark's own arguments (@argv[0] is its name):
 * every mistake is refused before anything is printed or measured.
 * Return: 0 with @o and *@argc set, or 1.
 */
static int bench_prepare(const struct bench_def *b, struct bench_opts *o,
			 int *argc, char **argv)
{
	int n = bench_parse_opts(o, b->name, *argc - 1, argv + 1);

	if (n < 0)
		return 1;
	if (n && !*b->usage) {
		kprintf("%s: no argument '%s' (it takes reps=N warmup=N quick "
			"cpu=N)\n",
			b->name, argv[1]);
		return 1;
	}
	*argc = n + 1;
	return 0;
}

static int bench_run_one(const struct bench_def *b, const struct bench_opts *o,
			 int argc, char **argv)
{
	kprintf("== bench %s: clock %s, %d repetitions after %d warm-up, "
		"on cpu%d\n",
		b->name, bench_clock_name(), o->reps, o->warmup, o->cpu);
	return b->run(o, argc, argv) ? 1 : 0;
}

int bench_run(const struct bench_def *b, int argc, char **argv)
{
	struct bench_opts o;
	int failed;

	if (bench_prepare(b, &o, &argc, argv))
		return 1;
	bench_print_machine();
	failed = bench_run_one(b, &o, argc, argv);
	bench_print_machine_line();
	return failed;
}

/* @b from mode=bench, with the command line's options. Return: 0 or 1. */
static int bench_boot_run(const struct bench_def *b)
{
	char *argv[2] = {(char *)b->name, NULL};
	struct bench_opts o;
	int argc = 1;

	if (bench_prepare(b, &o, &argc, argv))
		return 1;
	return bench_run_one(b, &o, argc, argv);
}

static void bench_list(void)
{
	kprintf("benchmarks (bench NAME [reps=N] [warmup=N] [quick] [cpu=N] "
		"[args]):\n");
	for (size_t i = 0; i < bench_nr(); i++) {
		const struct bench_def *b = &__bench_defs_start[i];

		kprintf("  %-12s %s%s%s\n", b->name, b->help,
			*b->usage ? "; args: " : "", b->usage);
	}
}

static int cmd_bench(int argc, char **argv)
{
	const struct bench_def *b;

	if (argc < 2) {
		bench_list();
		return 0;
	}
	b = bench_find(argv[1]);
	if (!b)
		return shell_error("bench",
				   "no benchmark '%s' (type 'bench' "
				   "for the list)",
				   argv[1]);
	return bench_run(b, argc - 1, argv + 1);
}
SHELL_CMD(bench, "[NAME [reps=N] [warmup=N] [quick] [cpu=N] [ARGS]]",
	  "run a registered benchmark; without NAME, list them", cmd_bench);
SHELL_HELP(bench, SHELL_GROUP_BENCH,
	   "NAME      boot, lockbench, allocbench, page_bench, page_smp\n"
	   "reps=N    kept repetitions, 1..64 (default 21)\n"
	   "warmup=N  repetitions thrown away first (default 2)\n"
	   "quick     3 short repetitions: a smoke run, not a measurement\n"
	   "cpu=N     the CPU single-CPU loops run on (default 1)",
	   "bench page_bench reps=11",
	   "each table says its clock: TSC cycles, or instructions under\n"
	   "tools/qemu-run --icount. The BENCH lines after the tables are for\n"
	   "tools/bench-table. Under TCG compare only figures of one run.");

/* Run the benchmark named @name from mode=bench. Return: 0 or 1. */
static int bench_boot_one(const char *name, size_t len)
{
	const struct bench_def *b;
	char buf[32];

	if (len >= sizeof(buf)) {
		kprintf("bench: benchmark name '%.*s' is too long\n", (int)len,
			name);
		return 1;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	b = bench_find(buf);
	if (!b) {
		kprintf("bench: no benchmark '%s' (bench= takes NAME,NAME)\n",
			buf);
		return 1;
	}
	return bench_boot_run(b);
}

void __noreturn bench_main(void)
{
	const char *list = cmdline_str("bench", NULL);
	int failed = 0, run = 0;

	bench_print_machine();
	if (!list) {
		for (size_t i = 0; i < bench_nr(); i++, run++)
			failed += bench_boot_run(&__bench_defs_start[i]);
	} else {
		for (const char *s = list; *s; run++) {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);

			failed += bench_boot_one(s, len);
			s += len + (s[len] == ',');
		}
	}
	bench_print_machine_line();
	kprintf("bench: %d run, %d failed\n", run, failed);
	qemu_exit(failed ? QEMU_EXIT_TEST_FAILED : QEMU_EXIT_PASS);
}

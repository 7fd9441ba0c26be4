/*
 * The benchmark harness: a registry of benchmarks (BENCH_DEF), run from the
 * shell (`bench NAME [args]`) or at boot (mode=bench bench=NAME,...), with
 * serialising TSC reads, warm-up, repetitions summarised by median and
 * spread, variants interleaved, a table for people and BENCH lines for
 * tools/. The machine line says what the figures were measured on,
 * including the clock: host cycles (TCG time, KVM) or guest instructions
 * (QEMU -icount). docs/benchmarks.md describes the format.
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include "lib/types.h"

#define BENCH_MAX_REPS 64

/* How a benchmark runs; from the command line or the shell's arguments. */
struct bench_opts {
	int reps;   /* kept repetitions, 1..BENCH_MAX_REPS */
	int warmup; /* repetitions thrown away before them */
	bool quick; /* make test's smoke run: few, short repetitions */
	int cpu;    /* where single-CPU loops run */
};

struct bench_def {
	const char *name;
	const char *usage; /* its own arguments; "": the harness refuses any */
	const char *help;  /* one line */
	/* Return: 0, or nonzero if it could not measure (it said why). */
	int (*run)(const struct bench_opts *o, int argc, char **argv);
};

#define BENCH_DEF(bname, busage, bhelp, brun)                                  \
	static const struct bench_def __bench_def_##bname __used __section(    \
		".bench_defs") __aligned(8) = {#bname, busage, bhelp, brun}

/* ---- serialising TSC reads ---------------------------------------------
 * lfence waits for every earlier instruction to finish before rdtsc reads
 * the counter, and the lfence after it keeps later ones from starting
 * early. At the end, rdtscp waits for the measured code itself; lfence
 * then keeps what follows out of the window. Without rdtscp (CPUID
 * 0x80000001 EDX bit 27) the end read is the begin read again.
 */
extern bool bench_has_rdtscp;

static __always_inline u64 bench_tsc_begin(void)
{
	u32 lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence"
			 : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

static __always_inline u64 bench_tsc_end(void)
{
	u32 lo, hi, aux;

	if (!bench_has_rdtscp)
		return bench_tsc_begin();
	__asm__ volatile("rdtscp; lfence"
			 : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return ((u64)hi << 32) | lo;
}

/* ---- what was measured on (kernel/bench_machine.c) --------------------- */

/* What one TSC tick is: a host cycle, or (under -icount) an instruction. */
enum bench_clock { BENCH_CLOCK_TSC, BENCH_CLOCK_ICOUNT };

/* Probe once (CPUID, the clock check); later calls return at once.
 * Context: task, holding no lock; disables IRQs briefly. */
void bench_machine_init(void);
enum bench_clock bench_clock(void);
/* "tsc" or "icount", as BENCH lines spell it */
const char *bench_clock_name(void);
/* The unit of a figure on this clock: "cycles" or "instructions". */
const char *bench_unit(void);
/* A few lines for people: CPU, accelerator, clock and how it was told. */
void bench_print_machine(void);
/* BENCH suite=machine ...: one line for tools. */
void bench_print_machine_line(void);

/* ---- one measured row ---------------------------------------------------
 * A row is one figure of a table: one variant (column: a lock mode, an
 * order...) of one loop (line: a size N...). rep() runs one repetition and
 * returns its TSC ticks; the harness turns them into tenths of a tick per
 * unit (units = pages moved per repetition, say) and keeps the kept ones.
 */
struct bench_row {
	const char *variant;
	u64 (*rep)(struct bench_row *row);
	/* optional, untimed, before each repetition: select the variant */
	int (*prepare)(struct bench_row *row);
	void *arg;
	u64 units; /* units per repetition, > 0 */
	u64 param; /* the benchmark's own: N, an order... */
	int err;   /* rep() sets it nonzero if it could not run */
	int nr;	   /* kept repetitions */
	u64 tenths[BENCH_MAX_REPS]; /* per unit, sorted once summarised */
};

/* A row's repetitions: median, spread, all in tenths of a tick per unit. */
struct bench_summary {
	u64 median, min, max, q1, q3;
};

/*
 * bench_run_rows - warm-up then kept repetitions of @nr rows, interleaved:
 * each round runs every row once, in reverse order every other round
 * (A B, B A, A B...), so drift of a shared host lands on every row alike
 * and no row is always first.
 * Context: task; the caller has parked the other CPUs (bench_on_cpu).
 * Return: 0, or the first row's err (the rest are not run).
 */
int bench_run_rows(struct bench_row *rows, int nr, const struct bench_opts *o);
/* Sort @row's repetitions and summarise them. Context: any. */
void bench_summarise(struct bench_row *row, struct bench_summary *s);
/* Print tenths as "123.4" into @buf (>= 24 bytes); returns @buf. */
char *bench_fmt_tenths(char *buf, u64 tenths);
/* (max - min) / median in tenths of a percent, 0 if the median is 0. */
u64 bench_spread_permille(const struct bench_summary *s);

/* ---- where it runs -------------------------------------------------------
 * bench_on_cpu - run @fn(@arg) in a thread bound to @o->cpu while every
 * other CPU sits idle in hlt (the caller's thread waits, blocked; the
 * harness waits until each other CPU runs its idle thread and says so if
 * one does not). Under TCG a busy vCPU steals host time from the measured
 * one, so single-CPU loops run alone.
 * Context: task, may sleep. Return: @fn's result, or -1 if no thread.
 */
int bench_on_cpu(const struct bench_opts *o, int (*fn)(void *arg), void *arg);

/*
 * bench_on_cpus - SMP throughput: @ncpus threads, one per CPU (the bench
 * CPU first, then the lowest others), released together; each calls
 * @fn(@arg, idx) which does its share and returns the units it moved.
 * Result: total units, and the wall ticks from the first start to the
 * last end, so units/ticks is the aggregate throughput.
 * Context: task, may sleep. Return: 0, or -1 if too few CPUs or threads.
 */
struct bench_smp_result {
	u64 units;
	u64 ticks;
	u64 max_cpu_ticks; /* the slowest CPU's own time */
};
int bench_on_cpus(const struct bench_opts *o, int ncpus,
		  u64 (*fn)(void *arg, int idx), void *arg,
		  struct bench_smp_result *res);

/* ---- running ------------------------------------------------------------ */

/* Defaults (mode=bench: bench_reps=, bench_warmup=, quick=, bench_cpu=),
 * then @argv's reps=N warmup=N quick cpu=N, which are removed from it.
 * Return: the remaining argc, or -1 after printing what was wrong in a
 * line that starts "@who: ". */
int bench_parse_opts(struct bench_opts *o, const char *who, int argc,
		     char **argv);
const struct bench_def *bench_find(const char *name);
/* Run one benchmark as `bench NAME args` does: the machine, then it. */
int bench_run(const struct bench_def *b, int argc, char **argv);
/* mode=bench: every benchmark bench= names (default all), then exit QEMU. */
void __noreturn bench_main(void);

/* ---- boot timing (kernel/bench_boot.c, the `boot` benchmark) ----------
 * kmain stamps the memory core's start and end and the moment the mode
 * starts (a prompt, the tests, the benchmarks): ktime_ns since kmain.
 */
enum bench_boot_stamp {
	BOOT_STAMP_MM_START, /* before the page array */
	BOOT_STAMP_MM_DONE,  /* every free page is in the buddy */
	BOOT_STAMP_READY,    /* run_mode: also printed as "boot: ready" */
	NR_BOOT_STAMPS,
};
/* Context: boot CPU, in kmain. */
void bench_boot_stamp(enum bench_boot_stamp s);

/* BENCH lines begin with this, then suite=... */
#define BENCH_PREFIX "BENCH suite="

#endif

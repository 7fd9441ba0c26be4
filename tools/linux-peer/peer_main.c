// SPDX-License-Identifier: GPL-2.0
/*
 * pagepeer module: checks its parameters, runs the whole benchmark on one
 * kernel thread bound to one CPU (the other CPUs stay idle), then prints a
 * BENCH line per figure. Loading blocks until the run is over; a failed run
 * makes insmod fail, so the init script can say so.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/cpufeature.h>

#include "peer.h"

static char *clock = "tsc";
module_param(clock, charp, 0444);
MODULE_PARM_DESC(clock,
		 "what a TSC tick is: tsc (time) or icount (one instruction)");
static char *cmdline = "";
module_param(cmdline, charp, 0444);
MODULE_PARM_DESC(cmdline, "kernel command line, for the machine line");
static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU to measure on (default 1 if online, else 0)");
static unsigned int reps = 21;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "repetitions kept per figure (1-31)");
static unsigned int warmup = 2;
module_param(warmup, uint, 0444);
MODULE_PARM_DESC(warmup, "repetitions run first and discarded");
static unsigned int pages = 2048;
module_param(pages, uint, 0444);
MODULE_PARM_DESC(pages, "pages per repetition (128-1048576)");

#define PEER_CALIBRATE_ITERS 1000000UL

struct peer_job {
	struct peer_config cfg;
	struct peer_row *rows;
	u64 calibration; /* ticks for 2 * PEER_CALIBRATE_ITERS instructions */
	int err;
	struct completion done;
};

/* The benchmark thread: measure, report, then wait to be stopped so the
 * module text outlives it. */
static int peer_thread(void *data)
{
	struct peer_job *job = data;

	job->calibration = peer_calibrate(PEER_CALIBRATE_ITERS);
	job->err = peer_run_all(job->rows, &job->cfg);
	complete(&job->done);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void peer_print_row(struct peer_row *row)
{
	u64 med = peer_row_median(row);
	u64 lo = row->tenths[0], hi = row->tenths[row->nr_reps - 1];

	pr_info("BENCH suite=page_bench kernel=linux-6.1 mode=linux clock=%s "
		"test=%s order=%u n=%u cycles_per_page=%llu.%llu min=%llu.%llu "
		"max=%llu.%llu reps=%u loops=%u\n",
		clock, peer_test_name(row->test), row->order, row->n, med / 10,
		med % 10, lo / 10, lo % 10, hi / 10, hi % 10, row->nr_reps,
		row->loops);
}

static void peer_report(struct peer_job *job)
{
	unsigned int i;

	peer_print_machine(cmdline);
	pr_info("pagepeer: cpu %d, calibration: %lu loop instructions took "
		"%llu TSC ticks\n",
		cpu, 2 * PEER_CALIBRATE_ITERS, job->calibration);
	for (i = 0; i < PEER_NR_ROWS; i++)
		peer_print_row(&job->rows[i]);
	pr_info("pagepeer: done\n");
}

/* One message naming the bad parameter; 0 if all are usable. */
static int peer_check_params(void)
{
	if (strcmp(clock, "tsc") && strcmp(clock, "icount")) {
		pr_err("pagepeer: clock=%s: want tsc or icount\n", clock);
		return -EINVAL;
	}
	if (strchr(cmdline, '"')) {
		pr_err("pagepeer: cmdline= must not contain a double quote\n");
		return -EINVAL;
	}
	if (reps < 1 || reps > PEER_MAX_REPS) {
		pr_err("pagepeer: reps=%u: want 1-%d\n", reps, PEER_MAX_REPS);
		return -EINVAL;
	}
	if (warmup > 100) {
		pr_err("pagepeer: warmup=%u: want 0-100\n", warmup);
		return -EINVAL;
	}
	if (pages < PEER_MAX_BULK || pages > (1U << 20)) {
		pr_err("pagepeer: pages=%u: want %d-%u\n", pages, PEER_MAX_BULK,
		       1U << 20);
		return -EINVAL;
	}
	if (cpu < 0)
		cpu = cpu_online(1) ? 1 : 0;
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		pr_err("pagepeer: cpu=%d is not online\n", cpu);
		return -EINVAL;
	}
	if (!boot_cpu_has(X86_FEATURE_RDTSCP)) {
		pr_err("pagepeer: this CPU has no rdtscp\n");
		return -ENODEV;
	}
	return 0;
}

/* Run the benchmark on @cpu and wait for it. */
static int peer_measure(struct peer_job *job)
{
	struct task_struct *task;

	init_completion(&job->done);
	task = kthread_create(peer_thread, job, "pagepeer/%d", cpu);
	if (IS_ERR(task))
		return PTR_ERR(task);
	kthread_bind(task, cpu);
	wake_up_process(task);
	wait_for_completion(&job->done);
	kthread_stop(task);
	return job->err;
}

static int __init peer_init(void)
{
	struct peer_job job = {
		.cfg = {.reps = reps, .warmup = warmup, .pages = pages},
	};
	int err;

	err = peer_check_params();
	if (err)
		return err;
	job.rows = kcalloc(PEER_NR_ROWS, sizeof(*job.rows), GFP_KERNEL);
	if (!job.rows)
		return -ENOMEM;
	err = peer_measure(&job);
	if (err)
		pr_err("pagepeer: an allocation came back short (%d); no "
		       "figures\n",
		       err);
	else
		peer_report(&job);
	kfree(job.rows);
	return err;
}
module_init(peer_init);

static void __exit peer_exit(void)
{
}
module_exit(peer_exit);

/* GPL: alloc_pages_bulk_*() reach __alloc_pages_bulk, a GPL-only export. */
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pagelab's page_bench loops, run against Linux's allocator");

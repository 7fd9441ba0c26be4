/*
 * `lockstat`: per-lock statistics summed by lock name, so the per-CPU
 * instances of one lock (pcp->lock on every CPU) read as one line, in the
 * spirit of Linux's /proc/lock_stat. Static locks are found through the
 * .lockstat section, dynamic ones through lockstat_register().
 */
#include "kernel/spinlock.h"
#include "kernel/console.h"
#include "kernel/shell.h"
#include "lib/string.h"

#define LOCKSTAT_MAX_DYNAMIC 512
#define LOCKSTAT_MAX_NAMES   64

extern spinlock_t *const __lockstat_start[], *const __lockstat_end[];

static spinlock_t *lockstat_dynamic[LOCKSTAT_MAX_DYNAMIC];
static int lockstat_nr_dynamic;

/* Context: any; lock-free (a slot is claimed with one atomic add). */
void lockstat_register(spinlock_t *l)
{
	int i = __atomic_fetch_add(&lockstat_nr_dynamic, 1, __ATOMIC_RELAXED);

	if (i < LOCKSTAT_MAX_DYNAMIC)
		__atomic_store_n(&lockstat_dynamic[i], l, __ATOMIC_RELEASE);
}

struct lockstat_row {
	const char *name;
	int instances;
	u64 acquired, contended, cycles, try_failed;
	u64 max_hold;	       /* longest timed hold of any instance */
	unsigned long hold_ip; /* where it was taken */
};

static void lockstat_add(struct lockstat_row *rows, int *n, spinlock_t *l)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(rows[i].name, l->dep.name))
			break;
	if (i == *n) {
		if (*n == LOCKSTAT_MAX_NAMES)
			return;
		rows[(*n)++] = (struct lockstat_row){.name = l->dep.name};
	}
	rows[i].instances++;
	rows[i].acquired += READ_ONCE(l->nr_acquired);
	rows[i].contended += READ_ONCE(l->nr_contended);
	rows[i].cycles += READ_ONCE(l->spin_cycles);
	rows[i].try_failed += READ_ONCE(l->nr_try_failed);
	if (READ_ONCE(l->max_hold_cycles) > rows[i].max_hold) {
		rows[i].max_hold = READ_ONCE(l->max_hold_cycles);
		rows[i].hold_ip = READ_ONCE(l->max_hold_ip);
	}
}

/*
 * lockstat_for_each - call @fn on every known lock.
 * Context: any; racy reads of counters that may be moving.
 */
void lockstat_for_each(void (*fn)(spinlock_t *l, void *arg), void *arg)
{
	int n = MIN(READ_ONCE(lockstat_nr_dynamic), LOCKSTAT_MAX_DYNAMIC);
	/* linker-made bounds: compared as addresses, not as C objects */
	size_t nstatic =
		((uintptr_t)__lockstat_end - (uintptr_t)__lockstat_start) /
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers */
		sizeof(__lockstat_start[0]);

	for (size_t i = 0; i < nstatic; i++)
		fn(__lockstat_start[i], arg);
	for (int i = 0; i < n; i++) {
		spinlock_t *l =
			__atomic_load_n(&lockstat_dynamic[i], __ATOMIC_ACQUIRE);
		if (l)
			fn(l, arg);
	}
}

struct lockstat_table {
	struct lockstat_row rows[LOCKSTAT_MAX_NAMES];
	int n;
};

static void lockstat_collect(spinlock_t *l, void *arg)
{
	struct lockstat_table *t = arg;

	lockstat_add(t->rows, &t->n, l);
}

/* The counters are the holder's to write; a reset races only with stats. */
static void lockstat_zero(spinlock_t *l, void *arg)
{
	(void)arg;
	WRITE_ONCE(l->nr_acquired, 0);
	WRITE_ONCE(l->nr_contended, 0);
	WRITE_ONCE(l->spin_cycles, 0);
	WRITE_ONCE(l->nr_try_failed, 0);
	WRITE_ONCE(l->max_hold_cycles, 0);
}

static int cmd_lockstat(int argc, char **argv)
{
	static struct lockstat_table t;

	if (argc > 1 && !strcmp(argv[1], "reset")) {
		lockstat_for_each(lockstat_zero, NULL);
		kprintf("lockstat: every lock's counters are zero\n");
		return 0;
	}
	if (argc > 1)
		return shell_usage(argv[0]);
	t.n = 0;
	lockstat_for_each(lockstat_collect, &t);
	kprintf("%-20s %5s %12s %10s %14s %10s %8s\n", "lock", "inst",
		"acquired", "contended", "spin-cycles", "cyc/cont", "tryfail");
	for (int i = 0; i < t.n; i++) {
		struct lockstat_row *r = &t.rows[i];

		kprintf("%-20s %5d %12lu %10lu %14lu %10lu %8lu\n", r->name,
			r->instances, (unsigned long)r->acquired,
			(unsigned long)r->contended, (unsigned long)r->cycles,
			(unsigned long)(r->contended ? r->cycles / r->contended
						     : 0),
			(unsigned long)r->try_failed);
	}
	for (int i = 0; i < t.n; i++)
		if (t.rows[i].max_hold)
			kprintf("%s: longest hold %lu cycles, taken at %pS\n",
				t.rows[i].name,
				(unsigned long)t.rows[i].max_hold,
				(void *)t.rows[i].hold_ip);
	return 0;
}
SHELL_CMD(lockstat, "[reset]",
	  "acquisitions, contention and spin cycles per named lock",
	  cmd_lockstat);

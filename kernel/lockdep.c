/*
 * Lock debugging (see lockdep.h): the held-lock stack of each thread and
 * the checks run against it. Reports go through lock_report(), which a
 * test can turn into a record instead of a BUG.
 * Linux: kernel/locking/lockdep.c, much reduced.
 */
#include "kernel/lockdep.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"
#include "lib/format.h"
#include "lib/string.h"

CMDLINE_KEY(lockdep, "1/0: lock debug checks (default on with mode=test)");

bool lock_debug_enabled;

void lockdep_init(void)
{
	bool testing = !strcmp(cmdline_str("mode", "shell"), "test");

	lock_debug_enabled = cmdline_bool("lockdep", testing);
}

static struct lockdep_task *lockdep_task(void)
{
	struct thread *t = current;

	return t ? &t->dep : NULL;
}

void lock_report(const char *file, int line, const char *func, const char *fmt,
		 ...)
{
	struct lockdep_task *d = lockdep_task();
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d && d->expect) {
		if (d->expect->count++ == 0)
			strlcpy(d->expect->msg, msg, sizeof(d->expect->msg));
		return;
	}
	bug_report(file, line, func, "%s", msg);
}

void lockdep_expect_bug_begin(struct bug_expect *e)
{
	e->count = 0;
	e->msg[0] = '\0';
	current->dep.expect = e;
}

int lockdep_expect_bug_end(void)
{
	struct bug_expect *e = current->dep.expect;

	current->dep.expect = NULL;
	return e ? e->count : 0;
}

static int lockdep_find(const struct lockdep_task *d, const void *lock)
{
	for (int i = d->nheld - 1; i >= 0; i--)
		if (d->held[i].lock == lock)
			return i;
	return -1;
}

/* Return: false if @map may not be taken now (reported). */
static bool lockdep_check_order(const struct lockdep_task *d,
				const struct lockdep_map *map)
{
	if (!map->rank)
		return true;
	for (int i = 0; i < d->nheld; i++) {
		const struct lockdep_map *h = d->held[i].map;

		if (h->rank > map->rank) {
			lock_bug("lock order inversion: taking %s (rank %d) "
				 "while holding %s (rank %d, taken at %pS)",
				 map->name, map->rank, h->name, h->rank,
				 (void *)d->held[i].ip);
			return false;
		}
	}
	return true;
}

bool lockdep_acquire(const void *lock, const struct lockdep_map *map,
		     bool trylock, unsigned long ip)
{
	struct lockdep_task *d = lockdep_task();
	int i;

	if (!d)
		return true; /* before the scheduler: nothing to track yet */
	if (!trylock && (i = lockdep_find(d, lock)) >= 0) {
		lock_bug("recursive locking of %s (already taken at %pS)",
			 map->name, (void *)d->held[i].ip);
		return false;
	}
	if (!trylock)
		lockdep_check_order(d, map); /* reported; taking it is safe */
	if (d->nheld == LOCKDEP_MAX_HELD) {
		lock_bug("more than %d locks held, taking %s", LOCKDEP_MAX_HELD,
			 map->name);
		return true;
	}
	d->held[d->nheld++] = (struct held_lock){lock, map, ip};
	return true;
}

bool lockdep_release(const void *lock, const struct lockdep_map *map)
{
	struct lockdep_task *d = lockdep_task();
	int i;

	if (!d)
		return true;
	i = lockdep_find(d, lock);
	if (i < 0) {
		lock_bug("releasing %s, which this thread does not hold",
			 map->name);
		return false;
	}
	memmove(&d->held[i], &d->held[i + 1],
		(d->nheld - i - 1) * sizeof(d->held[0]));
	d->nheld--;
	return true;
}

bool lockdep_is_held(const void *lock)
{
	struct lockdep_task *d = lockdep_task();

	return !d || lockdep_find(d, lock) >= 0;
}

/* Context: scheduler, both threads off-limits to anyone else (rq lock). */
void lockdep_transfer(const void *lock, struct lockdep_task *from,
		      struct lockdep_task *to)
{
	int i = lockdep_find(from, lock);

	if (i < 0 || to->nheld == LOCKDEP_MAX_HELD)
		return;
	to->held[to->nheld++] = from->held[i];
	memmove(&from->held[i], &from->held[i + 1],
		(from->nheld - i - 1) * sizeof(from->held[0]));
	from->nheld--;
}

void __might_sleep(const char *file, int line, const char *func)
{
	if (likely(preemptible()))
		return;
	lock_report(file, line, func,
		    "sleeping call from invalid context: preempt_count %#x, "
		    "IRQs %s",
		    preempt_count(), irqs_disabled() ? "off" : "on");
}

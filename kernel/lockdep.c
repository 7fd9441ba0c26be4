/*
 * Lock debugging (see lockdep.h): the held-lock stack of each context and
 * the checks run against it. A thread's task context keeps its stack in
 * struct thread; each CPU's hard-IRQ and NMI contexts keep theirs per CPU,
 * so a tick landing on a thread that holds a lock sees an empty stack of
 * its own. Reports go through lock_report(), which a test can turn into a
 * record instead of a BUG. Linux: kernel/locking/lockdep.c, much reduced.
 */
#include "kernel/lockdep_internal.h"
#include "kernel/cmdline.h"
#include "kernel/inject.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/thread.h"
#include "lib/format.h"
#include "lib/string.h"

CMDLINE_KEY(lockdep, "1/0: lock debug checks (default on with mode=test)");

bool lock_debug_enabled;

static DEFINE_PER_CPU(struct lockdep_task, lockdep_hardirq_ctx);
static DEFINE_PER_CPU(struct lockdep_task, lockdep_nmi_ctx);

static const char *const lockdep_ctx_names[] = {"task", "hard IRQ", "NMI"};

void lockdep_init(void)
{
	bool testing = !strcmp(cmdline_str("mode", "shell"), "test");

	lock_debug_enabled = cmdline_bool("lockdep", testing);
	this_cpu_write(cpu_area.lock_debug, lock_debug_enabled);
}

const char *lock_owner_name(const void *token, char *buf, size_t size)
{
	unsigned long tag = (unsigned long)token & 7;
	const struct percpu *pc = (const void *)((unsigned long)token - tag);

	if (!token)
		return "nobody";
	if (!tag)
		return ((const struct thread *)token)->name;
	ksnprintf(buf, size, "%s on cpu%d",
		  tag == 3 ? "boot" : lockdep_ctx_names[tag], pc->cpu);
	return buf;
}

void lockdep_switch_to(const struct thread *t)
{
	bool on = t->lockdep_mode == LOCKDEP_DEFAULT
			  ? lock_debug_enabled
			  : t->lockdep_mode == LOCKDEP_ON;

	this_cpu_write(cpu_area.lock_debug, on);
}

void lockdep_set_current(enum lockdep_mode mode)
{
	struct thread *t = current;

	/* a lock taken under one setting and released under the other
	 * would be half-tracked: refuse while any can be held */
	if (!t || !preemptible() || t->migrate_disable || t->dep.nheld) {
		lock_bug("lockdep_set_current(%d) while holding a lock: "
			 "preempt_count %#x, IRQs %s, migrate_disable %d",
			 mode, preempt_count(), irqs_disabled() ? "off" : "on",
			 t ? t->migrate_disable : 0);
		return;
	}
	t->lockdep_mode = mode;
	lockdep_switch_to(t); /* a switch in between recomputes the same */
}

enum lockdep_ctx lockdep_ctx_now(void)
{
	int pc = preempt_count();

	if (pc & NMI_MASK)
		return LOCKDEP_CTX_NMI;
	return pc & HARDIRQ_MASK ? LOCKDEP_CTX_HARDIRQ : LOCKDEP_CTX_TASK;
}

/* The held stack of @ctx on this CPU; NULL for boot code (no thread). */
static struct lockdep_task *lockdep_stack(enum lockdep_ctx ctx)
{
	struct thread *t;

	if (ctx == LOCKDEP_CTX_NMI)
		return raw_cpu_ptr(&lockdep_nmi_ctx);
	if (ctx == LOCKDEP_CTX_HARDIRQ)
		return raw_cpu_ptr(&lockdep_hardirq_ctx);
	t = current;
	return t ? &t->dep : NULL;
}

static struct lockdep_task *lockdep_task(void)
{
	return lockdep_stack(lockdep_ctx_now());
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
	struct lockdep_task *d = lockdep_task();

	e->count = 0;
	e->msg[0] = '\0';
	if (d)
		d->expect = e;
}

int lockdep_expect_bug_end(void)
{
	struct lockdep_task *d = lockdep_task();
	struct bug_expect *e = d ? d->expect : NULL;

	if (d)
		d->expect = NULL;
	return e ? e->count : 0;
}

static int lockdep_find(const struct lockdep_task *d, const void *lock)
{
	for (int i = READ_ONCE(d->nheld) - 1; i >= 0; i--)
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

/*
 * An interrupt taking a lock that a context it interrupted on this CPU
 * holds would spin forever: that context cannot run until we return.
 * Return: false if so (reported).
 */
static bool lockdep_check_interrupted(enum lockdep_ctx ctx, const void *lock,
				      const struct lockdep_map *map)
{
	for (int c = (int)ctx - 1; c >= LOCKDEP_CTX_TASK; c--) {
		struct lockdep_task *d = lockdep_stack(c);
		struct thread *t = current;
		int i = d ? lockdep_find(d, lock) : -1;

		if (i < 0)
			continue;
		lock_bug("recursive locking of %s in %s context on cpu%d: held "
			 "by the interrupted %s %s (taken at %pS)",
			 map->name, lockdep_ctx_names[ctx],
			 raw_smp_processor_id(),
			 c == LOCKDEP_CTX_TASK ? "thread" : "context",
			 c == LOCKDEP_CTX_TASK && t ? t->name
						    : lockdep_ctx_names[c],
			 (void *)d->held[i].ip);
		return false;
	}
	return true;
}

/* Return: false if the lock must not be taken (reported). */
static bool lockdep_check_acquire(struct lockdep_task *d, enum lockdep_ctx ctx,
				  const void *lock,
				  const struct lockdep_map *map)
{
	int i = d ? lockdep_find(d, lock) : -1;

	if (i >= 0) {
		lock_bug("recursive locking of %s in %s context (already "
			 "taken at %pS)",
			 map->name, lockdep_ctx_names[ctx],
			 (void *)d->held[i].ip);
		return false;
	}
	if (!lockdep_check_interrupted(ctx, lock, map))
		return false;
	if (d)
		lockdep_check_order(d, map); /* reported; taking it is safe */
	return true;
}

/*
 * Push onto @d with IRQs off. A thread taking a sleeping (RT) lock is
 * preemptible here, and the switch that preempts it pushes and pops
 * rq->lock on this same stack: between our store and our count update
 * it would overwrite the slot we just filled, leaving us "holding"
 * rq->lock instead of our lock. IRQs off keeps the two steps one.
 * Context: any; @d is the stack of the context we run in.
 */
static void lockdep_push(struct lockdep_task *d, enum lockdep_ctx ctx,
			 struct held_lock h)
{
	unsigned long flags = arch_local_irq_save();

	d->held[d->nheld] = h;
	barrier(); /* an interrupt reading our stack sees whole entries */
	if (ctx == LOCKDEP_CTX_TASK && !preempt_count() &&
	    (flags & X86_EFLAGS_IF))
		inject_point(lockdep_task_push); /* a switch would land here */
	d->nheld++;
	arch_local_irq_restore(flags);
}

bool lockdep_acquire(const void *lock, struct lockdep_map *map, bool trylock,
		     unsigned long ip)
{
	enum lockdep_ctx ctx = lockdep_ctx_now();
	struct lockdep_task *d = lockdep_stack(ctx);

	if (!trylock && !lockdep_check_acquire(d, ctx, lock, map))
		return false;
	lockdep_class_use(map, ctx, trylock, ip);
	if (!d)
		return true; /* before the scheduler: no stack to keep */
	if (d->nheld == LOCKDEP_MAX_HELD) {
		lock_bug("more than %d locks held, taking %s", LOCKDEP_MAX_HELD,
			 map->name);
		return true;
	}
	lockdep_push(d, ctx, (struct held_lock){lock, map, ip});
	return true;
}

/* Remove entry @i of @d, IRQs off for the reason lockdep_push gives. */
static void lockdep_pop(struct lockdep_task *d, int i)
{
	unsigned long flags = arch_local_irq_save();

	memmove(&d->held[i], &d->held[i + 1],
		(d->nheld - i - 1) * sizeof(d->held[0]));
	d->nheld--;
	arch_local_irq_restore(flags);
}

bool lockdep_release(const void *lock, const struct lockdep_map *map)
{
	enum lockdep_ctx ctx = lockdep_ctx_now();
	struct lockdep_task *d = lockdep_stack(ctx);
	int i;

	if (!d)
		return true;
	i = lockdep_find(d, lock);
	if (i < 0) {
		lock_bug("releasing %s, which this %s context does not hold",
			 map->name, lockdep_ctx_names[ctx]);
		return false;
	}
	lockdep_pop(d, i);
	return true;
}

bool lockdep_is_held(const void *lock)
{
	struct lockdep_task *d = lockdep_task();

	return !d || lockdep_find(d, lock) >= 0;
}

void lockdep_irq_exit(int vector)
{
	struct lockdep_task *d = lockdep_task();

	if (!d || !d->nheld)
		return;
	lock_bug("%s handler (vector %d) returned holding %s (taken at %pS)",
		 lockdep_ctx_names[lockdep_ctx_now()], vector,
		 d->held[d->nheld - 1].map->name,
		 (void *)d->held[d->nheld - 1].ip);
	d->nheld = 0;
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

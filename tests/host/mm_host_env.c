/*
 * Host implementations of the kernel services the mm core uses beyond
 * printk (tests/host/host_env.c): the shadow headers' spinlocks, IRQ flag and
 * CPU number, BUG reports (abort, so ASan prints where), the arena base for
 * page_address, and the kernel-only command-line hook as a no-op.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "lib/format.h"
#include "mm/internal.h"

bool host_irqs_off;
int host_cpu;
u64 host_time_ns;

extern char __stop_host_percpu[] __attribute__((weak));

void *host_percpu_area(int cpu)
{
	static char *areas[NR_CPUS];
	size_t size =
		(uintptr_t)__stop_host_percpu - (uintptr_t)__start_host_percpu;

	if (cpu < 0 || cpu >= NR_CPUS) {
		fprintf(stderr, "BUG: per-CPU access for cpu%d\n", cpu);
		abort();
	}
	if (!areas[cpu]) {
		areas[cpu] = malloc(size ? size : 1);
		if (!areas[cpu])
			abort();
		memcpy(areas[cpu], __start_host_percpu, size);
	}
	return areas[cpu];
}
char *mm_host_phys_base;

void spin_lock_init(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->holder_cpu = -1;
	l->name = name;
}

void spin_lock(spinlock_t *l)
{
	if (l->locked) {
		fprintf(stderr, "BUG: spin_lock(%s): already held, deadlock\n",
			l->name);
		abort();
	}
	l->locked = 1;
	l->holder_cpu = host_cpu;
}

void spin_unlock(spinlock_t *l)
{
	if (!l->locked) {
		fprintf(stderr, "BUG: spin_unlock(%s): not held\n", l->name);
		abort();
	}
	l->locked = 0;
	l->holder_cpu = -1;
}

bool spin_trylock(spinlock_t *l)
{
	if (l->locked)
		return false;
	spin_lock(l);
	return true;
}

bool spin_is_locked(const spinlock_t *l)
{
	return l->locked;
}

bool spin_held_by_me(const spinlock_t *l)
{
	return l->locked && l->holder_cpu == host_cpu;
}

void bug_report(const char *file, int line, const char *func, const char *fmt,
		...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "BUG: %s:%d %s: %s\n", file, line, func, msg);
	abort();
}

void mm_read_cmdline(void)
{
}

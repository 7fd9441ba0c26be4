/*
 * Local lock debugging (lockdep=1): the owner each instance records (the
 * thread, or a CPU's IRQ/NMI context: lock_owner_token) turns nesting, a
 * release on another CPU or by another context into a BUG naming both.
 */
#include "kernel/local_lock.h"
#include "kernel/console.h"

void local_lock_init(struct local_lock_pcpu *ll, const char *name, int rank)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		local_lock_t *l = &ll->cpu[cpu];

		l->dep = (struct lockdep_map)LOCKDEP_MAP_INIT(name, rank);
		l->owner = NULL;
		l->owner_cpu = -1;
		spin_lock_init_class(&l->rt_lock, name, rank);
		lockstat_register(&l->rt_lock);
	}
}

/* noinline: lockdep's "taken at" is then the local_lock call site. */
__attribute__((noinline)) bool local_lock_debug_acquire(local_lock_t *l)
{
	char b1[32], b2[32];

	if (l->owner) {
		lock_bug("local_lock %s nested on cpu%d: %s takes it while "
			 "%s holds it",
			 l->dep.name, raw_smp_processor_id(),
			 lock_owner_name(lock_owner_token(), b1, sizeof(b1)),
			 lock_owner_name(l->owner, b2, sizeof(b2)));
		return false;
	}
	return lockdep_acquire(l, &l->dep, false,
			       (unsigned long)__builtin_return_address(0));
}

/* RT: another thread holding it is contention, not a bug; we are. */
__attribute__((noinline)) bool local_lock_rt_debug_acquire(local_lock_t *l)
{
	char b[32];

	if (l->owner && l->owner == lock_owner_token()) {
		lock_bug("local_lock_rt %s nested on cpu%d by %s", l->dep.name,
			 raw_smp_processor_id(),
			 lock_owner_name(l->owner, b, sizeof(b)));
		return false;
	}
	/* the owner is recorded once the spinlock is ours: until then
	 * another thread on this CPU may hold it */
	return lockdep_acquire(l, &l->dep, false,
			       (unsigned long)__builtin_return_address(0));
}

/* Which CPU's instance of @ll does @token hold, if any? */
static int local_lock_find_owner(struct local_lock_pcpu *ll, const void *token)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (READ_ONCE(ll->cpu[cpu].owner) == token)
			return cpu;
	return -1;
}

static void local_lock_report_release(struct local_lock_pcpu *ll,
				      local_lock_t *l)
{
	const void *me = lock_owner_token();
	int cpu = raw_smp_processor_id(), where = local_lock_find_owner(ll, me);
	char b1[32], b2[32];
	const char *name = lock_owner_name(me, b1, sizeof(b1));

	if (where >= 0)
		lock_bug("local_unlock of %s on cpu%d by %s, but it was taken "
			 "on cpu%d (migrated while holding it)",
			 l->dep.name, cpu, name, where);
	else if (l->owner)
		lock_bug("local_unlock of %s on cpu%d by %s, but %s holds it",
			 l->dep.name, cpu, name,
			 lock_owner_name(l->owner, b2, sizeof(b2)));
	else
		lock_bug("local_unlock of %s on cpu%d by %s: not held",
			 l->dep.name, cpu, name);
}

/* Context: the holder; the inline caller clears the owner after this. */
__attribute__((noinline)) bool
local_lock_debug_release(struct local_lock_pcpu *ll)
{
	local_lock_t *l = &ll->cpu[raw_smp_processor_id()];

	if (l->owner != lock_owner_token() ||
	    l->owner_cpu != raw_smp_processor_id()) {
		local_lock_report_release(ll, l);
		return false;
	}
	lockdep_release(l, &l->dep);
	return true;
}

/*
 * Local lock debugging (lockdep=1): record which thread on which CPU
 * holds each instance, and turn nesting, a release on another CPU or by
 * another thread into a BUG naming both sides.
 */
#include "kernel/local_lock.h"
#include "kernel/console.h"

void local_lock_init(struct local_lock_pcpu *ll, const char *name, int rank)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		local_lock_t *l = &ll->cpu[cpu];

		l->dep = (struct lockdep_map){name, rank};
		l->owner = NULL;
		l->owner_cpu = -1;
		spin_lock_init_class(&l->rt_lock, name, rank);
		lockstat_register(&l->rt_lock);
	}
}

static void local_lock_set_owner(local_lock_t *l)
{
	l->owner = current;
	l->owner_cpu = raw_smp_processor_id();
}

/* noinline: lockdep's "taken at" is then the local_lock call site. */
__attribute__((noinline)) bool local_lock_debug_acquire(local_lock_t *l)
{
	struct thread *me = current;

	if (l->owner) {
		lock_bug("local_lock %s nested on cpu%d: %s takes it while "
			 "%s holds it",
			 l->dep.name, raw_smp_processor_id(),
			 me ? me->name : "?", l->owner->name);
		return false;
	}
	if (!lockdep_acquire(l, &l->dep, false,
			     (unsigned long)__builtin_return_address(0)))
		return false;
	local_lock_set_owner(l);
	return true;
}

/* RT: another thread holding it is contention, not a bug; we are. */
__attribute__((noinline)) bool local_lock_rt_debug_acquire(local_lock_t *l)
{
	if (l->owner && l->owner == current) {
		lock_bug("local_lock_rt %s nested on cpu%d by %s", l->dep.name,
			 raw_smp_processor_id(), l->owner->name);
		return false;
	}
	return lockdep_acquire(l, &l->dep, false,
			       (unsigned long)__builtin_return_address(0));
}

void local_lock_rt_debug_owned(local_lock_t *l)
{
	local_lock_set_owner(l);
}

/* Which CPU's instance of @ll does @t hold, if any? */
static int local_lock_find_owner(struct local_lock_pcpu *ll, struct thread *t)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (READ_ONCE(ll->cpu[cpu].owner) == t)
			return cpu;
	return -1;
}

static void local_lock_report_release(struct local_lock_pcpu *ll,
				      local_lock_t *l)
{
	struct thread *me = current;
	int cpu = raw_smp_processor_id(), where = local_lock_find_owner(ll, me);

	if (where >= 0)
		lock_bug("local_unlock of %s on cpu%d by %s, but it was taken "
			 "on cpu%d (migrated while holding it)",
			 l->dep.name, cpu, me->name, where);
	else if (l->owner)
		lock_bug("local_unlock of %s on cpu%d by %s, but %s holds it",
			 l->dep.name, cpu, me ? me->name : "?", l->owner->name);
	else
		lock_bug("local_unlock of %s on cpu%d by %s: not held",
			 l->dep.name, cpu, me ? me->name : "?");
}

__attribute__((noinline)) bool
local_lock_debug_release(struct local_lock_pcpu *ll)
{
	local_lock_t *l = &ll->cpu[raw_smp_processor_id()];

	if (l->owner != current || l->owner_cpu != raw_smp_processor_id()) {
		local_lock_report_release(ll, l);
		return false;
	}
	lockdep_release(l, &l->dep);
	l->owner = NULL;
	l->owner_cpu = -1;
	return true;
}

bool local_lock_held(struct local_lock_pcpu *ll)
{
	local_lock_t *l = &ll->cpu[raw_smp_processor_id()];

	if (!lock_debug())
		return preempt_count() > 0 ||
		       (current && current->migrate_disable > 0);
	return l->owner == current;
}

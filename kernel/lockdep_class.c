/*
 * Lock classes and the IRQ-safety rule. Locks of one name form a class
 * (every CPU's pcp->lock, every rq->lock), found in a fixed, lock-free
 * table on first use. Per class the first site of each kind of use is
 * kept; a lock taken (not only tried) in hard IRQ and also taken with IRQs
 * on in task context can deadlock its CPU, and so can a lock taken in NMI
 * and anywhere else. Linux: mark_lock and the LOCK_USED_IN_HARDIRQ /
 * LOCK_ENABLED_HARDIRQ usage bits of kernel/locking/lockdep.c, reduced.
 */
#include "kernel/lockdep_internal.h"
#include "arch/x86/irqflags.h"
#include "kernel/panic.h"
#include "lib/printk.h"
#include "lib/string.h"

#define LOCKDEP_MAX_CLASSES 512

/* (X) set once with a compare-and-swap; counters atomic */
struct lock_class {
	const char *name;	      /* (X) claims the slot */
	unsigned long irq_ip;	      /* first blocking take in hard IRQ (X) */
	unsigned long irqs_on_ip;     /* first take in task ctx, IRQs on (X) */
	unsigned long nmi_ip;	      /* first blocking take in NMI (X) */
	unsigned long outside_nmi_ip; /* first take outside NMI (X) */
	int reported;		      /* IRQ-safety reported (X) */
	u64 irq_trylocks;	      /* from hard IRQ or NMI (X) */
};

static struct lock_class lock_classes[LOCKDEP_MAX_CLASSES];
static bool lock_classes_full_said;

static u32 lockdep_name_hash(const char *s)
{
	u32 h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

/* Return: @name's class, made on first use; NULL if the table is full. */
static struct lock_class *lockdep_class_find(const char *name)
{
	u32 h = lockdep_name_hash(name);

	for (u32 i = 0; i < LOCKDEP_MAX_CLASSES; i++) {
		struct lock_class *c =
			&lock_classes[(h + i) % LOCKDEP_MAX_CLASSES];
		const char *have = __atomic_load_n(&c->name, __ATOMIC_ACQUIRE);

		if (!have && __atomic_compare_exchange_n(
				     &c->name, &have, name, false,
				     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return c;
		if (have == name || !strcmp(have, name))
			return c;
	}
	if (!READ_ONCE(lock_classes_full_said)) {
		WRITE_ONCE(lock_classes_full_said, true);
		pr_warn("lockdep: more than %d lock classes; %s not tracked "
			"for IRQ safety\n",
			LOCKDEP_MAX_CLASSES, name);
	}
	return NULL;
}

static struct lock_class *lockdep_class(struct lockdep_map *map)
{
	struct lock_class *c = READ_ONCE(map->cls);

	if (!c) {
		c = lockdep_class_find(map->name);
		WRITE_ONCE(map->cls, c);
	}
	return c;
}

/* Keep @ip as the first site of a use, if none is kept yet. */
static void lockdep_first(unsigned long *site, unsigned long ip)
{
	unsigned long none = 0;

	if (!READ_ONCE(*site))
		__atomic_compare_exchange_n(site, &none, ip, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/* Report the first break of the rule for @c, once. */
static void lockdep_class_check(struct lock_class *c)
{
	int none = 0;

	if (c->irq_ip && c->irqs_on_ip &&
	    __atomic_compare_exchange_n(&c->reported, &none, 1, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		lock_bug("IRQ-unsafe lock %s: taken in hard IRQ at %pS and "
			 "with IRQs on at %pS (the IRQ side may only trylock)",
			 c->name, (void *)c->irq_ip, (void *)c->irqs_on_ip);
	none = 0;
	if (c->nmi_ip && c->outside_nmi_ip &&
	    __atomic_compare_exchange_n(&c->reported, &none, 2, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		lock_bug("NMI-unsafe lock %s: taken in NMI at %pS and outside "
			 "NMI at %pS (NMI context may only trylock)",
			 c->name, (void *)c->nmi_ip, (void *)c->outside_nmi_ip);
}

void lockdep_class_use(struct lockdep_map *map, enum lockdep_ctx ctx,
		       bool trylock, unsigned long ip)
{
	struct lock_class *c = lockdep_class(map);

	if (!c)
		return;
	if (ctx != LOCKDEP_CTX_TASK && trylock)
		__atomic_add_fetch(&c->irq_trylocks, 1, __ATOMIC_RELAXED);
	if (ctx == LOCKDEP_CTX_NMI) {
		if (!trylock)
			lockdep_first(&c->nmi_ip, ip);
	} else {
		lockdep_first(&c->outside_nmi_ip, ip);
		if (ctx == LOCKDEP_CTX_HARDIRQ && !trylock)
			lockdep_first(&c->irq_ip, ip);
		else if (ctx == LOCKDEP_CTX_TASK && !irqs_disabled())
			lockdep_first(&c->irqs_on_ip, ip);
	}
	if (!READ_ONCE(c->reported))
		lockdep_class_check(c);
}

void lockdep_trylock_failed(struct lockdep_map *map)
{
	struct lock_class *c;

	if (lockdep_ctx_now() == LOCKDEP_CTX_TASK)
		return;
	c = lockdep_class(map);
	if (c)
		__atomic_add_fetch(&c->irq_trylocks, 1, __ATOMIC_RELAXED);
}

u64 lockdep_irq_trylocks(struct lockdep_map *map)
{
	struct lock_class *c = lockdep_class(map);

	return c ? READ_ONCE(c->irq_trylocks) : 0;
}

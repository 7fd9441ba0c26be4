/*
 * Deterministic interrupt injection for tests. inject_point(NAME) marks a
 * step inside a critical section; armed (from a test, or inject= on the
 * command line), reaching it raises a self-IPI (INJECT_VECTOR) or a
 * self-NMI right there and waits until the interrupt has been taken (IRQs
 * on, or any NMI) or is pending in the APIC (IRQs off: it is taken when
 * they come back on, at the unlock). So a test makes an interrupt land at
 * every chosen step instead of hoping a tick does: under TCG a tick only
 * lands where a translation block ends.
 *
 * With CONFIG_INJECT=0 (make INJECT=0) every point compiles to nothing.
 * Armed or not, an unarmed point costs one load and a not-taken branch.
 */
#ifndef KERNEL_INJECT_H
#define KERNEL_INJECT_H

#include "lib/types.h"

#ifndef CONFIG_INJECT
#define CONFIG_INJECT 1
#endif

enum inject_kind {
	INJECT_OFF,
	INJECT_IRQ, /* self-IPI on INJECT_VECTOR: a hard IRQ */
	INJECT_NMI, /* self-NMI */
};

struct inject_point;
/* Runs inside the injected interrupt (hard IRQ or NMI context). */
typedef void (*inject_fn)(struct inject_point *p, void *arg);

/* (C) constant; (A) armed by inject_arm; (X) atomic counters */
struct inject_point {
	const char *name; /* (C) */
	const char *file; /* (C) */
	int line;	  /* (C) */
	int kind;	  /* enum inject_kind (A) */
	u32 every;	  /* fire at every Nth hit (A) */
	inject_fn fn;	  /* optional, run in the interrupt (A) */
	void *arg;	  /* (A) */
	u64 hits;	  /* reached while armed (X) */
	u64 fired;	  /* interrupts raised here (X) */
	u64 taken;	  /* of those, handled (X) */
};

/* Sums over every point of one name (a name may mark several places). */
struct inject_counts {
	int points;
	u64 hits, fired, taken;
};

void inject_hit(struct inject_point *p);

#if CONFIG_INJECT
#define inject_point(NAME)                                                     \
	do {                                                                   \
		static struct inject_point __inject_##NAME __used __section(   \
			".inject_points") __aligned(8) = {                     \
			.name = #NAME, .file = __FILE__, .line = __LINE__};    \
		if (unlikely(READ_ONCE(__inject_##NAME.kind)))                 \
			inject_hit(&__inject_##NAME);                          \
	} while (0)
#else
#define inject_point(NAME)                                                     \
	do {                                                                   \
	} while (0)
#endif

/*
 * inject_arm - arm every point named @name: each @every-th time one is
 * reached (1: every time) raise an interrupt of @kind there, and run
 * @fn(@arg) inside it. Counters restart at zero.
 * Context: task, while no CPU is at the point (a test's own points).
 * Return: how many points were armed (0: no such name).
 */
int inject_arm(const char *name, enum inject_kind kind, u32 every, inject_fn fn,
	       void *arg);
/* Stop firing at @name; counters stay readable. Return: points. */
int inject_disarm(const char *name);
/* Fill @c with @name's counters. Return: c->points. */
int inject_counts(const char *name, struct inject_counts *c);

/*
 * inject_apply_spec - arm (or, with "off", disarm) each NAME:KIND[:EVERY]
 * of a comma-separated @spec; each bad item gets one warning line naming
 * it. Context: task or boot. Return: how many items were bad.
 */
int inject_apply_spec(const char *spec);
/* Boot: install the vector, then apply inject= if given. */
void inject_init(void);
struct pt_regs;
/* The INJECT_VECTOR handler. Context: hard IRQ, IRQs off. */
void inject_irq_handler(struct pt_regs *regs);
/* Context: NMI. Return: true if this NMI was an injected one (handled). */
bool inject_nmi(void);

#endif

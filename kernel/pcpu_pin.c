/*
 * The pin records behind pcpu_pin.h's checks: one per thread, one per CPU
 * for hard IRQ and one for NMI, as lockdep keeps its held stacks.
 */
#include "kernel/pcpu_pin.h"
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "kernel/thread.h"

static DEFINE_PER_CPU(struct pcpu_pins, pcpu_pins_hardirq);
static DEFINE_PER_CPU(struct pcpu_pins, pcpu_pins_nmi);

static const char *const pin_names[] = {"preempt", "migrate"};

/* The running context's record; NULL for boot code (no thread). */
static struct pcpu_pins *pcpu_pins_now(void)
{
	struct thread *t;

	if (in_nmi())
		return raw_cpu_ptr(&pcpu_pins_nmi);
	if (in_hardirq())
		return raw_cpu_ptr(&pcpu_pins_hardirq);
	t = current;
	return t ? &t->pins : NULL;
}

void pcpu_pin_push(enum pcpu_pin how)
{
	struct pcpu_pins *p = pcpu_pins_now();

	if (!p)
		return;
	if (p->depth == PCPU_PIN_MAX) {
		lock_bug("pcpu_task_pin: more than %d pins nested",
			 PCPU_PIN_MAX);
		return;
	}
	p->kinds = (p->kinds & ~(1u << p->depth)) | ((u32)how << p->depth);
	p->depth++;
}

int pcpu_pin_pop(enum pcpu_pin how)
{
	struct pcpu_pins *p = pcpu_pins_now();
	int had;

	if (!p)
		return how;
	if (!p->depth) {
		lock_bug("pcpu_task_unpin(%s) without a pin, by %pS",
			 pin_names[how], __builtin_return_address(0));
		return -1;
	}
	p->depth--;
	had = (p->kinds >> p->depth) & 1;
	if (had != (int)how)
		lock_bug("pcpu_task_unpin(%s) of a %s pin, by %pS (undoing "
			 "the %s pin)",
			 pin_names[how], pin_names[had],
			 __builtin_return_address(0), pin_names[had]);
	return had;
}

int pcpu_pins_held(void)
{
	struct pcpu_pins *p = pcpu_pins_now();

	return p ? p->depth : 0;
}

void pcpu_pins_check_exit(const char *what, const char *name)
{
	struct pcpu_pins *p = pcpu_pins_now();
	struct thread *t = current;

	if (!p || !p->depth)
		return;
	lock_bug("%s %s with %d pcpu pin(s) held, innermost %s", what, name,
		 p->depth, pin_names[(p->kinds >> (p->depth - 1)) & 1]);
	/* a thread's migrate pins would outlive it in its counter */
	while (p->depth--)
		if (!in_interrupt() && t && ((p->kinds >> p->depth) & 1))
			t->migrate_disable--;
	p->depth = 0;
}

/* After every test case: the runner's thread is pinned by nothing. */
static int pcpu_pins_ktest_check(void)
{
	int pins = pcpu_pins_held(), pc = preempt_count();
	int md = current ? current->migrate_disable : 0;

	if (pins || pc || md)
		kprintf("    # pcpu_pins: the test thread is left with %d "
			"pin(s), preempt_count %#x, migrate_disable %d\n",
			pins, pc, md);
	return (pins != 0) + (pc != 0) + (md != 0);
}
KTEST_CHECK(pcpu_pins, pcpu_pins_ktest_check);

/*
 * The interrupt-context allocation load (alloc_test_load.h). No Linux
 * counterpart; the nearest is a module allocating from a timer and a
 * perf NMI handler, as BPF programs do.
 */
#include "mm/alloc_test_load.h"
#include "arch/x86/apic.h"
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"
#include "kernel/isolation.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "lib/printk.h"
#include "mm/gfp.h"

CMDLINE_KEY(irq_alloc_test, "1: every CPU's tick allocates and frees pages "
			    "(orders 0 and 3, single and bulk) in hard IRQ");
CMDLINE_KEY(nmi_alloc_test, "1: every tick raises NMIs that allocate and "
			    "free with alloc_pages_nolock");

#define AT_TAG	    0xa11c000000000000UL
#define AT_TAG_MASK 0xffff000000000000UL
#define AT_WHO_IRQ  0xfffe
#define AT_WHO_NMI  0xfffd
#define AT_BULK	    4

/* (O) this CPU; (X) atomic, written by other CPUs too */
struct alloc_test_cpu {
	int busy; /* runs inside: an NMI may nest in a tick's (O, read remotely)
		   */
	int nmi_pending; /* NMIs asked of this CPU, not yet run (X) */
	u64 irq_runs, irq_blocks, irq_fails, irq_skips; /* (O) */
	u64 nmi_sent;					/* (X) by the senders */
	u64 nmi_runs, nmi_blocks, nmi_fails;		/* (O) */
};

static DEFINE_PER_CPU(struct alloc_test_cpu, alloc_test_cpu);
static bool irq_load_on, nmi_load_on;
static int load_paused;
u64 alloc_test_twice;

bool alloc_test_claim(struct page *page, unsigned long who)
{
	unsigned long old = __atomic_exchange_n(&page->private, AT_TAG | who,
						__ATOMIC_ACQ_REL);

	if ((old & AT_TAG_MASK) != AT_TAG)
		return true;
	__atomic_add_fetch(&alloc_test_twice, 1, __ATOMIC_RELAXED);
	pr_err("alloc_test: pfn 0x%lx handed to 0x%lx while 0x%lx held it\n",
	       (unsigned long)page_to_pfn(page), who, old & ~AT_TAG_MASK);
	return false;
}

void alloc_test_release(struct page *page)
{
	__atomic_store_n(&page->private, 0, __ATOMIC_RELEASE);
}

void alloc_test_read_cmdline(void)
{
	alloc_test_set(cmdline_bool("irq_alloc_test", false),
		       cmdline_bool("nmi_alloc_test", false));
	if (irq_load_on || nmi_load_on)
		pr_info("alloc_test: allocation load in%s%s\n",
			irq_load_on ? " every tick" : "",
			nmi_load_on ? " and NMIs" : "");
}

void alloc_test_set(bool irq, bool nmi)
{
	WRITE_ONCE(irq_load_on, irq);
	WRITE_ONCE(nmi_load_on, nmi);
}

/*
 * Enter a run if the load is @on and not paused: count busy first, then read
 * the paused flag, with a full barrier between (the pauser does the reverse),
 * so either the pauser waits for us or we see the pause. Context: IRQ or NMI.
 */
static bool load_enter(struct alloc_test_cpu *c, const bool *on)
{
	__atomic_add_fetch(&c->busy, 1, __ATOMIC_SEQ_CST);
	if (READ_ONCE(*on) && !READ_ONCE(load_paused) && mm_initialised())
		return true;
	__atomic_sub_fetch(&c->busy, 1, __ATOMIC_RELEASE);
	return false;
}

static void load_exit(struct alloc_test_cpu *c)
{
	__atomic_sub_fetch(&c->busy, 1, __ATOMIC_RELEASE);
}

void alloc_test_pause(void)
{
	int cpu;

	__atomic_add_fetch(&load_paused, 1, __ATOMIC_SEQ_CST);
	for_each_online_cpu(cpu)
		while (__atomic_load_n(&per_cpu(alloc_test_cpu, cpu).busy,
				       __ATOMIC_ACQUIRE))
			sched_yield();
}

void alloc_test_resume(void)
{
	__atomic_sub_fetch(&load_paused, 1, __ATOMIC_SEQ_CST);
}

/*
 * Is some zone's lock held or queued for? Then this tick's run is
 * skipped (and counted): a tick that queued for it with IRQs off would
 * wait behind vCPUs the host is not running. With eight vCPUs on two
 * host cores, ticks that all queue on zone->lock (while a mode switch or
 * a walk has the lists closed) never catch up with the next tick.
 * Context: any; a racy hint.
 */
static bool zone_lock_busy(void)
{
	struct zone *z;

	for_each_populated_zone(z)
		if (spin_is_locked(&z->lock))
			return true;
	return false;
}

/* Tag, then free at once: a block handed out twice shows up here. */
static void irq_release(struct page *p, unsigned int order)
{
	alloc_test_release(p);
	__free_pages(p, order);
}

/* Context: hard IRQ. Orders 0 and 3 singly, then a bulk array of 4. */
static void irq_load(struct alloc_test_cpu *c)
{
	struct page *bulk[AT_BULK] = {NULL};
	LIST_HEAD(list);
	unsigned long n;

	for (unsigned int order = 0; order <= 3; order += 3) {
		struct page *p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order);

		c->irq_fails += !p;
		if (p && alloc_test_claim(p, AT_WHO_IRQ)) {
			c->irq_blocks++;
			irq_release(p, order);
		}
	}
	n = alloc_pages_bulk_array(GFP_ATOMIC | __GFP_NOWARN, AT_BULK, bulk);
	c->irq_fails += n < AT_BULK;
	for (unsigned long i = 0; i < AT_BULK; i++) {
		if (!bulk[i] || !alloc_test_claim(bulk[i], AT_WHO_IRQ))
			continue;
		c->irq_blocks++;
		alloc_test_release(bulk[i]);
		list_add_tail(&bulk[i]->lru, &list);
	}
	free_pages_list(&list);
	c->irq_runs++;
}

/* Context: NMI. The same shape through the nolock calls. */
static void nmi_load(struct alloc_test_cpu *c)
{
	struct page *p[2 + AT_BULK];
	static const unsigned int order[2 + AT_BULK] = {0, 3, 0, 0, 0, 0};

	for (int i = 0; i < 2 + AT_BULK; i++) {
		p[i] = alloc_pages_nolock(NUMA_NO_NODE, order[i]);
		c->nmi_fails += !p[i];
		if (p[i] && !alloc_test_claim(p[i], AT_WHO_NMI))
			p[i] = NULL; /* someone else's: leave it */
	}
	for (int i = 0; i < 2 + AT_BULK; i++) {
		if (!p[i])
			continue;
		c->nmi_blocks++;
		alloc_test_release(p[i]);
		free_pages_nolock(p[i], order[i]);
	}
	c->nmi_runs++;
}

/* The next online CPU after this one that may be interrupted, or -1. */
static int next_nmi_target(int self)
{
	for (int i = 1; i < NR_CPUS; i++) {
		int cpu = (self + i) % NR_CPUS;

		if (cpu_online(cpu) && !cpu_is_isolated(cpu))
			return cpu;
	}
	return -1;
}

/* Context: IRQs off. Ask @cpu for one load run in NMI. */
static void send_load_nmi(int cpu)
{
	struct alloc_test_cpu *t = per_cpu_ptr(&alloc_test_cpu, cpu);

	__atomic_add_fetch(&t->nmi_pending, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&t->nmi_sent, 1, __ATOMIC_RELAXED);
	apic_send_ipi(percpu_areas[cpu]->apic_id, APIC_DM_NMI, 0);
}

void alloc_test_tick(void)
{
	struct alloc_test_cpu *c = raw_cpu_ptr(&alloc_test_cpu);
	int self = raw_smp_processor_id(), next;

	if (READ_ONCE(irq_load_on) && zone_lock_busy()) {
		c->irq_skips++;
	} else if (READ_ONCE(irq_load_on) && load_enter(c, &irq_load_on)) {
		irq_load(c);
		load_exit(c);
	}
	if (!READ_ONCE(nmi_load_on) || READ_ONCE(load_paused) ||
	    !mm_initialised())
		return;
	send_load_nmi(self);
	next = next_nmi_target(self);
	if (next >= 0 && next != self)
		send_load_nmi(next);
}

bool alloc_test_nmi(void)
{
	struct alloc_test_cpu *c = raw_cpu_ptr(&alloc_test_cpu);

	/* only this CPU's NMI takes away, one per NMI: NMIs that merged
	 * leave a request for the next one, never an NMI without one */
	if (!__atomic_load_n(&c->nmi_pending, __ATOMIC_ACQUIRE))
		return false;
	__atomic_sub_fetch(&c->nmi_pending, 1, __ATOMIC_SEQ_CST);
	if (load_enter(c, &nmi_load_on)) {
		nmi_load(c);
		load_exit(c);
	}
	return true;
}

void alloc_test_stats(struct alloc_test_stats *st)
{
	int cpu;

	*st = (struct alloc_test_stats){0};
	for_each_online_cpu(cpu) {
		const struct alloc_test_cpu *c =
			per_cpu_ptr(&alloc_test_cpu, cpu);

		st->irq_runs += READ_ONCE(c->irq_runs);
		st->irq_blocks += READ_ONCE(c->irq_blocks);
		st->irq_fails += READ_ONCE(c->irq_fails);
		st->irq_skips += READ_ONCE(c->irq_skips);
		st->nmi_sent += READ_ONCE(c->nmi_sent);
		st->nmi_runs += READ_ONCE(c->nmi_runs);
		st->nmi_blocks += READ_ONCE(c->nmi_blocks);
		st->nmi_fails += READ_ONCE(c->nmi_fails);
	}
}

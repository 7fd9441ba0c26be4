/*
 * ktest suite "drain_isol": what drains and housekeeping cost an isolated
 * CPU (isolcpus=) that only spins reading the TSC. A thousand forced
 * drains of every CPU: remote sends it nothing at all, ipi one IPI per
 * drain, work one work item per drain. Housekeeping: after it allocated
 * (from its own node and, with two, the other) and went quiet, its lists
 * are trimmed to nothing and its vmstat drifts folded, with no interrupt
 * taken. Skips without an isolated CPU; tests/matrix has configurations
 * with one.
 */
#include "arch/x86/apic.h"
#include "kernel/isolation.h"
#include "kernel/isolation_stat.h"
#include "mm/numa.h"
#include "tests/kernel/drain_test_util.h"

#define DI_DRAINS 1000
/* ipi and work wait, per drain, for the spinning CPU's vCPU (and, for
 * work, a thread woken on every CPU: ~8 ms each under TCG); fewer of
 * them keep the case inside run-tests' limit on a loaded host */
#define DI_IPI_DRAINS  200
#define DI_WORK_DRAINS 50

/* Each CPU's vmstat drifts (mm/vmstat.c), read from afar. */
DECLARE_PER_CPU(struct per_cpu_zonestat, zone_pcpu_stats[ZONE_IDS]);

/* The spinner: stocks its lists, then reads the TSC until told. */
struct di_spin {
	bool stocked, stop; /* (atomic) */
	bool other_node;    /* also allocate from another node */
	u64 loops, max_gap; /* TSC cycles between two reads */
};

static int di_spin_fn(void *arg)
{
	struct di_spin *s = arg;
	struct page *p[32];
	u64 prev;

	for (int i = 0; i < 32; i++) {
		int nid = s->other_node && (i & 1)
				  ? (numa_node_id() + 1) % numa_nr_nodes
				  : numa_node_id();

		p[i] = alloc_pages_node(nid, GFP_KERNEL | __GFP_NOWARN, 0);
	}
	for (int i = 0; i < 32; i++)
		if (p[i])
			__free_pages(p[i], 0);
	__atomic_store_n(&s->stocked, true, __ATOMIC_RELEASE);
	prev = rdtsc();
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		u64 now = rdtsc();

		if (now - prev > s->max_gap)
			s->max_gap = now - prev;
		prev = now;
		s->loops++;
	}
	return 0;
}

/* Start the spinner on @cpu and return once it is stocked and tickless. */
static struct thread *di_spin_start(struct di_spin *s, int cpu)
{
	struct thread *th =
		kthread_create_on_cpu(di_spin_fn, s, cpu, "di-spin");

	if (!th)
		return NULL;
	while (!__atomic_load_n(&s->stocked, __ATOMIC_ACQUIRE))
		sched_yield();
	dt_wait_tickless(cpu);
	return th;
}

static unsigned long di_pages_on(int cpu)
{
	unsigned long n = 0;
	struct zone *z;

	for_each_populated_zone(z)
		n += (unsigned long)MAX(READ_ONCE(pcp_of(z, cpu)->count), 0);
	return n;
}

static void di_one_mech(struct ktest *t, int cpu, int mech)
{
	static u32 by[NR_VECTORS];
	struct di_spin s = {0};
	int drains = mech == DRAIN_WORK	 ? DI_WORK_DRAINS
		     : mech == DRAIN_IPI ? DI_IPI_DRAINS
					 : DI_DRAINS;
	u64 ipis, works, irqs;
	struct thread *th;

	drain_mech_set(mech);
	drain_all_pages(NULL); /* work: its threads exist from here on */
	th = di_spin_start(&s, cpu);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_GT(t, di_pages_on(cpu), 0);
	ipis = drainstat_cpu_ipis(cpu);
	works = drainstat_cpu_works(cpu);
	isolation_mark();
	for (int i = 0; i < drains; i++)
		__drain_all_pages(NULL, true);
	irqs = isolation_irqs_since_mark(cpu, by);
	ipis = drainstat_cpu_ipis(cpu) - ipis;
	works = drainstat_cpu_works(cpu) - works;
	__atomic_store_n(&s.stop, true, __ATOMIC_RELEASE);
	kthread_join(th);
	ktest_log(t,
		  "%s: cpu%d took %lu interrupts (%u call-function, %u "
		  "reschedule, %u timer) in %d drains; handled %lu IPIs, %lu "
		  "work items; longest TSC gap %lu cycles",
		  drain_mech_names[mech], cpu, (unsigned long)irqs,
		  by[CALL_FUNCTION_VECTOR], by[RESCHEDULE_VECTOR],
		  by[LOCAL_TIMER_VECTOR], drains, (unsigned long)ipis,
		  (unsigned long)works, (unsigned long)s.max_gap);
	KEXPECT_EQ(t, di_pages_on(cpu), 0);
	KEXPECT_EQ(t, ipis, mech == DRAIN_IPI ? drains : 0);
	KEXPECT_EQ(t, works, mech == DRAIN_WORK ? drains : 0);
	if (mech == DRAIN_REMOTE)
		KEXPECT_EQ(t, irqs, 0);
	if (mech == DRAIN_IPI)
		KEXPECT_EQ(t, by[CALL_FUNCTION_VECTOR], drains);
}

static void drain_isolated_cpu_interrupts(struct ktest *t)
{
	int cpu = dt_isolated_cpu(), mech = drain_mech_get();
	int boot = pcp_get_mode();

	if (cpu < 0) {
		ktest_skip(t, "no isolated CPU (isolcpus=)");
		return;
	}
	if (!pcp_mode_has_lock(boot))
		KEXPECT_EQ(t, pcp_set_mode(PCP_MODE_SPIN), 0);
	for (int m = NR_DRAIN_MECHS - 1; m >= 0; m--)
		di_one_mech(t, cpu, m);
	drain_mech_set(mech);
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
}

/* Every drift @cpu holds, summed by magnitude. */
static long di_drifts(int cpu)
{
	long sum = 0;
	struct zone *z;

	for_each_populated_zone(z) {
		const struct per_cpu_zonestat *pz =
			per_cpu_ptr(&zone_pcpu_stats[zone_id(z)], cpu);

		for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
			long d = READ_ONCE(pz->vm_stat_diff[i]);

			sum += d < 0 ? -d : d;
		}
	}
	return sum;
}

static void di_housekeeping_body(struct ktest *t, int cpu)
{
	struct di_spin s = {.other_node = numa_nr_nodes > 1};
	unsigned long passes, trimmed = pcp_hk_trimmed;
	u64 interval = pcp_hk_interval_ns, irqs;
	long drift0;
	struct thread *th;

	th = di_spin_start(&s, cpu);
	KASSERT_TRUE(t, th != NULL);
	KEXPECT_GT(t, di_pages_on(cpu), 0);
	drift0 = di_drifts(cpu);
	isolation_mark();
	passes = READ_ONCE(pcp_hk_passes);
	WRITE_ONCE(pcp_hk_interval_ns, 10ULL * 1000 * 1000);
	/* events, not time: lists empty and drifts folded (or give up
	 * after a thousand passes, which would be a failure) */
	while ((di_pages_on(cpu) || di_drifts(cpu)) &&
	       READ_ONCE(pcp_hk_passes) - passes < 1000)
		sched_yield();
	irqs = isolation_irqs_since_mark(cpu, NULL);
	WRITE_ONCE(pcp_hk_interval_ns, interval);
	__atomic_store_n(&s.stop, true, __ATOMIC_RELEASE);
	kthread_join(th);
	ktest_log(t,
		  "cpu%d: drifts %ld, then %ld; pages %lu left after %lu "
		  "passes; %lu trimmed; %lu interrupts",
		  cpu, drift0, di_drifts(cpu), di_pages_on(cpu),
		  READ_ONCE(pcp_hk_passes) - passes, pcp_hk_trimmed - trimmed,
		  (unsigned long)irqs);
	KEXPECT_EQ(t, di_pages_on(cpu), 0);
	KEXPECT_EQ(t, di_drifts(cpu), 0);
	KEXPECT_GT(t, pcp_hk_trimmed - trimmed, 0);
	KEXPECT_EQ(t, irqs, 0);
}

static void drain_housekeeping_trims_isolated_cpu(struct ktest *t)
{
	int cpu = dt_isolated_cpu(), boot = pcp_get_mode(), fixed;

	if (cpu < 0) {
		ktest_skip(t, "no isolated CPU (isolcpus=)");
		return;
	}
	/* in every mode: remotely under pcp->lock, or behind the gate */
	for (int m = 0; m < NR_PCP_MODES; m++) {
		if (pcp_mode_fixed(&fixed) && m != fixed)
			continue;
		KEXPECT_EQ(t, pcp_set_mode(m), 0);
		di_housekeeping_body(t, cpu);
	}
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
}

static const struct ktest_case drain_isol_cases[] = {
	KTEST_CASE(drain_isolated_cpu_interrupts),
	KTEST_CASE(drain_housekeeping_trims_isolated_cpu),
	{NULL, NULL},
};
KTEST_SUITE(drain_isol, .cases = drain_isol_cases);

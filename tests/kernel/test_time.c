/*
 * The clock and the tick: the TSC rate agrees with the PIT, ktime_ns and
 * udelay agree with each other, and every CPU's LAPIC timer ticks at about
 * hz=. Bounds are loose (TCG time is host time on a shared machine) but
 * each can fail: a wrong divider or a dead timer misses them by far.
 */
#include "kernel/ktest.h"
#include "arch/x86/apic.h"
#include "arch/x86/apic_timer.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"

#define TICK_WINDOWS   3
#define TICK_WINDOW_MS 300

/*
 * 10 ms of PIT in TSC cycles, against tsc_hz. Under TCG on a loaded host
 * one measurement can be off by a third either way (a descheduled vCPU
 * thread), so up to TSC_PIT_TRIES measurements get the chance to land
 * within 15%; a wrong calibration is off the same way every time and
 * misses them all.
 */
#define TSC_PIT_TRIES 7

static void time_tsc_matches_pit(struct ktest *t)
{
	u64 expect = tsc_hz / 100; /* PIT count of 10 ms */
	u64 got = 0;
	bool ok = false;

	for (int i = 0; i < TSC_PIT_TRIES && !ok; i++) {
		got = pit_measure_tsc(11932);
		ok = got > expect * 85 / 100 && got < expect * 115 / 100;
		ktest_log(t,
			  "tsc %llu Hz; 10 ms of PIT = %llu cycles, "
			  "expected %llu",
			  (unsigned long long)tsc_hz, (unsigned long long)got,
			  (unsigned long long)expect);
	}
	KEXPECT_TRUE(t, ok);
}

static void time_ktime_monotonic(struct ktest *t)
{
	u64 prev = ktime_ns(), bad = 0;

	for (int i = 0; i < 10000; i++) {
		u64 now = ktime_ns();

		bad += now < prev;
		prev = now;
	}
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_GT(t, prev, 0);
}

static void time_udelay_matches_ktime(struct ktest *t)
{
	u64 t0 = ktime_ns(), d;

	udelay(20000);
	d = ktime_ns() - t0;
	KEXPECT_GE(t, d, 20000000);
	KEXPECT_LT(t, d, 200000000); /* generous: a preempted vCPU */
	/* the two conversions undo each other to within 1 ms in a second */
	d = tsc_cycles_to_ns(tsc_ns_to_cycles(1000000000));
	KEXPECT_GE(t, d, 999000000);
	KEXPECT_LE(t, d, 1001000000);
}

/*
 * Each CPU's LOC count over TSC-measured windows, against hz. Under TCG a
 * vCPU thread the host does not schedule for a while loses ticks (they
 * coalesce), so each CPU gets up to TICK_WINDOWS tries and must land in
 * [expect/4, 4*expect] in one of them; a mis-programmed timer misses all.
 */
static u64 tick_window(u32 *counts)
{
	u64 t0 = ktime_ns();
	int cpu;

	for_each_online_cpu(cpu)
		counts[cpu] = READ_ONCE(
			percpu_areas[cpu]->irq_count[LOCAL_TIMER_VECTOR]);
	mdelay(TICK_WINDOW_MS);
	for_each_online_cpu(cpu)
		counts[cpu] =
			READ_ONCE(percpu_areas[cpu]
					  ->irq_count[LOCAL_TIMER_VECTOR]) -
			counts[cpu];
	return apic_timer_hz * (ktime_ns() - t0) / 1000000000ULL;
}

static void time_tick_rate_each_cpu(struct ktest *t)
{
	static u32 n[NR_CPUS];
	static bool ok[NR_CPUS];
	int cpu, bad = 0;

	for (int w = 0; w < TICK_WINDOWS; w++) {
		u64 expect = tick_window(n);

		bad = 0;
		for_each_online_cpu(cpu) {
			ok[cpu] |= n[cpu] >= expect / 4 && n[cpu] <= expect * 4;
			if (!ok[cpu]) {
				bad++;
				ktest_log(t,
					  "window %d: cpu%d: %u ticks, "
					  "expected %llu",
					  w, cpu, n[cpu],
					  (unsigned long long)expect);
			}
		}
		if (!bad)
			break;
	}
	KEXPECT_EQ(t, bad, 0);
}

static const struct ktest_case time_cases[] = {
	KTEST_CASE(time_tsc_matches_pit),
	KTEST_CASE(time_ktime_monotonic),
	KTEST_CASE(time_udelay_matches_ktime),
	KTEST_CASE(time_tick_rate_each_cpu),
	{},
};
KTEST_SUITE(time, .cases = time_cases);

/*
 * TSC frequency and the kernel clock. CPUID leaf 0x15 (crystal ratio) or
 * 0x16 (base MHz) when the CPU reports them; otherwise the PIT is the
 * reference. Mirrors Linux's native_calibrate_tsc and tsc_init.
 */
#include "arch/x86/tsc.h"
#include "arch/x86/cpu.h"
#include "lib/printk.h"

#define CALIBRATE_RUNS		3 /* at least */
#define CALIBRATE_MAX_RUNS	12
#define CALIBRATE_PIT_TICKS	11932 /* 10 ms */
#define CPUID_EXT_POWER		0x80000007
#define EXT_POWER_INVARIANT_TSC (1u << 8)

u64 tsc_hz;
bool tsc_invariant;
static u64 tsc_boot;
static u64 tsc_mult;	 /* ns = cycles * mult >> 32 */
static u64 tsc_inv_mult; /* cycles = ns * inv_mult >> 32 */

void tsc_mark_boot(void)
{
	tsc_boot = rdtsc();
}

u64 tsc_cycles_to_ns(u64 cycles)
{
	return (u64)(((unsigned __int128)cycles * tsc_mult) >> 32);
}

u64 tsc_ns_to_cycles(u64 ns)
{
	return (u64)(((unsigned __int128)ns * tsc_inv_mult) >> 32);
}

u64 ktime_ns(void)
{
	return tsc_cycles_to_ns(rdtsc() - tsc_boot);
}

/* Return: Hz from CPUID 0x15/0x16, or 0 if this CPU does not say. */
static u64 tsc_freq_cpuid(const char **how)
{
	u32 max = cpuid(0, 0).eax;
	struct cpuid_regs r;

	if (max >= 0x15) {
		r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx) {
			*how = "CPUID 0x15 (crystal ratio)";
			return (u64)r.ecx * r.ebx / r.eax;
		}
	}
	if (max >= 0x16) {
		r = cpuid(0x16, 0);
		if (r.eax & 0xffff) {
			*how = "CPUID 0x16 (base frequency)";
			return (u64)(r.eax & 0xffff) * 1000000;
		}
	}
	return 0;
}

/*
 * The shortest of several runs: a vCPU descheduled while polling the PIT
 * only ever makes a run look longer, never shorter. On a loaded TCG host
 * three runs in a row were all seen 50% long (3188 MHz for 2096), so we
 * go on until a second run confirms the shortest to within 2%, up to
 * CALIBRATE_MAX_RUNS: two undisturbed runs agree, two disturbed ones
 * rarely do.
 */
static u64 tsc_freq_pit(void)
{
	u64 best = ~0ULL, second = ~0ULL;

	for (int i = 0; i < CALIBRATE_MAX_RUNS; i++) {
		u64 d = pit_measure_tsc(CALIBRATE_PIT_TICKS);

		if (d < best) {
			second = best;
			best = d;
		} else if (d < second) {
			second = d;
		}
		if (i + 1 >= CALIBRATE_RUNS && second - best <= best / 50)
			break;
	}
	return best * PIT_HZ / CALIBRATE_PIT_TICKS;
}

static bool tsc_check_invariant(void)
{
	if (cpuid(0x80000000, 0).eax < CPUID_EXT_POWER)
		return false;
	return cpuid(CPUID_EXT_POWER, 0).edx & EXT_POWER_INVARIANT_TSC;
}

void tsc_init(void)
{
	const char *how = "PIT channel 2 (10 ms runs, shortest confirmed)";
	u64 hz = tsc_freq_cpuid(&how);

	if (!hz)
		hz = tsc_freq_pit();
	tsc_mult = (1000000000ULL << 32) / hz;
	tsc_inv_mult =
		((hz / 1000) << 32) / 1000000; /* kHz is precise enough */
	tsc_invariant = tsc_check_invariant();
	tsc_hz = hz;
	pr_info("tsc: %llu.%03llu MHz from %s\n",
		(unsigned long long)hz / 1000000,
		(unsigned long long)(hz / 1000) % 1000, how);
	if (tsc_invariant)
		pr_info("tsc: invariant (constant rate in all P/C-states)\n");
	else
		pr_info("tsc: not invariant per CPUID 0x80000007 (QEMU TCG "
			"never "
			"sets the bit); its rate may change with P-states\n");
}

/* Before calibration, assume 1 GHz: only early debugging could notice. */
void ndelay(u64 ns)
{
	u64 start = rdtsc();
	u64 cycles = tsc_hz ? tsc_ns_to_cycles(ns) : ns;

	while (rdtsc() - start < cycles)
		cpu_relax();
}

void udelay(u64 us)
{
	ndelay(us * 1000);
}

void mdelay(u64 ms)
{
	ndelay(ms * 1000000);
}

/*
 * What the figures were measured on: CPU model (CPUID brand string), TSC
 * frequency, the accelerator as far as a guest can tell, CPUs, memory, the
 * command line, and the clock: whether one TSC tick is a host cycle or,
 * under QEMU's -icount, one guest instruction. The Linux peer prints the
 * same machine line (tools/linux-peer/peer_machine.c).
 */
#include "kernel/bench.h"
#include "arch/x86/cpu.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/bootinfo.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/lockdep.h"
#include "kernel/sched.h"
#include "lib/string.h"
#include "mm/mmzone.h"

#define CPUID_HV_BIT	  (1u << 31) /* leaf 1 ECX: running under a hypervisor */
#define CPUID_RDTSCP_BIT  (1u << 27) /* leaf 0x80000001 EDX */
#define CLOCK_CHECK_SHORT 10000
#define CLOCK_CHECK_LONG  100000

bool bench_has_rdtscp;

static struct {
	bool probed;
	char brand[49];	 /* CPUID 0x80000002..4, leading spaces dropped */
	char hv_sig[13]; /* CPUID 0x40000000 EBX ECX EDX, "" if none */
	const char *accel;
	const char *accel_how;
	enum bench_clock clock;
	u64 check_ticks[2]; /* ticks for 2 x CLOCK_CHECK_{SHORT,LONG} insns */
} bm;

static void bench_probe_brand(void)
{
	u32 *w = (u32 *)bm.brand;
	const char *s = bm.brand;

	if (cpuid(0x80000000, 0).eax < 0x80000004) {
		strlcpy(bm.brand, "unknown", sizeof(bm.brand));
		return;
	}
	for (u32 leaf = 0; leaf < 3; leaf++) {
		struct cpuid_regs r = cpuid(0x80000002 + leaf, 0);

		w[4 * leaf] = r.eax;
		w[4 * leaf + 1] = r.ebx;
		w[4 * leaf + 2] = r.ecx;
		w[4 * leaf + 3] = r.edx;
	}
	bm.brand[48] = '\0';
	while (*s == ' ')
		s++;
	memmove(bm.brand, s, strlen(s) + 1);
}

static void bench_probe_cpuid(void)
{
	bench_probe_brand();
	if (cpuid(0x80000000, 0).eax >= 0x80000001)
		bench_has_rdtscp = cpuid(0x80000001, 0).edx & CPUID_RDTSCP_BIT;
	if (cpuid(1, 0).ecx & CPUID_HV_BIT) {
		struct cpuid_regs r = cpuid(0x40000000, 0);

		memcpy(bm.hv_sig, &r.ebx, 4);
		memcpy(bm.hv_sig + 4, &r.ecx, 4);
		memcpy(bm.hv_sig + 8, &r.edx, 4);
		bm.hv_sig[12] = '\0';
	}
}

/*
 * KVM announces itself in the hypervisor leaf. QEMU's TCG has no leaf of
 * its own, but names its "max" and "qemu64" CPU models after itself; so a
 * QEMU model name without KVM's signature means TCG.
 */
static void bench_probe_accel(void)
{
	if (!strcmp(bm.hv_sig, "KVMKVMKVM")) {
		bm.accel = "kvm";
		bm.accel_how = "CPUID 0x40000000 says KVMKVMKVM";
	} else if (strstr(bm.brand, "QEMU")) {
		bm.accel = "tcg";
		bm.accel_how = "QEMU CPU model and no KVM signature";
	} else if (bm.hv_sig[0]) {
		bm.accel = "unknown-hypervisor";
		bm.accel_how = "CPUID hypervisor leaf, not KVM";
	} else {
		bm.accel = "none";
		bm.accel_how = "no hypervisor bit in CPUID";
	}
}

/*
 * Ticks across @iters rounds of a two-instruction loop (dec, jnz), IRQs
 * off so nothing else runs in the window, less a one-round run: so the
 * TSC reads themselves cancel out and 2 * @iters instructions remain.
 */
static u64 bench_loop_ticks(u64 iters)
{
	u64 t[2];

	for (int k = 0; k < 2; k++) {
		u64 n = k ? iters + 1 : 1;
		unsigned long f;
		u64 t0;

		local_irq_save(f);
		t0 = bench_tsc_begin();
		__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n)::"cc");
		t[k] = bench_tsc_end() - t0;
		local_irq_restore(f);
	}
	return t[1] - t[0];
}

/*
 * Under -icount shift=0 the guest TSC advances exactly once per guest
 * instruction, so the loop takes exactly two ticks per round at every
 * length. A real or KVM TSC ticks at a fixed rate unrelated to the count,
 * and multi-threaded TCG's is the host's: matching exactly at two lengths
 * by chance is not plausible.
 */
static void bench_probe_clock(void)
{
	bm.check_ticks[0] = bench_loop_ticks(CLOCK_CHECK_SHORT);
	bm.check_ticks[1] = bench_loop_ticks(CLOCK_CHECK_LONG);
	bm.clock = BENCH_CLOCK_TSC;
	if (strcmp(bm.accel, "kvm") &&
	    bm.check_ticks[0] == 2 * CLOCK_CHECK_SHORT &&
	    bm.check_ticks[1] == 2 * CLOCK_CHECK_LONG)
		bm.clock = BENCH_CLOCK_ICOUNT;
}

void bench_machine_init(void)
{
	if (bm.probed)
		return;
	bench_probe_cpuid();
	bench_probe_accel();
	bench_probe_clock();
	bm.probed = true;
}

enum bench_clock bench_clock(void)
{
	bench_machine_init();
	return bm.clock;
}

const char *bench_clock_name(void)
{
	return bench_clock() == BENCH_CLOCK_ICOUNT ? "icount" : "tsc";
}

const char *bench_unit(void)
{
	return bench_clock() == BENCH_CLOCK_ICOUNT ? "instructions" : "cycles";
}

static unsigned long bench_mem_mb(void)
{
	unsigned long pages = 0;
	struct zone *z;

	for_each_populated_zone(z)
		pages += zone_managed_pages(z);
	return pages >> (20 - PAGE_SHIFT);
}

void bench_print_machine(void)
{
	bench_machine_init();
	kprintf("machine: %s; TSC %llu kHz%s; %d CPUs, %lu MiB managed\n",
		bm.brand, (unsigned long long)(tsc_hz / 1000),
		bench_has_rdtscp ? ", rdtscp" : ", no rdtscp (lfence; rdtsc)",
		sched_nr_active_cpus(), bench_mem_mb());
	kprintf("machine: accel %s (%s)\n", bm.accel, bm.accel_how);
	kprintf("machine: clock %s: %s (a loop of %u and %u instructions "
		"took %llu and %llu ticks)\n",
		bench_clock_name(),
		bm.clock == BENCH_CLOCK_ICOUNT
			? "one TSC tick per guest instruction (QEMU -icount)"
			: "TSC cycles (under TCG the host's, noisy)",
		2 * CLOCK_CHECK_SHORT, 2 * CLOCK_CHECK_LONG,
		(unsigned long long)bm.check_ticks[0],
		(unsigned long long)bm.check_ticks[1]);
	kprintf("machine: lockdep %s, irqsoff_trace %s\n",
		lock_debug_enabled ? "on" : "off",
		irqsoff_tracing ? "on" : "off");
}

/* @s with " and \ escaped into @buf, so tools can split the line like a
 * shell. Return: @buf. */
static char *bench_quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s == '"' || *s == '\\')
			buf[n++] = '\\';
		buf[n++] = *s;
	}
	buf[n] = '\0';
	return buf;
}

/* A string longer than kprintf's buffer, in pieces. */
static void bench_put_long(const char *s)
{
	for (size_t n = strlen(s); n; n = strlen(s)) {
		int piece = n > 256 ? 256 : (int)n;

		kprintf("%.*s", piece, s);
		s += piece;
	}
}

void bench_print_machine_line(void)
{
	static char cmdline[2 * 1024 + 1], brand[2 * 48 + 1];

	bench_machine_init();
	kprintf(BENCH_PREFIX "machine kernel=pagelab cpu=\"%s\" tsc_khz=%llu "
			     "cpus=%d mem_mb=%lu accel=%s clock=%s rdtscp=%d "
			     "lockdep=%d irqsoff_trace=%d cmdline=\"",
		bench_quote(brand, sizeof(brand), bm.brand),
		(unsigned long long)(tsc_hz / 1000), sched_nr_active_cpus(),
		bench_mem_mb(), bm.accel, bench_clock_name(), bench_has_rdtscp,
		lock_debug_enabled, irqsoff_tracing);
	bench_put_long(bench_quote(cmdline, sizeof(cmdline),
				   boot_info.cmdline ? boot_info.cmdline : ""));
	kprintf("\"\n");
}

/*
 * LAPIC timer: counted against the TSC over 10 ms on the boot CPU (every
 * APIC timer on the machine runs off the same clock), then periodic on
 * each CPU. The handler EOIs and hands the tick to the scheduler.
 * Linux: setup_APIC_timer and calibrate_APIC_clock.
 */
#include "arch/x86/apic_timer.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/tsc.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/sched_hooks.h"
#include "lib/printk.h"
#include "mm/alloc_test_load.h"

#define DEFAULT_HZ	250
#define TIMER_DIVIDE_16 0x3
#define CALIBRATE_NS	10000000ULL

CMDLINE_KEY(hz, "timer ticks per second on every CPU (default 250)");

unsigned int apic_timer_hz = DEFAULT_HZ;
u64 apic_timer_rate;

/* Context: hard IRQ, IRQs off. */
static void apic_timer_irq(struct pt_regs *regs)
{
	apic_eoi();
	alloc_test_tick();
	sched_tick(regs);
}

/* Count down from the top for CALIBRATE_NS of TSC time, masked. */
static u64 apic_timer_calibrate(void)
{
	u64 cycles = tsc_ns_to_cycles(CALIBRATE_NS), t0, t1;
	u32 left;

	apic_write(APIC_TDCR, TIMER_DIVIDE_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	t0 = rdtsc();
	apic_write(APIC_TMICT, 0xffffffffu);
	while ((t1 = rdtsc()) - t0 < cycles)
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	return (u64)(0xffffffffu - left) * 1000000000ULL /
	       tsc_cycles_to_ns(t1 - t0);
}

void apic_timer_start_cpu(void)
{
	apic_write(APIC_TDCR, TIMER_DIVIDE_16);
	apic_write(APIC_LVTT, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, (u32)(apic_timer_rate / apic_timer_hz));
}

/* An initial count of 0 stops the timer; no interrupt is left pending. */
void timer_stop_tick(void)
{
	apic_write(APIC_TMICT, 0);
}

void timer_restart_tick(void)
{
	apic_timer_start_cpu();
}

void apic_timer_init(void)
{
	apic_timer_hz =
		(unsigned int)cmdline_int_range("hz", DEFAULT_HZ, 10, 10000);
	apic_timer_rate = apic_timer_calibrate();
	if (apic_timer_rate / apic_timer_hz < 16)
		panic("apic-timer: rate %llu/s too slow for hz=%u",
		      (unsigned long long)apic_timer_rate, apic_timer_hz);
	idt_set_handler(LOCAL_TIMER_VECTOR, apic_timer_irq);
	pr_info("apic-timer: %llu.%03llu MHz after divide-by-16, %u Hz tick "
		"(%llu counts)\n",
		(unsigned long long)apic_timer_rate / 1000000,
		(unsigned long long)(apic_timer_rate / 1000) % 1000,
		apic_timer_hz,
		(unsigned long long)(apic_timer_rate / apic_timer_hz));
	apic_timer_start_cpu();
}

/*
 * Weak stand-ins for smp-core's time, IPI and tick API (sched_deps.h):
 * enough for one CPU with cooperative scheduling and no timer.
 */
#include "kernel/sched_deps.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"

/* Uncalibrated: treats one TSC cycle as a nanosecond until smp-core's
 * calibrated clock replaces this. */
__attribute__((weak)) u64 ktime_ns(void)
{
	return rdtsc();
}

__attribute__((weak)) void smp_send_reschedule(int cpu)
{
	(void)cpu; /* one CPU only: nobody else to kick */
}

__attribute__((weak)) void timer_stop_tick(void)
{
}

__attribute__((weak)) void timer_restart_tick(void)
{
}

__attribute__((weak)) unsigned int timer_hz(void)
{
	return 0;
}

/* GRUB leaves the PICs at vectors 8-15, where IRQ0 would look like #DF. */
__attribute__((weak)) void legacy_pic_mask(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

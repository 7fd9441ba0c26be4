/*
 * Measure the TSC rate against PIT channel 2, whose 1.193182 MHz input is
 * fixed on every PC: gate it on, load a 20 ms count in mode 0 and spin
 * until its output (port 0x61 bit 5) goes high. Linux's pit_calibrate_tsc
 * uses the same channel for the same reason: it needs no interrupt.
 */
#include "arch/x86/boot_clock.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"

#define PIT_HZ	     1193182ULL
#define PIT_CH2	     0x42
#define PIT_CMD	     0x43
#define PORT_B	     0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: out */
#define CALIBRATE_MS 20
#define SPIN_LIMIT   (1ULL << 32) /* no PIT (or a broken one): give up */

static u64 khz;

static u64 calibrate(void)
{
	u64 count = PIT_HZ * CALIBRATE_MS / 1000, t0, t1, spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0); /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PORT_B) & 0x20) && ++spins < SPIN_LIMIT)
		;
	t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

u64 boot_clock_khz(void)
{
	if (!khz)
		khz = calibrate();
	if (!khz)
		khz = 1000000; /* say 1 GHz rather than divide by zero */
	return khz;
}

u64 boot_clock_us(u64 tsc_from, u64 tsc_to)
{
	return (tsc_to - tsc_from) * 1000 / boot_clock_khz();
}

/*
 * The 8254 PIT as a reference clock for TSC calibration: channel 2, whose
 * gate and output the CPU can reach through port 0x61 without an interrupt.
 * Mirrors Linux's pit_hpet_ptimer_calibrate_cpu (its PIT half).
 */
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "arch/x86/tsc.h"

#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61
#define PORT_B_GATE2	0x01
#define PORT_B_SPEAKER	0x02
#define PORT_B_OUT2	0x20
#define PIT_CH2_ONESHOT 0xb0 /* channel 2, lo/hi byte, mode 0, binary */

/* Context: boot CPU, nothing else touching port 0x61 or channel 2. */
u64 pit_measure_tsc(u16 pit_ticks)
{
	u8 b = inb(PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER);
	u64 t0, t1;

	outb(PORT_B, b); /* gate low: the count waits for the rising edge */
	outb(PIT_CMD, PIT_CH2_ONESHOT);
	outb(PIT_CH2, pit_ticks & 0xff);
	outb(PIT_CH2, pit_ticks >> 8);
	outb(PORT_B, b | PORT_B_GATE2);
	t0 = rdtsc();
	/* mode 0: OUT2 stays low until the count reaches zero */
	while (!(inb(PORT_B) & PORT_B_OUT2))
		;
	t1 = rdtsc();
	outb(PORT_B, b);
	return t1 - t0;
}

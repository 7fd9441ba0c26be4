/*
 * Polled 16550 driver for COM1. Output busy-waits on the transmit-holding
 * register; input is polled by the shell, so no IRQ is needed to type.
 * Linux: arch/x86/boot/early_serial_console.c.
 */
#include "arch/x86/serial.h"
#include "arch/x86/io.h"

#define COM1	       0x3f8
#define REG_DATA       0
#define REG_IER	       1
#define REG_FCR	       2
#define REG_LCR	       3
#define REG_MCR	       4
#define REG_LSR	       5
#define REG_SCR	       7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define LCR_DLAB       0x80
#define LCR_8N1	       0x03
#define BAUD_DIVISOR   1 /* 115200 / 115200 */

static bool serial_present;

bool serial_init(void)
{
	outb(COM1 + REG_SCR, 0x5a);
	if (inb(COM1 + REG_SCR) != 0x5a)
		return false;
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, BAUD_DIVISOR & 0xff);
	outb(COM1 + REG_IER, BAUD_DIVISOR >> 8);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, 0xc7); /* enable, clear both FIFOs, 14-byte */
	outb(COM1 + REG_MCR, 0x03); /* DTR, RTS; OUT2 stays off: no IRQs */
	serial_present = true;
	return true;
}

void serial_putc(char c)
{
	if (!serial_present)
		return;
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		__asm__ volatile("pause");
	outb(COM1 + REG_DATA, (u8)c);
}

int serial_getc(void)
{
	if (!serial_present || !(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
}

/*
 * 16550 UART on COM1: the only console pagelab has.
 * Linux: the early serial console (arch/x86/boot/early_serial_console.c).
 */
#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

#include "lib/types.h"

/* Program COM1 for 115200 8N1 with FIFOs. Return: false if no UART. */
bool serial_init(void);
/* Context: any; the caller serialises whole lines (kernel/console.c). */
void serial_putc(char c);
/* Return: the next received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif

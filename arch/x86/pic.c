/*
 * The legacy 8259 pair: remapped away from the exception vectors and then
 * masked, so the local APIC delivers everything. Mirrors Linux's
 * mask_8259A/init_8259A.
 */
#include "arch/x86/pic.h"
#include "arch/x86/io.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ICW1_INIT_ICW4	0x11
#define ICW4_8086	0x01
#define PIC_VECTOR_BASE 0x20 /* spurious IRQ7/15 land on 0x27/0x2f, not #DF */

void pic_disable(void)
{
	/* Reinitialise first: a masked PIC can still raise a spurious IRQ
	 * on its old vector, and the BIOS left that at 0x08 (#DF). */
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, 4); /* slave on IRQ2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

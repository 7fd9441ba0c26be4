/*
 * The local APIC: one per CPU, reached as MMIO (xAPIC) or as MSRs (x2APIC).
 * Every interrupt this kernel takes after boot comes through it: the timer,
 * IPIs, and the error and spurious vectors. Mirrors arch/x86/kernel/apic/.
 */
#ifndef ARCH_X86_APIC_H
#define ARCH_X86_APIC_H

#include "lib/types.h"

/* Vectors, high so they outrank anything a device could ever be given. */
#define LOCAL_TIMER_VECTOR   0xec
#define INJECT_VECTOR	     0xf0 /* kernel/inject.c: test interrupts */
#define CALL_FUNCTION_VECTOR 0xfb
#define RESCHEDULE_VECTOR    0xfd
#define ERROR_APIC_VECTOR    0xfe
#define SPURIOUS_APIC_VECTOR 0xff

/* xAPIC register offsets; x2APIC MSR = 0x800 + offset / 16 */
#define APIC_ID	     0x20
#define APIC_LVR     0x30
#define APIC_TPR     0x80
#define APIC_EOI     0xb0
#define APIC_SVR     0xf0
#define APIC_IRR     0x200 /* 8 registers, 0x10 apart: 32 vectors each */
#define APIC_ESR     0x280
#define APIC_ICR     0x300
#define APIC_ICR2    0x310
#define APIC_LVTT    0x320
#define APIC_LVTTHMR 0x330
#define APIC_LVTPC   0x340
#define APIC_LVT0    0x350
#define APIC_LVT1    0x360
#define APIC_LVTERR  0x370
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

#define APIC_LVT_MASKED	  (1u << 16)
#define APIC_LVT_PERIODIC (1u << 17)
#define APIC_SVR_ENABLE	  (1u << 8)

/* ICR delivery modes and flags */
#define APIC_DM_FIXED	0x000
#define APIC_DM_NMI	0x400
#define APIC_DM_INIT	0x500
#define APIC_DM_STARTUP 0x600
#define APIC_ICR_BUSY	(1u << 12)
#define APIC_ICR_ASSERT (1u << 14)
#define APIC_ICR_LEVEL	(1u << 15)

extern bool apic_x2apic_mode;

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 val);

/*
 * apic_init_bsp - pick xAPIC or x2APIC, map the registers, mask the 8259
 * and set up the boot CPU's APIC. Context: boot CPU, IRQs off, once.
 */
void apic_init_bsp(void);
/* apic_init_cpu - enable this CPU's APIC. Context: that CPU, IRQs off. */
void apic_init_cpu(void);
/* Return: this CPU's APIC ID (32 bits in x2APIC mode, 8 in xAPIC). */
u32 apic_id(void);
void apic_eoi(void);
/*
 * apic_send_ipi - send @vector with delivery mode @dm (APIC_DM_*) to the
 * CPU with APIC ID @dest, then wait until the APIC has accepted it.
 * Context: any; IRQs are saved around the two-register xAPIC write.
 */
void apic_send_ipi(u32 dest, u32 dm, u8 vector);
/* A fixed IPI / an NMI to this CPU. Context: any (as apic_send_ipi). */
void apic_self_ipi(u8 vector);
void apic_self_nmi(void);
/* Return: whether @vector is requested but not yet in service here. */
bool apic_irr_pending(u8 vector);
/* Return: the error bits latched since the last call (ESR). */
u32 apic_read_esr(void);

#endif

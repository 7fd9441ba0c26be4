/*
 * The AP trampoline's page: where it sits below 1 MiB and where, inside
 * it, the boot CPU leaves what each AP needs. Shared by trampoline.S and
 * smpboot.c. The page is in the first MiB, which memblock never hands out.
 */
#ifndef ARCH_X86_TRAMPOLINE_H
#define ARCH_X86_TRAMPOLINE_H

#define TRAMPOLINE_BASE	       0x8000 /* SIPI vector 0x08: CS 0x0800, IP 0 */
#define TRAMPOLINE_SIPI_VECTOR (TRAMPOLINE_BASE >> 12)
/* Its own page tables: identity for the first 2 MiB, kernel half copied */
#define TRAMPOLINE_PML4 (TRAMPOLINE_BASE + 0x1000)
#define TRAMPOLINE_PDPT (TRAMPOLINE_BASE + 0x2000)
#define TRAMPOLINE_PD	(TRAMPOLINE_BASE + 0x3000)

/* Offsets of the parameters inside the page (filled per AP) */
#define TR_CR3	      0x1c0 /* u32: TRAMPOLINE_PML4 */
#define TR_EFER	      0x1c4 /* u32: the boot CPU's EFER (LME, NXE) */
#define TR_KERNEL_CR3 0x1c8 /* u64: switched to once in the high half */
#define TR_STACK      0x1d0 /* u64: top of this AP's stack */
#define TR_CPU	      0x1d8 /* u64: logical CPU number */
#define TR_GDT	      0x200 /* 4 descriptors: null, code32, data, code64 */
#define TR_GDTR32     0x220 /* limit + 32-bit base, for real mode */
#define TR_GDTR64     0x230 /* limit + 64-bit base via the direct map */
#define TR_SIZE	      0x240

#define TR_SEL_CODE32 0x08
#define TR_SEL_DATA   0x10
#define TR_SEL_CODE64 0x18

#endif

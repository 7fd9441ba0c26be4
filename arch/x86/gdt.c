/*
 * Each CPU needs its own TSS (the busy bit is per descriptor) and so its
 * own GDT. IST stacks let #DF and NMI run on a known-good stack even when
 * the fault was a kernel stack overflow into a guard page.
 * Linux: cpu_init and the per-CPU GDT/TSS in kernel/cpu/common.c.
 */
#include "arch/x86/gdt.h"
#include "arch/x86/idt.h"
#include "arch/x86/layout.h"
#include "kernel/config.h"
#include "lib/string.h"

#define IST_STACK_SIZE (8 * 1024)
#define NR_IST	       3

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

struct cpu_gdt {
	u64 entries[5]; /* null, code, data, tss low, tss high */
	struct tss tss;
} __aligned(64);

static struct cpu_gdt gdts[NR_CPUS];
static u8 ist_stacks[NR_CPUS][NR_IST][IST_STACK_SIZE] __aligned(16);

static void gdt_set_tss(struct cpu_gdt *g)
{
	u64 base = (u64)&g->tss, limit = sizeof(g->tss) - 1;

	g->entries[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			(0x89ULL << 40) | /* present, 64-bit available TSS */
			(((limit >> 16) & 0xf) << 48) |
			((base >> 24 & 0xff) << 56);
	g->entries[4] = base >> 32;
}

static void gdt_load(struct cpu_gdt *g)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = {sizeof(g->entries) - 1, (u64)g->entries};

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS),
			   "r"(GDT_TSS)
			 : "rax", "memory");
}

void gdt_init_cpu(int cpu)
{
	struct cpu_gdt *g = &gdts[cpu];

	memset(g, 0, sizeof(*g));
	g->entries[1] = 0x00af9a000000ffffULL; /* 64-bit kernel code */
	g->entries[2] = 0x00cf92000000ffffULL; /* kernel data */
	for (int i = 0; i < NR_IST; i++)
		g->tss.ist[i] = (u64)&ist_stacks[cpu][i][IST_STACK_SIZE];
	g->tss.iomap_base = sizeof(g->tss); /* no I/O bitmap */
	gdt_set_tss(g);
	gdt_load(g);
}

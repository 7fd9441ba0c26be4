/*
 * ktest suite "paging": the final page tables enforce what they promise.
 * Text is read-only (through the direct map too), data, rodata, stacks and
 * the direct map are no-execute, no mapping anywhere is both writable and
 * executable, the guard pages below the VMAP stacks and the boot stack
 * fault, the boot identity map is gone, and ioremap maps uncached.
 */
#include "kernel/ktest.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/paging_internal.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/page.h"

#define VEC_PF	   14
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_INSTR   0x10

static const u32 some_rodata = 0x12345678;
static const u8 rodata_ret[16] = {0xc3}; /* a `ret` in .rodata */
extern char __kernel_start[], __text_end[];
extern char boot_stack_guard[], boot_stack_bottom[];
static u8 data_ret[16] = {0xc3}; /* a lone `ret` in .data */

static void write_u8(void *arg)
{
	*(volatile u8 *)arg = 0x90;
}

static void read_u64(void *arg)
{
	(void)READ_ONCE(*(volatile u64 *)arg);
}

static void call_it(void *arg)
{
	((void (*)(void))arg)();
}

static void paging_text_is_read_only(struct ktest *t)
{
	u64 err = 0;

	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, write_u8,
					   (void *)paging_text_is_read_only,
					   &err));
	KEXPECT_EQ(t, err & (PF_PRESENT | PF_WRITE), PF_PRESENT | PF_WRITE);
}

static void paging_rodata_is_read_only(struct ktest *t)
{
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, write_u8,
					   (void *)&some_rodata, NULL));
	KEXPECT_EQ(t, READ_ONCE(some_rodata), 0x12345678);
}

/* No writable alias of kernel code: the direct map's view of text and
 * rodata is read-only as well. */
static void paging_text_alias_is_read_only(struct ktest *t)
{
	u8 *text = phys_to_virt(virt_to_phys((void *)write_u8));
	u8 *ro = phys_to_virt(virt_to_phys(&some_rodata));
	u8 before = READ_ONCE(*text);
	u64 err = 0;

	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, write_u8, text, &err));
	KEXPECT_EQ(t, err & (PF_PRESENT | PF_WRITE), PF_PRESENT | PF_WRITE);
	KEXPECT_EQ(t, READ_ONCE(*text), before);
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, write_u8, ro, NULL));
	KEXPECT_EQ(t, READ_ONCE(some_rodata), 0x12345678);
}

/* Execute @code; it must fault as an instruction fetch. */
static void expect_no_exec(struct ktest *t, const char *what, void *code)
{
	u64 err = 0;

	if (!ktest_expect_fault(VEC_PF, call_it, code, &err) ||
	    !(err & PF_INSTR))
		ktest_fail(t, __FILE__, __LINE__,
			   "executing %s at %p did not fault (error %#llx)",
			   what, code, (unsigned long long)err);
}

static void paging_data_is_no_execute(struct ktest *t)
{
	struct page *page;
	u8 stack_ret[16] = {0xc3};

	if (!paging_info.nx) {
		ktest_skip(t, "CPU without NX");
		return;
	}
	expect_no_exec(t, ".data", data_ret);
	expect_no_exec(t, ".data through the direct map",
		       phys_to_virt(virt_to_phys(data_ret)));
	expect_no_exec(t, ".rodata", (void *)rodata_ret);
	expect_no_exec(t, "the stack", stack_ret);
	page = alloc_page(GFP_KERNEL);
	KASSERT_TRUE(t, page != NULL);
	*(u8 *)page_address(page) = 0xc3;
	expect_no_exec(t, "an allocated page (direct map)", page_address(page));
	__free_pages(page, 0);
}

/* Effective rights of a walk: writable only if every level allows it,
 * executable unless some level says NX. */
struct wx_walk {
	u64 leaves, wx, exec_outside_text;
	u64 first_wx, first_exec;
};

static u64 canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16);
}

static void wx_leaf(struct wx_walk *w, u64 va, u64 size, u64 rights)
{
	bool x = !(rights & PTE_NX), wr = rights & PTE_WRITE;

	w->leaves++;
	if (x && wr && !w->wx++)
		w->first_wx = va;
	if (x && (va < (u64)__kernel_start || va + size > (u64)__text_end) &&
	    !w->exec_outside_text++)
		w->first_exec = va;
}

static void wx_table(struct wx_walk *w, phys_addr_t pa, int level, u64 base,
		     u64 rights)
{
	const u64 *tab = phys_to_virt(pa);

	for (int i = 0; i < PT_ENTRIES; i++) {
		u64 e = tab[i], va = canonical(base + i * level_size(level));
		u64 r = (rights & e & PTE_WRITE) | ((rights | e) & PTE_NX);

		if (!(e & PTE_PRESENT))
			continue;
		if (level == LEVEL_4K || (e & PTE_HUGE))
			wx_leaf(w, va, level_size(level), r);
		else
			wx_table(w, e & PTE_ADDR_MASK, level - 1, va, r);
	}
}

/* Every mapping of the kernel's tables, not just the ones we thought of. */
static void paging_no_writable_executable_mapping(struct ktest *t)
{
	struct wx_walk w = {0};

	if (!paging_info.nx) {
		ktest_skip(t, "CPU without NX");
		return;
	}
	wx_table(&w, paging_kernel_cr3(), 4, 0, PTE_WRITE);
	ktest_log(t, "%llu leaf mappings walked", (unsigned long long)w.leaves);
	KEXPECT_GT(t, w.leaves, 0);
	KEXPECT_EQ(t, w.wx, 0);
	if (w.wx)
		ktest_log(t, "first writable+executable at %#llx",
			  (unsigned long long)w.first_wx);
	KEXPECT_EQ(t, w.exec_outside_text, 0);
	if (w.exec_outside_text)
		ktest_log(t, "first executable outside text at %#llx",
			  (unsigned long long)w.first_exec);
}

static void paging_stack_guard_faults(struct ktest *t)
{
	u8 *stack = vmap_stack_alloc(4 * PAGE_SIZE);

	KASSERT_TRUE(t, stack != NULL);
	KEXPECT_FALSE(t, ktest_expect_fault(VEC_PF, write_u8, stack, NULL));
	KEXPECT_FALSE(t, ktest_expect_fault(VEC_PF, write_u8,
					    stack + 4 * PAGE_SIZE - 1, NULL));
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, read_u64, stack - 8, NULL));
	KEXPECT_EQ(t, paging_translate((u64)stack - 1), ~0ULL);
	/* the boot CPU's stack, in the image, has one too */
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, read_u64,
					   (void *)((u64)boot_stack_bottom - 8),
					   NULL));
	KEXPECT_EQ(t, paging_translate((u64)boot_stack_guard), ~0ULL);
	KEXPECT_NE(t, paging_translate((u64)boot_stack_bottom), ~0ULL);
}

static void paging_translate_views(struct ktest *t)
{
	KEXPECT_EQ(t, paging_translate((u64)phys_to_virt(0x100000)), 0x100000);
	KEXPECT_EQ(t, paging_translate((u64)data_ret + 3),
		   virt_to_phys(data_ret) + 3);
	/* the boot tables' identity map of low memory is gone */
	KEXPECT_EQ(t, paging_translate(0x100000), ~0ULL);
	/* RAM at the top is in the direct map too */
	KEXPECT_EQ(t,
		   paging_translate((u64)phys_to_virt(memblock_end_of_ram() -
						      PAGE_SIZE)),
		   memblock_end_of_ram() - PAGE_SIZE);
}

static void paging_identity_helper(struct ktest *t)
{
	const phys_addr_t pa = 0x7000; /* in the reserved first MiB */

	KASSERT_TRUE(t, paging_identity_map_low(pa, 100) == 0);
	KEXPECT_EQ(t, paging_translate(pa + 5), pa + 5);
	KEXPECT_EQ(t, READ_ONCE(*(volatile u8 *)pa),
		   READ_ONCE(*(volatile u8 *)phys_to_virt(pa)));
	paging_identity_unmap_low(pa, 100);
	KEXPECT_EQ(t, paging_translate(pa), ~0ULL);
}

static void paging_ioremap_uncached(struct ktest *t)
{
	phys_addr_t pa = virt_to_phys(data_ret);
	u8 *p = ioremap(pa, 16);
	u64 e;

	KASSERT_TRUE(t, p != NULL);
	KEXPECT_EQ(t, p[0], 0xc3);
	e = paging_leaf_entry((u64)p);
	KEXPECT_TRUE(t, e & PTE_PCD);
	KEXPECT_TRUE(t, e & PTE_NX || !paging_info.nx);
}

static const struct ktest_case paging_cases[] = {
	KTEST_CASE(paging_text_is_read_only),
	KTEST_CASE(paging_rodata_is_read_only),
	KTEST_CASE(paging_text_alias_is_read_only),
	KTEST_CASE(paging_data_is_no_execute),
	KTEST_CASE(paging_no_writable_executable_mapping),
	KTEST_CASE(paging_stack_guard_faults),
	KTEST_CASE(paging_translate_views),
	KTEST_CASE(paging_identity_helper),
	KTEST_CASE(paging_ioremap_uncached),
	{},
};
KTEST_SUITE(paging, .cases = paging_cases);

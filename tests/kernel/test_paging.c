/*
 * ktest suite "paging": the final page tables enforce what they promise.
 * Text is read-only, data and the direct map are no-execute, the guard
 * page below a VMAP stack faults, the boot identity map is gone, and
 * ioremap maps uncached.
 */
#include "kernel/ktest.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "mm/memblock.h"

#define VEC_PF	   14
#define PF_PRESENT 0x1
#define PF_WRITE   0x2
#define PF_INSTR   0x10

static const u32 some_rodata = 0x12345678;
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

static void paging_data_is_no_execute(struct ktest *t)
{
	u64 err = 0;

	if (!paging_info.nx) {
		ktest_skip(t, "CPU without NX");
		return;
	}
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, call_it, data_ret, &err));
	KEXPECT_TRUE(t, err & PF_INSTR);
	/* the same bytes through the direct map */
	KEXPECT_TRUE(t, ktest_expect_fault(VEC_PF, call_it,
					   phys_to_virt(virt_to_phys(data_ret)),
					   NULL));
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
	KTEST_CASE(paging_data_is_no_execute),
	KTEST_CASE(paging_stack_guard_faults),
	KTEST_CASE(paging_translate_views),
	KTEST_CASE(paging_identity_helper),
	KTEST_CASE(paging_ioremap_uncached),
	{},
};
KTEST_SUITE(paging, .cases = paging_cases);

/*
 * The kernel's final address space, built once on the boot CPU: the
 * direct map of RAM with the largest pages that fit, the image with W^X
 * permissions, and VMAP's top-level entries. Linux does this in
 * init_mem_mapping and mark_rodata_ro.
 */
#include "arch/x86/paging_internal.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "lib/printk.h"
#include "mm/memblock.h"

#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_EDX_NX	   (1U << 20)
#define CPUID_EDX_PDPE1GB  (1U << 26)
#define EFER_NXE	   (1ULL << 11)
/* Page tables kept aside for ioremap and stacks after the hand-over. */

CMDLINE_KEY(gbpages, "0 disables 1 GiB pages in the direct map");

extern char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];
extern char boot_stack_guard[]; /* boot/entry.S: the page below the stack */

static void probe_features(void)
{
	u32 edx = 0;

	if (cpuid(0x80000000, 0).eax >= CPUID_EXT_FEATURES)
		edx = cpuid(CPUID_EXT_FEATURES, 0).edx;
	paging_info.gbpages =
		(edx & CPUID_EDX_PDPE1GB) && cmdline_bool("gbpages", true);
	/* boot/entry.S sets EFER.NXE only when the CPU has NX */
	paging_info.nx = (edx & CPUID_EDX_NX) && (rdmsr(MSR_EFER) & EFER_NXE);
}

/* The largest page that starts at @pa and ends by @end. */
static int best_level(phys_addr_t pa, phys_addr_t end)
{
	if (paging_info.gbpages && IS_ALIGNED(pa, 1 * GiB) &&
	    end - pa >= 1 * GiB)
		return LEVEL_1G;
	if (IS_ALIGNED(pa, 2 * MiB) && end - pa >= 2 * MiB)
		return LEVEL_2M;
	return LEVEL_4K;
}

/* Context: boot CPU alone, @pml4 not live yet, so no paging_lock. */
static void map_direct_range(phys_addr_t pml4, phys_addr_t s, phys_addr_t e,
			     u64 flags)
{
	u64 *count[] = {NULL, &paging_info.nr_4k, &paging_info.nr_2m,
			&paging_info.nr_1g};

	while (s < e) {
		int level = best_level(s, e);

		if (paging_map_leaf_locked(pml4, DIRECT_MAP_BASE + s, s, level,
					   flags))
			panic("paging: out of memory for the direct map at "
			      "0x%llx",
			      (unsigned long long)s);
		(*count[level])++;
		s += level_size(level);
	}
}

/* The image's text and rodata stay read-only in the direct map too, so
 * kernel code has no writable alias anywhere (W^X for every view). */
static void map_direct_region(phys_addr_t pml4, phys_addr_t s, phys_addr_t e)
{
	phys_addr_t ro_s = virt_to_phys(__kernel_start);
	phys_addr_t ro_e = virt_to_phys(__rodata_end);

	map_direct_range(pml4, s, MIN(e, ro_s), PTE_WRITE | PTE_NX);
	map_direct_range(pml4, MAX(s, ro_s), MIN(e, ro_e), PTE_NX);
	map_direct_range(pml4, MAX(s, ro_e), e, PTE_WRITE | PTE_NX);
}

/* Only RAM: firmware holes and MMIO stay unmapped (ioremap reaches them
 * uncached), so no cacheable alias of a device ever exists. */
static void map_direct(phys_addr_t pml4, phys_addr_t end_of_ram)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t e = MIN(r->base + r->size, end_of_ram);

		if (r->base < e)
			map_direct_region(pml4, r->base, e);
	}
}

/* Context: as map_direct_range. */
static void map_image_part(phys_addr_t pml4, const char *from, const char *to,
			   u64 flags)
{
	for (u64 va = (u64)from; va < (u64)to; va += PAGE_SIZE)
		if (paging_map_leaf_locked(pml4, va, virt_to_phys((void *)va),
					   LEVEL_4K, flags))
			panic("paging: out of memory mapping the image");
}

static void map_image(phys_addr_t pml4)
{
	map_image_part(pml4, __kernel_start, __text_end, 0);
	map_image_part(pml4, __text_end, __rodata_end, PTE_NX);
	/* boot_stack_guard's page stays unmapped: the boot stack's guard */
	map_image_part(pml4, __rodata_end, boot_stack_guard,
		       PTE_WRITE | PTE_NX);
	map_image_part(pml4, boot_stack_guard + PAGE_SIZE, __kernel_end,
		       PTE_WRITE | PTE_NX);
}

/* Create VMAP's PML4 entries now, so a later mapping only ever fills in
 * lower levels and the top level of the tables never changes. */
static void prepare_vmap(phys_addr_t pml4)
{
	u64 *top = phys_to_virt(pml4);

	for (u64 va = VMAP_BASE; va < VMAP_BASE + VMAP_SIZE; va += 1ULL << 39) {
		phys_addr_t pa = paging_alloc_table();

		if (!pa)
			panic("paging: out of memory for VMAP tables");
		top[(va >> 39) & (PT_ENTRIES - 1)] =
			pa | PTE_PRESENT | PTE_WRITE;
	}
}

static void report(phys_addr_t end_of_ram)
{
	pr_info("paging: direct map of RAM below 0x%llx: %llu x 1G, %llu x 2M, "
		"%llu x 4K pages\n",
		(unsigned long long)end_of_ram,
		(unsigned long long)paging_info.nr_1g,
		(unsigned long long)paging_info.nr_2m,
		(unsigned long long)paging_info.nr_4k);
	pr_info("paging: 1 GiB pages %s, NX %s; text RX, rodata R (both also "
		"in the direct map), data RW; "
		"%llu table pages, CR3 0x%llx\n",
		paging_info.gbpages ? "on" : "off",
		paging_info.nx ? "on" : "off (W^X not enforceable)",
		(unsigned long long)paging_info.pt_pages,
		(unsigned long long)kernel_pml4);
}

void paging_init(phys_addr_t end_of_ram)
{
	phys_addr_t pml4;

	probe_features();
	/* below 4 GiB, where the boot tables reach it and a 32-bit
	 * trampoline can load it into CR3 (memblock's limit sees to it) */
	pml4 = paging_alloc_table();
	if (!pml4)
		panic("paging: no memory for the kernel's PML4");
	map_direct(pml4, end_of_ram);
	map_image(pml4);
	prepare_vmap(pml4);
	kernel_pml4 = pml4;
	write_cr3(pml4);
	memblock_set_current_limit(end_of_ram);
	report(end_of_ram);
}

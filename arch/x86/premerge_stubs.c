/*
 * TEMPORARY weak stand-ins for mm-boot's memblock, paging and ACPI, so the
 * SMP code builds and boots before their branch is merged. Every symbol is
 * weak: mm-boot's real definitions replace them at link time, and this file
 * is deleted at the merge. The CPU list comes from QEMU's fw_cfg CPU count.
 */
#include "arch/x86/acpi.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "mm/memblock.h"
#include "lib/string.h"

#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA	0x511
#define FW_CFG_NB_CPUS	0x05

__attribute__((weak)) struct acpi_info acpi;
static u8 stub_pool[1536 * 1024] __aligned(4096);
static u64 stub_used;

static inline void outw_stub(u16 port, u16 v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

__attribute__((weak)) void acpi_init(const void *rsdp, u32 len)
{
	u16 n;

	(void)rsdp;
	(void)len;
	outw_stub(FW_CFG_SELECTOR, FW_CFG_NB_CPUS);
	n = inb(FW_CFG_DATA);
	n |= (u16)(inb(FW_CFG_DATA) << 8);
	if (n == 0 || n > NR_CPUS)
		n = 1;
	acpi.nr_cpus = n; /* QEMU numbers APIC IDs 0..n-1 without topology */
	for (int i = 0; i < n; i++)
		acpi.cpus[i].apic_id = (u32)i;
	acpi.has_madt = true;
	acpi.nr_nodes = 1;
}

__attribute__((weak)) void *memblock_alloc(u64 size, u64 align)
{
	u64 at = ALIGN_UP(stub_used, align);

	if (at + size > sizeof(stub_pool))
		return NULL;
	stub_used = at + size;
	memset(stub_pool + at, 0, size);
	return stub_pool + at;
}

__attribute__((weak)) phys_addr_t memblock_phys_alloc(u64 size, u64 align,
						      phys_addr_t limit)
{
	void *p = memblock_alloc(size, align);

	(void)limit;
	return p ? virt_to_phys(p) : 0;
}

__attribute__((weak)) u64 vmap_reserve(u64 size)
{
	(void)size;
	return 0; /* no vmap yet: stacks go unguarded */
}

__attribute__((weak)) int paging_map(u64 virt, phys_addr_t phys, u64 size,
				     u64 flags)
{
	(void)virt;
	(void)phys;
	(void)size;
	(void)flags;
	return -1;
}

/* The boot tables map the first 4 GiB (the APIC's page too) cached; TCG
 * does not care, real hardware would. */
__attribute__((weak)) void *ioremap(phys_addr_t phys, u64 size)
{
	(void)size;
	return phys < 4 * GiB ? phys_to_virt(phys) : NULL;
}

__attribute__((weak)) u64 paging_kernel_cr3(void)
{
	return read_cr3();
}

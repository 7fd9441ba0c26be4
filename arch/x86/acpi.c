/*
 * Finding the ACPI tables: the RSDP from the boot loader's copy or a scan
 * of the EBDA and the BIOS area, then the XSDT (or RSDT), then the MADT,
 * SRAT and SLIT it lists. Tables in RAM are read through the direct map,
 * others (QEMU puts them in "reserved" memory) through ioremap. Linux's
 * counterparts: acpi_find_root_pointer and acpi_tb_parse_root_table.
 */
#include "arch/x86/acpi_internal.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "lib/printk.h"
#include "lib/string.h"
#include "mm/memblock.h"

#define EBDA_SEG_PTR   0x40e   /* BIOS data area: EBDA segment */
#define BIOS_AREA      0xe0000 /* the RSDP may sit in 0xE0000-0xFFFFF */
#define BIOS_AREA_LEN  0x20000
#define ACPI_TABLE_MAX (1U << 20) /* anything larger is corrupt */

struct acpi_info acpi;

/* A pointer to [@pa, @pa+@len): direct map when all of it is mapped RAM,
 * else a fresh uncached mapping. */
static const void *acpi_map(phys_addr_t pa, u64 len)
{
	u64 first = DIRECT_MAP_BASE + pa, last = first + len - 1;

	if (paging_translate(first) == pa &&
	    paging_translate(last) == pa + len - 1 && memblock_is_memory(pa) &&
	    memblock_is_memory(pa + len - 1))
		return phys_to_virt(pa);
	return ioremap(pa, len);
}

/* Return: 0 when @p is no valid RSDP, else the version to trust: 1 (the
 * RSDT) or 2 (the XSDT; its extended checksum is right too). */
static int rsdp_check(const void *p, size_t len)
{
	const struct acpi_rsdp *r = p;

	if (len < ACPI_RSDP_V1_LEN || memcmp(r->signature, "RSD PTR ", 8) ||
	    !acpi_checksum_ok(p, ACPI_RSDP_V1_LEN))
		return 0;
	if (r->revision < 2)
		return 1;
	if (len < ACPI_RSDP_V2_LEN || r->length < ACPI_RSDP_V2_LEN ||
	    r->length > len || !acpi_checksum_ok(p, r->length)) {
		pr_warn("ACPI: RSDP v2 length or extended checksum bad, "
			"using the RSDT\n");
		return 1;
	}
	return 2;
}

/* RSDPs are 16-byte aligned. Return: the RSDP in [@pa, @pa+@len) or NULL. */
static const struct acpi_rsdp *rsdp_scan(phys_addr_t pa, u64 len, int *ver)
{
	const u8 *p = acpi_map(pa, len);

	for (u64 off = 0; p && off + ACPI_RSDP_V1_LEN <= len; off += 16) {
		*ver = rsdp_check(p + off, len - off);
		if (*ver) {
			acpi.rsdp_phys = pa + off;
			return (const struct acpi_rsdp *)(p + off);
		}
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(const void *copy, u32 len, int *ver)
{
	const struct acpi_rsdp *r;
	phys_addr_t ebda;

	if (copy) {
		*ver = rsdp_check(copy, len);
		if (*ver)
			return copy;
		pr_warn("ACPI: the boot loader's RSDP copy is invalid, "
			"scanning\n");
	}
	ebda = (phys_addr_t) * (const u16 *)acpi_map(EBDA_SEG_PTR, 2) << 4;
	if (ebda >= 0x400 && ebda < BIOS_AREA) {
		r = rsdp_scan(ebda, 1024, ver);
		if (r)
			return r;
	}
	return rsdp_scan(BIOS_AREA, BIOS_AREA_LEN, ver);
}

/* Map a whole table after checking its header's length is sane. */
static const void *table_map(phys_addr_t pa, u32 *len)
{
	const struct acpi_sdt_header *h = acpi_map(pa, sizeof(*h));

	if (!h)
		return NULL;
	*len = h->length;
	if (*len < sizeof(*h) || *len > ACPI_TABLE_MAX) {
		pr_warn("ACPI: table at 0x%llx claims %u bytes, ignored\n",
			(unsigned long long)pa, *len);
		return NULL;
	}
	return acpi_map(pa, *len);
}

static void table_record(phys_addr_t pa, const void *t, u32 len)
{
	const struct acpi_sdt_header *h = t;
	char sig[5], oem[7], oem_table[9];
	struct acpi_table_desc *d;

	if (acpi.nr_tables == ACPI_MAX_TABLES)
		return;
	d = &acpi.tables[acpi.nr_tables++];
	memcpy(d->signature, h->signature, 4);
	d->signature[4] = 0;
	d->phys = pa;
	d->length = len;
	d->revision = h->revision;
	d->checksum_ok = acpi_checksum_ok(t, len);
	pr_info("ACPI: %s 0x%016llx %06x (v%02u %s %s)%s\n",
		acpi_printable(sig, h->signature, 4), (unsigned long long)pa,
		len, h->revision, acpi_printable(oem, h->oem_id, 6),
		acpi_printable(oem_table, h->oem_table_id, 8),
		d->checksum_ok ? "" : " BAD CHECKSUM");
	/* firmware may leave tables in usable RAM: keep the allocator off */
	if (memblock_is_memory(pa))
		memblock_reserve(pa, len);
}

/* The tables pagelab parses, found while walking the root table. */
struct wanted {
	const void *madt, *srat, *slit;
	u32 madt_len, srat_len, slit_len;
};

static void table_visit(phys_addr_t pa, struct wanted *w)
{
	u32 len;
	const void *t = table_map(pa, &len);

	if (!t)
		return;
	table_record(pa, t, len);
	if (!memcmp(t, "APIC", 4)) {
		w->madt = t;
		w->madt_len = len;
	} else if (!memcmp(t, "SRAT", 4)) {
		w->srat = t;
		w->srat_len = len;
	} else if (!memcmp(t, "SLIT", 4)) {
		w->slit = t;
		w->slit_len = len;
	}
}

/* Walk the XSDT (8-byte pointers) or RSDT (4-byte pointers). */
static bool root_walk(const struct acpi_rsdp *r, int ver, struct wanted *w)
{
	phys_addr_t pa =
		ver >= 2 && r->xsdt_address ? r->xsdt_address : r->rsdt_address;
	const char *sig = pa == r->rsdt_address ? "RSDT" : "XSDT";
	u32 esize = sig[0] == 'X' ? 8 : 4, len;
	const u8 *t = table_map(pa, &len);

	acpi.xsdt = esize == 8;
	if (!t || !acpi_table_ok(t, len, sig, sizeof(struct acpi_sdt_header)))
		return false;
	table_record(pa, t, len);
	for (u32 off = sizeof(struct acpi_sdt_header); off + esize <= len;
	     off += esize) {
		u64 entry = 0;

		memcpy(&entry, t + off, esize);
		if (entry)
			table_visit(entry, w);
	}
	return true;
}

static void parse_wanted(const struct wanted *w)
{
	if (!w->madt || acpi_parse_madt(w->madt, w->madt_len, &acpi))
		pr_warn("ACPI: no usable MADT: the boot CPU only\n");
	if (w->srat && acpi_parse_srat(w->srat, w->srat_len, &acpi))
		pr_warn("ACPI: SRAT unusable: one NUMA node\n");
	if (w->slit && acpi.has_srat)
		acpi_parse_slit(w->slit, w->slit_len, &acpi);
}

static void report(void)
{
	pr_info("ACPI: %d CPUs enabled (%d disabled), local APIC at 0x%llx, "
		"%d NUMA node%s%s%s\n",
		acpi.nr_cpus, acpi.nr_cpus_disabled,
		(unsigned long long)acpi.lapic_phys, acpi.nr_nodes,
		acpi.nr_nodes == 1 ? "" : "s",
		acpi.has_srat ? " from SRAT" : "",
		acpi.has_slit ? ", distances from SLIT" : "");
	for (int i = 0; i < acpi.nr_mem; i++)
		pr_info("ACPI: SRAT: node %d PXM %u [mem "
			"0x%08llx-0x%08llx]%s\n",
			acpi.mem[i].node, acpi.node_pxm[acpi.mem[i].node],
			(unsigned long long)acpi.mem[i].base,
			(unsigned long long)(acpi.mem[i].base +
					     acpi.mem[i].len - 1),
			acpi.mem[i].hotpluggable ? " hotplug" : "");
}

void acpi_init(const void *rsdp, u32 len)
{
	struct wanted w = {0};
	const struct acpi_rsdp *r;
	int ver = 0;

	acpi_info_reset(&acpi);
	r = rsdp_find(rsdp, len, &ver);
	if (!r) {
		pr_warn("ACPI: no RSDP found: the boot CPU only, one node\n");
		return;
	}
	acpi_printable(acpi.oem_id, r->oem_id, 6);
	acpi.revision = r->revision;
	if (acpi.rsdp_phys)
		pr_info("ACPI: RSDP 0x%016llx %06x (v%02u %s)\n",
			(unsigned long long)acpi.rsdp_phys,
			ver >= 2 ? r->length : ACPI_RSDP_V1_LEN, r->revision,
			acpi.oem_id);
	else
		pr_info("ACPI: RSDP (multiboot2 copy) %06x (v%02u %s)\n",
			ver >= 2 ? r->length : ACPI_RSDP_V1_LEN, r->revision,
			acpi.oem_id);
	acpi.valid = root_walk(r, ver, &w);
	if (!acpi.valid)
		pr_warn("ACPI: root table unusable: the boot CPU only, one "
			"node\n");
	else
		parse_wanted(&w);
	report();
}

/*
 * The byte layouts of the ACPI structures pagelab reads (ACPI 6.x spec,
 * sections 5.2.5-5.2.17). Shared by the parsers, the discovery code and
 * the host tests that craft tables. Not for other folders.
 */
#ifndef ARCH_X86_ACPI_TABLES_H
#define ARCH_X86_ACPI_TABLES_H

#include "lib/types.h"

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;	   /* over the first 20 bytes */
	char oem_id[6];
	u8 revision; /* 0 for ACPI 1.0, 2 for later */
	u32 rsdt_address;
	/* revision >= 2 */
	u32 length;
	u64 xsdt_address;
	u8 ext_checksum; /* over all @length bytes */
	u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

struct acpi_sdt_header {
	char signature[4];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_sdt_header h;
	u32 lapic_address;
	u32 flags;
} __packed;

/* Every MADT and SRAT entry starts with type and length. */
struct acpi_subtable {
	u8 type;
	u8 length;
} __packed;

enum {
	MADT_LAPIC = 0,
	MADT_LAPIC_OVERRIDE = 5,
	MADT_X2APIC = 9,
	SRAT_CPU_AFFINITY = 0,
	SRAT_MEM_AFFINITY = 1,
	SRAT_X2APIC_AFFINITY = 2,
};

#define MADT_ENABLED	      0x1
#define SRAT_ENABLED	      0x1
#define SRAT_MEM_HOTPLUGGABLE 0x2

struct madt_lapic {
	struct acpi_subtable st;
	u8 acpi_uid;
	u8 apic_id;
	u32 flags;
} __packed;

struct madt_lapic_override {
	struct acpi_subtable st;
	u16 reserved;
	u64 address;
} __packed;

struct madt_x2apic {
	struct acpi_subtable st;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 acpi_uid;
} __packed;

struct acpi_srat {
	struct acpi_sdt_header h;
	u32 table_revision;
	u64 reserved;
} __packed;

struct srat_cpu_affinity {
	struct acpi_subtable st;
	u8 pxm_lo;
	u8 apic_id;
	u32 flags;
	u8 sapic_eid;
	u8 pxm_hi[3];
	u32 clock_domain;
} __packed;

struct srat_mem_affinity {
	struct acpi_subtable st;
	u32 pxm;
	u16 reserved1;
	u64 base; /* two u32 halves in the spec; little-endian either way */
	u64 length;
	u32 reserved2;
	u32 flags;
	u64 reserved3;
} __packed;

struct srat_x2apic_affinity {
	struct acpi_subtable st;
	u16 reserved1;
	u32 pxm;
	u32 x2apic_id;
	u32 flags;
	u32 clock_domain;
	u32 reserved2;
} __packed;

struct acpi_slit {
	struct acpi_sdt_header h;
	u64 localities;
	u8 entry[]; /* localities x localities */
} __packed;

_Static_assert(sizeof(struct acpi_rsdp) == ACPI_RSDP_V2_LEN, "RSDP");
_Static_assert(sizeof(struct acpi_sdt_header) == 36, "SDT header");
_Static_assert(sizeof(struct madt_x2apic) == 16, "MADT x2APIC");
_Static_assert(sizeof(struct srat_cpu_affinity) == 16, "SRAT CPU");
_Static_assert(sizeof(struct srat_mem_affinity) == 40, "SRAT memory");
_Static_assert(sizeof(struct srat_x2apic_affinity) == 24, "SRAT x2APIC");

#endif

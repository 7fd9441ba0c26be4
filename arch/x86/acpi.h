/*
 * ACPI, as much as pagelab needs: the MADT (CPUs and the local APIC), SRAT
 * (which memory and CPUs belong to which NUMA node) and SLIT (node
 * distances). Tables are checksummed; a bad one is reported and ignored, so
 * the kernel falls back to one node and the boot CPU only.
 */
#ifndef ARCH_X86_ACPI_H
#define ARCH_X86_ACPI_H

#include "lib/types.h"
#include "kernel/config.h"

#define ACPI_MAX_MEM_AFFINITY 32

struct acpi_cpu {
	u32 apic_id;
	u32 acpi_uid;
	bool x2apic_entry; /* came from a local x2APIC entry */
};

struct acpi_mem_affinity {
	phys_addr_t base;
	u64 len;
	int node;
	bool hotpluggable;
};

struct acpi_info {
	bool valid; /* RSDP and root table found and checksummed */
	char oem_id[7];
	int revision;
	/* MADT */
	bool has_madt;
	phys_addr_t lapic_phys;
	int nr_cpus; /* enabled entries only */
	struct acpi_cpu cpus[NR_CPUS];
	int nr_cpus_disabled;
	/* SRAT: node numbers are proximity domains remapped to 0..n-1 */
	bool has_srat;
	int nr_nodes;
	int nr_mem;
	struct acpi_mem_affinity mem[ACPI_MAX_MEM_AFFINITY];
	int cpu_node[NR_CPUS]; /* indexed like cpus[]; 0 without SRAT */
	/* SLIT: distance[i][j]; 10 on the diagonal, 20 elsewhere without it */
	bool has_slit;
	u8 distance[MAX_NUMNODES][MAX_NUMNODES];
};

extern struct acpi_info acpi;

/*
 * acpi_init - find and parse the tables, from the multiboot2 RSDP copy
 * (@rsdp, @len) or, when NULL, by scanning the EBDA and BIOS area.
 * Tables must be reachable through the direct map. Context: boot CPU.
 */
void acpi_init(const void *rsdp, u32 len);
/* The parsers alone, for host tests: @buf holds one whole table. */
int acpi_parse_madt(const void *buf, size_t len, struct acpi_info *out);
int acpi_parse_srat(const void *buf, size_t len, struct acpi_info *out);
int acpi_parse_slit(const void *buf, size_t len, struct acpi_info *out);
bool acpi_checksum_ok(const void *buf, size_t len);

#endif

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
#define ACPI_MAX_TABLES	      32
#define ACPI_LOCAL_DISTANCE   10
#define ACPI_REMOTE_DISTANCE  20

/* One table the root table lists, for the log and the shell. */
struct acpi_table_desc {
	char signature[5];
	phys_addr_t phys;
	u32 length;
	u8 revision;
	bool checksum_ok;
};

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
	phys_addr_t rsdp_phys; /* 0 when it came from the multiboot2 copy */
	bool xsdt;	       /* root table is the XSDT (else the RSDT) */
	int nr_tables;
	struct acpi_table_desc tables[ACPI_MAX_TABLES];
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
	int cpu_node[NR_CPUS];	    /* indexed like cpus[]; 0 without SRAT */
	u32 node_pxm[MAX_NUMNODES]; /* node id -> proximity domain */
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
/*
 * The parsers alone, pure, for host tests: @buf holds one whole table of
 * @len bytes (its header's length must fit in @len). Each checks the
 * checksum and every entry's length first and changes @out only when the
 * whole table is good; a problem is reported on one "ACPI: " line.
 * acpi_parse_srat needs the CPUs from the MADT (cpu_node is matched by
 * APIC id) and acpi_parse_slit needs the SRAT's node_pxm.
 * Return: 0, or -1 when the table was rejected (@out unchanged).
 */
int acpi_parse_madt(const void *buf, size_t len, struct acpi_info *out);
int acpi_parse_srat(const void *buf, size_t len, struct acpi_info *out);
int acpi_parse_slit(const void *buf, size_t len, struct acpi_info *out);
/* Return: whether the @len bytes at @buf sum to 0 (mod 256). */
bool acpi_checksum_ok(const void *buf, size_t len);
/* One node, all CPUs on it, distances 10 on the diagonal and 20 elsewhere;
 * no CPUs (so the boot CPU alone). The state when no table is usable. */
void acpi_info_reset(struct acpi_info *out);

#endif

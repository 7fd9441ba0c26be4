/*
 * The shell's `acpi` command: the tables the root table lists, the CPUs
 * from the MADT with their nodes, the SRAT's memory ranges and the node
 * distance matrix (what Linux shows across dmesg and numactl -H).
 */
#include "arch/x86/acpi.h"
#include "kernel/console.h"
#include "kernel/shell.h"

static void show_tables(void)
{
	kprintf("tables (%s, OEM '%s', revision %d):\n",
		acpi.xsdt ? "XSDT" : "RSDT", acpi.oem_id, acpi.revision);
	for (int i = 0; i < acpi.nr_tables; i++) {
		const struct acpi_table_desc *d = &acpi.tables[i];

		kprintf("  %s 0x%016llx %6u bytes v%u%s\n", d->signature,
			(unsigned long long)d->phys, d->length, d->revision,
			d->checksum_ok ? "" : " BAD CHECKSUM");
	}
}

static void show_cpus(void)
{
	kprintf("cpus: %d enabled, %d disabled, local APIC 0x%llx\n",
		acpi.nr_cpus, acpi.nr_cpus_disabled,
		(unsigned long long)acpi.lapic_phys);
	for (int i = 0; i < acpi.nr_cpus; i++)
		kprintf("  cpu %d: APIC id %u, ACPI uid %u%s, node %d\n", i,
			acpi.cpus[i].apic_id, acpi.cpus[i].acpi_uid,
			acpi.cpus[i].x2apic_entry ? " (x2APIC entry)" : "",
			acpi.cpu_node[i]);
}

static void show_nodes(void)
{
	kprintf("nodes: %d%s\n", acpi.nr_nodes,
		acpi.has_srat ? " (SRAT)" : " (no SRAT)");
	for (int i = 0; i < acpi.nr_mem; i++)
		kprintf("  node %d [mem 0x%016llx-0x%016llx]%s\n",
			acpi.mem[i].node, (unsigned long long)acpi.mem[i].base,
			(unsigned long long)(acpi.mem[i].base +
					     acpi.mem[i].len - 1),
			acpi.mem[i].hotpluggable ? " hotpluggable" : "");
	kprintf("node distances%s:\nnode ", acpi.has_slit ? "" : " (default)");
	for (int j = 0; j < acpi.nr_nodes; j++)
		kprintf("%4d", j);
	kprintf("\n");
	for (int i = 0; i < acpi.nr_nodes; i++) {
		kprintf("%4d:", i);
		for (int j = 0; j < acpi.nr_nodes; j++)
			kprintf("%4u", acpi.distance[i][j]);
		kprintf("\n");
	}
}

static int cmd_acpi(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!acpi.valid)
		kprintf("no usable ACPI tables: boot CPU only, one node\n");
	else
		show_tables();
	show_cpus();
	show_nodes();
	return 0;
}
SHELL_CMD(acpi, "", "ACPI tables, CPUs, NUMA nodes and distances", cmd_acpi);

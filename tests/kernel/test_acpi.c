/*
 * ktest suite "acpi": the tables QEMU builds parse into what the runner
 * asked for (test_cpus=, test_nodes= from tests/matrix): CPU count,
 * nodes, and CPUs spread over nodes as qemu-run's even split does.
 */
#include "kernel/ktest.h"
#include "kernel/cmdline.h"
#include "arch/x86/acpi.h"
#include "mm/numa.h"

static void acpi_tables_found(struct ktest *t)
{
	KEXPECT_TRUE(t, acpi.valid);
	KEXPECT_TRUE(t, acpi.has_madt);
	KEXPECT_EQ(t, acpi.lapic_phys, 0xfee00000);
	KEXPECT_GE(t, acpi.nr_tables, 3); /* root, FACP, APIC at least */
	for (int i = 0; i < acpi.nr_tables; i++)
		KEXPECT_TRUE(t, acpi.tables[i].checksum_ok);
}

static void acpi_cpus_match_smp(struct ktest *t)
{
	int want = (int)cmdline_int("test_cpus", 0);

	if (!want) {
		ktest_skip(t, "no test_cpus= on the command line");
		return;
	}
	KEXPECT_EQ(t, acpi.nr_cpus, want);
	for (int i = 0; i < acpi.nr_cpus; i++)
		KEXPECT_EQ(t, acpi.cpus[i].apic_id, i); /* QEMU numbers so */
}

static void acpi_nodes_match_numa(struct ktest *t)
{
	int want = (int)cmdline_int("test_nodes", 1);

	KEXPECT_EQ(t, acpi.nr_nodes, want);
	KEXPECT_EQ(t, acpi.has_srat, want > 1);
	for (int i = 0; i < acpi.nr_nodes; i++)
		KEXPECT_EQ(t, acpi.distance[i][i], ACPI_LOCAL_DISTANCE);
	/* qemu-run --numa N gives node i CPUs [i*smp/N, (i+1)*smp/N) */
	for (int c = 0; c < acpi.nr_cpus && acpi.nr_cpus % want == 0; c++)
		KEXPECT_EQ(t, cpu_to_node(c), c * want / acpi.nr_cpus);
}

static const struct ktest_case acpi_cases[] = {
	KTEST_CASE(acpi_tables_found),
	KTEST_CASE(acpi_cpus_match_smp),
	KTEST_CASE(acpi_nodes_match_numa),
	{},
};
KTEST_SUITE(acpi, .cases = acpi_cases);

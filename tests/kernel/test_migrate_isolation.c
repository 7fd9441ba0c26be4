/*
 * ktest suite "migrate_isolation": housekeeping= and isolcpus= may only
 * name CPUs that exist. A housekeeping CPU that does not exist would leave
 * the load balancer with no CPU to run on (test=migrate then fails), so a
 * key naming one is refused with a warning and the default used. Runs in
 * every configuration; tests/matrix has one that names absent CPUs.
 */
#include "kernel/cmdline.h"
#include "kernel/isolation.h"
#include "kernel/ktest.h"
#include "kernel/smp.h"

/* What the command line asked for, whatever isolation_init made of it. */
static void isolation_asked(int *hk, u64 *mask)
{
	*hk = (int)cmdline_int("housekeeping", 0);
	*mask = 0;
	cmdline_get_cpulist(&boot_cmdline, "isolcpus", mask, NR_CPUS);
}

static void isolation_cpus_exist(struct ktest *t)
{
	u64 iso = isolated_cpu_mask();

	KEXPECT_LT(t, housekeeping_cpu(), nr_cpu_ids);
	if (nr_cpu_ids < 64)
		KEXPECT_EQ(t, iso >> nr_cpu_ids, 0);
	KEXPECT_FALSE(t, cpu_is_isolated(housekeeping_cpu()));
}

static void isolation_absent_cpus_refused(struct ktest *t)
{
	u64 mask;
	int hk;

	isolation_asked(&hk, &mask);
	if (hk >= nr_cpu_ids)
		KEXPECT_EQ(t, housekeeping_cpu(), 0);
	else
		KEXPECT_EQ(t, housekeeping_cpu(), hk);
	if (nr_cpu_ids < 64 && (mask >> nr_cpu_ids))
		KEXPECT_EQ(t, isolated_cpu_mask(), 0);
	else
		KEXPECT_EQ(t, isolated_cpu_mask(),
			   mask & ~(1ULL << housekeeping_cpu()));
}

static const struct ktest_case migrate_isolation_cases[] = {
	KTEST_CASE(isolation_cpus_exist),
	KTEST_CASE(isolation_absent_cpus_refused),
	{NULL, NULL},
};

KTEST_SUITE(migrate_isolation, .cases = migrate_isolation_cases);

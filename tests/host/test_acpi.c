/*
 * Host tests of the ACPI parsers on crafted tables: good MADT, SRAT and
 * SLIT, and broken ones (bad checksum, zero or overlong entry lengths, too
 * many domains, overlapping ranges, bad distances) that must be rejected
 * with a warning and leave the caller's acpi_info untouched.
 */
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"
#include "arch/x86/acpi.h"
#include "arch/x86/acpi_tables.h"

static u8 tbl[4096];
static u32 tlen;
static struct acpi_info info;

static void setup(void)
{
	printk_capture_reset();
	acpi_info_reset(&info);
	memset(tbl, 0, sizeof(tbl));
	tlen = 0;
}

/* Start a table: the header plus @fixed - 36 bytes of fixed fields. */
static void tbl_start(const char *sig, u32 fixed)
{
	memcpy(tbl, sig, 4);
	memcpy(tbl + 10, "PGLAB ", 6);
	tlen = fixed;
}

static void put(const void *p, u32 n)
{
	memcpy(tbl + tlen, p, n);
	tlen += n;
}

/* Fill in the length and make the bytes sum to zero. */
static u32 tbl_finish(void)
{
	u8 sum = 0;

	memcpy(tbl + 4, &tlen, 4);
	tbl[9] = 0;
	for (u32 i = 0; i < tlen; i++)
		sum += tbl[i];
	tbl[9] = (u8)-sum;
	return tlen;
}

static void madt_start(u32 lapic)
{
	tbl_start("APIC", sizeof(struct acpi_madt));
	memcpy(tbl + 36, &lapic, 4);
}

static void lapic(u8 uid, u8 id, u32 flags)
{
	struct madt_lapic e = {{MADT_LAPIC, sizeof(e)}, uid, id, flags};

	put(&e, sizeof(e));
}

static void x2apic(u32 id, u32 uid, u32 flags)
{
	struct madt_x2apic e = {{MADT_X2APIC, sizeof(e)}, 0, id, flags, uid};

	put(&e, sizeof(e));
}

static void checksum_basic(struct ht *t)
{
	u8 b[4] = {1, 2, 3, (u8)-6};

	HT_EXPECT(t, acpi_checksum_ok(b, 4));
	b[0] = 2;
	HT_EXPECT(t, !acpi_checksum_ok(b, 4));
	HT_EXPECT(t, acpi_checksum_ok(b, 0));
}

static void madt_good(struct ht *t)
{
	struct madt_lapic_override o = {
		{MADT_LAPIC_OVERRIDE, sizeof(o)}, 0, 0xfed00000};

	madt_start(0xfee00000);
	lapic(0, 0, 1);
	lapic(1, 2, 0); /* disabled */
	lapic(2, 4, 1);
	x2apic(300, 3, 1);
	put(&o, sizeof(o));
	HT_ASSERT(t, acpi_parse_madt(tbl, tbl_finish(), &info) == 0);
	HT_EXPECT(t, info.has_madt);
	HT_EXPECT_EQ(t, info.nr_cpus, 3);
	HT_EXPECT_EQ(t, info.nr_cpus_disabled, 1);
	HT_EXPECT_EQ(t, info.cpus[1].apic_id, 4);
	HT_EXPECT_EQ(t, info.cpus[1].acpi_uid, 2);
	HT_EXPECT_EQ(t, info.cpus[2].apic_id, 300);
	HT_EXPECT(t, info.cpus[2].x2apic_entry);
	HT_EXPECT_EQ(t, info.lapic_phys, 0xfed00000);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
}

static void expect_madt_rejected(struct ht *t, u32 len, const char *why)
{
	HT_EXPECT_EQ(t, acpi_parse_madt(tbl, len, &info), -1);
	HT_EXPECT(t, !info.has_madt);
	HT_EXPECT_EQ(t, info.nr_cpus, 0);
	HT_EXPECT_MSG(t, printk_warned(why), "no warning with '%s'", why);
	HT_EXPECT(t, printk_all_one_line());
}

static void madt_bad_checksum(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 1);
	tbl_finish();
	tbl[40] ^= 1;
	expect_madt_rejected(t, tlen, "bad checksum");
}

static void madt_zero_length_entry(struct ht *t)
{
	u8 e[8] = {MADT_LAPIC, 0};

	madt_start(0xfee00000);
	lapic(0, 0, 1);
	put(e, 8);
	expect_madt_rejected(t, tbl_finish(), "bad length 0");
}

static void madt_entry_overruns_table(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 1);
	x2apic(1, 1, 1);
	tlen -= 4; /* the last entry now claims bytes past the end */
	expect_madt_rejected(t, tbl_finish(), "bad length 16");
}

static void madt_short_entry_for_type(struct ht *t)
{
	u8 e[6] = {MADT_X2APIC, 6};

	madt_start(0xfee00000);
	lapic(0, 0, 1);
	put(e, 6);
	expect_madt_rejected(t, tbl_finish(), "type 9");
}

static void madt_length_beyond_buffer(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 1);
	expect_madt_rejected(t, tbl_finish() - 1, "length");
	setup();
	expect_madt_rejected(t, 20, "only 20 bytes");
}

static void madt_wrong_signature(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 1);
	memcpy(tbl, "APIX", 4);
	expect_madt_rejected(t, tbl_finish(), "signature");
}

/* Found by fuzzing: the signature went into the warning byte for byte. */
static void madt_unprintable_signature(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 1);
	memcpy(tbl, "A\nP\x80", 4);
	expect_madt_rejected(t, tbl_finish(), "signature 'A?P?' does not");
}

static void madt_duplicates_and_overflow(struct ht *t)
{
	madt_start(0xfee00000);
	for (int i = 0; i < NR_CPUS + 3; i++)
		lapic((u8)i, (u8)i, 1);
	lapic(0, 0, 1); /* duplicate of the first */
	HT_ASSERT(t, acpi_parse_madt(tbl, tbl_finish(), &info) == 0);
	HT_EXPECT_EQ(t, info.nr_cpus, NR_CPUS);
	HT_EXPECT(t, printk_warned("more than 64 CPUs"));
	HT_EXPECT(t, printk_warned("listed twice"));
}

static void madt_no_enabled_cpu(struct ht *t)
{
	madt_start(0xfee00000);
	lapic(0, 0, 0);
	expect_madt_rejected(t, tbl_finish(), "no enabled CPU");
}

/* ---- SRAT ---- */

static void srat_start(void)
{
	tbl_start("SRAT", sizeof(struct acpi_srat));
	tbl[36] = 1;
}

static void srat_mem(u32 pxm, u64 base, u64 len, u32 flags)
{
	struct srat_mem_affinity e = {
		{SRAT_MEM_AFFINITY, sizeof(e)}, pxm, 0, base, len, 0, flags, 0};

	put(&e, sizeof(e));
}

static void srat_cpu(u32 pxm, u8 apic_id, u32 flags)
{
	struct srat_cpu_affinity e = {
		{SRAT_CPU_AFFINITY, sizeof(e)}, (u8)pxm, apic_id, flags, 0,
		{(u8)(pxm >> 8), 0, 0},		0};

	put(&e, sizeof(e));
}

static void srat_x2cpu(u32 pxm, u32 id)
{
	struct srat_x2apic_affinity e = {
		{SRAT_X2APIC_AFFINITY, sizeof(e)}, 0, pxm, id, 1, 0, 0};

	put(&e, sizeof(e));
}

/* Four CPUs with APIC ids 0, 1, 2 and 300, as a MADT would give. */
static void four_cpus(void)
{
	static const u32 ids[] = {0, 1, 2, 300};

	for (int i = 0; i < 4; i++)
		info.cpus[i].apic_id = ids[i];
	info.nr_cpus = 4;
	info.has_madt = true;
}

static void srat_good(struct ht *t)
{
	four_cpus();
	srat_start();
	srat_mem(9, 0x40000000, 0x40000000, 1);
	srat_mem(5, 0, 0xa0000, 1);
	srat_mem(5, 0x100000, 0x3ff00000, 1);
	srat_mem(7, 0x80000000, 0x1000, 0); /* disabled: no node 7 */
	srat_cpu(5, 0, 1);
	srat_cpu(9, 1, 1);
	srat_cpu(9, 2, 0); /* disabled: stays on node 0 */
	srat_x2cpu(9, 300);
	srat_cpu(9, 77, 1); /* not in the MADT: ignored */
	HT_ASSERT(t, acpi_parse_srat(tbl, tbl_finish(), &info) == 0);
	HT_EXPECT(t, info.has_srat);
	HT_EXPECT_EQ(t, info.nr_nodes, 2);
	HT_EXPECT_EQ(t, info.node_pxm[0], 5);
	HT_EXPECT_EQ(t, info.node_pxm[1], 9);
	HT_EXPECT_EQ(t, info.nr_mem, 3);
	HT_EXPECT_EQ(t, info.mem[0].node, 1);
	HT_EXPECT_EQ(t, info.mem[0].base, 0x40000000);
	HT_EXPECT_EQ(t, info.mem[2].node, 0);
	HT_EXPECT_EQ(t, info.cpu_node[0], 0);
	HT_EXPECT_EQ(t, info.cpu_node[1], 1);
	HT_EXPECT_EQ(t, info.cpu_node[2], 0);
	HT_EXPECT_EQ(t, info.cpu_node[3], 1);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
}

static void expect_srat_rejected(struct ht *t, const char *why)
{
	HT_EXPECT_EQ(t, acpi_parse_srat(tbl, tbl_finish(), &info), -1);
	HT_EXPECT(t, !info.has_srat);
	HT_EXPECT_EQ(t, info.nr_nodes, 1);
	HT_EXPECT_EQ(t, info.nr_mem, 0);
	HT_EXPECT_MSG(t, printk_warned(why), "no warning with '%s'", why);
}

static void srat_too_many_domains(struct ht *t)
{
	srat_start();
	for (u32 i = 0; i <= MAX_NUMNODES; i++)
		srat_mem(i, (u64)i << 30, 1 << 30, 1);
	expect_srat_rejected(t, "proximity domains");
}

static void srat_overlapping_ranges(struct ht *t)
{
	srat_start();
	srat_mem(0, 0, 0x80000000, 1);
	srat_mem(1, 0x7ff00000, 0x80000000, 1);
	expect_srat_rejected(t, "overlap");
}

static void srat_no_memory(struct ht *t)
{
	four_cpus();
	srat_start();
	srat_cpu(0, 0, 1);
	srat_mem(0, 0, 0x1000, 0);
	expect_srat_rejected(t, "no enabled memory");
}

static void srat_truncated_entry(struct ht *t)
{
	srat_start();
	srat_mem(0, 0, 0x80000000, 1);
	tlen -= 1;
	expect_srat_rejected(t, "bad length 40");
}

static void srat_wrapping_range(struct ht *t)
{
	srat_start();
	srat_mem(0, ~0ULL - 0xfff, 0x2000, 1);
	expect_srat_rejected(t, "wraps");
}

/* ---- SLIT ---- */

static void two_nodes(u32 pxm0, u32 pxm1)
{
	info.has_srat = true;
	info.nr_nodes = 2;
	info.node_pxm[0] = pxm0;
	info.node_pxm[1] = pxm1;
}

static void slit_make(u64 n, const u8 *m)
{
	tbl_start("SLIT", sizeof(struct acpi_slit));
	memcpy(tbl + 36, &n, 8);
	put(m, (u32)(n * n));
}

static void slit_good(struct ht *t)
{
	/* localities 0..2; our nodes are domains 0 and 2 */
	const u8 m[9] = {10, 15, 21, 15, 10, 16, 22, 16, 10};

	two_nodes(0, 2);
	slit_make(3, m);
	HT_ASSERT(t, acpi_parse_slit(tbl, tbl_finish(), &info) == 0);
	HT_EXPECT(t, info.has_slit);
	HT_EXPECT_EQ(t, info.distance[0][0], 10);
	HT_EXPECT_EQ(t, info.distance[0][1], 21);
	HT_EXPECT_EQ(t, info.distance[1][0], 22);
	HT_EXPECT_EQ(t, info.distance[1][1], 10);
}

static void expect_slit_rejected(struct ht *t, u32 len, const char *why)
{
	HT_EXPECT_EQ(t, acpi_parse_slit(tbl, len, &info), -1);
	HT_EXPECT(t, !info.has_slit);
	HT_EXPECT_EQ(t, info.distance[0][1], ACPI_REMOTE_DISTANCE);
	HT_EXPECT_EQ(t, info.distance[1][1], ACPI_LOCAL_DISTANCE);
	HT_EXPECT_MSG(t, printk_warned(why), "no warning with '%s'", why);
}

static void slit_bad_distances(struct ht *t)
{
	const u8 diag[4] = {10, 20, 20, 11};
	const u8 near[4] = {10, 9, 20, 10};

	two_nodes(0, 1);
	slit_make(2, diag);
	expect_slit_rejected(t, tbl_finish(), "invalid");
	setup();
	two_nodes(0, 1);
	slit_make(2, near);
	expect_slit_rejected(t, tbl_finish(), "invalid");
}

static void slit_malformed(struct ht *t)
{
	const u8 m[4] = {10, 20, 20, 10};

	two_nodes(0, 1);
	slit_make(2, m);
	tlen -= 1; /* the matrix no longer fits */
	expect_slit_rejected(t, tbl_finish(), "do not fit");
	setup();
	two_nodes(0, 5); /* domain 5 has no row */
	slit_make(2, m);
	expect_slit_rejected(t, tbl_finish(), "no row");
	setup();
	slit_make(2, m); /* no SRAT: nothing to relate */
	expect_slit_rejected(t, tbl_finish(), "without a usable SRAT");
}

static const struct ht_case cases[] = {
	HT_CASE(checksum_basic),
	HT_CASE(madt_good),
	HT_CASE(madt_bad_checksum),
	HT_CASE(madt_zero_length_entry),
	HT_CASE(madt_entry_overruns_table),
	HT_CASE(madt_short_entry_for_type),
	HT_CASE(madt_length_beyond_buffer),
	HT_CASE(madt_wrong_signature),
	HT_CASE(madt_unprintable_signature),
	HT_CASE(madt_duplicates_and_overflow),
	HT_CASE(madt_no_enabled_cpu),
	HT_CASE(srat_good),
	HT_CASE(srat_too_many_domains),
	HT_CASE(srat_overlapping_ranges),
	HT_CASE(srat_no_memory),
	HT_CASE(srat_truncated_entry),
	HT_CASE(srat_wrapping_range),
	HT_CASE(slit_good),
	HT_CASE(slit_bad_distances),
	HT_CASE(slit_malformed),
};

HT_MAIN(cases, setup)

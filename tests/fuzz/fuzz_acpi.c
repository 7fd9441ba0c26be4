/*
 * libFuzzer target for the ACPI table parsers (arch/x86/acpi_parse.c and
 * acpi_numa.c): a MADT, a SRAT and a SLIT, each in an exact-size buffer,
 * parsed in boot order into one acpi_info. A rejected table must leave it
 * untouched; an accepted one must give what a plain reference reading of
 * the same bytes gives, and that must be self-consistent (unique APIC ids,
 * sorted domains, non-overlapping ranges, valid node ids and distances).
 *
 * Input: a flags byte (FIX_*: the harness fills in a length, signature or
 * checksum, so mutations are not all spent on those), two u16 lengths,
 * then the MADT, the SRAT and, in the rest, the SLIT.
 */
#include "lib/unaligned.h"
#include "arch/x86/acpi.h"
#include "arch/x86/acpi_tables.h"
#include "tests/fuzz/fuzz_util.h"

enum { T_MADT, T_SRAT, T_SLIT, NR_T };

#define FIX_CSUM(t) (1u << (t))	      /* make the bytes sum to 0 */
#define FIX_LEN(t)  (1u << ((t) + 3)) /* header length = buffer length */
#define FIX_SIG	    0x40u	      /* the right signature on all three */

static const char *const sigs[NR_T] = {"APIC", "SRAT", "SLIT"};
static const u32 fixed_len[NR_T] = {sizeof(struct acpi_madt),
				    sizeof(struct acpi_srat),
				    sizeof(struct acpi_slit)};

static struct acpi_info info, before, want;

/* ---- the reference reading ------------------------------------------- */

static u8 sum8(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* Header checks: the table's length, or 0. */
static u32 ref_header(const u8 *t, size_t len, int which)
{
	u32 hlen;

	if (len < sizeof(struct acpi_sdt_header) || memcmp(t, sigs[which], 4))
		return 0;
	memcpy(&hlen, t + 4, 4);
	if (hlen < fixed_len[which] || hlen > len || sum8(t, hlen))
		return 0;
	return hlen;
}

/* The spec's length of the entry types we read; 2 for the others. */
static u32 entry_min(int which, u8 type)
{
	static const u8 madt[10] = {[0] = 8, [5] = 12, [9] = 16};
	static const u8 srat[10] = {[0] = 16, [1] = 40, [2] = 24};
	const u8 *tab = which == T_MADT ? madt : srat;

	return type < 10 && tab[type] ? tab[type] : 2;
}

/* Every entry from @off: at least 2 bytes, inside, long enough. */
static bool ref_entries(const u8 *t, u32 hlen, u32 off, int which)
{
	while (off < hlen) {
		if (hlen - off < 2 || t[off + 1] < 2 ||
		    t[off + 1] > hlen - off ||
		    t[off + 1] < entry_min(which, t[off]))
			return false;
		off += t[off + 1];
	}
	return true;
}

static void ref_add_cpu(struct acpi_info *s, u32 id, u32 uid, bool x2,
			u32 flags)
{
	if (!(flags & 1)) {
		s->nr_cpus_disabled++;
		return;
	}
	for (int i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].apic_id == id)
			return;
	if (s->nr_cpus < NR_CPUS)
		s->cpus[s->nr_cpus++] = (struct acpi_cpu){id, uid, x2};
}

/* The MADT as the spec reads: into @want; false when it must be rejected */
static bool ref_madt(const u8 *t, size_t len)
{
	u32 hlen = ref_header(t, len, T_MADT);

	if (!hlen || !ref_entries(t, hlen, 44, T_MADT))
		return false;
	want = info;
	want.has_madt = true;
	want.lapic_phys = get_unaligned_le32(t + 36);
	want.nr_cpus = want.nr_cpus_disabled = 0;
	memset(want.cpus, 0, sizeof(want.cpus));
	for (u32 off = 44; off < hlen; off += t[off + 1]) {
		const u8 *e = t + off;

		if (e[0] == 0)
			ref_add_cpu(&want, e[3], e[2], false,
				    get_unaligned_le32(e + 4));
		else if (e[0] == 9)
			ref_add_cpu(&want, get_unaligned_le32(e + 4),
				    get_unaligned_le32(e + 12), true,
				    get_unaligned_le32(e + 8));
		else if (e[0] == 5)
			want.lapic_phys = get_unaligned_le64(e + 4);
	}
	return want.nr_cpus > 0;
}

/* One SRAT entry: its domain, and whether it is an enabled one we use. */
static bool ref_srat_entry(const u8 *e, u32 *pxm)
{
	switch (e[0]) {
	case 0:
		*pxm = e[2] | (u32)e[9] << 8 | (u32)e[10] << 16 |
		       (u32)e[11] << 24;
		return get_unaligned_le32(e + 4) & 1;
	case 1:
		*pxm = get_unaligned_le32(e + 2);
		return (get_unaligned_le32(e + 28) & 1) &&
		       get_unaligned_le64(e + 16);
	case 2:
		*pxm = get_unaligned_le32(e + 4);
		return get_unaligned_le32(e + 12) & 1;
	default:
		return false;
	}
}

static int node_of(const struct acpi_info *s, u32 pxm)
{
	for (int i = 0; i < s->nr_nodes; i++)
		if (s->node_pxm[i] == pxm)
			return i;
	return -1;
}

static bool ref_srat_domains(const u8 *t, u32 hlen)
{
	u32 pxm;

	want.nr_nodes = 0;
	for (u32 off = 48; off < hlen; off += t[off + 1]) {
		int i;

		if (!ref_srat_entry(t + off, &pxm) || node_of(&want, pxm) >= 0)
			continue;
		if (want.nr_nodes == MAX_NUMNODES)
			return false;
		for (i = want.nr_nodes++; i > 0 && want.node_pxm[i - 1] > pxm;
		     i--)
			want.node_pxm[i] = want.node_pxm[i - 1];
		want.node_pxm[i] = pxm;
	}
	return true;
}

static bool ref_srat_mem(const u8 *e, u32 pxm)
{
	u64 base = get_unaligned_le64(e + 8), len = get_unaligned_le64(e + 16);

	if (base + len < base || want.nr_mem == ACPI_MAX_MEM_AFFINITY)
		return false;
	for (int i = 0; i < want.nr_mem; i++)
		if (base < want.mem[i].base + want.mem[i].len &&
		    want.mem[i].base < base + len)
			return false;
	want.mem[want.nr_mem++] = (struct acpi_mem_affinity){
		base, len, node_of(&want, pxm), get_unaligned_le32(e + 28) & 2};
	return true;
}

static bool ref_srat(const u8 *t, size_t len)
{
	u32 hlen = ref_header(t, len, T_SRAT), pxm;

	if (!hlen || !ref_entries(t, hlen, 48, T_SRAT))
		return false;
	want = info;
	want.has_srat = true;
	want.nr_mem = 0;
	memset(want.mem, 0, sizeof(want.mem));
	memset(want.node_pxm, 0, sizeof(want.node_pxm));
	memset(want.cpu_node, 0, sizeof(want.cpu_node));
	if (!ref_srat_domains(t, hlen))
		return false;
	for (u32 off = 48; off < hlen; off += t[off + 1]) {
		const u8 *e = t + off;
		u32 id;

		if (!ref_srat_entry(e, &pxm))
			continue;
		if (e[0] == 1) {
			if (!ref_srat_mem(e, pxm))
				return false;
			continue;
		}
		id = e[0] == 0 ? e[3] : get_unaligned_le32(e + 8);
		for (int i = 0; i < want.nr_cpus; i++)
			if (want.cpus[i].apic_id == id)
				want.cpu_node[i] = node_of(&want, pxm);
	}
	return want.nr_mem > 0;
}

static bool ref_slit(const u8 *t, size_t len)
{
	u32 hlen = ref_header(t, len, T_SLIT);
	u64 n;

	if (!hlen)
		return false;
	n = get_unaligned_le64(t + 36);
	if (!n || n > 256 || 44 + n * n > hlen || !info.has_srat)
		return false;
	want = info;
	want.has_slit = true;
	for (int i = 0; i < info.nr_nodes; i++)
		for (int j = 0; j < info.nr_nodes; j++) {
			u64 pi = info.node_pxm[i], pj = info.node_pxm[j];
			u8 d;

			if (pi >= n || pj >= n)
				return false;
			d = t[44 + pi * n + pj];
			if (i == j ? d != 10 : d <= 10)
				return false;
			want.distance[i][j] = d;
		}
	return true;
}

/* ---- what any accepted result must be --------------------------------- */

/* Field by field: padding inside acpi_info holds nothing. */
static bool same_info(const struct acpi_info *a, const struct acpi_info *b)
{
	if (a->valid != b->valid || a->revision != b->revision ||
	    a->rsdp_phys != b->rsdp_phys || a->xsdt != b->xsdt ||
	    a->nr_tables != b->nr_tables || a->has_madt != b->has_madt ||
	    a->lapic_phys != b->lapic_phys || a->nr_cpus != b->nr_cpus ||
	    a->nr_cpus_disabled != b->nr_cpus_disabled ||
	    a->has_srat != b->has_srat || a->nr_nodes != b->nr_nodes ||
	    a->nr_mem != b->nr_mem || a->has_slit != b->has_slit ||
	    memcmp(a->cpu_node, b->cpu_node, sizeof(a->cpu_node)) ||
	    memcmp(a->node_pxm, b->node_pxm, sizeof(a->node_pxm)) ||
	    memcmp(a->distance, b->distance, sizeof(a->distance)))
		return false;
	for (int i = 0; i < NR_CPUS; i++)
		if (a->cpus[i].apic_id != b->cpus[i].apic_id ||
		    a->cpus[i].acpi_uid != b->cpus[i].acpi_uid ||
		    a->cpus[i].x2apic_entry != b->cpus[i].x2apic_entry)
			return false;
	for (int i = 0; i < ACPI_MAX_MEM_AFFINITY; i++)
		if (a->mem[i].base != b->mem[i].base ||
		    a->mem[i].len != b->mem[i].len ||
		    a->mem[i].node != b->mem[i].node ||
		    a->mem[i].hotpluggable != b->mem[i].hotpluggable)
			return false;
	return true;
}

static void check_consistent(const struct acpi_info *a)
{
	FZ_CHECK(a->nr_cpus >= 0 && a->nr_cpus <= NR_CPUS, "%d", a->nr_cpus);
	FZ_CHECK(!a->has_madt || a->nr_cpus > 0, "MADT without CPUs");
	for (int i = 0; i < a->nr_cpus; i++)
		for (int j = 0; j < i; j++)
			FZ_CHECK(a->cpus[i].apic_id != a->cpus[j].apic_id,
				 "APIC id %u twice", a->cpus[i].apic_id);
	FZ_CHECK(a->nr_nodes >= 1 && a->nr_nodes <= MAX_NUMNODES, "%d nodes",
		 a->nr_nodes);
	FZ_CHECK(a->nr_mem >= 0 && a->nr_mem <= ACPI_MAX_MEM_AFFINITY, "%d",
		 a->nr_mem);
	for (int i = 1; a->has_srat && i < a->nr_nodes; i++)
		FZ_CHECK(a->node_pxm[i - 1] < a->node_pxm[i],
			 "domains not sorted");
	for (int i = 0; i < a->nr_mem; i++) {
		const struct acpi_mem_affinity *m = &a->mem[i];

		FZ_CHECK(m->len && m->base + m->len > m->base,
			 "range %d empty or wraps", i);
		FZ_CHECK(m->node >= 0 && m->node < a->nr_nodes, "node %d",
			 m->node);
		for (int j = 0; j < i; j++)
			FZ_CHECK(m->base >= a->mem[j].base + a->mem[j].len ||
					 a->mem[j].base >= m->base + m->len,
				 "ranges %d and %d overlap", j, i);
	}
	for (int i = 0; i < a->nr_cpus; i++)
		FZ_CHECK(a->cpu_node[i] >= 0 && a->cpu_node[i] < a->nr_nodes,
			 "CPU %d on node %d", i, a->cpu_node[i]);
	for (int i = 0; i < MAX_NUMNODES; i++)
		for (int j = 0; j < MAX_NUMNODES; j++) {
			u8 d = a->distance[i][j];

			FZ_CHECK(i == j ? d == 10 : d > 10,
				 "distance %d->%d is %u", i, j, d);
		}
}

/* ---- the input --------------------------------------------------------- */

static void fix_up(u8 *t, size_t len, int which, u8 flags)
{
	if ((flags & FIX_SIG) && len >= 4)
		memcpy(t, sigs[which], 4);
	if ((flags & FIX_LEN(which)) && len >= 8) {
		u32 l = (u32)len;

		memcpy(t + 4, &l, 4);
	}
	if ((flags & FIX_CSUM(which)) && len >= 10) {
		u32 hlen;

		memcpy(&hlen, t + 4, 4);
		t[9] = 0;
		t[9] = (u8)-sum8(t, MIN((size_t)hlen, len));
	}
}

typedef int (*parse_fn)(const void *, size_t, struct acpi_info *);

static void parse_one(struct fz *in, size_t len, int which, u8 flags)
{
	static const parse_fn parse[NR_T] = {acpi_parse_madt, acpi_parse_srat,
					     acpi_parse_slit};
	static bool (*const ref[NR_T])(const u8 *,
				       size_t) = {ref_madt, ref_srat, ref_slit};
	u8 *t;
	bool ok;
	int rc;

	len = MIN(len, in->n);
	t = fz_copy(in->p, len, 0);
	in->p += len;
	in->n -= len;
	fix_up(t, len, which, flags);

	before = info;
	printk_capture_reset();
	rc = parse[which](t, len, &info);
	ok = ref[which](t, len);
	FZ_CHECK((rc == 0) == ok, "%s: parser says %d, reference %d",
		 sigs[which], rc, ok);
	FZ_CHECK(rc == 0 || rc == -1, "%s: rc %d", sigs[which], rc);
	FZ_CHECK(same_info(&info, ok ? &want : &before),
		 "%s: %s differs from the reference", sigs[which],
		 ok ? "accepted table" : "rejected table changed acpi_info");
	FZ_CHECK(rc == 0 || printk_warn_count() == 1,
		 "%s rejected with %d warnings", sigs[which],
		 printk_warn_count());
	FZ_CHECK(acpi_checksum_ok(t, len) == !sum8(t, len), "checksum");
	check_consistent(&info);
	fz_check_messages("ACPI: ");
	fz_free(t, 0);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz in = {data, size};
	u8 flags = fz_u8(&in);
	size_t madt_len = fz_u16(&in), srat_len = fz_u16(&in);

	acpi_info_reset(&info);
	parse_one(&in, madt_len, T_MADT, flags);
	parse_one(&in, srat_len, T_SRAT, flags);
	parse_one(&in, in.n, T_SLIT, flags);
	return 0;
}

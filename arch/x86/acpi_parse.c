/*
 * Pure table checks shared by every parser (checksum, header, entry
 * lengths) and the MADT parser: CPUs and the local APIC address. Linux's
 * counterparts: acpi_table_parse_entries and acpi_parse_madt.
 */
#include "arch/x86/acpi_internal.h"
#include "lib/printk.h"
#include "lib/string.h"

/* Where a table is parsed before it is accepted; boot CPU only. */
struct acpi_info acpi_scratch;
#define scratch acpi_scratch

bool acpi_checksum_ok(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

void acpi_info_reset(struct acpi_info *out)
{
	memset(out, 0, sizeof(*out));
	out->nr_nodes = 1;
	for (int i = 0; i < MAX_NUMNODES; i++)
		for (int j = 0; j < MAX_NUMNODES; j++)
			out->distance[i][j] = i == j ? ACPI_LOCAL_DISTANCE
						     : ACPI_REMOTE_DISTANCE;
}

const char *acpi_printable(char *out, const char *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = in[i] >= ' ' && in[i] < 0x7f ? in[i] : '?';
	out[n] = '\0';
	return out;
}

u32 acpi_table_ok(const void *buf, size_t len, const char *sig, u32 fixed)
{
	struct acpi_sdt_header h;

	if (len < sizeof(h)) {
		pr_warn("ACPI: %s: only %zu bytes, rejected\n", sig, len);
		return 0;
	}
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.signature, sig, 4)) {
		char shown[5];

		pr_warn("ACPI: %s: signature '%s' does not match, rejected\n",
			sig, acpi_printable(shown, h.signature, 4));
		return 0;
	}
	if (h.length < fixed || h.length > len) {
		pr_warn("ACPI: %s: length %u outside [%u, %zu], rejected\n",
			sig, h.length, fixed, len);
		return 0;
	}
	if (!acpi_checksum_ok(buf, h.length)) {
		pr_warn("ACPI: %s: bad checksum, rejected\n", sig);
		return 0;
	}
	return h.length;
}

bool acpi_entries_ok(const u8 *t, u32 len, u32 off, const char *sig,
		     u8 (*min_len)(u8 type))
{
	while (off < len) {
		u8 type, l;

		if (len - off < 2) {
			pr_warn("ACPI: %s: truncated entry at offset %u, "
				"rejected\n",
				sig, off);
			return false;
		}
		type = t[off];
		l = t[off + 1];
		if (l < 2 || l > len - off || l < min_len(type)) {
			pr_warn("ACPI: %s: entry type %u at offset %u has bad "
				"length %u, rejected\n",
				sig, type, off, l);
			return false;
		}
		off += l;
	}
	return true;
}

static u8 madt_min_len(u8 type)
{
	switch (type) {
	case MADT_LAPIC:
		return sizeof(struct madt_lapic);
	case MADT_LAPIC_OVERRIDE:
		return sizeof(struct madt_lapic_override);
	case MADT_X2APIC:
		return sizeof(struct madt_x2apic);
	default:
		return 2;
	}
}

static void madt_add_cpu(struct acpi_info *s, u32 apic_id, u32 uid, bool x2apic,
			 u32 flags)
{
	if (!(flags & MADT_ENABLED)) {
		s->nr_cpus_disabled++;
		return;
	}
	for (int i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].apic_id == apic_id) {
			pr_warn("ACPI: APIC: APIC id %u listed twice, second "
				"ignored\n",
				apic_id);
			return;
		}
	if (s->nr_cpus == NR_CPUS) {
		pr_warn("ACPI: APIC: more than %d CPUs, APIC id %u ignored\n",
			NR_CPUS, apic_id);
		return;
	}
	s->cpus[s->nr_cpus++] = (struct acpi_cpu){
		.apic_id = apic_id, .acpi_uid = uid, .x2apic_entry = x2apic};
}

static void madt_entry(struct acpi_info *s, const u8 *e)
{
	struct madt_lapic la;
	struct madt_lapic_override lo;
	struct madt_x2apic x2;

	switch (e[0]) {
	case MADT_LAPIC:
		memcpy(&la, e, sizeof(la));
		madt_add_cpu(s, la.apic_id, la.acpi_uid, false, la.flags);
		break;
	case MADT_LAPIC_OVERRIDE:
		memcpy(&lo, e, sizeof(lo));
		s->lapic_phys = lo.address;
		break;
	case MADT_X2APIC:
		memcpy(&x2, e, sizeof(x2));
		madt_add_cpu(s, x2.x2apic_id, x2.acpi_uid, true, x2.flags);
		break;
	}
}

int acpi_parse_madt(const void *buf, size_t len, struct acpi_info *out)
{
	const u8 *t = buf;
	struct acpi_madt m;
	u32 tlen = acpi_table_ok(buf, len, "APIC", sizeof(m));

	if (!tlen || !acpi_entries_ok(t, tlen, sizeof(m), "APIC", madt_min_len))
		return -1;
	memcpy(&m, buf, sizeof(m));
	memset(&scratch, 0, sizeof(scratch));
	scratch.lapic_phys = m.lapic_address;
	for (u32 off = sizeof(m); off < tlen; off += t[off + 1])
		madt_entry(&scratch, t + off);
	if (!scratch.nr_cpus) {
		pr_warn("ACPI: APIC: no enabled CPU, rejected\n");
		return -1;
	}
	out->has_madt = true;
	out->lapic_phys = scratch.lapic_phys;
	out->nr_cpus = scratch.nr_cpus;
	out->nr_cpus_disabled = scratch.nr_cpus_disabled;
	memcpy(out->cpus, scratch.cpus, sizeof(out->cpus));
	return 0;
}

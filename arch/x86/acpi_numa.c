/*
 * SRAT and SLIT: which memory and CPUs belong to which proximity domain,
 * and how far domains are from each other. Domains are renumbered 0..n-1
 * in ascending order, as node ids. Linux does this in acpi_numa_init and
 * acpi_numa_slit_init.
 */
#include "arch/x86/acpi_internal.h"
#include "lib/printk.h"
#include "lib/string.h"

#define SLIT_MAX_LOCALITIES 256

static u8 srat_min_len(u8 type)
{
	switch (type) {
	case SRAT_CPU_AFFINITY:
		return sizeof(struct srat_cpu_affinity);
	case SRAT_MEM_AFFINITY:
		return sizeof(struct srat_mem_affinity);
	case SRAT_X2APIC_AFFINITY:
		return sizeof(struct srat_x2apic_affinity);
	default:
		return 2;
	}
}

/* One enabled SRAT entry, whatever its type. */
struct srat_item {
	u8 type;
	u32 pxm;
	u32 apic_id;   /* CPU entries */
	u64 base, len; /* memory entries */
	bool hotpluggable;
};

/* Return: false for disabled entries and types we do not use. */
static bool srat_decode(const u8 *e, struct srat_item *it)
{
	struct srat_cpu_affinity c;
	struct srat_mem_affinity m;
	struct srat_x2apic_affinity x;

	memset(it, 0, sizeof(*it));
	it->type = e[0];
	switch (e[0]) {
	case SRAT_CPU_AFFINITY:
		memcpy(&c, e, sizeof(c));
		it->pxm = c.pxm_lo | (u32)c.pxm_hi[0] << 8 |
			  (u32)c.pxm_hi[1] << 16 | (u32)c.pxm_hi[2] << 24;
		it->apic_id = c.apic_id;
		return c.flags & SRAT_ENABLED;
	case SRAT_MEM_AFFINITY:
		memcpy(&m, e, sizeof(m));
		it->pxm = m.pxm;
		it->base = m.base;
		it->len = m.length;
		it->hotpluggable = m.flags & SRAT_MEM_HOTPLUGGABLE;
		return (m.flags & SRAT_ENABLED) && m.length;
	case SRAT_X2APIC_AFFINITY:
		memcpy(&x, e, sizeof(x));
		it->pxm = x.pxm;
		it->apic_id = x.x2apic_id;
		return x.flags & SRAT_ENABLED;
	default:
		return false;
	}
}

/* Insert @pxm into the sorted node_pxm list. Return: false when full. */
static bool pxm_add(struct acpi_info *s, u32 pxm)
{
	int i = 0;

	while (i < s->nr_nodes && s->node_pxm[i] < pxm)
		i++;
	if (i < s->nr_nodes && s->node_pxm[i] == pxm)
		return true;
	if (s->nr_nodes == MAX_NUMNODES)
		return false;
	memmove(&s->node_pxm[i + 1], &s->node_pxm[i],
		(size_t)(s->nr_nodes - i) * sizeof(s->node_pxm[0]));
	s->node_pxm[i] = pxm;
	s->nr_nodes++;
	return true;
}

static int pxm_to_node(const struct acpi_info *s, u32 pxm)
{
	for (int i = 0; i < s->nr_nodes; i++)
		if (s->node_pxm[i] == pxm)
			return i;
	return -1;
}

/* Pass 1: every proximity domain an enabled entry names. */
static bool srat_collect_domains(const u8 *t, u32 tlen, struct acpi_info *s)
{
	struct srat_item it;

	for (u32 off = sizeof(struct acpi_srat); off < tlen; off += t[off + 1])
		if (srat_decode(t + off, &it) && !pxm_add(s, it.pxm)) {
			pr_warn("ACPI: SRAT: more than %d proximity domains, "
				"rejected\n",
				MAX_NUMNODES);
			return false;
		}
	return true;
}

static bool srat_add_mem(struct acpi_info *s, const struct srat_item *it)
{
	if (it->base + it->len < it->base) {
		pr_warn("ACPI: SRAT: memory range at 0x%llx wraps, rejected\n",
			(unsigned long long)it->base);
		return false;
	}
	for (int i = 0; i < s->nr_mem; i++)
		if (it->base < s->mem[i].base + s->mem[i].len &&
		    s->mem[i].base < it->base + it->len) {
			pr_warn("ACPI: SRAT: memory ranges at 0x%llx and "
				"0x%llx "
				"overlap, rejected\n",
				(unsigned long long)it->base,
				(unsigned long long)s->mem[i].base);
			return false;
		}
	if (s->nr_mem == ACPI_MAX_MEM_AFFINITY) {
		pr_warn("ACPI: SRAT: more than %d memory ranges, rejected\n",
			ACPI_MAX_MEM_AFFINITY);
		return false;
	}
	s->mem[s->nr_mem++] =
		(struct acpi_mem_affinity){.base = it->base,
					   .len = it->len,
					   .node = pxm_to_node(s, it->pxm),
					   .hotpluggable = it->hotpluggable};
	return true;
}

/* A CPU the MADT does not list (QEMU names possible CPUs too) is fine. */
static void srat_set_cpu(struct acpi_info *s, const struct srat_item *it)
{
	for (int i = 0; i < s->nr_cpus; i++)
		if (s->cpus[i].apic_id == it->apic_id)
			s->cpu_node[i] = pxm_to_node(s, it->pxm);
}

/* Pass 2: memory ranges and CPUs, now that node ids are known. */
static bool srat_fill(const u8 *t, u32 tlen, struct acpi_info *s)
{
	struct srat_item it;

	for (u32 off = sizeof(struct acpi_srat); off < tlen;
	     off += t[off + 1]) {
		if (!srat_decode(t + off, &it))
			continue;
		if (it.type != SRAT_MEM_AFFINITY)
			srat_set_cpu(s, &it);
		else if (!srat_add_mem(s, &it))
			return false;
	}
	if (!s->nr_mem) {
		pr_warn("ACPI: SRAT: no enabled memory range, rejected\n");
		return false;
	}
	return true;
}

int acpi_parse_srat(const void *buf, size_t len, struct acpi_info *out)
{
	const u8 *t = buf;
	struct acpi_info *s = &acpi_scratch;
	u32 tlen = acpi_table_ok(buf, len, "SRAT", sizeof(struct acpi_srat));

	if (!tlen || !acpi_entries_ok(t, tlen, sizeof(struct acpi_srat), "SRAT",
				      srat_min_len))
		return -1;
	memset(s, 0, sizeof(*s));
	s->nr_cpus = out->nr_cpus;
	memcpy(s->cpus, out->cpus, sizeof(s->cpus));
	if (!srat_collect_domains(t, tlen, s) || !srat_fill(t, tlen, s))
		return -1;
	out->has_srat = true;
	out->nr_nodes = s->nr_nodes;
	memcpy(out->node_pxm, s->node_pxm, sizeof(out->node_pxm));
	out->nr_mem = s->nr_mem;
	memcpy(out->mem, s->mem, sizeof(out->mem));
	memcpy(out->cpu_node, s->cpu_node, sizeof(out->cpu_node));
	return 0;
}

/* Distances between our nodes, checked as Linux's slit_valid does. */
static bool slit_fill(const struct acpi_slit *sl, u64 n,
		      const struct acpi_info *out, u8 d[][MAX_NUMNODES])
{
	for (int i = 0; i < out->nr_nodes; i++)
		for (int j = 0; j < out->nr_nodes; j++) {
			u64 pi = out->node_pxm[i], pj = out->node_pxm[j];

			if (pi >= n || pj >= n) {
				pr_warn("ACPI: SLIT: %llu localities, no row "
					"for domain %llu, rejected\n",
					(unsigned long long)n,
					(unsigned long long)MAX(pi, pj));
				return false;
			}
			d[i][j] = sl->entry[pi * n + pj];
			if (i == j ? d[i][j] != ACPI_LOCAL_DISTANCE
				   : d[i][j] <= ACPI_LOCAL_DISTANCE) {
				pr_warn("ACPI: SLIT: distance %u from node %d "
					"to %d is invalid, rejected\n",
					d[i][j], i, j);
				return false;
			}
		}
	return true;
}

int acpi_parse_slit(const void *buf, size_t len, struct acpi_info *out)
{
	const struct acpi_slit *sl = buf;
	u8 d[MAX_NUMNODES][MAX_NUMNODES];
	u32 tlen = acpi_table_ok(buf, len, "SLIT", sizeof(struct acpi_slit));
	u64 n;

	if (!tlen)
		return -1;
	memcpy(&n, (const u8 *)buf + offsetof(struct acpi_slit, localities),
	       sizeof(n));
	if (n == 0 || n > SLIT_MAX_LOCALITIES ||
	    sizeof(struct acpi_slit) + n * n > tlen) {
		pr_warn("ACPI: SLIT: %llu localities do not fit in %u bytes, "
			"rejected\n",
			(unsigned long long)n, tlen);
		return -1;
	}
	if (!out->has_srat) {
		pr_warn("ACPI: SLIT: without a usable SRAT there are no "
			"nodes to relate, ignored\n");
		return -1;
	}
	if (!slit_fill(sl, n, out, d))
		return -1;
	out->has_slit = true;
	for (int i = 0; i < out->nr_nodes; i++)
		memcpy(out->distance[i], d[i], (size_t)out->nr_nodes);
	return 0;
}

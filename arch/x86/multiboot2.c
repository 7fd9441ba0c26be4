/*
 * Multiboot2 boot information: walk the loader's tag list (spec section 3.6)
 * into struct mb2_info. Every length is checked against the bytes that
 * really exist, because a wrong length here would hand the allocator memory
 * that is not there. Each problem is one "multiboot2: " warning line.
 */
#include "lib/unaligned.h"
#include "arch/x86/multiboot2.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_LAST_KNOWN = 21, /* types up to here exist; we skip the rest */
};

#define MB2_INFO_HDR	   8  /* u32 total_size, u32 reserved */
#define MB2_TAG_HDR	   8  /* u32 type, u32 size */
#define MB2_MIN_TOTAL	   16 /* the header plus an end tag */
#define MB2_MMAP_HDR	   16 /* tag header, u32 entry_size, u32 version */
#define MB2_MMAP_ENTRY_MIN 24 /* u64 base, u64 len, u32 type, u32 reserved */
#define RSDP_V1_LEN	   20
#define RSDP_V2_LEN	   36
#define EFI_DESC_MIN	   40 /* sizeof(EFI_MEMORY_DESCRIPTOR) */

/* The walk over one information structure. */
struct mb2_walk {
	const u8 *base;
	size_t total; /* bytes of the structure that may be read */
	bool clamped; /* total_size was cut down to what is there */
	u32 seen;     /* bit per tag type already taken */
	struct mb2_info *out;
};

/* Report one problem on one line and count it. */
static __printf(2, 3) void problem(struct mb2_info *out, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out->nr_problems++;
	pr_warn("multiboot2: %s\n", line);
}

static const char *tag_name(u32 type)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		return "cmdline";
	case MB2_TAG_LOADER:
		return "loader name";
	case MB2_TAG_MMAP:
		return "memory map";
	case MB2_TAG_ACPI_OLD:
		return "ACPI RSDP v1";
	case MB2_TAG_ACPI_NEW:
		return "ACPI RSDP v2";
	case MB2_TAG_EFI_MMAP:
		return "EFI memory map";
	default:
		return "other";
	}
}

const char *mb2_mem_type_name(u32 type)
{
	switch (type) {
	case MB2_MEM_AVAILABLE:
		return "usable";
	case MB2_MEM_RESERVED:
		return "reserved";
	case MB2_MEM_ACPI_RECLAIMABLE:
		return "ACPI data";
	case MB2_MEM_NVS:
		return "ACPI NVS";
	case MB2_MEM_BADRAM:
		return "bad RAM";
	default:
		return "unknown";
	}
}

/* Tags 1 and 2: a string that must end inside its own tag. */
static bool take_string(struct mb2_walk *w, u32 type, size_t off, u32 size,
			const char **dst)
{
	const char *s = (const char *)w->base + off + MB2_TAG_HDR;
	size_t room = size - MB2_TAG_HDR;

	if (strnlen(s, room) == room) {
		problem(w->out,
			"tag %u (%s) at offset 0x%zx: string not "
			"NUL-terminated within its %zu bytes, ignored",
			type, tag_name(type), off, room);
		return false;
	}
	*dst = s;
	return true;
}

/* One memory map entry at @off; empty or wrapping ones are dropped. */
static void take_mmap_entry(struct mb2_walk *w, size_t off)
{
	const u8 *e = w->base + off;
	struct mb2_mmap_entry m = {.base = get_unaligned_le64(e),
				   .len = get_unaligned_le64(e + 8),
				   .type = get_unaligned_le32(e + 16)};

	if (m.len == 0) {
		problem(w->out,
			"memory map entry at offset 0x%zx (base 0x%llx) has "
			"length 0, skipped",
			off, (unsigned long long)m.base);
		return;
	}
	if (m.base > UINT64_MAX - (m.len - 1)) {
		problem(w->out,
			"memory map entry at offset 0x%zx (base 0x%llx len "
			"0x%llx) wraps past 2^64, skipped",
			off, (unsigned long long)m.base,
			(unsigned long long)m.len);
		return;
	}
	w->out->mmap[w->out->nr_mmap++] = m;
}

/* Tag 6: entry_size tells how far apart entries are; newer ones are longer. */
static bool take_mmap(struct mb2_walk *w, size_t off, u32 size)
{
	const u8 *tag = w->base + off;
	u32 esize, n, i;

	if (size < MB2_MMAP_HDR) {
		problem(w->out,
			"tag 6 (memory map) at offset 0x%zx: size %u too small "
			"for its header, ignored",
			off, size);
		return false;
	}
	esize = get_unaligned_le32(tag + 8);
	if (esize < MB2_MMAP_ENTRY_MIN || esize % 8) {
		problem(w->out,
			"tag 6 (memory map) at offset 0x%zx: entry_size %u "
			"invalid (need a multiple of 8, at least 24), ignored",
			off, esize);
		return false;
	}
	n = (size - MB2_MMAP_HDR) / esize;
	if ((size - MB2_MMAP_HDR) % esize)
		problem(w->out,
			"tag 6 (memory map) at offset 0x%zx: %u bytes after "
			"the last whole entry ignored",
			off, (size - MB2_MMAP_HDR) % esize);
	for (i = 0; i < n; i++) {
		if (w->out->nr_mmap == MB2_MAX_MMAP) {
			problem(w->out,
				"tag 6 (memory map) at offset 0x%zx: more than "
				"%d entries, ignoring the last %u",
				off, MB2_MAX_MMAP, n - i);
			break;
		}
		take_mmap_entry(w, off + MB2_MMAP_HDR + (size_t)i * esize);
	}
	return true;
}

/* Tags 14 and 15: a copy of the RSDP. Version 2 wins whatever the order. */
static bool take_rsdp(struct mb2_walk *w, u32 type, size_t off, u32 size)
{
	int version = type == MB2_TAG_ACPI_NEW ? 2 : 1;
	u32 need = version == 2 ? RSDP_V2_LEN : RSDP_V1_LEN;
	u32 have = size - MB2_TAG_HDR;

	if (have < need) {
		problem(w->out,
			"tag %u (%s) at offset 0x%zx: %u bytes, an RSDP needs "
			"%u, ignored",
			type, tag_name(type), off, have, need);
		return false;
	}
	if (version < w->out->rsdp_version)
		return true;
	w->out->rsdp = w->base + off + MB2_TAG_HDR;
	w->out->rsdp_len = have;
	w->out->rsdp_version = version;
	return true;
}

/* Tag 17: the firmware's descriptors, kept as they are for the EFI code. */
static bool take_efi_mmap(struct mb2_walk *w, size_t off, u32 size)
{
	u32 dsize, len;

	if (size < MB2_MMAP_HDR) {
		problem(w->out,
			"tag 17 (EFI memory map) at offset 0x%zx: size %u too "
			"small for its header, ignored",
			off, size);
		return false;
	}
	dsize = get_unaligned_le32(w->base + off + 8);
	if (dsize < EFI_DESC_MIN || dsize % 8) {
		problem(w->out,
			"tag 17 (EFI memory map) at offset 0x%zx: descr_size "
			"%u invalid (need a multiple of 8, at least 40), "
			"ignored",
			off, dsize);
		return false;
	}
	len = size - MB2_MMAP_HDR;
	if (len % dsize)
		problem(w->out,
			"tag 17 (EFI memory map) at offset 0x%zx: %u bytes "
			"after the last whole descriptor ignored",
			off, len % dsize);
	w->out->efi_mmap = w->base + off + MB2_MMAP_HDR;
	w->out->efi_mmap_len = len - len % dsize;
	w->out->efi_desc_size = dsize;
	return true;
}

static bool take_tag(struct mb2_walk *w, u32 type, size_t off, u32 size)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		return take_string(w, type, off, size, &w->out->cmdline);
	case MB2_TAG_LOADER:
		return take_string(w, type, off, size, &w->out->loader_name);
	case MB2_TAG_MMAP:
		return take_mmap(w, off, size);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return take_rsdp(w, type, off, size);
	case MB2_TAG_EFI_MMAP:
		return take_efi_mmap(w, off, size);
	default:
		return false;
	}
}

/*
 * One tag that is known to lie inside the structure. Tags we do not use
 * (modules, framebuffer, ...) are skipped quietly: the spec lets loaders
 * add them. Only the ones we read may not repeat.
 */
static void parse_tag(struct mb2_walk *w, u32 type, size_t off, u32 size)
{
	if (type > MB2_TAG_LAST_KNOWN) {
		pr_debug("multiboot2: unknown tag %u at offset 0x%zx skipped\n",
			 type, off);
		return;
	}
	if (w->seen & (1u << type)) {
		problem(w->out,
			"duplicate tag %u (%s) at offset 0x%zx, keeping the "
			"first",
			type, tag_name(type), off);
		return;
	}
	if (take_tag(w, type, off, size))
		w->seen |= 1u << type;
}

/* The end tag: its size should be 8, and nothing should follow it. */
static void end_tag(struct mb2_walk *w, size_t off, u32 size)
{
	size_t after = ALIGN_UP(off + size, 8);

	if (size != MB2_TAG_HDR)
		problem(w->out,
			"end tag at offset 0x%zx has size %u, expected 8", off,
			size);
	/* a clamped total_size has been reported already */
	if (after < w->total && !w->clamped)
		problem(w->out,
			"%zu bytes after the end tag at offset 0x%zx "
			"(total_size %zu)",
			w->total - after, off, w->total);
}

/*
 * Walk the tags. Each starts 8-byte aligned; a tag whose size is below its
 * own header, or which runs past the end, leaves nothing trustworthy after
 * it, so the walk stops there and keeps what it already has.
 */
static void walk_tags(struct mb2_walk *w)
{
	size_t off = MB2_INFO_HDR;

	while (off + MB2_TAG_HDR <= w->total) {
		u32 type = get_unaligned_le32(w->base + off),
		    size = get_unaligned_le32(w->base + off + 4);

		if (size < MB2_TAG_HDR) {
			problem(w->out,
				"tag %u at offset 0x%zx has size %u, below 8; "
				"stopping",
				type, off, size);
			return;
		}
		if (size > w->total - off) {
			problem(w->out,
				"tag %u at offset 0x%zx (size %u) runs past "
				"the end at %zu; stopping",
				type, off, size, w->total);
			return;
		}
		if (type == MB2_TAG_END) {
			end_tag(w, off, size);
			return;
		}
		parse_tag(w, type, off, size);
		off += ALIGN_UP((size_t)size, 8);
	}
	problem(w->out, "no end tag within total_size %zu", w->total);
}

/* Report each entry that overlaps an earlier one; both are kept. */
static void check_overlaps(struct mb2_info *out)
{
	int i, j;

	for (j = 1; j < out->nr_mmap; j++) {
		const struct mb2_mmap_entry *b = &out->mmap[j];

		for (i = 0; i < j; i++) {
			const struct mb2_mmap_entry *a = &out->mmap[i];

			/* inclusive ends: base + len cannot overflow here */
			if (a->base <= b->base + (b->len - 1) &&
			    b->base <= a->base + (a->len - 1)) {
				problem(out,
					"memory map entries %d [0x%llx-0x%llx] "
					"and %d [0x%llx-0x%llx] overlap, "
					"keeping both",
					i, (unsigned long long)a->base,
					(unsigned long long)(a->base + a->len -
							     1),
					j, (unsigned long long)b->base,
					(unsigned long long)(b->base + b->len -
							     1));
				break;
			}
		}
	}
}

int mb2_parse(const void *info, size_t avail, struct mb2_info *out)
{
	struct mb2_walk w = {.base = info, .out = out};
	u32 total;

	memset(out, 0, sizeof(*out));
	if (!info || avail < MB2_MIN_TOTAL) {
		problem(out,
			"only %zu bytes available, need at least %d; unusable",
			info ? avail : 0, MB2_MIN_TOTAL);
		return -1;
	}
	if ((uintptr_t)info % 8)
		problem(out, "information at %p is not 8-byte aligned", info);
	total = get_unaligned_le32(w.base);
	if (total < MB2_MIN_TOTAL) {
		problem(out,
			"total_size %u is below the minimum of %d; unusable",
			total, MB2_MIN_TOTAL);
		return -1;
	}
	w.total = total;
	if (total > avail) {
		problem(out,
			"total_size %u is more than the %zu bytes available; "
			"using %zu",
			total, avail, avail);
		w.total = avail;
		w.clamped = true;
	}
	walk_tags(&w);
	check_overlaps(out);
	return 0;
}

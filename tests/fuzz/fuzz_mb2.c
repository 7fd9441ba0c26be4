/*
 * libFuzzer target for mb2_parse (arch/x86/multiboot2.c). The input is the
 * multiboot2 information structure itself, in an exact-size heap buffer
 * (off 8-byte alignment when its size is), so ASan sees any read past it.
 * Beyond surviving, the result must keep the parser's promises: every
 * pointer and entry comes from inside the structure, strings end inside it,
 * sizes are whole multiples, and each counted problem is one warning line.
 */
#include "lib/unaligned.h"
#include "arch/x86/multiboot2.h"
#include "tests/fuzz/fuzz_util.h"

#define INFO_HDR  8  /* total_size, reserved */
#define MMAP_HDR  16 /* tag header, entry_size, entry_version */
#define ENTRY_MIN 24

/* Whether the 20 meaningful bytes of a raw map entry at @p are @e. */
static bool entry_at(const u8 *p, const struct mb2_mmap_entry *e)
{
	u64 base, len;
	u32 type;

	memcpy(&base, p, 8);
	memcpy(&len, p + 8, 8);
	memcpy(&type, p + 16, 4);
	return base == e->base && len == e->len && type == e->type;
}

/*
 * Each returned entry is a copy of a whole entry inside the first @total
 * bytes, at an 8-aligned offset, later in the input than the one before
 * (they come from one tag, entry_size >= 24 apart); none is empty or wraps.
 * Searching greedily for the earliest match is enough to prove that.
 */
static void check_mmap(const struct mb2_info *info, const u8 *buf, size_t total)
{
	size_t off = INFO_HDR + MMAP_HDR;

	FZ_CHECK(info->nr_mmap >= 0 && info->nr_mmap <= MB2_MAX_MMAP, "%d",
		 info->nr_mmap);
	for (int i = 0; i < info->nr_mmap; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];

		FZ_CHECK(e->len != 0, "entry %d", i);
		FZ_CHECK(e->base + (e->len - 1) >= e->base,
			 "entry %d base 0x%llx len 0x%llx", i,
			 (unsigned long long)e->base,
			 (unsigned long long)e->len);
		FZ_CHECK(mb2_mem_type_name(e->type) != NULL, "type %u",
			 e->type);
		while (off + ENTRY_MIN <= total && !entry_at(buf + off, e))
			off += 8;
		FZ_CHECK(off + ENTRY_MIN <= total,
			 "entry %d (base 0x%llx) is not in the input", i,
			 (unsigned long long)e->base);
		off += ENTRY_MIN;
	}
}

/* A string taken from a tag: starts at a tag payload, ends inside. */
static void check_string(const char *s, const u8 *buf, size_t total)
{
	size_t room;

	if (!s)
		return;
	FZ_CHECK(fz_inside(s, 1, buf, total), "string outside the input");
	FZ_CHECK(((const u8 *)s - buf) % 8 == 0, "string at offset %zu",
		 (size_t)((const u8 *)s - buf));
	room = total - (size_t)((const u8 *)s - buf);
	FZ_CHECK(strnlen(s, room) < room, "string not NUL-terminated inside");
}

static void check_info(const struct mb2_info *info, const u8 *buf, size_t total)
{
	check_mmap(info, buf, total);
	check_string(info->cmdline, buf, total);
	check_string(info->loader_name, buf, total);

	FZ_CHECK((info->rsdp != NULL) == (info->rsdp_version != 0), "%d",
		 info->rsdp_version);
	if (info->rsdp) {
		u32 need = info->rsdp_version == 2 ? 36 : 20;

		FZ_CHECK(info->rsdp_version == 1 || info->rsdp_version == 2,
			 "%d", info->rsdp_version);
		FZ_CHECK(info->rsdp_len >= need, "%u", info->rsdp_len);
		FZ_CHECK(fz_inside(info->rsdp, info->rsdp_len, buf, total),
			 "RSDP of %u bytes outside the input", info->rsdp_len);
		FZ_CHECK(((const u8 *)info->rsdp - buf) % 8 == 0, "RSDP");
	}
	if (info->efi_mmap) {
		FZ_CHECK(info->efi_desc_size >= 40 &&
				 info->efi_desc_size % 8 == 0,
			 "%u", info->efi_desc_size);
		FZ_CHECK(info->efi_mmap_len % info->efi_desc_size == 0,
			 "%u %% %u", info->efi_mmap_len, info->efi_desc_size);
		FZ_CHECK(fz_inside(info->efi_mmap, info->efi_mmap_len, buf,
				   total),
			 "EFI map of %u bytes outside the input",
			 info->efi_mmap_len);
		FZ_CHECK(((const u8 *)info->efi_mmap - buf) % 8 == 0, "EFI");
	} else {
		FZ_CHECK(!info->efi_mmap_len && !info->efi_desc_size, "EFI");
	}
	FZ_CHECK(info->nr_problems == printk_warn_count(),
		 "%d problems counted, %d warnings printed", info->nr_problems,
		 printk_warn_count());
	fz_check_messages("multiboot2: ");
}

/* @p (inside @abuf) and @q (inside @bbuf) at the same offset, or both NULL */
static bool same_ptr(const void *p, const u8 *abuf, const void *q,
		     const u8 *bbuf)
{
	if (!p || !q)
		return p == q;
	return (const u8 *)p - abuf == (const u8 *)q - bbuf;
}

/* The same result from two copies of the structure. */
static bool same_info(const struct mb2_info *a, const u8 *abuf,
		      const struct mb2_info *b, const u8 *bbuf)
{
	if (a->nr_mmap != b->nr_mmap || a->rsdp_len != b->rsdp_len ||
	    a->rsdp_version != b->rsdp_version ||
	    a->efi_mmap_len != b->efi_mmap_len ||
	    a->efi_desc_size != b->efi_desc_size ||
	    a->nr_problems != b->nr_problems ||
	    !same_ptr(a->cmdline, abuf, b->cmdline, bbuf) ||
	    !same_ptr(a->loader_name, abuf, b->loader_name, bbuf) ||
	    !same_ptr(a->rsdp, abuf, b->rsdp, bbuf) ||
	    !same_ptr(a->efi_mmap, abuf, b->efi_mmap, bbuf))
		return false;
	for (int i = 0; i < a->nr_mmap; i++)
		if (a->mmap[i].base != b->mmap[i].base ||
		    a->mmap[i].len != b->mmap[i].len ||
		    a->mmap[i].type != b->mmap[i].type)
			return false;
	return true;
}

/*
 * The spec's reading, written plainly: walk the tags until the end tag or
 * one whose size cannot be right, and take the first usable tag of each
 * kind we read (an RSDP v2 over a v1). Entries that are empty or wrap past
 * 2^64 are dropped; at most MB2_MAX_MMAP are kept.
 */
/* Tag 6: its entries, when its entry_size is usable. */
static bool ref_mmap(const u8 *tag, u32 size, struct mb2_info *r)
{
	u32 esize;

	if (size < MMAP_HDR)
		return false;
	esize = get_unaligned_le32(tag + 8);
	if (esize < ENTRY_MIN || esize % 8)
		return false;
	for (u32 i = 0; i < (size - MMAP_HDR) / esize; i++) {
		const u8 *e = tag + MMAP_HDR + (size_t)i * esize;
		u64 base = get_unaligned_le64(e),
		    len = get_unaligned_le64(e + 8);

		if (r->nr_mmap == MB2_MAX_MMAP)
			break;
		if (len && base + (len - 1) >= base)
			r->mmap[r->nr_mmap++] = (struct mb2_mmap_entry){
				base, len, get_unaligned_le32(e + 16)};
	}
	return true;
}

/* Tag 17: the descriptors, cut to whole ones. */
static bool ref_efi(const u8 *tag, u32 size, struct mb2_info *r)
{
	u32 dsize;

	if (size < MMAP_HDR)
		return false;
	dsize = get_unaligned_le32(tag + 8);
	if (dsize < 40 || dsize % 8)
		return false;
	r->efi_desc_size = dsize;
	r->efi_mmap = tag + MMAP_HDR;
	r->efi_mmap_len = (size - MMAP_HDR) - (size - MMAP_HDR) % dsize;
	return true;
}

/*
 * The spec's reading, written plainly: walk the tags until the end tag or
 * one whose size cannot be right, and take the first usable tag of each
 * kind we read; an RSDP v2 wins over a v1.
 */
static void ref_parse(const u8 *buf, size_t total, struct mb2_info *r)
{
	const u8 *rsdp[2] = {NULL, NULL};
	u32 rsdp_len[2] = {0, 0}, took = 0;

	memset(r, 0, sizeof(*r));
	for (size_t off = INFO_HDR; off + 8 <= total;) {
		u32 type = get_unaligned_le32(buf + off),
		    size = get_unaligned_le32(buf + off + 4);
		const u8 *tag = buf + off;
		const char *str = (const char *)tag + 8;

		if (size < 8 || size > total - off || type == 0)
			break;
		if (type > 31 || (took & 1u << type))
			type = 3; /* one we skip */
		if ((type == 1 || type == 2) &&
		    strnlen(str, size - 8) < size - 8) {
			*(type == 1 ? &r->cmdline : &r->loader_name) = str;
			took |= 1u << type;
		}
		if ((type == 14 || type == 15) &&
		    size - 8 >= (type == 15 ? 36u : 20u)) {
			rsdp[type - 14] = tag + 8;
			rsdp_len[type - 14] = size - 8;
			took |= 1u << type;
		}
		if ((type == 6 && ref_mmap(tag, size, r)) ||
		    (type == 17 && ref_efi(tag, size, r)))
			took |= 1u << type;
		off += ALIGN_UP((size_t)size, 8);
	}
	for (int v = 2; v >= 1 && !r->rsdp; v--) {
		r->rsdp = rsdp[v - 1];
		r->rsdp_len = rsdp_len[v - 1];
		r->rsdp_version = r->rsdp ? v : 0;
	}
}

static struct mb2_info info, info2, ref;

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t shift = size % 8, total = 0;
	u8 *buf = fz_copy(data, size, shift), *buf2;
	u32 total_size = 0;
	int rc;

	if (size >= 4)
		memcpy(&total_size, data, 4);
	printk_capture_reset();
	rc = mb2_parse(buf, size, &info);
	FZ_CHECK(rc == ((size < 16 || total_size < 16) ? -1 : 0),
		 "rc %d for %zu bytes, total_size %u", rc, size, total_size);
	if (rc == 0)
		total = MIN((size_t)total_size, size);
	else
		FZ_CHECK(!info.nr_mmap && !info.cmdline && !info.rsdp &&
				 !info.efi_mmap,
			 "an unusable structure gave results");
	check_info(&info, buf, total);
	if (rc == 0) {
		ref_parse(buf, total, &ref);
		ref.nr_problems = info.nr_problems;
		FZ_CHECK(same_info(&info, buf, &ref, buf),
			 "the reference reading differs (%d vs %d entries)",
			 info.nr_mmap, ref.nr_mmap);
	}

	/* Bytes past total_size are not the structure's: they change nothing */
	if (rc == 0 && total_size < size) {
		buf2 = fz_copy(data, total_size, shift);
		printk_capture_reset();
		FZ_CHECK(mb2_parse(buf2, total_size, &info2) == 0, "rc");
		FZ_CHECK(same_info(&info, buf, &info2, buf2),
			 "%zu trailing bytes changed the result",
			 size - total_size);
		fz_free(buf2, shift);
	}
	fz_free(buf, shift);
	return 0;
}

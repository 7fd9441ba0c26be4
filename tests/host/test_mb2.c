/*
 * Host tests of arch/x86/multiboot2.c: a well-formed information structure
 * and crafted broken ones. Every blob is parsed from a malloc'd buffer of
 * exactly the bytes the parser is allowed to read, so ASan reports any read
 * past them; every problem must come with exactly one warning line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/multiboot2.h"
#include "lib/prng.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

/* An information structure being built: header, then 8-aligned tags. */
struct blob {
	u8 b[8192];
	size_t len;
};

static void put32(struct blob *b, size_t off, u32 v)
{
	memcpy(b->b + off, &v, 4);
}

static void put64(struct blob *b, size_t off, u64 v)
{
	memcpy(b->b + off, &v, 8);
}

static void blob_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

/* Append a tag of @size bytes; return the offset of its payload. */
static size_t blob_tag(struct blob *b, u32 type, u32 size)
{
	size_t off = b->len;

	put32(b, off, type);
	put32(b, off + 4, size);
	b->len += ALIGN_UP((size_t)size, 8);
	return off + 8;
}

static void blob_str(struct blob *b, u32 type, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(b->b + blob_tag(b, type, 8 + (u32)n), s, n);
}

/* Memory map tag with entries of @esize bytes (24 in today's spec). */
static void blob_mmap(struct blob *b, u32 esize, const struct mb2_mmap_entry *e,
		      int n)
{
	size_t p = blob_tag(b, 6, 16 + esize * (u32)n);
	int i;

	put32(b, p, esize);
	for (i = 0; i < n; i++) {
		size_t q = p + 8 + (size_t)i * esize;

		put64(b, q, e[i].base);
		put64(b, q + 8, e[i].len);
		put32(b, q + 16, e[i].type);
	}
}

/* End tag, and total_size set to the length so far. */
static void blob_end(struct blob *b)
{
	blob_tag(b, 0, 8);
	put32(b, 0, (u32)b->len);
}

/*
 * Parse @b from an exact-size heap copy of its first @avail bytes. The
 * copy is returned in *@mem (pointers in @out point into it); free it.
 * Checks that each counted problem printed one single-line warning.
 */
static int parse_exact(struct ht *t, const struct blob *b, size_t avail,
		       struct mb2_info *out, u8 **mem)
{
	int rc;

	*mem = malloc(avail ? avail : 1);
	memcpy(*mem, b->b, avail);
	printk_capture_reset();
	rc = mb2_parse(*mem, avail, out);
	HT_EXPECT_EQ(t, printk_warn_count(), out->nr_problems);
	HT_EXPECT(t, printk_all_one_line());
	HT_EXPECT_EQ(t, printk_warned_count("multiboot2: "),
		     printk_warn_count());
	return rc;
}

static const struct mb2_mmap_entry good_map[] = {
	{0x0, 0x9fc00, MB2_MEM_AVAILABLE},
	{0x9fc00, 0x400, MB2_MEM_RESERVED},
	{0x100000, 0x7ee0000, MB2_MEM_AVAILABLE},
	{0x7fe0000, 0x20000, MB2_MEM_ACPI_RECLAIMABLE},
	{0xfffc0000, 0x40000, MB2_MEM_RESERVED},
};

/* What GRUB hands over under UEFI, with tags we do not use in between. */
static void build_good(struct blob *b)
{
	size_t p;

	blob_init(b);
	blob_str(b, 1, "mode=test cpus=4");
	blob_str(b, 2, "GRUB 2.06");
	blob_tag(b, 3, 8 + 8 + 6); /* module: start, end, "name" */
	blob_tag(b, 4, 16);	   /* basic meminfo */
	blob_tag(b, 5, 20);	   /* boot device */
	blob_mmap(b, 24, good_map, ARRAY_SIZE(good_map));
	blob_tag(b, 8, 8 + 24 + 6); /* framebuffer */
	p = blob_tag(b, 14, 8 + 20);
	memcpy(b->b + p, "RSD PTR ", 8);
	p = blob_tag(b, 15, 8 + 36);
	memcpy(b->b + p, "RSD PTR ", 8);
	b->b[p + 15] = 2;
	p = blob_tag(b, 17, 16 + 3 * 48);
	put32(b, p, 48);
	put32(b, p + 4, 1);
	blob_tag(b, 21, 12); /* load base address */
	blob_end(b);
}

static void mb2_good(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;
	int i;

	build_good(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_problems, 0);
	HT_EXPECT_STREQ(t, info.cmdline, "mode=test cpus=4");
	HT_EXPECT_STREQ(t, info.loader_name, "GRUB 2.06");
	HT_ASSERT(t, info.nr_mmap == (int)ARRAY_SIZE(good_map));
	for (i = 0; i < info.nr_mmap; i++) {
		HT_EXPECT(t, info.mmap[i].base == good_map[i].base);
		HT_EXPECT(t, info.mmap[i].len == good_map[i].len);
		HT_EXPECT_EQ(t, info.mmap[i].type, good_map[i].type);
	}
	HT_EXPECT_EQ(t, info.rsdp_version, 2);
	HT_EXPECT_EQ(t, info.rsdp_len, 36);
	HT_EXPECT(t, info.rsdp && !memcmp(info.rsdp, "RSD PTR ", 8));
	HT_EXPECT_EQ(t, info.efi_desc_size, 48);
	HT_EXPECT_EQ(t, info.efi_mmap_len, 3 * 48);
	HT_EXPECT(t, (const u8 *)info.efi_mmap > mem &&
			     (const u8 *)info.efi_mmap < mem + b.len);
	HT_EXPECT_EQ(t, printk_count(), 0);
	free(mem);
}

static void mb2_minimal_and_unusable(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_end(&b); /* 16 bytes: header and end tag only */
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_problems, 0);
	HT_EXPECT(t, !info.cmdline && !info.rsdp && info.nr_mmap == 0);
	free(mem);
	HT_EXPECT(t, parse_exact(t, &b, 15, &info, &mem) < 0);
	HT_EXPECT(t, printk_warned("multiboot2: only 15 bytes available"));
	free(mem);
	HT_EXPECT(t, parse_exact(t, &b, 0, &info, &mem) < 0);
	free(mem);
	put32(&b, 0, 8);
	HT_EXPECT(t, parse_exact(t, &b, b.len, &info, &mem) < 0);
	HT_EXPECT(t, printk_warned("total_size 8 is below the minimum of 16"));
	free(mem);
	printk_capture_reset();
	HT_EXPECT(t, mb2_parse(NULL, 100, &info) < 0);
	HT_EXPECT_EQ(t, info.nr_problems, 1);
}

/* total_size claims more than is there: clamp, report, use what is there. */
static void mb2_total_size_too_big(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	build_good(&b);
	put32(&b, 0, (u32)b.len + 4096);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_problems, 1);
	HT_EXPECT(t, printk_warned("multiboot2: total_size "));
	HT_EXPECT(t, printk_warned("is more than the"));
	HT_EXPECT_EQ(t, info.nr_mmap, ARRAY_SIZE(good_map));
	free(mem);
	/* and the end tag itself lies beyond what is available */
	put32(&b, 0, (u32)b.len);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len - 8, &info, &mem), 0);
	HT_EXPECT(t, printk_warned("no end tag within total_size"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
}

/* total_size smaller than the tags: the tag that crosses it is dropped. */
static void mb2_total_size_too_small(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_str(&b, 1, "console=serial"); /* tag at 8, 24 bytes */
	blob_mmap(&b, 24, good_map, 2);	   /* tag at 32, 64 bytes */
	blob_end(&b);
	put32(&b, 0, 60);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_STREQ(t, info.cmdline, "console=serial");
	HT_EXPECT_EQ(t, info.nr_mmap, 0);
	HT_EXPECT(t, printk_warned("multiboot2: tag 6 at offset 0x20 (size "
				   "64) runs past the end at 60; stopping"));
	HT_EXPECT_EQ(t, info.nr_problems, 1);
	free(mem);
}

static void mb2_tag_size_below_header(struct ht *t)
{
	static const u32 sizes[] = {0, 4, 7};
	struct blob b;
	struct mb2_info info;
	size_t i;
	u8 *mem;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		blob_init(&b);
		blob_str(&b, 2, "loader");
		blob_tag(&b, 1, 16);
		put32(&b, b.len - 16 + 4, sizes[i]);
		blob_end(&b);
		HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
		HT_EXPECT_STREQ(t, info.loader_name, "loader");
		HT_EXPECT(t, info.cmdline == NULL);
		HT_EXPECT(t, printk_warned("multiboot2: tag 1 at offset 0x18 "
					   "has size"));
		HT_EXPECT(t, printk_warned("below 8; stopping"));
		HT_EXPECT_EQ(t, info.nr_problems, 1);
		free(mem);
	}
}

/* A tag whose size runs past the structure (a truncated tag). */
static void mb2_truncated_tag(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_mmap(&b, 24, good_map, 3);
	put32(&b, 0, (u32)b.len - 16); /* cut inside the entries */
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len - 16, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_mmap, 0);
	HT_EXPECT(t, printk_warned("tag 6 at offset 0x8 (size 88) runs past "
				   "the end"));
	free(mem);
	/* a size so big that offset + size would wrap */
	blob_init(&b);
	blob_tag(&b, 1, 16);
	put32(&b, 12, 0xfffffff8u);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, printk_warned("runs past the end"));
	free(mem);
}

static void mb2_unterminated_strings(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	size_t p;
	u8 *mem;

	blob_init(&b);
	p = blob_tag(&b, 1, 8 + 5);
	memcpy(b.b + p, "abcde", 5); /* no NUL inside the tag */
	blob_tag(&b, 2, 8);	     /* empty: no room for a NUL either */
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, info.cmdline == NULL && info.loader_name == NULL);
	HT_EXPECT(t, printk_warned("multiboot2: tag 1 (cmdline) at offset 0x8: "
				   "string not NUL-terminated within its 5 "
				   "bytes, ignored"));
	HT_EXPECT(t, printk_warned("tag 2 (loader name) at offset 0x18"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
	/* the last byte of the structure is the string's last: no NUL */
	blob_init(&b);
	p = blob_tag(&b, 1, 8 + 8);
	memcpy(b.b + p, "12345678", 8);
	put32(&b, 0, (u32)b.len);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, info.cmdline == NULL);
	HT_EXPECT(t, printk_warned("no end tag"));
	free(mem);
}

static void mb2_bad_entry_size(struct ht *t)
{
	static const u32 esizes[] = {0, 8, 20, 28};
	struct blob b;
	struct mb2_info info;
	char want[80];
	size_t i;
	u8 *mem;

	for (i = 0; i < ARRAY_SIZE(esizes); i++) {
		blob_init(&b);
		blob_mmap(&b, 24, good_map, 2);
		put32(&b, 16, esizes[i]);
		blob_end(&b);
		HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
		HT_EXPECT_EQ(t, info.nr_mmap, 0);
		snprintf(want, sizeof(want),
			 "entry_size %u invalid (need a multiple", esizes[i]);
		HT_EXPECT_MSG(t, printk_warned(want), "%s", want);
		HT_EXPECT_EQ(t, info.nr_problems, 1);
		free(mem);
	}
	/* a larger, future entry size is fine: step over the extra bytes */
	blob_init(&b);
	blob_mmap(&b, 32, good_map, 3);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_mmap, 3);
	HT_EXPECT(t, info.mmap[2].base == good_map[2].base);
	HT_EXPECT_EQ(t, info.nr_problems, 0);
	free(mem);
}

static void mb2_zero_and_wrapping_entries(struct ht *t)
{
	static const struct mb2_mmap_entry map[] = {
		{0x0, 0x1000, 1},
		{0x5000, 0, 1},
		{0xfffffffffffff000ULL, 0x2000, 2},
		{0xfffffffffffff000ULL, 0x1000, 2}, /* ends at 2^64 - 1 */
		{0x100000, 0x1000, 1},
	};
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_mmap(&b, 24, map, ARRAY_SIZE(map));
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_ASSERT(t, info.nr_mmap == 3);
	HT_EXPECT(t, info.mmap[1].base == 0xfffffffffffff000ULL);
	HT_EXPECT(t, info.mmap[2].base == 0x100000);
	HT_EXPECT(t, printk_warned("memory map entry at offset 0x30 (base "
				   "0x5000) has length 0, skipped"));
	HT_EXPECT(t, printk_warned("wraps past 2^64, skipped"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
}

static void mb2_overlapping_entries(struct ht *t)
{
	static const struct mb2_mmap_entry map[] = {
		{0x0, 0x10000, 1},    {0x20000, 0x10000, 1},
		{0x8000, 0x1000, 2},  /* inside entry 0 */
		{0x2ffff, 0x1, 2},    /* last byte of entry 1 */
		{0x30000, 0x1000, 1}, /* touches entry 1: fine */
	};
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_mmap(&b, 24, map, ARRAY_SIZE(map));
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_mmap, 5); /* kept: the caller decides */
	HT_EXPECT(t, printk_warned("memory map entries 0 [0x0-0xffff] and 2 "
				   "[0x8000-0x8fff] overlap, keeping both"));
	HT_EXPECT(t, printk_warned("entries 1 [0x20000-0x2ffff] and 3 "
				   "[0x2ffff-0x2ffff] overlap"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
}

static void mb2_missing_end_tag(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_str(&b, 1, "quiet");
	blob_mmap(&b, 24, good_map, 2);
	put32(&b, 0, (u32)b.len);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_STREQ(t, info.cmdline, "quiet");
	HT_EXPECT_EQ(t, info.nr_mmap, 2);
	HT_EXPECT(t, printk_warned("multiboot2: no end tag within total_size"));
	HT_EXPECT_EQ(t, info.nr_problems, 1);
	free(mem);
}

static void mb2_too_many_entries(struct ht *t)
{
	static struct mb2_mmap_entry map[MB2_MAX_MMAP + 40];
	struct blob b;
	struct mb2_info info;
	u8 *mem;
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(map); i++)
		map[i] = (struct mb2_mmap_entry){0x1000ULL * i, 0x1000, 1};
	blob_init(&b);
	blob_mmap(&b, 24, map, ARRAY_SIZE(map));
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_mmap, MB2_MAX_MMAP);
	HT_EXPECT(t, info.mmap[MB2_MAX_MMAP - 1].base ==
			     0x1000ULL * (MB2_MAX_MMAP - 1));
	HT_EXPECT(t, printk_warned("more than 128 entries, ignoring the last "
				   "40"));
	HT_EXPECT_EQ(t, info.nr_problems, 1);
	free(mem);
}

static void mb2_duplicate_tags(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_str(&b, 1, "first");
	blob_tag(&b, 3, 24); /* modules may repeat */
	blob_tag(&b, 3, 24);
	blob_str(&b, 1, "second");
	blob_mmap(&b, 24, good_map, 1);
	blob_mmap(&b, 24, good_map, 2);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_STREQ(t, info.cmdline, "first");
	HT_EXPECT_EQ(t, info.nr_mmap, 1);
	HT_EXPECT(t, printk_warned("duplicate tag 1 (cmdline) at offset 0x48, "
				   "keeping the first"));
	HT_EXPECT(t, printk_warned("duplicate tag 6 (memory map)"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
}

/* Every tag type the spec defines, and unknown ones, pass quietly. */
static void mb2_other_tags_ignored(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u32 type;
	u8 *mem;

	blob_init(&b);
	for (type = 3; type <= 21; type++)
		if (type != 6 && type != 14 && type != 15 && type != 17)
			blob_tag(&b, type, 8 + type);
	blob_tag(&b, 22, 8);
	blob_tag(&b, 0x12345, 40);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.nr_problems, 0);
	HT_EXPECT_EQ(t, printk_warn_count(), 0);
	free(mem);
}

static void mb2_rsdp_tags(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_tag(&b, 15, 8 + 36);
	blob_tag(&b, 14, 8 + 20); /* v1 after v2: v2 stays */
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.rsdp_version, 2);
	HT_EXPECT(t, (const u8 *)info.rsdp == mem + 16);
	free(mem);
	blob_init(&b);
	blob_tag(&b, 14, 8 + 19);
	blob_tag(&b, 15, 8 + 24);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, info.rsdp == NULL && info.rsdp_version == 0);
	HT_EXPECT(t, printk_warned("tag 14 (ACPI RSDP v1) at offset 0x8: 19 "
				   "bytes, an RSDP needs 20, ignored"));
	HT_EXPECT(t, printk_warned("tag 15 (ACPI RSDP v2) at offset 0x28: 24 "
				   "bytes, an RSDP needs 36"));
	HT_EXPECT_EQ(t, info.nr_problems, 2);
	free(mem);
}

static void mb2_efi_mmap(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	size_t p;
	u8 *mem;

	blob_init(&b);
	p = blob_tag(&b, 17, 16 + 2 * 48 + 8);
	put32(&b, p, 48);
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT_EQ(t, info.efi_mmap_len, 96);
	HT_EXPECT(t, printk_warned("8 bytes after the last whole descriptor"));
	free(mem);
	put32(&b, p, 36);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, info.efi_mmap == NULL);
	HT_EXPECT(t, printk_warned("descr_size 36 invalid"));
	free(mem);
	blob_init(&b);
	blob_tag(&b, 17, 12); /* too short for descr_size and version */
	blob_end(&b);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, printk_warned("size 12 too small for its header"));
	free(mem);
}

static void mb2_end_tag_oddities(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	u8 *mem;

	blob_init(&b);
	blob_str(&b, 1, "x");
	blob_end(&b);
	put32(&b, 0, (u32)b.len + 32); /* 32 stray bytes after the end tag */
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len + 32, &info, &mem), 0);
	HT_EXPECT(t,
		  printk_warned("32 bytes after the end tag at offset 0x18"));
	HT_EXPECT_EQ(t, info.nr_problems, 1);
	free(mem);
	put32(&b, 0, (u32)b.len);
	put32(&b, b.len - 4, 16); /* end tag of size 16 */
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len, &info, &mem), 0);
	HT_EXPECT(t, printk_warned("runs past the end"));
	free(mem);
	put32(&b, 0, (u32)b.len + 8);
	HT_EXPECT_EQ(t, parse_exact(t, &b, b.len + 8, &info, &mem), 0);
	HT_EXPECT(t, printk_warned("end tag at offset 0x18 has size 16, "
				   "expected 8"));
	HT_EXPECT_STREQ(t, info.cmdline, "x");
	free(mem);
}

static void mb2_mem_type_names(struct ht *t)
{
	HT_EXPECT_STREQ(t, mb2_mem_type_name(1), "usable");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(2), "reserved");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(3), "ACPI data");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(4), "ACPI NVS");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(5), "bad RAM");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(0), "unknown");
	HT_EXPECT_STREQ(t, mb2_mem_type_name(99), "unknown");
}

/* Everything the parser hands back must lie inside the bytes it was given. */
static void expect_inside(struct ht *t, const struct mb2_info *info,
			  const u8 *mem, size_t avail)
{
	const u8 *end = mem + avail;

	if (info->cmdline)
		HT_EXPECT(t, (const u8 *)info->cmdline >= mem &&
				     (const u8 *)info->cmdline +
						     strlen(info->cmdline) <
					     end);
	if (info->rsdp)
		HT_EXPECT(t, (const u8 *)info->rsdp + info->rsdp_len <= end);
	if (info->efi_mmap)
		HT_EXPECT(t, (const u8 *)info->efi_mmap + info->efi_mmap_len <=
				     end);
	HT_EXPECT(t, info->nr_mmap >= 0 && info->nr_mmap <= MB2_MAX_MMAP);
}

/* Every prefix of a good structure, total_size unchanged: never over-read. */
static void mb2_every_truncation(struct ht *t)
{
	struct blob b;
	struct mb2_info info;
	size_t avail;
	u8 *mem;

	build_good(&b);
	for (avail = 0; avail < b.len; avail++) {
		int rc = parse_exact(t, &b, avail, &info, &mem);

		HT_EXPECT_EQ(t, rc, avail < 16 ? -1 : 0);
		HT_EXPECT(t, info.nr_problems > 0);
		expect_inside(t, &info, mem, avail);
		free(mem);
	}
}

/* Random byte damage to a good structure, parsed under ASan. */
static void mb2_random_damage(struct ht *t)
{
	struct prng r;
	struct blob b, good;
	struct mb2_info info;
	int i, j;
	u8 *mem;

	build_good(&good);
	prng_seed(&r, 2024);
	for (i = 0; i < 20000 && !t->failures; i++) {
		size_t avail = good.len - prng_below(&r, 4) * 8;
		int flips = 1 + (int)prng_below(&r, 4);

		b = good;
		for (j = 0; j < flips; j++) {
			size_t at = prng_below(&r, good.len);

			/* small values hit the interesting sizes and types */
			b.b[at] = prng_below(&r, 2) ? (u8)prng_next(&r)
						    : (u8)prng_below(&r, 64);
		}
		parse_exact(t, &b, avail, &info, &mem);
		expect_inside(t, &info, mem, avail);
		free(mem);
	}
}

static const struct ht_case cases[] = {
	HT_CASE(mb2_good),
	HT_CASE(mb2_minimal_and_unusable),
	HT_CASE(mb2_total_size_too_big),
	HT_CASE(mb2_total_size_too_small),
	HT_CASE(mb2_tag_size_below_header),
	HT_CASE(mb2_truncated_tag),
	HT_CASE(mb2_unterminated_strings),
	HT_CASE(mb2_bad_entry_size),
	HT_CASE(mb2_zero_and_wrapping_entries),
	HT_CASE(mb2_overlapping_entries),
	HT_CASE(mb2_missing_end_tag),
	HT_CASE(mb2_too_many_entries),
	HT_CASE(mb2_duplicate_tags),
	HT_CASE(mb2_other_tags_ignored),
	HT_CASE(mb2_rsdp_tags),
	HT_CASE(mb2_efi_mmap),
	HT_CASE(mb2_end_tag_oddities),
	HT_CASE(mb2_mem_type_names),
	HT_CASE(mb2_every_truncation),
	HT_CASE(mb2_random_damage),
};

HT_MAIN(cases, printk_capture_reset)

/*
 * ktest suite "multiboot2": the boot-information parser fed crafted good
 * and broken structures built in a static buffer. Each problem the parser
 * finds is also printed on the console as one "multiboot2: " line.
 */
#include "arch/x86/multiboot2.h"
#include "kernel/ktest.h"
#include "lib/string.h"

/* A structure being built: header, then 8-byte aligned tags. */
static u8 blob[4096] __aligned(8);
static size_t blob_len;
/* struct mb2_info is over 3 KiB: too big for a test's stack. */
static struct mb2_info info;

static void put32(size_t off, u32 v)
{
	memcpy(blob + off, &v, sizeof(v));
}

static void put64(size_t off, u64 v)
{
	memcpy(blob + off, &v, sizeof(v));
}

static void blob_init(void)
{
	memset(blob, 0, sizeof(blob));
	blob_len = 8;
}

/* Append a tag of @size bytes. Return: the offset of its payload. */
static size_t blob_tag(u32 type, u32 size)
{
	size_t off = blob_len;

	put32(off, type);
	put32(off + 4, size);
	blob_len += ALIGN_UP((size_t)size, 8);
	return off + 8;
}

static void blob_str(u32 type, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(blob + blob_tag(type, 8 + (u32)n), s, n);
}

/* A memory map of @n entries: @base + i * @step, @len long, usable. */
static void blob_mmap(u32 esize, int n, u64 base, u64 step, u64 len)
{
	size_t p = blob_tag(6, 16 + esize * (u32)n);
	int i;

	put32(p, esize);
	for (i = 0; i < n; i++) {
		size_t e = p + 8 + (size_t)i * esize;

		put64(e, base + step * (u64)i);
		put64(e + 8, len);
		put32(e + 16, MB2_MEM_AVAILABLE);
	}
}

static void blob_end(void)
{
	blob_tag(0, 8);
	put32(0, (u32)blob_len);
}

static void mb2_good_structure(struct ktest *t)
{
	size_t p;

	blob_init();
	blob_str(1, "mode=test");
	blob_str(2, "GRUB 2.06");
	blob_tag(4, 16); /* basic meminfo: not used, skipped quietly */
	blob_mmap(24, 3, 0x100000, 0x1000000, 0x800000);
	p = blob_tag(14, 8 + 20);
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): a signature */
	memcpy(blob + p, "RSD PTR ", 8);
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 0);
	KEXPECT_STREQ(t, info.cmdline, "mode=test");
	KEXPECT_STREQ(t, info.loader_name, "GRUB 2.06");
	KEXPECT_EQ(t, info.nr_mmap, 3);
	KEXPECT_EQ(t, info.mmap[2].base, 0x2100000);
	KEXPECT_EQ(t, info.mmap[2].len, 0x800000);
	KEXPECT_EQ(t, info.rsdp_version, 1);
	KEXPECT_TRUE(t, info.rsdp == blob + p);
	KEXPECT_STREQ(t, mb2_mem_type_name(info.mmap[0].type), "usable");
}

static void mb2_unusable(struct ktest *t)
{
	blob_init();
	blob_end();
	KEXPECT_LT(t, mb2_parse(blob, 15, &info), 0);
	put32(0, 12);
	KEXPECT_LT(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
}

/* total_size above what is there is clamped; below the tags, it stops. */
static void mb2_lying_total_size(struct ktest *t)
{
	blob_init();
	blob_str(1, "quiet");
	blob_mmap(24, 2, 0, 0x10000, 0x1000);
	blob_end();
	put32(0, (u32)blob_len + 4096);
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
	KEXPECT_EQ(t, info.nr_mmap, 2);
	put32(0, 40); /* inside the memory map tag */
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
	KEXPECT_STREQ(t, info.cmdline, "quiet");
	KEXPECT_EQ(t, info.nr_mmap, 0);
}

static void mb2_bad_tags(struct ktest *t)
{
	size_t p;

	blob_init();
	blob_str(2, "loader");
	p = blob_tag(1, 16);
	put32(p - 4, 0); /* zero-size tag: the walk cannot go on */
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
	KEXPECT_STREQ(t, info.loader_name, "loader");
	blob_init();
	p = blob_tag(1, 8 + 4);
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): the point */
	memcpy(blob + p, "abcd", 4); /* cmdline without its NUL */
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
	KEXPECT_TRUE(t, info.cmdline == NULL);
	blob_init();
	blob_str(1, "no end tag");
	put32(0, (u32)blob_len);
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
}

static void mb2_bad_memory_maps(struct ktest *t)
{
	blob_init();
	blob_mmap(20, 2, 0, 0x1000, 0x1000); /* entry_size below 24 */
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_mmap, 0);
	KEXPECT_EQ(t, info.nr_problems, 1);
	blob_init();
	blob_mmap(24, 3, 0, 0x800, 0x1800); /* each overlaps the next */
	put64(8 + 16 + 24 + 8, 0);	    /* entry 1: zero length */
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_mmap, 2);
	KEXPECT_EQ(t, info.nr_problems, 2); /* zero length; 0 and 2 overlap */
}

static void mb2_too_many_entries(struct ktest *t)
{
	blob_init();
	blob_mmap(24, MB2_MAX_MMAP + 10, 0, 0x1000, 0x1000);
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_EQ(t, info.nr_mmap, MB2_MAX_MMAP);
	KEXPECT_EQ(t, info.nr_problems, 1);
}

static void mb2_duplicates_and_other_tags(struct ktest *t)
{
	blob_init();
	blob_str(1, "first");
	blob_tag(3, 24);
	blob_tag(3, 24); /* modules may repeat */
	blob_tag(21, 12);
	blob_tag(99, 8); /* from a future spec: skipped */
	blob_str(1, "second");
	blob_end();
	KEXPECT_EQ(t, mb2_parse(blob, blob_len, &info), 0);
	KEXPECT_STREQ(t, info.cmdline, "first");
	KEXPECT_EQ(t, info.nr_problems, 1);
}

static const struct ktest_case mb2_cases[] = {
	KTEST_CASE(mb2_good_structure),
	KTEST_CASE(mb2_unusable),
	KTEST_CASE(mb2_lying_total_size),
	KTEST_CASE(mb2_bad_tags),
	KTEST_CASE(mb2_bad_memory_maps),
	KTEST_CASE(mb2_too_many_entries),
	KTEST_CASE(mb2_duplicates_and_other_tags),
	{NULL, NULL},
};

KTEST_SUITE(multiboot2, .cases = mb2_cases);

/*
 * libFuzzer target for the path from the firmware's memory map to memblock
 * (mm/memblock_fw.c, mm/memblock.c, mm/memblock_alloc.c): a fuzzed
 * multiboot2 structure (through mb2_parse) or a fuzzed list of map entries
 * and EFI descriptors goes to memblock_add_firmware_map, then a fuzzed
 * sequence of reservations, allocations, node assignments and queries runs.
 * After every step memblock is checked against its promises and against a
 * plain interval-set model of what it should hold.
 *
 * Input: mode byte, then the map (see read_map), then operations (run_ops).
 */
#include "arch/x86/multiboot2.h"
#include "mm/memblock.h"
#include "tests/fuzz/fuzz_iset.h"
#include "tests/fuzz/fuzz_util.h"

#define PAGE	      4096ULL
#define MAX_PHYS_ADDR (1ULL << 52)
#define MAX_OPS	      64

enum {
	MODE_BLOB = 1,	   /* a multiboot2 structure, through mb2_parse */
	MODE_RAW = 2,	   /* full 64-bit fields instead of compact ones */
	MODE_EFI = 4,	   /* list mode: an EFI memory map too */
	MODE_EFI48 = 8,	   /* EFI descriptors of 48 bytes, not 40 */
	MODE_NOLIMIT = 16, /* no current_limit before the operations */
	MODE_PATTERN = 32  /* list mode: a run of evenly spaced entries first */
};

/* ---- the firmware map and what it should give ----------------------- */

static struct mb2_info info;
static struct iset ram, non_ram, want_mem, want_rsv, scratch;
static phys_addr_t zeroed_pa;
static u64 zeroed_size;

void memblock_zero(phys_addr_t pa, u64 size)
{
	zeroed_pa = pa;
	zeroed_size = size;
}

/* What memblock_fw.c promises for one entry: clipped to 2^52, usable RAM
 * rounded in to whole pages, anything else rounded out. */
static void model_entry(u64 base, u64 len, bool is_ram, struct iset *add,
			struct iset *del)
{
	if (base >= MAX_PHYS_ADDR || !len)
		return;
	len = MIN(len, MAX_PHYS_ADDR - base);
	if (is_ram)
		iset_push(add, ALIGN_UP(base, PAGE),
			  ALIGN_DOWN(base + len, PAGE), 0);
	else
		iset_push(del, ALIGN_DOWN(base, PAGE),
			  ALIGN_UP(base + len, PAGE), 0);
}

static bool efi_is_ram(u32 type)
{
	return type == 1 || type == 2 || type == 3 || type == 4 || type == 7;
}

static void model_efi(bool take_ram)
{
	const u8 *p = info.efi_mmap;

	for (u32 off = 0; off + info.efi_desc_size <= info.efi_mmap_len;
	     off += info.efi_desc_size) {
		u32 type;
		u64 base, pages;

		memcpy(&type, p + off, 4);
		memcpy(&base, p + off + 8, 8);
		memcpy(&pages, p + off + 24, 8);
		pages = MIN(pages, MAX_PHYS_ADDR / PAGE);
		if (efi_is_ram(type) == take_ram)
			model_entry(base, pages * PAGE, take_ram, &ram,
				    &non_ram);
	}
}

/* RAM and non-RAM as the maps say, and memory = RAM - non-RAM. */
static void model_firmware_map(void)
{
	bool have_efi = info.efi_mmap && info.efi_desc_size;

	ram.n = non_ram.n = 0;
	for (int i = 0; i < info.nr_mmap; i++)
		model_entry(info.mmap[i].base, info.mmap[i].len,
			    info.mmap[i].type == MB2_MEM_AVAILABLE, &ram,
			    &non_ram);
	if (!ram.n && have_efi)
		model_efi(true);
	if (have_efi)
		model_efi(false);
	iset_normalize(&ram);
	iset_normalize(&non_ram);
	iset_sub(&ram, &non_ram, &want_mem);
}

/* ---- memblock's own promises ----------------------------------------- */

/* Sorted, non-overlapping, no empty or wrapping region, merged with a
 * touching neighbour of the same node. */
static void check_type(const struct memblock_type *t)
{
	FZ_CHECK(t->cnt >= 0 && t->cnt <= MEMBLOCK_MAX_REGIONS, "%s: cnt %d",
		 t->name, t->cnt);
	for (int i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		FZ_CHECK(r->size && r->base + r->size > r->base,
			 "%s[%d]: base 0x%llx size 0x%llx", t->name, i,
			 (unsigned long long)r->base,
			 (unsigned long long)r->size);
		if (!i)
			continue;
		FZ_CHECK(r[-1].base + r[-1].size <= r->base,
			 "%s[%d] at 0x%llx overlaps or precedes the one before",
			 t->name, i, (unsigned long long)r->base);
		FZ_CHECK(r[-1].base + r[-1].size < r->base ||
				 r[-1].nid != r->nid,
			 "%s[%d] at 0x%llx touches the one before, same node, "
			 "not merged",
			 t->name, i, (unsigned long long)r->base);
	}
}

/* memblock.memory holds exactly @set (normalized), node by node. */
static bool type_equals(const struct memblock_type *t, const struct iset *set)
{
	if (t->cnt != set->n)
		return false;
	for (int i = 0; i < t->cnt; i++)
		if (t->regions[i].base != set->v[i].s ||
		    t->regions[i].base + t->regions[i].size != set->v[i].e ||
		    t->regions[i].nid != set->v[i].nid)
			return false;
	return true;
}

static void check_memory_after_map(u64 total)
{
	const struct memblock_type *mem = &memblock.memory;
	u64 sum = 0;

	check_type(mem);
	for (int i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		u64 e = r->base + r->size;

		FZ_CHECK(IS_ALIGNED(r->base, PAGE) && IS_ALIGNED(r->size, PAGE),
			 "memory[%d] [0x%llx-0x%llx) not page aligned", i,
			 (unsigned long long)r->base, (unsigned long long)e);
		FZ_CHECK(e <= MAX_PHYS_ADDR && r->nid == 0, "memory[%d]", i);
		/* never memory the maps do not call RAM */
		FZ_CHECK(iset_covers(&ram, r->base, e),
			 "memory[%d] [0x%llx-0x%llx) is not all usable RAM", i,
			 (unsigned long long)r->base, (unsigned long long)e);
		/* never memory a map calls reserved, ACPI, bad, ... */
		FZ_CHECK(!iset_overlaps(&non_ram, r->base, e),
			 "memory[%d] [0x%llx-0x%llx) overlaps a non-RAM entry",
			 i, (unsigned long long)r->base, (unsigned long long)e);
		sum += r->size;
	}
	FZ_CHECK(total == sum, "returned 0x%llx, regions hold 0x%llx",
		 (unsigned long long)total, (unsigned long long)sum);
	/* with room in the table, nothing usable is lost either */
	if (!printk_printed("table full")) {
		FZ_CHECK(type_equals(mem, &want_mem),
			 "memory has %d regions, the maps give %d", mem->cnt,
			 want_mem.n);
	} else {
		/* the model is only an upper bound: take what memblock kept */
		want_mem.n = 0;
		for (int i = 0; i < mem->cnt; i++)
			iset_push(&want_mem, mem->regions[i].base,
				  mem->regions[i].base + mem->regions[i].size,
				  0);
	}
}

/* ---- operations after the map ---------------------------------------- */

struct fz_ops {
	struct fz in;
	bool raw;
};

/* An address or size: 256-byte units up to 1 TiB, or any 64 bits. */
static u64 fz_addr(struct fz_ops *o)
{
	return o->raw ? fz_u64(&o->in) : (u64)fz_u32(&o->in) << 8;
}

static void reserve(u64 base, u64 size)
{
	int rc = memblock_reserve(base, size);

	if (base + size < base) {
		FZ_CHECK(rc == -1, "wrapping reservation accepted");
		return;
	}
	FZ_CHECK(rc == 0 || memblock.reserved.cnt == MEMBLOCK_MAX_REGIONS,
		 "reserve failed with room in the table");
	if (rc == 0) {
		iset_push(&want_rsv, base, base + size, 0);
		iset_normalize(&want_rsv);
	}
}

static void op_reserve(struct fz_ops *o)
{
	u64 base = fz_addr(o);

	reserve(base, fz_addr(o));
}

/* A run of reservations: enough to fill the table in a few bytes. */
static void op_reserve_many(struct fz_ops *o)
{
	int k = fz_u8(&o->in);
	u64 base = fz_addr(o), size = fz_addr(o), stride = fz_addr(o);

	for (int i = 0; i < k; i++)
		reserve(base + (u64)i * stride, size);
}

static phys_addr_t effective_limit(phys_addr_t limit)
{
	phys_addr_t cur = memblock.current_limit;

	if (!limit)
		return cur;
	return cur ? MIN(limit, cur) : limit;
}

/* The highest aligned fit in free memory below @limit; 0 for none. */
static u64 model_alloc(u64 size, u64 align, u64 limit)
{
	u64 best = 0;

	iset_sub(&want_mem, &want_rsv, &scratch);
	for (int i = 0; i < scratch.n; i++) {
		u64 s = scratch.v[i].s, e = scratch.v[i].e;
		u64 top = limit ? MIN(e, limit) : e, cand;

		if (top < size || top - size < s)
			continue;
		cand = ALIGN_DOWN(top - size, align);
		if (cand >= s && cand > best)
			best = cand;
	}
	return best;
}

static void op_alloc(struct fz_ops *o)
{
	u64 size = fz_u32(&o->in), limit = (u64)fz_u32(&o->in) << 12;
	u8 a = fz_u8(&o->in);
	u64 align = a < 64 ? 1ULL << a : a - 64; /* some not a power of 2 */
	u64 eff = effective_limit(limit), want = 0;
	bool bad = !size || (align & (align - 1));
	phys_addr_t pa;

	if (!bad)
		want = model_alloc(size, align ? align : 1, eff);
	zeroed_pa = zeroed_size = 0;
	pa = memblock_phys_alloc(size, align, limit);
	if (!pa) {
		FZ_CHECK(!want || memblock.reserved.cnt == MEMBLOCK_MAX_REGIONS,
			 "no fit for 0x%llx bytes aligned 0x%llx below 0x%llx, "
			 "the model found 0x%llx",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)eff, (unsigned long long)want);
		return;
	}
	FZ_CHECK(!bad, "allocated with size 0 or a bad alignment");
	FZ_CHECK(!align || IS_ALIGNED(pa, align), "0x%llx not aligned 0x%llx",
		 (unsigned long long)pa, (unsigned long long)align);
	FZ_CHECK(pa + size > pa && (!eff || pa + size <= eff),
		 "0x%llx+0x%llx above the limit 0x%llx", (unsigned long long)pa,
		 (unsigned long long)size, (unsigned long long)eff);
	FZ_CHECK(iset_covers(&want_mem, pa, pa + size) &&
			 memblock_memory_in_range(pa, pa + size) == size,
		 "[0x%llx +0x%llx) is not all memory", (unsigned long long)pa,
		 (unsigned long long)size);
	FZ_CHECK(!iset_overlaps(&want_rsv, pa, pa + size),
		 "[0x%llx +0x%llx) was reserved", (unsigned long long)pa,
		 (unsigned long long)size);
	FZ_CHECK(pa == want, "allocated 0x%llx, the highest fit is 0x%llx",
		 (unsigned long long)pa, (unsigned long long)want);
	FZ_CHECK(zeroed_pa == pa && zeroed_size == size, "not zeroed");
	FZ_CHECK(memblock_is_reserved(pa, size), "not reserved after");
	iset_push(&want_rsv, pa, pa + size, 0);
	iset_normalize(&want_rsv);
}

/* Paint [base, base+size) of the model's memory with @nid. */
static void model_set_node(u64 base, u64 end, int nid)
{
	int n = want_mem.n;

	for (int i = 0; i < n; i++) {
		struct ival *r = &want_mem.v[i];
		u64 s = MAX(r->s, base), e = MIN(r->e, end);

		if (s >= e)
			continue;
		iset_push(&want_mem, r->s, s, r->nid);
		iset_push(&want_mem, e, r->e, r->nid);
		r->s = s;
		r->e = e;
		r->nid = nid;
	}
	iset_normalize(&want_mem);
}

static void op_set_node(struct fz_ops *o)
{
	u64 base = fz_addr(o), size = fz_addr(o);
	int nid = fz_u8(&o->in) % 4;

	if (base + size < base)
		size = ~base; /* callers never wrap: SRAT ranges are checked */
	if (memblock_set_node(base, size, nid) == 0)
		model_set_node(base, base + size, nid);
}

struct walk {
	int n;
	bool bad;
};

static void free_range(phys_addr_t s, phys_addr_t e, void *arg)
{
	struct walk *w = arg;

	/* scratch holds the free pieces, page-clipped, in order */
	w->bad |= w->n >= scratch.n || scratch.v[w->n].s != s ||
		  scratch.v[w->n].e != e;
	w->n++;
}

static void op_check_free(void)
{
	struct walk w = {0, false};
	int out = 0;

	iset_sub(&want_mem, &want_rsv, &scratch);
	for (int i = 0; i < scratch.n; i++) {
		u64 s = ALIGN_UP(scratch.v[i].s, PAGE);
		u64 e = ALIGN_DOWN(scratch.v[i].e, PAGE);

		if (s < e)
			scratch.v[out++] = (struct ival){s, e, 0};
	}
	scratch.n = out;
	memblock_for_each_free(free_range, &w);
	FZ_CHECK(!w.bad && w.n == scratch.n,
		 "free ranges differ from memory minus reserved (%d vs %d)",
		 w.n, scratch.n);
}

static void op_query(struct fz_ops *o)
{
	u64 a = fz_addr(o), b = fz_addr(o), s = MIN(a, b), e = MAX(a, b);
	u64 in_range = 0;

	for (int i = 0; i < want_mem.n; i++) {
		u64 lo = MAX(s, want_mem.v[i].s), hi = MIN(e, want_mem.v[i].e);

		in_range += lo < hi ? hi - lo : 0;
	}
	FZ_CHECK(memblock_memory_in_range(s, e) == in_range, "in_range");
	FZ_CHECK(memblock_is_memory(a) == iset_overlaps(&want_mem, a, a + 1) ||
			 a == ~0ULL,
		 "is_memory(0x%llx)", (unsigned long long)a);
	FZ_CHECK(s == e || memblock_is_reserved(s, e - s) ==
				   iset_overlaps(&want_rsv, s, e),
		 "is_reserved(0x%llx, 0x%llx)", (unsigned long long)s,
		 (unsigned long long)(e - s));
	FZ_CHECK(memblock_start_of_ram() == (want_mem.n ? want_mem.v[0].s : 0),
		 "start of RAM");
	FZ_CHECK(memblock_end_of_ram() ==
			 (want_mem.n ? want_mem.v[want_mem.n - 1].e : 0),
		 "end of RAM");
}

static void run_ops(struct fz_ops *o)
{
	for (int i = 0; i < MAX_OPS && o->in.n; i++) {
		switch (fz_u8(&o->in) % 7) {
		case 0:
			op_reserve(o);
			break;
		case 1:
			op_alloc(o);
			break;
		case 2:
			memblock_set_current_limit((u64)fz_u32(&o->in) << 12);
			break;
		case 3:
			op_set_node(o);
			break;
		case 4:
			op_check_free();
			break;
		case 5:
			op_query(o);
			break;
		default:
			op_reserve_many(o);
			break;
		}
		check_type(&memblock.memory);
		check_type(&memblock.reserved);
		FZ_CHECK(type_equals(&memblock.memory, &want_mem),
			 "memory no longer matches the model");
		FZ_CHECK(type_equals(&memblock.reserved, &want_rsv),
			 "reserved does not match the model");
	}
	op_check_free();
}

/* ---- reading the map ----------------------------------------------- */

static u8 *blob, *efi;
static size_t blob_shift;

/* A multiboot2 structure of u16 length, parsed as the kernel does. */
static void read_blob(struct fz *in)
{
	size_t len = fz_u16(in);

	len = MIN(len, in->n);
	blob_shift = len % 8;
	blob = fz_copy(in->p, len, blob_shift);
	in->p += len;
	in->n -= len;
	mb2_parse(blob, len, &info);
}

/*
 * Map entries: base, length (256-byte units, or raw u64s) and type. With
 * MODE_PATTERN, first a count, base, length, stride and type for a run of
 * entries, so that a few bytes can fill memblock's tables.
 */
static void read_list(struct fz *in, u8 mode)
{
	bool raw = mode & MODE_RAW;
	int n;

	memset(&info, 0, sizeof(info));
	if (mode & MODE_PATTERN) {
		int k = fz_u8(in);
		u64 base = raw ? fz_u64(in) : (u64)fz_u32(in) << 8;
		u64 len = raw ? fz_u64(in) : (u64)fz_u32(in) << 8;
		u64 stride = raw ? fz_u64(in) : (u64)fz_u32(in) << 8;
		u32 type = fz_u8(in) % 8;

		for (int i = 0; i < k && i < MB2_MAX_MMAP; i++)
			info.mmap[info.nr_mmap++] = (struct mb2_mmap_entry){
				base + (u64)i * stride, len, type};
	}
	n = fz_u8(in);
	n = MIN(n, MB2_MAX_MMAP - info.nr_mmap);
	for (int i = 0; i < n; i++) {
		struct mb2_mmap_entry *e = &info.mmap[info.nr_mmap++];

		e->base = raw ? fz_u64(in) : (u64)fz_u32(in) << 8;
		e->len = raw ? fz_u64(in) : (u64)fz_u32(in) << 8;
		e->type = fz_u8(in) % 8;
	}
}

/* EFI descriptors: type, physical start (4 KiB units or raw), pages. */
static void read_efi(struct fz *in, u8 mode)
{
	bool raw = mode & MODE_RAW;
	u32 dsize = mode & MODE_EFI48 ? 48 : 40;
	int n = fz_u8(in);

	efi = calloc((size_t)n ? (size_t)n * dsize : 1, 1);
	FZ_CHECK(efi, "out of memory");
	for (int i = 0; i < n; i++) {
		u8 *d = efi + (size_t)i * dsize;
		u32 type = fz_u8(in) % 16;
		u64 base = raw ? fz_u64(in) : (u64)fz_u32(in) << 12;
		u64 pages = raw ? fz_u64(in) : fz_u16(in);

		memcpy(d, &type, 4);
		memcpy(d + 8, &base, 8);
		memcpy(d + 24, &pages, 8);
	}
	info.efi_mmap = efi;
	info.efi_desc_size = dsize;
	info.efi_mmap_len = (u32)n * dsize;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz_ops o = {{data, size}, false};
	u8 mode = fz_u8(&o.in);
	u64 total;

	blob = efi = NULL;
	printk_capture_reset();
	if (mode & MODE_BLOB) {
		read_blob(&o.in);
	} else {
		read_list(&o.in, mode);
		if (mode & MODE_EFI)
			read_efi(&o.in, mode);
	}
	fz_check_messages("multiboot2: ");

	printk_capture_reset();
	memblock_reset();
	model_firmware_map();
	total = memblock_add_firmware_map(&info);
	check_memory_after_map(total);
	fz_check_messages("memblock: ");

	want_rsv.n = 0;
	if (!(mode & MODE_NOLIMIT))
		memblock_set_current_limit(4ULL << 30);
	o.raw = mode & MODE_RAW;
	run_ops(&o);
	fz_check_messages("memblock: ");

	if (blob)
		fz_free(blob, blob_shift);
	free(efi);
	return 0;
}

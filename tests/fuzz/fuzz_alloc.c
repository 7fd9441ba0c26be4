/*
 * libFuzzer target for the page allocator itself: the buddy, the per-CPU
 * lists (mm/pcp*.c) and the bulk allocator, compiled unchanged over four
 * simulated CPUs (tests/host/include-smp). The input is a sequence of
 * operations, each an opcode byte and its argument bytes (zeros once the
 * input runs out): allocations of any order, zone, migratetype and gfp;
 * bulk allocations into an array or a list; frees of held blocks, one by
 * one or as a list; bad frees (double, wrong order, a tail, any pfn) that
 * must be refused; local and global drains; lock-mode switches;
 * percpu_pagelist_high_fraction changes; zone_pcp_disable/enable; a
 * switch of the running CPU; and "interrupts": an operation that arms one
 * of the pcp code's inject points with a program of further operations,
 * which runs as a hard IRQ on that CPU when the point is reached (at once
 * if IRQs are on there, else when they come back on), as the kernel's
 * injected self-IPIs do.
 *
 * After every operation: every CPU quiescent, mm_check clean, and the
 * ownership model (alloc_model.h) agrees: each held block is allocated
 * once, intact and counted, and managed = free + per-CPU + held in every
 * zone. At the end everything is freed and drained, and the counters must
 * equal their boot values exactly: nothing lost.
 */
#include "kernel/inject.h"
#include "mm/internal.h"
#include "mm/mm_check.h"
#include "mm/page_debug.h"
#include "mm/pcp_internal.h"
#include "mm/vmstat.h"
#include "tests/fuzz/alloc_model.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/host/mm_arena.h"
#include "tests/host/smp_host_env.h"

#define NR_SIM_CPUS  4
#define MAX_OPS	     64 /* top-level operations per input */
#define MAX_IRQ_OPS  8	/* operations per interrupt program */
#define MAX_IRQ_PROG 24 /* bytes of one interrupt program */
#define MAX_BULK     64
#define FREED_RING   16
#define ZONES_END    16384

/*
 * DMA32 small enough that its batch is 1, Normal big enough for a batch
 * of 3 (mm/pcp_size.c): both sizing regimes. pfns 0-1 and 16380-16383
 * stay reserved, 16384-16447 belong to no zone: targets for bad frees.
 */
static const struct arena_layout layout = {
	.nr_pages = AM_MAX_PAGES,
	.nr_nodes = 1,
	.nr_zones = 2,
	.zones = {{0, ZONE_DMA32, 0, 2048}, {0, ZONE_NORMAL, 2048, ZONES_END}},
	.nr_free = 2,
	.free = {{2, 2048}, {2048, ZONES_END - 4}},
};

enum op {
	OP_ALLOC,
	OP_BULK_ARRAY,
	OP_BULK_LIST,
	OP_FREE,
	OP_FREE_LIST,
	OP_BAD_FREE,
	OP_DRAIN_LOCAL,
	OP_DRAIN_ALL,
	OP_MODE,
	OP_FRACTION,
	OP_CPU,
	OP_IRQ,
	OP_PCP_DISABLE,
	OP_PCP_ENABLE,
	/*
	 * EXTENSION POINTS, not on main yet (other helpers add them):
	 * OP_NOLOCK: alloc_pages_nolock(order) from task, hard IRQ and an
	 * injected NMI (the only allocation allowed there), its pages held
	 * and freed like any; OP_OFFLINE: offline_pages/online_pages of a
	 * pageblock range or a whole zone, the model then expecting no
	 * allocation from an offline range and offline pages outside the
	 * free count. Until then both opcodes do nothing.
	 */
	OP_NOLOCK,
	OP_OFFLINE,
	NR_OPS,
};

/* The pcp code's inject points (mm/pcp_lock.h, pcp.c, page_alloc_bulk.c). */
static const char *const points[] = {
	"pcp_after_pin", "pcp_after_lock", "pcp_before_unlock",
	"pcp_refill",	 "pcp_spill",	   "pcp_bulk",
};
#define NR_POINTS ARRAY_SIZE(points)

static struct arena arena;
static struct alloc_model model;
static struct {
	pfn_t pfn;
	unsigned int order;
} freed[FREED_RING];
static int nr_freed;
static int pcp_disabled[MAX_NR_ZONES];
/* The armed interrupt: where, after how many more hits, and its program. */
static struct {
	int point;
	int skip;
	struct fz prog;
	unsigned long fired, deferred; /* deferred: raised with IRQs off */
	unsigned long ops;	       /* run inside handlers */
} irq;
/* FUZZ_ALLOC_TRACE=1: one line per input on stderr (what ran). */
static bool trace;
static unsigned long top_ops;
/* Never touched: what bulk_array's pre-filled slots point to. */
static struct page sentinel;

static void run_op(struct fz *f, bool in_irq);

static struct zone *zone_of(enum zone_type t)
{
	return &NODE_DATA(0)->node_zones[t];
}

/* A zone, or NULL (every zone), from one byte. */
static struct zone *pick_zone(u8 v)
{
	static const int sel[3] = {-1, ZONE_DMA32, ZONE_NORMAL};

	return sel[v % 3] < 0 ? NULL : zone_of((enum zone_type)sel[v % 3]);
}

static unsigned int pick_order(u8 v)
{
	static const u8 orders[16] = {0, 0, 0, 1, 1, 2, 3,  3,
				      9, 9, 4, 5, 6, 8, 10, 11};

	return orders[v & 15];
}

/* Caller kind, zone modifier, migratetype, zeroing, reserves. */
static gfp_t pick_gfp(u8 v, bool in_irq)
{
	static const gfp_t base[4] = {GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT,
				      GFP_KERNEL | __GFP_HIGH};
	static const gfp_t zone[4] = {0, __GFP_DMA32, __GFP_DMA, 0};
	static const gfp_t mt[4] = {0, __GFP_MOVABLE, __GFP_RECLAIMABLE,
				    __GFP_MOVABLE | __GFP_RECLAIMABLE};
	gfp_t gfp = base[v & 3] | zone[(v >> 2) & 3] | mt[(v >> 4) & 3];

	if (v & 0x40)
		gfp |= __GFP_ZERO;
	if (v & 0x80)
		gfp |= __GFP_MEMALLOC;
	/* a hard IRQ cannot sleep: no reclaim, so no drain-and-retry */
	return in_irq ? gfp & ~__GFP_DIRECT_RECLAIM : gfp;
}

static unsigned long pcp_total(struct zone *z)
{
	return pcp_pages(z);
}

/* ---- allocations ---------------------------------------------------- */

static void op_alloc(struct fz *f, bool in_irq)
{
	unsigned int order = pick_order(fz_u8(f));
	gfp_t gfp = pick_gfp(fz_u8(f), in_irq);
	u8 how = fz_u8(f) % 5;
	struct page *page = NULL;
	unsigned long addr;

	if (am_full(&model))
		return;
	switch (how) {
	case 0:
		page = alloc_pages(gfp, order);
		break;
	case 1:
		page = alloc_pages_node(0, gfp, order);
		break;
	case 2: /* node 1 is not online: refused with a warning */
		page = alloc_pages_node(1, gfp, order);
		FZ_CHECK(!page, "an allocation from offline node 1 succeeded");
		break;
	case 3:
		addr = __get_free_pages(gfp, order);
		page = addr ? virt_to_page((void *)addr) : NULL;
		break;
	case 4:
		order = 0;
		gfp |= __GFP_ZERO;
		addr = get_zeroed_page(gfp);
		page = addr ? virt_to_page((void *)addr) : NULL;
		break;
	}
	FZ_CHECK(!page || order < MAX_ORDER, "order %u served", order);
	if (page)
		am_take(&model, page, order, gfp);
}

static void op_bulk_array(struct fz *f, bool in_irq)
{
	unsigned long nr = 1 + fz_u8(f) % MAX_BULK, filled = 0, got;
	gfp_t gfp = pick_gfp(fz_u8(f), in_irq);
	u8 pre = fz_u8(f);
	struct page *array[MAX_BULK] = {0};

	if (model.nheld + MAX_BULK > AM_MAX_HELD)
		return;
	for (unsigned long i = 0; i < nr && i < 8; i++)
		if (pre & (1U << i)) {
			array[i] = &sentinel;
			filled++;
		}
	got = alloc_pages_bulk_array(gfp, nr, array);
	FZ_CHECK(got >= filled && got <= nr,
		 "bulk array of %lu with %lu filled returned %lu", nr, filled,
		 got);
	for (unsigned long i = 0; i < nr; i++) {
		if (i < 8 && (pre & (1U << i))) {
			FZ_CHECK(array[i] == &sentinel,
				 "bulk array overwrote filled slot %lu", i);
			continue;
		}
		if (array[i]) {
			filled++;
			am_take(&model, array[i], 0, gfp);
		}
	}
	FZ_CHECK(filled == got, "bulk array returned %lu, %lu slots filled",
		 got, filled);
}

static void op_bulk_list(struct fz *f, bool in_irq)
{
	unsigned long nr = 1 + fz_u8(f) % MAX_BULK, n = 0, got;
	gfp_t gfp = pick_gfp(fz_u8(f), in_irq);
	struct page *page, *next;
	LIST_HEAD(list);

	if (model.nheld + MAX_BULK > AM_MAX_HELD)
		return;
	got = alloc_pages_bulk_list(gfp, nr, &list);
	list_for_each_entry_safe(page, next, &list, lru) {
		list_del(&page->lru);
		am_take(&model, page, 0, gfp);
		n++;
	}
	FZ_CHECK(n == got && got <= nr,
		 "bulk list of %lu returned %lu, listed %lu", nr, got, n);
}

/* ---- frees ---------------------------------------------------------- */

static void remember_freed(struct page *page, unsigned int order)
{
	freed[nr_freed % FREED_RING].pfn = page_to_pfn(page);
	freed[nr_freed % FREED_RING].order = order;
	nr_freed++;
}

static void op_free(struct fz *f, bool in_irq)
{
	int i = fz_u16(f);
	bool by_addr = fz_u8(f) & 1;
	unsigned int order;
	struct page *page;

	(void)in_irq;
	if (!model.nheld)
		return;
	page = am_release(&model, i % model.nheld, &order);
	remember_freed(page, order);
	if (by_addr)
		free_pages((unsigned long)page_address(page), order);
	else
		__free_pages(page, order);
}

static void op_free_list(struct fz *f, bool in_irq)
{
	int n = 1 + fz_u8(f) % 48, i = fz_u16(f);
	LIST_HEAD(list);

	(void)in_irq;
	while (n-- > 0 && model.nheld) {
		unsigned int order;
		struct page *page = am_release(&model, i % model.nheld, &order);

		remember_freed(page, order);
		list_add_tail(&page->lru, &list);
	}
	free_pages_list(&list);
	FZ_CHECK(list_empty(&list), "free_pages_list left blocks on the list");
}

/*
 * A free the allocator must refuse: a block freed before (and not handed
 * out again since), a held block at another order, a tail of a held
 * block, or any pfn at any order that is not a held block's head at that
 * order (free, on a per-CPU list, reserved, in no zone, misaligned,
 * order 11). Refused means counted in page_debug_bad_frees and nothing
 * else changed, which the checks after the operation see.
 */
static bool pick_bad_free(struct fz *f, pfn_t *pfn, unsigned int *order)
{
	u8 kind = fz_u8(f) % 4, a = fz_u8(f);
	u16 b = fz_u16(f);
	const struct am_block *h;

	switch (kind) {
	case 0:
		if (!nr_freed)
			return false;
		*pfn = freed[a % MIN(nr_freed, FREED_RING)].pfn;
		*order = freed[a % MIN(nr_freed, FREED_RING)].order;
		break;
	case 1:
		if (!model.nheld)
			return false;
		h = &model.held[b % model.nheld];
		*pfn = h->pfn;
		*order = (h->order + 1 + a % (MAX_ORDER - 1)) % MAX_ORDER;
		break;
	case 2:
		if (!model.nheld || !model.held[b % model.nheld].order)
			return false;
		h = &model.held[b % model.nheld];
		*pfn = h->pfn + 1 + a % ((1UL << h->order) - 1);
		*order = 0;
		break;
	default:
		*pfn = b % AM_MAX_PAGES;
		*order = a % (MAX_ORDER + 1);
		break;
	}
	return am_find(&model, *pfn, *order) < 0;
}

static void op_bad_free(struct fz *f, bool in_irq)
{
	unsigned long before = page_debug_bad_frees;
	unsigned int order;
	pfn_t pfn;

	(void)in_irq;
	if (!pick_bad_free(f, &pfn, &order))
		return;
	model.bad_frees++;
	__free_pages(pfn_to_page(pfn), order);
	FZ_CHECK(page_debug_bad_frees == before + 1,
		 "bad free of pfn 0x%lx order %u not refused",
		 (unsigned long)pfn, order);
}

/* ---- drains, modes, sizes ------------------------------------------- */

static void op_drain_local(struct fz *f, bool in_irq)
{
	struct zone *z = pick_zone(fz_u8(f)), *zz;

	drain_local_pages(z);
	if (in_irq) /* may skip a list the interrupted section holds */
		return;
	for_each_populated_zone(zz)
		FZ_CHECK((z && zz != z) || !pcp_of(zz, host_cpu)->count,
			 "cpu%d zone %s: %d pages left after drain_local_pages",
			 host_cpu, zz->name, pcp_of(zz, host_cpu)->count);
}

static void op_drain_all(struct fz *f)
{
	struct zone *z = pick_zone(fz_u8(f));
	unsigned long before = pcp_total(z), n = drain_all_pages(z);

	FZ_CHECK(n == before && !pcp_total(z),
		 "drain_all_pages gave back %lu of %lu, %lu left", n, before,
		 pcp_total(z));
}

static void op_mode(struct fz *f)
{
	int mode = fz_u8(f) % (NR_PCP_MODES + 2);
	int r = pcp_set_mode(mode);

	FZ_CHECK(r == (mode < NR_PCP_MODES ? 0 : -22),
		 "pcp_set_mode(%d) returned %d", mode, r);
	if (r)
		return;
	FZ_CHECK(pcp_get_mode() == mode && !pcp_total(NULL),
		 "after switching to %s: mode %d, %lu pages on lists",
		 pcp_mode_names[mode], pcp_get_mode(), pcp_total(NULL));
}

static void op_fraction(struct fz *f)
{
	static const long values[10] = {0,    8, 10, 16, 100,
					1000, 1, 7,  -1, 0x80000000L};
	long v = values[fz_u8(f) % 10];
	bool ok = v == 0 ||
		  (v >= MIN_PERCPU_PAGELIST_HIGH_FRACTION && v <= 0x7fffffff);
	int r = pcp_set_high_fraction(v);

	FZ_CHECK(r == (ok ? 0 : -22), "pcp_set_high_fraction(%ld) returned %d",
		 v, r);
	FZ_CHECK(!ok || percpu_pagelist_high_fraction == v,
		 "fraction %d after setting %ld", percpu_pagelist_high_fraction,
		 v);
}

static void op_pcp_disable(struct fz *f, bool enable)
{
	struct zone *z = zone_of(fz_u8(f) & 1 ? ZONE_NORMAL : ZONE_DMA32);
	int cpu;

	if (enable) {
		if (!pcp_disabled[z->zone_idx])
			return;
		pcp_disabled[z->zone_idx]--;
		zone_pcp_enable(z);
		return;
	}
	pcp_disabled[z->zone_idx]++;
	zone_pcp_disable(z);
	FZ_CHECK(!pcp_total(z), "zone %s: %lu pages on lists after disable",
		 z->name, pcp_total(z));
	for_each_pcp_cpu(cpu)
		FZ_CHECK(!pcp_of(z, cpu)->high && pcp_of(z, cpu)->batch == 1,
			 "zone %s cpu%d disabled with high %d batch %d",
			 z->name, cpu, pcp_of(z, cpu)->high,
			 pcp_of(z, cpu)->batch);
}

/* ---- interrupts ----------------------------------------------------- */

/* The armed program, as a hard IRQ on the interrupted CPU. */
static void irq_handler(void)
{
	struct fz prog = irq.prog;

	irq.fired++;
	for (int n = 0; n < MAX_IRQ_OPS && prog.n; n++, irq.ops++)
		run_op(&prog, true);
}

/* Context: wherever the pcp code reached an inject point. */
static void inject_hook(const char *name)
{
	if (strcmp(name, points[irq.point]) || irq.skip-- > 0)
		return;
	host_inject_armed = false;
	irq.deferred += irqs_disabled();
	host_raise_irq(irq_handler);
}

static void op_irq(struct fz *f)
{
	size_t len = fz_u8(f) % (MAX_IRQ_PROG + 1);

	irq.point = (int)(fz_u8(f) % NR_POINTS);
	irq.skip = fz_u8(f) % 4;
	irq.prog = (struct fz){f->p, MIN(len, f->n)};
	f->p += irq.prog.n;
	f->n -= irq.prog.n;
	host_inject_hook = inject_hook;
	host_inject_armed = true;
}

/* ---- the driver ----------------------------------------------------- */

/* Operations a hard IRQ may do; the rest are task-only (they sleep). */
static void run_op(struct fz *f, bool in_irq)
{
	enum op op = (enum op)(fz_u8(f) % NR_OPS);

	switch (op) {
	case OP_ALLOC:
		return op_alloc(f, in_irq);
	case OP_BULK_ARRAY:
		return op_bulk_array(f, in_irq);
	case OP_BULK_LIST:
		return op_bulk_list(f, in_irq);
	case OP_FREE:
		return op_free(f, in_irq);
	case OP_FREE_LIST:
		return op_free_list(f, in_irq);
	case OP_BAD_FREE:
		return op_bad_free(f, in_irq);
	case OP_DRAIN_LOCAL:
		return op_drain_local(f, in_irq);
	default:
		break;
	}
	if (in_irq)
		return;
	switch (op) {
	case OP_DRAIN_ALL:
		return op_drain_all(f);
	case OP_MODE:
		return op_mode(f);
	case OP_FRACTION:
		return op_fraction(f);
	case OP_CPU:
		host_cpu = fz_u8(f) % NR_SIM_CPUS;
		return;
	case OP_IRQ:
		return op_irq(f);
	case OP_PCP_DISABLE:
	case OP_PCP_ENABLE:
		return op_pcp_disable(f, op == OP_PCP_ENABLE);
	default: /* the extension points */
		return;
	}
}

static void dump_messages(void)
{
	const char *m;

	for (int i = 0; (m = printk_message(i)); i++)
		fprintf(stderr, "printk: %s", m);
}

/* Every promise, at a quiescent point between operations. */
static void check_all(const char *when)
{
	char why[160];
	struct zone *z;
	int problems;

	FZ_CHECK(host_smp_quiescent(why, sizeof(why)), "%s: %s", when, why);
	problems = mm_check();
	if (problems)
		dump_messages();
	FZ_CHECK(!problems, "%s: mm_check found %d problems", when, problems);
	am_check(&model);
	FZ_CHECK(page_debug_bad_frees == model.bad_frees,
		 "%s: %lu frees refused, %lu bad ones made", when,
		 page_debug_bad_frees, model.bad_frees);
	for_each_populated_zone(z) {
		long free = zone_page_state_exact(z, NR_FREE_PAGES);

		FZ_CHECK((long)zone_managed_pages(z) ==
				 free + (long)pcp_total(z) +
					 (long)model.pages[z->zone_idx],
			 "%s: zone %s: managed %lu != free %ld + per-CPU %lu + "
			 "held %lu",
			 when, z->name, zone_managed_pages(z), free,
			 pcp_total(z), model.pages[z->zone_idx]);
	}
}

/* Give everything back: then the counters are the boot ones exactly. */
static void finish(void)
{
	struct mm_counters now;

	host_inject_armed = false;
	host_cpu = 0;
	for (int t = 0; t < MAX_NR_ZONES; t++)
		while (pcp_disabled[t]) {
			pcp_disabled[t]--;
			zone_pcp_enable(zone_of((enum zone_type)t));
		}
	while (model.nheld) {
		unsigned int order;
		struct page *page = am_release(&model, 0, &order);

		__free_pages(page, order);
	}
	drain_all_pages(NULL);
	check_all("after freeing everything");
	vmstat_fold_all(); /* the counters as totals, drifts folded in */
	mm_counters_read(&now);
	if (mm_counters_compare(&mm_boot_counters, &now))
		dump_messages();
	FZ_CHECK(!mm_counters_compare(&mm_boot_counters, &now),
		 "counters differ from boot after freeing everything");
}

static void setup(void)
{
	arena_reuse(&arena, &layout);
	host_smp_init(NR_SIM_CPUS);
	percpu_pagelist_high_fraction = 0;
	pcp_init();
	printk_capture_reset();
	am_init(&model, true);
	memset(pcp_disabled, 0, sizeof(pcp_disabled));
	nr_freed = 0;
	irq.fired = irq.deferred = irq.ops = 0;
	top_ops = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	trace = getenv("FUZZ_ALLOC_TRACE");
	arena_setup(&arena, &layout);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fz f = {data, size};

	setup();
	for (int n = 0; n < MAX_OPS && f.n; n++) {
		run_op(&f, false);
		check_all("after an operation");
		top_ops++;
	}
	finish();
	if (trace)
		fprintf(stderr,
			"fuzz_alloc: %lu operations, %lu interrupts (%lu "
			"deferred to IRQs on) ran %lu; %lu bad frees refused; "
			"mode %s\n",
			top_ops, irq.fired, irq.deferred, irq.ops,
			model.bad_frees, pcp_mode_names[pcp_get_mode()]);
	return 0;
}

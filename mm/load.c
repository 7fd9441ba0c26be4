/*
 * The load threads behind `load start|stop` (load.h). Each thread owns its
 * blocks: it alone allocates, frees and records them, in a page of slots
 * it got from the allocator at start, so the threads share nothing but the
 * stop flag and the zone locks they meet in the allocator. On stop each
 * gives back what it holds before exiting, and load_stop joins them all,
 * so no block outlives the load.
 */
#include "mm/load.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/format.h"
#include "lib/prng.h"
#include "mm/gfp.h"

#define LOAD_BURST 64 /* operations between yields */

struct load_slot {
	struct page *page;
	unsigned int order;
};

/*
 * Lock letters: (T) written only by the worker's thread, read racily by
 * load_read (aligned words: a read is old or new, never torn); (S) the
 * shell's, written before the thread starts or after it is joined.
 */
struct load_worker {
	struct thread *t;	  /* (S) */
	int cpu;		  /* (S) */
	struct page *slot_page;	  /* (S) where @held lives */
	struct load_slot *held;	  /* (T) */
	unsigned int nr_held;	  /* (T) */
	struct prng rng;	  /* (T) */
	u64 allocs, frees, fails; /* (T) */
	u64 held_pages;		  /* (T) */
};

static struct load_worker workers[NR_CPUS]; /* (S) */
static int nr_workers;			    /* (S) */
static u64 running_cpus;		    /* (S) */
static struct load_config cfg;		    /* (S), read-only while running */
static bool stop_requested;		    /* (S) written, threads read it */

static unsigned int pick_order(struct prng *r)
{
	unsigned int n = 0, k;

	for (k = 0; k < MAX_ORDER; k++)
		n += (cfg.orders >> k) & 1;
	n = (unsigned int)prng_below(r, n);
	for (k = 0; k < MAX_ORDER; k++)
		if (((cfg.orders >> k) & 1) && n-- == 0)
			break;
	return k;
}

static gfp_t pick_type(struct prng *r)
{
	static const gfp_t flag[MIGRATE_PCPTYPES] = {
		[MIGRATE_UNMOVABLE] = 0,
		[MIGRATE_MOVABLE] = __GFP_MOVABLE,
		[MIGRATE_RECLAIMABLE] = __GFP_RECLAIMABLE,
	};
	unsigned int sum = 0, x;
	int mt;

	for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		sum += cfg.weight[mt];
	x = (unsigned int)prng_below(r, sum);
	for (mt = 0; mt < MIGRATE_PCPTYPES - 1; mt++) {
		if (x < cfg.weight[mt])
			break;
		x -= cfg.weight[mt];
	}
	return flag[mt];
}

/* Context: the worker's thread, preemptible; the allocator's locks. */
static void load_alloc_one(struct load_worker *w)
{
	unsigned int order = pick_order(&w->rng);
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | pick_type(&w->rng);
	struct page *p = alloc_pages_node(NUMA_NO_NODE, gfp, order);

	if (!p) {
		WRITE_ONCE(w->fails, w->fails + 1);
		return;
	}
	w->held[w->nr_held++] = (struct load_slot){p, order};
	WRITE_ONCE(w->allocs, w->allocs + 1);
	WRITE_ONCE(w->held_pages, w->held_pages + (1UL << order));
}

/* Free slot @i, moving the last slot into its place. Context: as above. */
static void load_free_one(struct load_worker *w, unsigned int i)
{
	struct load_slot s = w->held[i];

	w->held[i] = w->held[--w->nr_held];
	__free_pages(s.page, s.order);
	WRITE_ONCE(w->frees, w->frees + 1);
	WRITE_ONCE(w->held_pages, w->held_pages - (1UL << s.order));
}

/*
 * Allocate while below half the limit on average: a random walk.
 * Context: the worker's thread, preemptible; the allocator's locks.
 */
static void load_step(struct load_worker *w)
{
	bool alloc = w->nr_held == 0 ||
		     (w->nr_held < cfg.hold && (prng_next(&w->rng) & 1));

	if (alloc)
		load_alloc_one(w);
	else
		load_free_one(w, (unsigned int)prng_below(&w->rng, w->nr_held));
}

/*
 * The thread: bursts of operations until asked to stop, then give back.
 * Context: a kernel thread bound to its CPU, preemptible; takes zone
 * locks inside the allocator only.
 */
static int load_thread(void *arg)
{
	struct load_worker *w = arg;

	while (!READ_ONCE(stop_requested)) {
		for (int i = 0; i < LOAD_BURST; i++)
			load_step(w);
		sched_yield();
	}
	while (w->nr_held)
		load_free_one(w, w->nr_held - 1);
	return 0;
}

static int check_config(const struct load_config *c, char *why, size_t len)
{
	unsigned int sum = 0;

	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		sum += c->weight[mt];
	if (running_cpus)
		ksnprintf(why, len, "already running (load stop first)");
	else if (!c->cpus)
		ksnprintf(why, len, "no CPU chosen");
	else if (!c->orders || c->orders >> MAX_ORDER)
		ksnprintf(why, len, "orders must be among 0..%d",
			  MAX_ORDER - 1);
	else if (!sum)
		ksnprintf(why, len, "every migratetype has weight 0");
	else if (c->hold < 1 || c->hold > LOAD_MAX_HOLD)
		ksnprintf(why, len, "hold must be 1..%d", LOAD_MAX_HOLD);
	else
		return 0;
	return -1;
}

/* Context: the caller of load_start, before its thread exists; takes a
 * zone lock inside alloc_pages. */
static int worker_init(struct load_worker *w, int cpu)
{
	*w = (struct load_worker){.cpu = cpu};
	w->slot_page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	if (!w->slot_page)
		return -1;
	w->held = page_address(w->slot_page);
	prng_seed(&w->rng, cfg.seed + (u64)cpu);
	return 0;
}

/*
 * Join every started worker and give back their slot pages.
 * Context: the shell or test thread; sleeps in kthread_join; zone locks
 * inside __free_pages.
 */
static void stop_all(struct load_totals *t)
{
	WRITE_ONCE(stop_requested, true);
	for (int i = 0; i < nr_workers; i++) {
		struct load_worker *w = &workers[i];

		if (w->t)
			kthread_join(w->t);
		w->t = NULL;
		if (t) {
			t->allocs += w->allocs;
			t->frees += w->frees;
			t->fails += w->fails;
			t->held_blocks += w->nr_held;
			t->held_pages += w->held_pages;
		}
		__free_pages(w->slot_page, 0);
	}
	nr_workers = 0;
	running_cpus = 0;
	WRITE_ONCE(stop_requested, false);
}

int load_start(const struct load_config *c, char *why, size_t len)
{
	char name[THREAD_NAME_LEN];
	int cpu;

	if (check_config(c, why, len))
		return -1;
	cfg = *c;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct load_worker *w = &workers[nr_workers];

		if (!((c->cpus >> cpu) & 1))
			continue;
		if (worker_init(w, cpu)) {
			ksnprintf(why, len, "no page for CPU %d's slots", cpu);
			break;
		}
		nr_workers++;
		ksnprintf(name, sizeof(name), "load/%d", cpu);
		w->t = kthread_create_on_cpu(load_thread, w, cpu, name);
		if (!w->t) {
			ksnprintf(why, len, "CPU %d runs no scheduler", cpu);
			break;
		}
		running_cpus |= 1ULL << cpu;
	}
	if (cpu < NR_CPUS) {
		stop_all(NULL);
		return -1;
	}
	return 0;
}

int load_stop(struct load_totals *t)
{
	int n = nr_workers;

	*t = (struct load_totals){.threads = n, .cpus = running_cpus};
	stop_all(t);
	return n;
}

void load_read(struct load_totals *t)
{
	*t = (struct load_totals){.threads = nr_workers, .cpus = running_cpus};
	for (int i = 0; i < nr_workers; i++) {
		const struct load_worker *w = &workers[i];

		t->allocs += READ_ONCE(w->allocs);
		t->frees += READ_ONCE(w->frees);
		t->fails += READ_ONCE(w->fails);
		t->held_pages += READ_ONCE(w->held_pages);
	}
	t->held_blocks = t->allocs - t->frees;
}

void load_fmt_list(u64 mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < 64 && n < len; i++) {
		int j = i;

		if (!((mask >> i) & 1))
			continue;
		while (j < 63 && ((mask >> (j + 1)) & 1))
			j++;
		if (j > i)
			n += (size_t)ksnprintf(buf + n, len - n, "%s%d-%d",
					       n ? "," : "", i, j);
		else
			n += (size_t)ksnprintf(buf + n, len - n, "%s%d",
					       n ? "," : "", i);
		i = j;
	}
}

/*
 * The per-CPU lists as mm_check and `page PFN` see them: the walkers
 * mm_check uses for its fourth page state (mm_check.h), and the locator
 * that answers "on CPU k's pcp list L" (page_where.h). Both stop every
 * CPU's use of the lists with the gate (mm/pcp_remote.c) while they
 * look, so they work the same in every mode, and no CPU is interrupted.
 * Kernel only.
 */
#include "lib/format.h"
#include "mm/frag.h"
#include "mm/mm_check.h"
#include "mm/page_where.h"
#include "mm/pcp_internal.h"

/* One gate per mm_check_zone call (pcp_remote_begin holds the admin
 * lock meanwhile, so one checker at a time). */
static struct pcp_section check_gate;

/* Context: task, preemptible; takes pcp_admin_lock until check_end. */
static void check_begin(struct zone *z)
{
	(void)z;
	pcp_remote_begin(&check_gate);
}

static void check_end(struct zone *z)
{
	(void)z;
	pcp_remote_end(&check_gate);
}

/* The gate already keeps every CPU out: nothing more per CPU. */
static void check_lock(struct zone *z, int cpu)
{
	(void)z;
	(void)cpu;
}

static struct list_head *check_list(struct zone *z, int cpu, int idx,
				    unsigned int *order, int *mt)
{
	if (!percpu_areas[cpu])
		return NULL;
	*order = pindex_to_order(idx);
	*mt = pindex_to_mt(idx);
	return &pcp_of(z, cpu)->lists[idx];
}

static long check_count(struct zone *z, int cpu)
{
	return percpu_areas[cpu] ? pcp_of(z, cpu)->count : 0;
}

static const struct mm_check_pcp_ops pcp_check_ops = {
	.nr_lists = NR_PCP_LISTS,
	.begin = check_begin,
	.end = check_end,
	.lock = check_lock,
	.unlock = check_lock,
	.list = check_list,
	.count = check_count,
};

/*
 * frag's 'p' row: every block on any CPU's lists of @z, with the gate
 * closed so no list changes while it is walked.
 * Context: task, preemptible; takes pcp_admin_lock through the gate.
 */
static void pcp_frag_walk(struct zone *z, frag_pcp_visit_fn visit, void *ctx)
{
	struct pcp_section gate;
	int cpu;

	if (pcp_get_mode() == PCP_MODE_OFF)
		return; /* before pcp_init: nothing on any list */
	pcp_remote_begin(&gate);
	for_each_pcp_cpu(cpu) {
		struct per_cpu_pages *pcp = pcp_of(z, cpu);

		for (int i = 0; i < NR_PCP_LISTS; i++) {
			struct page *p;

			list_for_each_entry(p, &pcp->lists[i], pcp_list)
				visit(ctx, page_to_pfn(p), pindex_to_order(i));
		}
	}
	pcp_remote_end(&gate);
}

static const struct frag_pcp_walker pcp_frag_walker = {
	.name = "per-CPU lists",
	.walk = pcp_frag_walk,
};

void pcp_check_init(void)
{
	mm_check_set_pcp_ops(&pcp_check_ops);
	frag_set_pcp_walker(&pcp_frag_walker);
}

/* Is @pfn inside a block on one of @cpu's lists of @z? Context: gated. */
static bool pcp_find_cpu(struct zone *z, int cpu, pfn_t pfn,
			 struct page_where *w)
{
	struct per_cpu_pages *pcp = pcp_of(z, cpu);

	for (int i = 0; i < NR_PCP_LISTS; i++) {
		unsigned int order = pindex_to_order(i);
		struct page *p;

		list_for_each_entry(p, &pcp->lists[i], pcp_list) {
			pfn_t head = page_to_pfn(p);

			if (pfn < head || pfn >= head + (1UL << order))
				continue;
			*w = (struct page_where){.head = head,
						 .order = order,
						 .list_mt = p->migratetype,
						 .cpu = cpu};
			ksnprintf(w->list, sizeof(w->list),
				  "CPU %d's pcp list %d (order %u, %s)", cpu, i,
				  order,
				  i == PCP_THP_LIST
					  ? "any type"
					  : migratetype_names[pindex_to_mt(i)]);
			return true;
		}
	}
	return false;
}

/* Context: shell, preemptible; closes the gate while it looks. */
static bool pcp_find(struct zone *z, pfn_t pfn, struct page_where *w)
{
	struct pcp_section gate;
	bool found = false;
	int cpu;

	if (pcp_get_mode() == PCP_MODE_OFF)
		return false; /* before pcp_init: no list holds anything */
	pcp_remote_begin(&gate);
	for_each_pcp_cpu(cpu) {
		if (pcp_find_cpu(z, cpu, pfn, w)) {
			found = true;
			break;
		}
	}
	pcp_remote_end(&gate);
	return found;
}
PAGE_LOCATOR(pcp, pcp_find);

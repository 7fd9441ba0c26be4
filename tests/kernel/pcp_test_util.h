/*
 * Helpers for the pcp KTAP suites: run a body once per locking mode
 * (switching at run time, as `pcp lock MODE` does), on a thread bound to
 * one CPU so "this CPU's lists" stays one set of lists; and the model of
 * a spill (Linux's nr_pcp_free) the tests compare the lists against.
 */
#ifndef TESTS_KERNEL_PCP_TEST_UTIL_H
#define TESTS_KERNEL_PCP_TEST_UTIL_H

#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "mm/pcp_internal.h"
#include "tests/kernel/mm_test_util.h"

struct pcp_mode_run {
	struct ktest *t;
	int mode;
	void (*body)(struct ktest *t, int mode);
};

static inline int pcp_mode_run_fn(void *arg)
{
	struct pcp_mode_run *r = arg;

	r->body(r->t, r->mode);
	return 0;
}

/*
 * pcp_test_each_mode - switch to every mode in turn and run @body on a
 * thread bound to this CPU; put the boot mode back. A build with the mode
 * fixed runs only that one (and says so). Context: ktest case thread.
 */
static inline void pcp_test_each_mode(struct ktest *t,
				      void (*body)(struct ktest *t, int mode))
{
	int boot = pcp_get_mode(), fixed;
	bool one = pcp_mode_fixed(&fixed);

	if (one)
		ktest_log(t, "only mode %s: the build fixes it",
			  pcp_mode_names[fixed]);
	for (int m = 0; m < NR_PCP_MODES; m++) {
		struct pcp_mode_run r = {.t = t, .mode = m, .body = body};
		struct thread *th;
		int failures = t->failures;

		if (one && m != fixed)
			continue;
		KEXPECT_EQ(t, pcp_set_mode(m), 0);
		th = kthread_create_on_cpu(pcp_mode_run_fn, &r,
					   raw_smp_processor_id(), "pcp-test");
		KASSERT_TRUE(t, th != NULL);
		kthread_join(th);
		if (t->failures != failures)
			ktest_log(t, "the failures above were in mode %s",
				  pcp_mode_names[m]);
	}
	KEXPECT_EQ(t, pcp_set_mode(boot), 0);
}

/* The zone GFP_KERNEL allocations of this CPU's node come from first. */
static inline struct zone *pcp_test_zone(void)
{
	return NODE_DATA(numa_node_id())->node_zonelist[0];
}

/* Blocks on @cpu's list @pindex of @z. Context: quiescent lists. */
static inline unsigned long pcp_test_len(struct zone *z, int cpu, int pindex)
{
	return list_count(&pcp_of(z, cpu)->lists[pindex]);
}

/* The model's lists: one order only, as the spill tests use them. */
struct pcp_model {
	int count, high, batch, free_factor;
	unsigned int order;
	unsigned long spills;
	int last_spill; /* pages the last spill freed */
};

/* What pcp_push_locked does after adding 2^order pages: spill or not. */
static inline void pcp_model_free(struct pcp_model *m)
{
	bool free_high = m->free_factor && m->order &&
			 m->order <= PAGE_ALLOC_COSTLY_ORDER;
	int high = free_high ? 0 : m->high, n, freed;

	m->count += 1 << m->order;
	if (m->count < high)
		return;
	if (free_high) {
		n = m->count;
	} else if (high < m->batch) {
		n = 1;
	} else {
		n = m->batch << m->free_factor;
		if (n < high - m->batch)
			m->free_factor++;
		n = MIN(MAX(n, m->batch), high - m->batch);
	}
	n = MIN(n, m->count);
	/* whole blocks, cold end first, until n pages are gone */
	freed = (int)ALIGN_UP((unsigned)n, 1U << m->order);
	m->count -= freed;
	m->last_spill = freed;
	m->spills++;
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The measured loops: bulk-allocate N order-0 pages and free them one by one,
 * or allocate and free one block of a given order. Each returns the TSC ticks
 * the whole loop took; the caller divides by the pages it moved.
 *
 * Pages are freed with __free_page(), one call per page, because that is the
 * free path pagelab's harness times (its __free_pages()), and the allocator's
 * own per-page free is what the comparison is about. put_page() would add
 * page-cache and memcg checks that pagelab has no equivalent of, and
 * release_pages() batches the pcp lock over up to 32 pages, a different
 * algorithm from the one being compared.
 */
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "peer.h"
#include "peer_tsc.h"

/*
 * GFP_ATOMIC as in seed 000's benchmark: no reclaim may run inside a timed
 * loop, and with 2 GiB free the fast path never leaves the free lists.
 */
#define PEER_GFP GFP_ATOMIC

/* alloc_pages_bulk_array() fills only NULL slots, so this stays all NULL
 * between calls. Only the benchmark thread touches it. */
static struct page *peer_array[PEER_MAX_BULK];

static u64 peer_bulk_array(unsigned int n, unsigned int loops, int *err)
{
	unsigned int i, j, got;
	u64 t0, t1;

	t0 = peer_tsc_begin();
	for (i = 0; i < loops; i++) {
		got = alloc_pages_bulk_array(PEER_GFP, n, peer_array);
		for (j = 0; j < got; j++) {
			__free_page(peer_array[j]);
			peer_array[j] = NULL;
		}
		if (unlikely(got != n)) {
			*err = -ENOMEM;
			break;
		}
	}
	t1 = peer_tsc_end();
	return t1 - t0;
}

/*
 * The list is not unlinked page by page: freeing reuses page->lru, and the
 * _safe walk has already read the next entry, so the list head is simply
 * started afresh on the next call.
 */
static u64 peer_bulk_list(unsigned int n, unsigned int loops, int *err)
{
	struct page *page, *next;
	unsigned int i, got;
	u64 t0, t1;

	t0 = peer_tsc_begin();
	for (i = 0; i < loops; i++) {
		LIST_HEAD(list);

		got = alloc_pages_bulk_list(PEER_GFP, n, &list);
		list_for_each_entry_safe(page, next, &list, lru)
			__free_page(page);
		if (unlikely(got != n)) {
			*err = -ENOMEM;
			break;
		}
	}
	t1 = peer_tsc_end();
	return t1 - t0;
}

static u64 peer_single(unsigned int order, unsigned int loops, int *err)
{
	struct page *page;
	unsigned int i;
	u64 t0, t1;

	t0 = peer_tsc_begin();
	for (i = 0; i < loops; i++) {
		page = alloc_pages(PEER_GFP, order);
		if (unlikely(!page)) {
			*err = -ENOMEM;
			break;
		}
		__free_pages(page, order);
	}
	t1 = peer_tsc_end();
	return t1 - t0;
}

/**
 * peer_loop - run @row's loop once, @row->loops calls long.
 * @row: what to run
 * @err: set to -ENOMEM if an allocation came back short (the loop stops)
 *
 * Context: process context, bound to one CPU; IRQs and preemption on, as
 *          an ordinary caller of the allocator would have them.
 * Return: TSC ticks the loop took.
 */
u64 peer_loop(const struct peer_row *row, int *err)
{
	switch (row->test) {
	case PEER_BULK_ARRAY:
		return peer_bulk_array(row->n, row->loops, err);
	case PEER_BULK_LIST:
		return peer_bulk_list(row->n, row->loops, err);
	case PEER_SINGLE:
		return peer_single(row->order, row->loops, err);
	}
	*err = -EINVAL;
	return 0;
}

const char *peer_test_name(enum peer_test test)
{
	switch (test) {
	case PEER_BULK_ARRAY:
		return "bulk_array";
	case PEER_BULK_LIST:
		return "bulk_list";
	case PEER_SINGLE:
		return "single";
	}
	return "unknown";
}

/*
 * The model memblock is checked against in fuzz_memblock.c: sets of
 * half-open intervals [s, e), each with a node, kept in plain arrays and
 * rebuilt by sorting. Slow and simple on purpose.
 */
#ifndef TESTS_FUZZ_FUZZ_ISET_H
#define TESTS_FUZZ_FUZZ_ISET_H

#include "tests/fuzz/fuzz_util.h"

#define ISET_MAX 4096

struct ival {
	u64 s, e; /* e > s */
	int nid;
};

struct iset {
	int n;
	struct ival v[ISET_MAX];
};

static inline void iset_push(struct iset *set, u64 s, u64 e, int nid)
{
	if (s >= e)
		return;
	FZ_CHECK(set->n < ISET_MAX, "model full");
	set->v[set->n++] = (struct ival){s, e, nid};
}

static inline int ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/* Sort; merge what overlaps, and what touches when of the same node. */
static inline void iset_normalize(struct iset *set)
{
	int out = 0;

	qsort(set->v, (size_t)set->n, sizeof(set->v[0]), ival_cmp);
	for (int i = 0; i < set->n; i++) {
		struct ival *prev = out ? &set->v[out - 1] : NULL;
		struct ival r = set->v[i];

		if (prev &&
		    (r.s < prev->e || (r.s == prev->e && r.nid == prev->nid))) {
			FZ_CHECK(r.nid == prev->nid, "model: nodes overlap");
			prev->e = MAX(prev->e, r.e);
			continue;
		}
		set->v[out++] = r;
	}
	set->n = out;
}

/* @out = @a minus @b (@b normalized); @a's pieces keep their node and
 * stay apart, as memblock walks free memory region by region. */
static inline void iset_sub(const struct iset *a, const struct iset *b,
			    struct iset *out)
{
	out->n = 0;
	for (int i = 0; i < a->n; i++) {
		u64 cur = a->v[i].s, end = a->v[i].e;

		for (int j = 0; j < b->n && cur < end; j++) {
			if (b->v[j].e <= cur)
				continue;
			if (b->v[j].s >= end)
				break;
			iset_push(out, cur, b->v[j].s, a->v[i].nid);
			cur = b->v[j].e;
		}
		iset_push(out, cur, end, a->v[i].nid);
	}
}

/* Whether @set (normalized) overlaps [s, e). */
static inline bool iset_overlaps(const struct iset *set, u64 s, u64 e)
{
	for (int i = 0; i < set->n; i++)
		if (set->v[i].s < e && s < set->v[i].e)
			return true;
	return false;
}

/* Whether [s, e) lies inside one interval of @set (normalized). */
static inline bool iset_covers(const struct iset *set, u64 s, u64 e)
{
	for (int i = 0; i < set->n; i++)
		if (set->v[i].s <= s && e <= set->v[i].e)
			return true;
	return false;
}

#endif

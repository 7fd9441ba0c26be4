/*
 * Host tests of the header-only helpers in lib/: intrusive lists (against
 * a plain array model), bit operations (against slow loops) and the PRNG
 * (reproducible, and prng_below unbiased and in range).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h> /* the C library's ffs, which lib/bitops.h defers to */

#include "lib/bitops.h"
#include "lib/list.h"
#include "lib/prng.h"
#include "tests/host/host_test.h"
#include "tests/host/host_env.h"

struct item {
	int v;
	struct list_head node;
};

/* Check @head holds exactly @want[0..n) in order, both ways round. */
static void expect_list(struct ht *t, int line, const struct list_head *head,
			const int *want, size_t n)
{
	const struct list_head *p;
	size_t i = 0;

	if (list_count(head) != n)
		ht_fail(t, __FILE__, line, "count %zu, want %zu",
			list_count(head), n);
	list_for_each(p, head) {
		if (i >= n || list_entry(p, struct item, node)->v != want[i])
			ht_fail(t, __FILE__, line, "wrong item at %zu", i);
		i++;
	}
	for (p = head->prev; p != head; p = p->prev)
		if (!i-- || list_entry(p, struct item, node)->v != want[i])
			ht_fail(t, __FILE__, line, "backwards: wrong at %zu",
				i);
	if (list_empty(head) != (n == 0) || list_is_singular(head) != (n == 1))
		ht_fail(t, __FILE__, line, "empty/singular wrong for %zu", n);
}

#define EXPECT_LIST(t, head, ...)                                              \
	do {                                                                   \
		static const int __w[] = {__VA_ARGS__};                        \
		expect_list(t, __LINE__, head, __w, ARRAY_SIZE(__w));          \
	} while (0)

static void list_add_del_move(struct ht *t)
{
	struct item it[5];
	LIST_HEAD(a);
	int i;

	for (i = 0; i < 5; i++)
		it[i].v = i;
	HT_EXPECT(t, list_empty(&a));
	HT_EXPECT_EQ(t, list_count(&a), 0);
	list_add(&it[0].node, &a);
	EXPECT_LIST(t, &a, 0);
	list_add(&it[1].node, &a);	/* front */
	list_add_tail(&it[2].node, &a); /* back */
	EXPECT_LIST(t, &a, 1, 0, 2);
	list_del(&it[0].node);
	EXPECT_LIST(t, &a, 1, 2);
	HT_EXPECT(t, it[0].node.next == LIST_POISON_NEXT);
	HT_EXPECT(t, it[0].node.prev == LIST_POISON_PREV);
	list_move_tail(&it[1].node, &a);
	EXPECT_LIST(t, &a, 2, 1);
	list_move(&it[1].node, &a);
	EXPECT_LIST(t, &a, 1, 2);
	list_del_init(&it[2].node);
	HT_EXPECT(t, list_empty(&it[2].node));
	EXPECT_LIST(t, &a, 1);
	HT_EXPECT_EQ(t, list_first_entry(&a, struct item, node)->v, 1);
	HT_EXPECT_EQ(t, list_last_entry(&a, struct item, node)->v, 1);
}

static void list_splice(struct ht *t)
{
	struct item it[6];
	LIST_HEAD(a);
	LIST_HEAD(b);
	int i;

	for (i = 0; i < 6; i++) {
		it[i].v = i;
		list_add_tail(&it[i].node, i < 3 ? &a : &b);
	}
	list_splice_init(&b, &a);
	EXPECT_LIST(t, &a, 3, 4, 5, 0, 1, 2);
	HT_EXPECT(t, list_empty(&b));
	list_splice_init(&b, &a); /* empty: no change */
	EXPECT_LIST(t, &a, 3, 4, 5, 0, 1, 2);
	list_move_tail(&it[3].node, &b);
	list_move_tail(&it[4].node, &b);
	list_splice_tail_init(&b, &a);
	EXPECT_LIST(t, &a, 5, 0, 1, 2, 3, 4);
	HT_EXPECT(t, list_empty(&b));
}

/* The _safe walk survives deleting each node as it goes. */
static void list_iterate_safe(struct ht *t)
{
	struct item it[8], *pos, *n;
	LIST_HEAD(a);
	LIST_HEAD(odd);
	int i, sum = 0;

	for (i = 0; i < 8; i++) {
		it[i].v = i;
		list_add_tail(&it[i].node, &a);
	}
	list_for_each_entry(pos, &a, node)
		sum += pos->v;
	HT_EXPECT_EQ(t, sum, 28);
	list_for_each_entry_safe(pos, n, &a, node) {
		if (pos->v % 2)
			list_move_tail(&pos->node, &odd);
		else
			list_del(&pos->node);
	}
	HT_EXPECT(t, list_empty(&a));
	EXPECT_LIST(t, &odd, 1, 3, 5, 7);
}

static int slow_fls64(u64 x)
{
	int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static void bitops_scalar(struct ht *t)
{
	struct prng r;
	int i;

	HT_EXPECT_EQ(t, fls(0), 0);
	HT_EXPECT_EQ(t, fls(1), 1);
	HT_EXPECT_EQ(t, fls(0x80000000u), 32);
	HT_EXPECT_EQ(t, fls64(1ULL << 63), 64);
	HT_EXPECT_EQ(t, ffs(0), 0);
	HT_EXPECT_EQ(t, ffs(0x18), 4);
	HT_EXPECT_EQ(t, __ffs64(1ULL << 40), 40);
	HT_EXPECT_EQ(t, ilog2(1), 0);
	HT_EXPECT_EQ(t, ilog2(4097), 12);
	HT_EXPECT_EQ(t, ilog2(0), -1);
	HT_EXPECT(t, is_power_of_2(1) && is_power_of_2(1ULL << 63));
	HT_EXPECT(t, !is_power_of_2(0) && !is_power_of_2(6));
	HT_EXPECT_EQ(t, roundup_pow_of_two(0), 1);
	HT_EXPECT_EQ(t, roundup_pow_of_two(5), 8);
	HT_EXPECT_EQ(t, roundup_pow_of_two(8), 8);
	HT_EXPECT_EQ(t, rounddown_pow_of_two(0), 0);
	HT_EXPECT_EQ(t, rounddown_pow_of_two(9), 8);
	HT_EXPECT_EQ(t, DIV_ROUND_UP(9, 4), 3);
	HT_EXPECT_EQ(t, BITS_TO_LONGS(65), 2);
	HT_EXPECT_EQ(t, hweight64(0xf0f0), 8);
	prng_seed(&r, 7);
	for (i = 0; i < 10000; i++) {
		u64 x = prng_next(&r) >> prng_below(&r, 64);

		HT_EXPECT_EQ(t, fls64(x), slow_fls64(x));
	}
}

static void bitops_bitmap(struct ht *t)
{
	unsigned long map[BITS_TO_LONGS(200)];
	unsigned long bit, n = 0;

	memset(map, 0xff, sizeof(map));
	bitmap_zero(map, 200);
	HT_EXPECT_EQ(t, find_first_bit(map, 200), 200);
	set_bit(3, map);
	set_bit(64, map);
	set_bit(199, map);
	HT_EXPECT(t, test_bit(64, map) && !test_bit(65, map));
	HT_EXPECT_EQ(t, bitmap_weight(map, 200), 3);
	HT_EXPECT_EQ(t, bitmap_weight(map, 199), 2);
	HT_EXPECT_EQ(t, find_next_bit(map, 200, 4), 64);
	HT_EXPECT_EQ(t, find_next_bit(map, 199, 65), 199);
	for_each_set_bit(bit, map, 200)
		n += bit;
	HT_EXPECT_EQ(t, n, 3 + 64 + 199);
	clear_bit(64, map);
	HT_EXPECT_EQ(t, find_next_bit(map, 200, 4), 199);
}

static void prng_reproducible(struct ht *t)
{
	struct prng a, b;
	int i, same = 0;

	prng_seed(&a, 1);
	prng_seed(&b, 1);
	for (i = 0; i < 1000; i++)
		HT_EXPECT(t, prng_next(&a) == prng_next(&b));
	prng_seed(&b, 2);
	for (i = 0; i < 1000; i++)
		same += prng_next(&a) == prng_next(&b);
	HT_EXPECT_EQ(t, same, 0);
	HT_EXPECT_EQ(t, prng_below(&a, 0), 0);
	HT_EXPECT_EQ(t, prng_below(&a, 1), 0);
}

/* Known answers of the published reference algorithms. */
static void prng_reference_values(struct ht *t)
{
	struct prng r = {{1, 2, 3, 4}};
	u64 x = 0;

	HT_EXPECT(t, prng_splitmix64(&x) == 0xe220a8397b1dcdafULL);
	HT_EXPECT(t, prng_next(&r) == 11520); /* rotl(2 * 5, 7) * 9 */
	HT_EXPECT(t, prng_next(&r) == 0);
	HT_EXPECT(t, prng_next(&r) == 1509978240);
}

/* Counts over 6 buckets should be within a few standard deviations. */
static void prng_below_uniform(struct ht *t)
{
	enum { N = 6, DRAWS = 600000 };
	unsigned long count[N] = {0};
	struct prng r;
	u64 big = (1ULL << 63) + 12345;
	int i;

	prng_seed(&r, 99);
	for (i = 0; i < DRAWS; i++)
		count[prng_below(&r, N)]++;
	for (i = 0; i < N; i++)
		HT_EXPECT_MSG(t, count[i] > 99000 && count[i] < 101000,
			      "bucket %d has %lu", i, count[i]);
	/* a huge bound: half the draws must land in each half */
	for (i = 0, count[0] = 0; i < 100000; i++) {
		u64 v = prng_below(&r, big);

		HT_ASSERT(t, v < big);
		count[0] += v < big / 2;
	}
	HT_EXPECT_MSG(t, count[0] > 49000 && count[0] < 51000, "lower %lu",
		      count[0]);
}

static const struct ht_case cases[] = {
	HT_CASE(list_add_del_move),	HT_CASE(list_splice),
	HT_CASE(list_iterate_safe),	HT_CASE(bitops_scalar),
	HT_CASE(bitops_bitmap),		HT_CASE(prng_reproducible),
	HT_CASE(prng_reference_values), HT_CASE(prng_below_uniform),
};

HT_MAIN(cases, printk_capture_reset)

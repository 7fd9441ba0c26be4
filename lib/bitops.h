/*
 * Bit operations: find first/last set bit, powers of two, and plain
 * (non-atomic) bitmaps over arrays of unsigned long. The compiler builtins
 * become single instructions (bsr/bsf/popcnt or short sequences).
 */
#ifndef LIB_BITOPS_H
#define LIB_BITOPS_H

#include "lib/types.h"

#define BITS_PER_LONG	   (8 * (int)sizeof(unsigned long))
#define BITS_TO_LONGS(n)   DIV_ROUND_UP((n), (unsigned long)BITS_PER_LONG)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define BIT(n)		   (1UL << (n))
#define BIT_ULL(n)	   (1ULL << (n))

/* fls - 1-based index of the most significant set bit; 0 when @x is 0. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* __ffs64 - 0-based index of the least significant set bit; @x != 0. */
static inline int __ffs64(u64 x)
{
	return __builtin_ctzll(x);
}

static inline int __ffs(unsigned long x)
{
	return __builtin_ctzl(x);
}

/*
 * ffs - 1-based index of the least significant set bit; 0 when @x is 0.
 * A hosted C library already declares this very function in <strings.h>,
 * so host builds use that one instead of clashing with it.
 */
#if !__STDC_HOSTED__
static inline int ffs(int x)
{
	return __builtin_ffs(x);
}
#endif

/* ilog2 - floor(log2(@x)); -1 for 0, which has no logarithm. */
static inline int ilog2(u64 x)
{
	return fls64(x) - 1;
}

static inline bool is_power_of_2(u64 x)
{
	return x && !(x & (x - 1));
}

/* roundup_pow_of_two - smallest power of two >= @x; @x <= 2^63. */
static inline u64 roundup_pow_of_two(u64 x)
{
	return x <= 1 ? 1 : 1ULL << fls64(x - 1);
}

/* rounddown_pow_of_two - largest power of two <= @x; 0 for 0. */
static inline u64 rounddown_pow_of_two(u64 x)
{
	return x ? 1ULL << (fls64(x) - 1) : 0;
}

static inline int hweight32(u32 x)
{
	return __builtin_popcount(x);
}

static inline int hweight64(u64 x)
{
	return __builtin_popcountll(x);
}

/* Bitmaps: bit @nr lives in word nr / BITS_PER_LONG. Not atomic. */
static inline void set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void bitmap_zero(unsigned long *map, unsigned long nbits)
{
	unsigned long i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = 0;
}

/* bitmap_weight - how many of the first @nbits bits are set. */
static inline unsigned long bitmap_weight(const unsigned long *map,
					  unsigned long nbits)
{
	unsigned long i, w = 0, rest = nbits % BITS_PER_LONG;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		w += (unsigned long)__builtin_popcountl(map[i]);
	if (rest)
		w += (unsigned long)__builtin_popcountl(map[i] &
							((1UL << rest) - 1));
	return w;
}

/* find_next_bit - first set bit at or after @start, or @nbits if none. */
static inline unsigned long find_next_bit(const unsigned long *map,
					  unsigned long nbits,
					  unsigned long start)
{
	unsigned long word;

	if (start >= nbits)
		return nbits;
	/* mask off the bits below @start in the first word looked at */
	word = map[start / BITS_PER_LONG] & (~0UL << (start % BITS_PER_LONG));
	start -= start % BITS_PER_LONG;
	while (!word) {
		start += BITS_PER_LONG;
		if (start >= nbits)
			return nbits;
		word = map[start / BITS_PER_LONG];
	}
	start += (unsigned long)__ffs(word);
	return start < nbits ? start : nbits;
}

static inline unsigned long find_first_bit(const unsigned long *map,
					   unsigned long nbits)
{
	return find_next_bit(map, nbits, 0);
}

#define for_each_set_bit(bit, map, nbits)                                      \
	for ((bit) = find_first_bit((map), (nbits)); (bit) < (nbits);          \
	     (bit) = find_next_bit((map), (nbits), (bit) + 1))

#endif

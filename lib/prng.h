/*
 * A small seeded pseudo-random generator for tests, fuzzing and benchmarks:
 * xoshiro256** (Blackman and Vigna), whose 256-bit state is filled from the
 * seed by splitmix64. Same seed, same sequence, on every machine.
 * Not for secrets. Each user owns its struct prng, so there is no locking.
 */
#ifndef LIB_PRNG_H
#define LIB_PRNG_H

#include "lib/types.h"

struct prng {
	u64 s[4];
};

/* splitmix64: spreads any seed, even 0, over all 64 bits. */
static inline u64 prng_splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* prng_seed - start the sequence for @seed; the state is never all zero. */
static inline void prng_seed(struct prng *r, u64 seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = prng_splitmix64(&seed);
}

static inline u64 prng_rotl(u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* prng_next - the next 64 random bits. */
static inline u64 prng_next(struct prng *r)
{
	u64 *s = r->s;
	u64 result = prng_rotl(s[1] * 5, 7) * 9;
	u64 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = prng_rotl(s[3], 45);
	return result;
}

/*
 * prng_below - uniform in [0, @n), or 0 when @n is 0.
 * Lemire's method: the high half of x * n is the answer; the few x whose low
 * half falls below 2^64 mod n would make some results likelier, so they are
 * drawn again. That keeps it unbiased without a division on most calls.
 */
static inline u64 prng_below(struct prng *r, u64 n)
{
	unsigned __int128 m;
	u64 low;

	if (n == 0)
		return 0;
	m = (unsigned __int128)prng_next(r) * n;
	low = (u64)m;
	if (low < n) {
		u64 threshold = (0 - n) % n; /* 2^64 mod n */

		while (low < threshold) {
			m = (unsigned __int128)prng_next(r) * n;
			low = (u64)m;
		}
	}
	return (u64)(m >> 64);
}

#endif

/*
 * Helpers shared by the libFuzzer targets: a reader that takes fixed-size
 * fields from the fuzz input (zeros once it runs out, so every input means
 * something), a check that aborts with a message libFuzzer shows next to
 * the crashing input, and checks on what the code under test printed.
 */
#ifndef TESTS_FUZZ_FUZZ_UTIL_H
#define TESTS_FUZZ_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/types.h"
#include "tests/host/host_env.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* An invariant the code promises; a failure is a finding, so abort. */
#define FZ_CHECK(cond, fmt, ...)                                               \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
				"fuzz invariant failed: %s:%d: %s: " fmt "\n", \
				__FILE__, __LINE__, #cond, ##__VA_ARGS__);     \
			abort();                                               \
		}                                                              \
	} while (0)

struct fz {
	const u8 *p;
	size_t n;
};

static inline void fz_take(struct fz *f, void *dst, size_t len)
{
	size_t k = MIN(len, f->n);

	memset(dst, 0, len);
	memcpy(dst, f->p, k);
	f->p += k;
	f->n -= k;
}

static inline u8 fz_u8(struct fz *f)
{
	u8 v;

	fz_take(f, &v, sizeof(v));
	return v;
}

static inline u16 fz_u16(struct fz *f)
{
	u16 v;

	fz_take(f, &v, sizeof(v));
	return v;
}

static inline u32 fz_u32(struct fz *f)
{
	u32 v;

	fz_take(f, &v, sizeof(v));
	return v;
}

static inline u64 fz_u64(struct fz *f)
{
	u64 v;

	fz_take(f, &v, sizeof(v));
	return v;
}

/*
 * fz_copy - an exact-size heap copy of @len bytes of @src, so that ASan
 * reports a read even one byte past what the parser was given. @shift
 * (0..7) moves the copy off 8-byte alignment. Free with fz_free(@ret, @shift).
 */
static inline u8 *fz_copy(const void *src, size_t len, size_t shift)
{
	u8 *m = malloc(len + shift ? len + shift : 1);

	FZ_CHECK(m, "out of memory");
	if (len)
		memcpy(m + shift, src, len);
	return m + shift;
}

static inline void fz_free(u8 *p, size_t shift)
{
	free(p - shift);
}

/*
 * Every message printed since printk_capture_reset() is one line: no line
 * break before its end (kernel printk adds the final '\n' when a message is
 * cut, the host stand-in does not, so a missing '\n' is allowed). Every
 * warning starts with @prefix.
 */
static inline void fz_check_messages(const char *prefix)
{
	const char *m;

	for (int i = 0; (m = printk_message(i)); i++) {
		const char *nl = strchr(m, '\n');

		FZ_CHECK(!nl || !nl[1], "message %d spans lines: '%s'", i, m);
		FZ_CHECK(!strchr(m, '\r'), "message %d has a CR: '%s'", i, m);
	}
	FZ_CHECK(printk_warned_count(prefix) == printk_warn_count(),
		 "%d of %d warnings lack the prefix '%s'",
		 printk_warn_count() - printk_warned_count(prefix),
		 printk_warn_count(), prefix);
}

/* Whether [p, p+len) lies inside [base, base+size). */
static inline bool fz_inside(const void *p, size_t len, const void *base,
			     size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= size && len <= size - (a - b);
}

#endif

/*
 * Rate limiting for messages that can come in bursts: at most `burst` per
 * `interval`, and a count of those dropped, printed by the caller when the
 * next window opens. Linux's ___ratelimit (lib/ratelimit.c), with the time
 * passed in so the rule can be tested without a clock.
 */
#ifndef LIB_RATELIMIT_H
#define LIB_RATELIMIT_H

#include "kernel/spinlock.h"
#include "lib/types.h"

struct ratelimit_state {
	spinlock_t lock;
	u64 interval_ns; /* (C) */
	int burst;	 /* (C) */
	u64 begin;	 /* start of the current window, ns */
	int printed;	 /* allowed in the current window */
	int missed;	 /* refused in the current window */
	bool started;
};

#define RATELIMIT_STATE_INIT(name, interval, nr)                               \
	{                                                                      \
		.lock = SPINLOCK_INIT(name), .interval_ns = (interval),        \
		.burst = (nr),                                                 \
	}

/* Linux's defaults for warnings: 10 per 5 seconds. */
#define RATELIMIT_DEFAULT_INTERVAL_NS (5ULL * 1000000000ULL)
#define RATELIMIT_DEFAULT_BURST	      10

/*
 * ratelimit_allow - may the caller print a message at @now_ns? When a
 * new window opens, *@suppressed gets how many the old one refused (0 if
 * none): the caller says so before its message.
 * Context: any, IRQs and NMI included; a contended state refuses.
 */
bool ratelimit_allow(struct ratelimit_state *rs, u64 now_ns, int *suppressed);

/* ratelimit_reset - forget the window. Context: quiescent. */
void ratelimit_reset(struct ratelimit_state *rs);

#endif

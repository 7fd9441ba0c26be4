/*
 * Rate limiting (see ratelimit.h). One window of interval_ns at a time,
 * opened by the first message after the previous one ended.
 */
#include "lib/ratelimit.h"

/* Context: rs->lock held. */
static void open_window(struct ratelimit_state *rs, u64 now_ns, int *suppressed)
{
	*suppressed = rs->missed;
	rs->begin = now_ns;
	rs->printed = 0;
	rs->missed = 0;
	rs->started = true;
}

bool ratelimit_allow(struct ratelimit_state *rs, u64 now_ns, int *suppressed)
{
	unsigned long flags;
	bool ok;

	*suppressed = 0;
	/* a message from an IRQ that interrupted a holder is simply dropped */
	if (!spin_trylock_irqsave(&rs->lock, &flags))
		return false;
	if (!rs->started || now_ns - rs->begin >= rs->interval_ns)
		open_window(rs, now_ns, suppressed);
	ok = rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	spin_unlock_irqrestore(&rs->lock, flags);
	return ok;
}

void ratelimit_reset(struct ratelimit_state *rs)
{
	rs->begin = 0;
	rs->printed = rs->missed = 0;
	rs->started = false;
}

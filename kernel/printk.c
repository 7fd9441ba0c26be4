/*
 * printk: level filtering (loglevel=), a "[seconds.micros] [cpuN] " prefix
 * (zero time until the TSC is calibrated), a ring of the most recent
 * output for dmesg and panic reports, then the console. Cf. Linux's
 * kernel/printk/printk.c. Lock order: none; log_lock and console_lock are
 * leaves and never nest (vprintk stores, unlocks, then writes).
 */
#include "kernel/lock_order.h"
#include "lib/printk.h"
#include "lib/format.h"
#include "lib/string.h"
#include "kernel/console.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "arch/x86/tsc.h"

#define LOG_RING_SIZE	 (32 * 1024)
#define DEFAULT_LOGLEVEL 7 /* print levels 0..6, hide KERN_DEBUG */

int console_loglevel = DEFAULT_LOGLEVEL;
/* (G) log_lock; the dump reads both without it, see printk_log_dump */
static char log_ring[LOG_RING_SIZE]; /* (G) */
static u64 log_head; /* bytes ever written; ring index is head % size (G) */
static DEFINE_SPINLOCK_RANK(log_lock, LOCK_RANK_LOG);

/*
 * Context: any; takes log_lock with IRQs saved. An NMI may have landed
 * inside log_lock (or in its ticket queue) on this CPU, so there it only
 * trylocks and drops the line rather than spin on itself forever.
 */
static void log_store(const char *s, size_t n)
{
	unsigned long flags;

	if (!in_nmi())
		flags = spin_lock_irqsave(&log_lock);
	else if (!spin_trylock_irqsave(&log_lock, &flags))
		return;

	for (size_t i = 0; i < n; i++)
		log_ring[(log_head + i) % LOG_RING_SIZE] = s[i];
	log_head += n;
	spin_unlock_irqrestore(&log_lock, flags);
}

/* Hand the last @max bytes of the log to @out, oldest first. No lock:
 * used by panic too, where a torn line is better than a deadlock. */
void printk_log_dump(void (*out)(const char *, size_t), size_t max)
{
	u64 head = READ_ONCE(log_head);
	u64 n = head < LOG_RING_SIZE ? head : LOG_RING_SIZE;
	u64 start;

	if (n > max)
		n = max;
	start = head - n;
	while (n) {
		u64 idx = start % LOG_RING_SIZE;
		u64 chunk = MIN(n, LOG_RING_SIZE - idx);

		out(&log_ring[idx], chunk);
		start += chunk;
		n -= chunk;
	}
}

/* "[    1.234567] [cpu3] ", as Linux's timestamps plus the CPU */
static int printk_prefix(char *buf, size_t size)
{
	u64 ns = tsc_calibrated() ? ktime_ns() : 0;

	return ksnprintf(buf, size, "[%5llu.%06llu] [cpu%d] ",
			 (unsigned long long)(ns / 1000000000),
			 (unsigned long long)(ns / 1000) % 1000000,
			 raw_smp_processor_id());
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int level = 6, len, n;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	len = printk_prefix(buf, sizeof(buf));
	n = kvsnprintf(buf + len, sizeof(buf) - len, fmt, ap);
	len = MIN(len + n, (int)sizeof(buf) - 2);
	if (len > 0 && buf[len - 1] != '\n')
		buf[len++] = '\n';
	log_store(buf, len);
	if (level < console_loglevel)
		console_write(buf, len);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

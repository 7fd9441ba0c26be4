/*
 * The host stand-in for kernel/percpu.h (tests/host/include): each CPU has
 * its own copy of every per-CPU variable, starting from its initial value,
 * so mm code that counts with this_cpu_add can be host-tested per CPU.
 */
#include "kernel/percpu.h"
#include "tests/host/host_test.h"

struct host_events {
	unsigned long event[4];
};

static DEFINE_PER_CPU(u64, host_word) = 5;
static DEFINE_PER_CPU(struct host_events, host_events);

static void percpu_host_copies(struct ht *t)
{
	host_cpu = 0;
	this_cpu_inc(host_word);
	this_cpu_add(host_events.event[2], 7);
	host_cpu = 1;
	HT_EXPECT_EQ(t, this_cpu_read(host_word), 5);
	HT_EXPECT_EQ(t, this_cpu_read(host_events.event[2]), 0);
	this_cpu_write(host_word, 9);
	HT_EXPECT_EQ(t, per_cpu(host_word, 0), 6);
	HT_EXPECT_EQ(t, per_cpu_ptr(&host_events, 0)->event[2], 7);
	HT_EXPECT_EQ(t, per_cpu(host_word, 1), 9);
	HT_EXPECT_EQ(t, this_cpu_cmpxchg(host_word, 9, 10), 9);
	HT_EXPECT_EQ(t, this_cpu_cmpxchg(host_word, 9, 11), 10);
	HT_EXPECT_EQ(t, host_word, 5); /* the template is never written */
	host_cpu = 0;
}

static void noop_setup(void)
{
}

static const struct ht_case cases[] = {
	HT_CASE(percpu_host_copies),
};

HT_MAIN(cases, noop_setup)

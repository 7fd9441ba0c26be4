/*
 * Boot and scale: how long the page array takes per GiB of RAM, the memory
 * core as a whole (page array, zones, every free page into the buddy), CPU
 * bring-up, and kmain to the moment the mode starts (the prompt). kmain
 * stamps the times; `bench boot` prints them. tools/boot-time --scale adds
 * the host's view (firmware, GRUB) for -m 1G..16G and -smp 8, 32.
 */
#include "kernel/bench.h"
#include "arch/x86/layout.h"
#include "arch/x86/tsc.h"
#include "kernel/console.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/printk.h"
#include "mm/memmap.h"

static u64 boot_stamps[NR_BOOT_STAMPS]; /* ktime_ns; boot CPU writes */

void bench_boot_stamp(enum bench_boot_stamp s)
{
	boot_stamps[s] = ktime_ns();
	if (s == BOOT_STAMP_READY)
		pr_info("boot: ready %llu.%03llu ms after kmain\n",
			(unsigned long long)boot_stamps[s] / 1000000,
			(unsigned long long)(boot_stamps[s] / 1000) % 1000);
}

/* @us per GiB of @pages pages. */
static u64 per_gib(u64 us, u64 pages)
{
	return pages ? us * (1ull << (30 - PAGE_SHIFT)) / pages : 0;
}

/* "12.345" ms from microseconds, into @buf (>= 24 bytes). */
static const char *ms(char *buf, u64 us)
{
	return bench_fmt_tenths(buf, us / 100); /* tenths of a ms */
}

static int bench_boot(const struct bench_opts *o, int argc, char **argv)
{
	const struct memmap_stats *m = &memmap_stats;
	u64 mm_us = (boot_stamps[BOOT_STAMP_MM_DONE] -
		     boot_stamps[BOOT_STAMP_MM_START]) /
		    1000;
	u64 ready_us = boot_stamps[BOOT_STAMP_READY] / 1000;
	u64 smp_us = smp_bringup_ns / 1000;
	u64 mib = m->nr_pages >> (20 - PAGE_SHIFT);
	char b[4][24];

	(void)o;
	kprintf("boot: kmain to ready %s ms (APs up in %s ms), %d CPUs, "
		"%llu MiB of address space in the page array\n",
		ms(b[0], ready_us), ms(b[1], smp_us), sched_nr_active_cpus(),
		(unsigned long long)mib);
	kprintf("page array: %llu entries x %llu bytes; allocate+zero %s ms "
		"(%s ms/GiB), init %s ms (%s ms/GiB)\n",
		(unsigned long long)m->nr_pages,
		(unsigned long long)m->entry_size, ms(b[0], m->alloc_us),
		ms(b[1], per_gib(m->alloc_us, m->nr_pages)),
		ms(b[2], m->init_us),
		ms(b[3], per_gib(m->init_us, m->nr_pages)));
	kprintf("memory core (page array, zones, buddy hand-over): %s ms "
		"(%s ms/GiB)\n",
		ms(b[0], mm_us), ms(b[1], per_gib(mm_us, m->nr_pages)));
	kprintf(BENCH_PREFIX "boot kernel=pagelab clock=%s cpus=%d "
			     "span_mib=%llu ready_us=%llu smp_bringup_us=%llu "
			     "memmap_pages=%llu memmap_entry_bytes=%llu "
			     "memmap_alloc_us=%llu memmap_init_us=%llu "
			     "memmap_alloc_us_per_gib=%llu "
			     "memmap_init_us_per_gib=%llu mm_us=%llu "
			     "mm_us_per_gib=%llu\n",
		bench_clock_name(), sched_nr_active_cpus(),
		(unsigned long long)mib, (unsigned long long)ready_us,
		(unsigned long long)smp_us, (unsigned long long)m->nr_pages,
		(unsigned long long)m->entry_size,
		(unsigned long long)m->alloc_us, (unsigned long long)m->init_us,
		(unsigned long long)per_gib(m->alloc_us, m->nr_pages),
		(unsigned long long)per_gib(m->init_us, m->nr_pages),
		(unsigned long long)mm_us,
		(unsigned long long)per_gib(mm_us, m->nr_pages));
	return 0;
}
BENCH_DEF(boot, "", "page array per GiB, memory core and boot time to ready",
	  bench_boot);

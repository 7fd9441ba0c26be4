/*
 * `help CMD` texts for the commands that live beside their data in other
 * files (the views in mm/views.c, lockstat, crash...), kept here so those
 * files stay about their subsystem. Commands of the shell and of mm's
 * alloc/free/page keep their help beside them.
 */
#include "kernel/shell.h"

SHELL_HELP(meminfo, SHELL_GROUP_VIEWS, "", "meminfo",
	   "MemFree: pages on the buddy lists. MemAvailable: MemFree less\n"
	   "what no allocation can count on (high watermarks and lowmem\n"
	   "reserves). Allocate with 'alloc 10 8' and look again.");

SHELL_HELP(buddyinfo, SHELL_GROUP_VIEWS, "", "buddyinfo",
	   "one row per zone, one column per order 0..10: how many free\n"
	   "blocks of 2^order pages. Freeing every other block ('free odd')\n"
	   "moves counts to the left: memory is free but fragmented.");

SHELL_HELP(pagetypeinfo, SHELL_GROUP_VIEWS, "", "pagetypeinfo",
	   "free blocks per order split by migratetype, then how many 2 MiB\n"
	   "pageblocks carry each type. 'alloc 0 3' takes unmovable pages;\n"
	   "a movable pageblock that lent them may turn Unmovable here.");

SHELL_HELP(zoneinfo, SHELL_GROUP_VIEWS, "", "zoneinfo | grep protection",
	   "per zone: free pages and the min/low/high watermarks; an\n"
	   "allocation may take a page only while free stays above the mark.\n"
	   "protection: (lowmem reserve) is what a request that could have\n"
	   "used a higher zone must leave here, one figure per requesting\n"
	   "zone type: DMA and DMA32 keep room for requests only they serve.");

SHELL_HELP(vmstat, SHELL_GROUP_VIEWS, "", "vmstat | grep pgalloc",
	   "event counters since boot: pgalloc_* per zone, pgfree, numa_hit\n"
	   "and numa_miss (a page from the preferred node, or not).");

SHELL_HELP(interrupts, SHELL_GROUP_VIEWS, "", "interrupts",
	   "one column per CPU: timer ticks (LOC), IPIs for function calls\n"
	   "and rescheduling. An isolated CPU's timer column stays flat.");

SHELL_HELP(mmap, SHELL_GROUP_VIEWS, "", "mmap",
	   "the firmware's memory map as GRUB handed it over: where RAM is\n"
	   "(usable) and what the allocator may never touch (reserved).");

SHELL_HELP(acpi, SHELL_GROUP_VIEWS, "", "acpi",
	   "the ACPI tables found, each CPU's APIC ID, the NUMA nodes from\n"
	   "SRAT and their distances from SLIT.");

SHELL_HELP(cmdline, SHELL_GROUP_SHELL, "", "cmdline",
	   "the arguments GRUB passed, then every key the kernel reads with a\n"
	   "line on what it does; change them in the GRUB menu ('e').");

SHELL_HELP(lockstat, SHELL_GROUP_DEBUG,
	   "reset  zero every counter (acknowledged with one line)",
	   "lockstat reset; alloc 0 100; lockstat",
	   "per named lock: acquisitions, how many found it held (contended)\n"
	   "and the cycles spent spinning; tryfail counts failed trylocks.\n"
	   "Below the table, for locks whose holds are timed (zone->lock):\n"
	   "the longest hold in cycles and the function that took it.");

SHELL_HELP(irqsoff, SHELL_GROUP_DEBUG,
	   "reset  forget the maxima\n"
	   "on     start timing IRQ-disabled sections\n"
	   "off    stop",
	   "irqsoff on; zoneinfo; irqsoff",
	   "per CPU the longest time (cycles) interrupts stayed off, and the\n"
	   "function that disabled them.");

SHELL_HELP(lockbench, SHELL_GROUP_BENCH,
	   "cpu=N  the CPU it runs on (default 1); the others idle",
	   "lockbench",
	   "the table: cycles per lock+unlock of each primitive with lockdep\n"
	   "off and on (instructions under tools/qemu-run --icount). The\n"
	   "BENCH lines after it are for tools to parse. Under TCG compare\n"
	   "only rows measured together. Same as 'bench lockbench'.");

SHELL_HELP(panic, SHELL_GROUP_DEBUG, "MESSAGE  words printed in the panic line",
	   "panic testing the report",
	   "the panic report: registers, backtrace, the last log lines;\n"
	   "tools/qemu-run then exits with status 2.");

SHELL_HELP(crash, SHELL_GROUP_DEBUG,
	   "panic   panic (qemu-run status 2)\n"
	   "bug     a failed BUG_ON (2)\n"
	   "pf      read an unmapped address: page fault (3)\n"
	   "ud      an invalid instruction (3)\n"
	   "triple  a triple fault: QEMU resets (4)\n"
	   "hang    spin with interrupts off until the timeout (5)\n"
	   "remote  panic on another CPU (2)\n"
	   "stack   overflow another CPU's stack into its guard page (3)",
	   "crash pf",
	   "the report names the exception, the faulting address and the\n"
	   "backtrace; every other CPU stops.");

SHELL_HELP(echo, SHELL_GROUP_SHELL, "WORDS  any words; quotes keep spaces",
	   "echo \"a; b\"", "the words, on one line");

SHELL_HELP(poweroff, SHELL_GROUP_SHELL, "", "poweroff",
	   "QEMU exits with status 0 (Ctrl-A X does the same from outside)");

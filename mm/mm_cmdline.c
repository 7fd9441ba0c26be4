/*
 * The mm command-line keys, read once by mm_init_finish. Kernel only:
 * host tests set the variables themselves (tests/host/mm_host_env.c has the
 * no-op twin), so the mm core never needs the boot command line.
 */
#include "kernel/cmdline.h"
#include "lib/printk.h"
#include "mm/internal.h"
#include "mm/page_debug.h"

CMDLINE_KEY(page_poison, "1: fill freed pages with 0xaa, check on allocation");

/* Context: boot CPU, from mm_init_finish. */
void mm_read_cmdline(void)
{
	page_poison_enabled = cmdline_bool("page_poison", page_poison_enabled);
	if (page_poison_enabled)
		pr_info("mm: page poisoning on: freed pages are checked when "
			"allocated again\n");
}

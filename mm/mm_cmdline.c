/*
 * The mm command-line keys, read once by mm_init_finish. Kernel only:
 * host tests set the variables themselves (tests/host/mm_host_env.c has the
 * no-op twin), so the mm core never needs the boot command line.
 */
#include "kernel/cmdline.h"
#include "lib/printk.h"
#include "mm/alloc_test_load.h"
#include "mm/internal.h"
#include "mm/page_debug.h"

CMDLINE_KEY(page_poison, "1: fill freed pages with 0xaa, check on allocation");
CMDLINE_KEY(init_on_free, "1: zero every page when it is freed");

/* Context: boot CPU, from mm_init_finish. */
void mm_read_cmdline(void)
{
	page_poison_enabled = cmdline_bool("page_poison", page_poison_enabled);
	if (page_poison_enabled)
		pr_info("mm: page poisoning on: freed pages are checked when "
			"allocated again\n");
	alloc_test_read_cmdline();
	init_on_free_enabled =
		cmdline_bool("init_on_free", init_on_free_enabled);
	if (init_on_free_enabled)
		pr_info("mm: init_on_free on: freed pages are zeroed%s\n",
			page_poison_enabled ? ", but page_poison wins: they "
					      "are poisoned instead"
					    : "");
}

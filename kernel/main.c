/*
 * kmain: the boot order, one step per line, then the mode the command line
 * asks for (mode=shell, the default, mode=test or mode=bench).
 * Linux: start_kernel in init/main.c.
 */
#include "arch/x86/acpi.h"
#include "arch/x86/apic.h"
#include "arch/x86/apic_timer.h"
#include "arch/x86/bootinfo.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/tsc.h"
#include "arch/x86/gdt.h"
#include "arch/x86/idt.h"
#include "arch/x86/paging.h"
#include "arch/x86/qemu_exit.h"
#include "arch/x86/serial.h"
#include "kernel/bench.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/inject.h"
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/irqsoff.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/smp.h"
#include "kernel/stack_protector.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/memmap.h"
#include "mm/numa.h"
#include "mm/pcp.h"

void cmdline_boot_init(const char *s);
extern int console_loglevel;

static void __noreturn run_tests(void)
{
	const char *glob = cmdline_str("test", NULL);
	int failed = ktest_run_all(glob);

	qemu_exit(failed ? QEMU_EXIT_TEST_FAILED : QEMU_EXIT_PASS);
}

static void __noreturn run_mode(void)
{
	const char *mode = cmdline_str("mode", "shell");

	bench_boot_stamp(BOOT_STAMP_READY); /* boot time: kmain to here */
	if (!strcmp(mode, "test"))
		run_tests();
	if (!strcmp(mode, "bench"))
		bench_main();
	if (strcmp(mode, "shell"))
		pr_warn("cmdline: bad value '%s' for mode, using default "
			"shell\n",
			mode);
	shell_main(cmdline_str("exec", NULL));
}

/* No canary here: the guard changes under kmain's frame. */
void __no_stack_protector kmain(u32 magic, u32 mbi_phys)
{
	stack_protector_init();
	tsc_mark_boot();
	percpu_init_boot_cpu();
	serial_init();
	pr_info("pagelab: booting on cpu0\n");
	gdt_init_cpu(0);
	idt_init();
	idt_load();
	bootinfo_init(magic, mbi_phys);
	cmdline_boot_init(boot_info.cmdline);
	console_loglevel =
		(int)cmdline_int_range("loglevel", console_loglevel, 0, 8);
	lockdep_init();
	inject_init();
	irqsoff_init();
	memblock_init(&boot_info);
	paging_init(memblock_end_of_ram());
	acpi_init(boot_info.rsdp, boot_info.rsdp_len);
	numa_init();
	tsc_init();
	apic_init_bsp();
	apic_timer_init();
	sched_init(); /* before the APs, which go idle in it */
	smp_init();   /* per-CPU areas and AP stacks come from memblock */
	bench_boot_stamp(BOOT_STAMP_MM_START);
	memmap_setup();
	numa_zones_init();
	mm_boot_handover();
	pcp_init();
	bench_boot_stamp(BOOT_STAMP_MM_DONE);
	local_irq_enable();
	run_mode();
}

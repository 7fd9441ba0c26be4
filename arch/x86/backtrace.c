/*
 * Walks the %rbp chain (every file is built with -fno-omit-frame-pointer).
 * A frame must lie above the previous one and within 64 KiB of it, so a
 * corrupt chain stops the walk instead of faulting inside the report.
 */
#include "arch/x86/backtrace.h"
#include "arch/x86/layout.h"
#include "kernel/console.h"

#define MAX_FRAMES     32
#define MAX_FRAME_STEP (64 * 1024)

static bool frame_plausible(u64 fp, u64 prev)
{
	if (fp < DIRECT_MAP_BASE || (fp & 7))
		return false;
	return prev == 0 || (fp > prev && fp - prev <= MAX_FRAME_STEP);
}

static int walk(u64 rbp, unsigned long *out, int max, int skip)
{
	u64 prev = 0;
	int n = 0;

	while (n < max && frame_plausible(rbp, prev)) {
		u64 ret = ((u64 *)rbp)[1];

		if (ret < KERNEL_VMA)
			break;
		if (skip > 0)
			skip--;
		else
			out[n++] = ret;
		prev = rbp;
		rbp = ((u64 *)rbp)[0];
	}
	return n;
}

void backtrace_print(u64 rip, u64 rbp)
{
	unsigned long frames[MAX_FRAMES];
	int n = walk(rbp, frames, MAX_FRAMES, 0);

	kprintf("Call trace:\n");
	if (rip)
		kprintf("  [<%016lx>] %pS\n", (unsigned long)rip, (void *)rip);
	/* A return address points after the call: look up ret-1. */
	for (int i = 0; i < n; i++)
		kprintf("  [<%016lx>] %pS\n", frames[i],
			(void *)(frames[i] - 1));
}

int backtrace_collect(unsigned long *out, int max, int skip)
{
	return walk((u64)__builtin_frame_address(0), out, max, skip);
}

void dump_stack(void)
{
	backtrace_print(0, (u64)__builtin_frame_address(0));
}

/*
 * The per-boot stack canary and the report when one is found overwritten.
 * Linux: boot_init_stack_canary (arch/x86/include/asm/stackprotector.h)
 * and __stack_chk_fail (kernel/panic.c).
 *
 * Why one global guard (-mstack-protector-guard=global) and not the
 * compilers' default %gs:40: our GS base points at struct percpu, where
 * offset 40 is someone else's field, and it is 0 on the boot CPU before
 * percpu_init_boot_cpu and on an AP before percpu_install, so every
 * protected function would read address 40 there. The global word is
 * valid from the first instruction on every CPU. What we give up is
 * Linux's per-task canary: one leaked canary is every task's canary.
 * This file is built without the protector (Makefile): it writes the guard.
 */
#include "kernel/stack_protector.h"
#include "kernel/panic.h"
#include "arch/x86/cpu.h"
#include "lib/prng.h"

#define CPUID_1_ECX_RDRAND (1U << 30)
#define RDRAND_RETRIES	   10 /* Intel's advice for a transient failure */
#define CANARY_LOW_BYTE	   0xffULL

unsigned long __stack_chk_guard; /* read by every protected function */
static enum canary_source canary_source;

static bool rdrand64(u64 *out)
{
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_RDRAND))
		return false;
	for (int i = 0; i < RDRAND_RETRIES; i++) {
		u64 v;
		u8 ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok) {
			*out = v;
			return true;
		}
	}
	return false;
}

/* No RDRAND: the TSC's low bits at boot vary from boot to boot, and a
 * CPUID between reads (trapped by any hypervisor) adds jitter; splitmix64
 * spreads each sample over all 64 bits. Deterministic under -icount. */
static u64 tsc_mixed(void)
{
	u64 x = rdtsc();

	for (int i = 0; i < 8; i++) {
		(void)cpuid(0, 0);
		x ^= rdtsc();
		x = prng_splitmix64(&x);
	}
	return x;
}

u64 stack_canary_draw(enum canary_source src, enum canary_source *used)
{
	u64 v = 0;

	*used = CANARY_RDRAND;
	if (src != CANARY_RDRAND || !rdrand64(&v)) {
		*used = CANARY_TSC;
		v = tsc_mixed();
	}
	v &= ~CANARY_LOW_BYTE;
	return v ? v : 0xdead0000beef0000ULL; /* never the all-zero guard */
}

void __no_stack_protector stack_protector_init(void)
{
#ifdef CONFIG_STACKPROTECTOR
	__stack_chk_guard = stack_canary_draw(CANARY_RDRAND, &canary_source);
#endif
}

const char *stack_protector_source(void)
{
	static const char *const names[] = {"off", "RDRAND", "TSC"};

	return names[canary_source];
}

/* Called by a protected function whose canary changed: its frame, and
 * maybe its return address, are overwritten. Stop before it returns.
 * The call is often its last instruction: name the byte before the
 * return address, which is still inside it. */
void __noreturn __stack_chk_fail(void)
{
	panic("stack-protector: canary overwritten in the frame of %pS "
	      "(canary from %s); the stack below it is corrupt",
	      (void *)((unsigned long)__builtin_return_address(0) - 1),
	      stack_protector_source());
}

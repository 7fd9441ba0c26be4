/*
 * Local APIC driver: register access for both modes, enabling, EOI and IPI
 * sending. x2APIC is used when CPUID offers it (TCG does not, so xAPIC
 * through an uncached MMIO mapping is the path QEMU's tests take). Mirrors
 * Linux's setup_local_APIC and the apic->send_IPI family.
 */
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/idt.h"
#include "arch/x86/irqflags.h"
#include "arch/x86/paging.h"
#include "arch/x86/pic.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "lib/printk.h"

#define MSR_APIC_BASE	    0x1b
#define APIC_BASE_ENABLE    (1ULL << 11)
#define APIC_BASE_X2APIC    (1ULL << 10)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ULL
#define MSR_X2APIC_FIRST    0x800
#define CPUID1_EDX_APIC	    (1u << 9)
#define CPUID1_ECX_X2APIC   (1u << 21)

CMDLINE_KEY(nox2apic, "use the xAPIC MMIO interface even if x2APIC exists");

bool apic_x2apic_mode;
static volatile u32 *apic_mmio;

u32 apic_read(u32 reg)
{
	if (apic_x2apic_mode)
		return (u32)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return apic_mmio[reg / 4];
}

void apic_write(u32 reg, u32 val)
{
	if (apic_x2apic_mode)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
	else
		apic_mmio[reg / 4] = val;
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return apic_x2apic_mode ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

u32 apic_read_esr(void)
{
	/* ESR latches on write: write first, then read what was latched */
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

/* Wait until the APIC has sent the last IPI (xAPIC only; x2APIC has no
 * delivery-status bit because its ICR write is one MSR). */
static void apic_wait_icr_idle(void)
{
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
		cpu_relax();
}

/* Context: any; IRQs saved so no IPI from an interrupt handler can land
 * between the ICR2 and ICR writes of the xAPIC sequence. */
void apic_send_ipi(u32 dest, u32 dm, u8 vector)
{
	unsigned long flags;
	u32 low = dm | vector | APIC_ICR_ASSERT;

	local_irq_save(flags);
	if (apic_x2apic_mode) {
		/* x2APIC MSR writes are not serializing: order the stores that
		 * the target will read (csd queues) before the IPI. */
		__asm__ volatile("mfence; lfence" ::: "memory");
		wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
		      ((u64)dest << 32) | low);
	} else {
		apic_wait_icr_idle();
		apic_write(APIC_ICR2, dest << 24);
		apic_write(APIC_ICR, low);
		apic_wait_icr_idle();
	}
	local_irq_restore(flags);
}

void apic_self_ipi(u8 vector)
{
	apic_send_ipi(apic_id(), APIC_DM_FIXED, vector);
}

void apic_self_nmi(void)
{
	apic_send_ipi(apic_id(), APIC_DM_NMI, 0);
}

bool apic_irr_pending(u8 vector)
{
	return apic_read(APIC_IRR + 0x10 * (vector / 32)) &
	       (1u << (vector % 32));
}

/* Context: IRQ, this CPU. Spurious interrupts need no EOI (SDM 10.9). */
static void apic_spurious_irq(struct pt_regs *regs)
{
	(void)regs;
}

/* Context: IRQ, this CPU. */
static void apic_error_irq(struct pt_regs *regs)
{
	u32 esr = apic_read_esr();

	(void)regs;
	apic_eoi();
	pr_err("apic: error interrupt, ESR %#x\n", esr);
}

void apic_init_cpu(void)
{
	if (apic_x2apic_mode)
		wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE |
					     APIC_BASE_X2APIC);
	apic_write(APIC_TPR, 0); /* accept every priority class */
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	apic_write(APIC_LVT0, APIC_LVT_MASKED); /* ExtINT from the dead 8259 */
	apic_write(APIC_LVT1, APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_read_esr(); /* drop errors latched before we owned the APIC */
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_eoi(); /* in case the firmware left an interrupt in service */
}

static void apic_choose_mode(u64 base)
{
	struct cpuid_regs r = cpuid(1, 0);

	if (!(r.edx & CPUID1_EDX_APIC))
		panic("apic: this CPU has no local APIC");
	if ((r.ecx & CPUID1_ECX_X2APIC) && !cmdline_bool("nox2apic", false)) {
		apic_x2apic_mode = true;
		return;
	}
	/* the 4 KiB register page must not be cached: ioremap maps it UC */
	apic_mmio = ioremap(base & APIC_BASE_ADDR_MASK, 4096);
	if (!apic_mmio)
		panic("apic: cannot map the xAPIC at %#llx",
		      (unsigned long long)(base & APIC_BASE_ADDR_MASK));
	pr_info("apic: CPU offers %s x2APIC, using xAPIC MMIO\n",
		r.ecx & CPUID1_ECX_X2APIC ? "(ignored by nox2apic)" : "no");
}

void apic_init_bsp(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic_choose_mode(base);
	pic_disable();
	idt_set_handler(SPURIOUS_APIC_VECTOR, apic_spurious_irq);
	idt_set_handler(ERROR_APIC_VECTOR, apic_error_irq);
	apic_init_cpu();
	pr_info("apic: %s at %#llx, version %#x, %u LVT entries, BSP APIC "
		"ID %u\n",
		apic_x2apic_mode ? "x2APIC" : "xAPIC",
		(unsigned long long)(base & APIC_BASE_ADDR_MASK),
		apic_read(APIC_LVR) & 0xff,
		((apic_read(APIC_LVR) >> 16) & 0xff) + 1, apic_id());
}

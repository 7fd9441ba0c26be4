/*
 * The isolation view: every interrupt a CPU took, by vector, since a mark,
 * so a test (or a person at the shell's `isolation`) can assert that an
 * isolated CPU took exactly zero. Reads the per-CPU irq_count[] that
 * isr_dispatch and the NMI entry keep; nothing is added to the IRQ path.
 */
#ifndef KERNEL_ISOLATION_STAT_H
#define KERNEL_ISOLATION_STAT_H

#include "lib/types.h"
#include "kernel/percpu.h"

/* Remember every online CPU's counts as the new zero. Context: any task. */
void isolation_mark(void);
/*
 * isolation_irqs_since_mark - interrupts @cpu took since the last mark (or
 * boot), summed over all vectors; per vector into @by_vector[NR_VECTORS]
 * if not NULL. Context: any; counts of a running CPU may move meanwhile.
 */
u64 isolation_irqs_since_mark(int cpu, u32 *by_vector);
/* Return: ktime_ns of the last mark, 0 if none since boot. */
u64 isolation_mark_time(void);

#endif

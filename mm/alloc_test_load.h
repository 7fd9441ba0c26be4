/*
 * Allocation load from interrupt context, for tests (issue 9 item 7):
 *   irq_alloc_test=1  every CPU's tick allocates and frees a few blocks in
 *                     hard IRQ: orders 0 and 3, singly and in bulk;
 *   nmi_alloc_test=1  every tick also raises two NMIs, one on its own CPU
 *                     and one on the next online CPU (which lands wherever
 *                     that CPU is, IRQs off or not), each allocating and
 *                     freeing with alloc_pages_nolock / free_pages_nolock.
 * So interrupted pcp sections and trylock fallbacks happen all the time
 * under tests. A tick finding some zone->lock taken skips its run
 * (counted): see zone_lock_busy in alloc_test_load.c. Every block the load holds carries an owner tag in
 * page->private (alloc_test_claim), the same tags the concurrency test's
 * workers use, so a block handed out twice is caught.
 */
#ifndef MM_ALLOC_TEST_LOAD_H
#define MM_ALLOC_TEST_LOAD_H

#include "mm/mmzone.h"

/* What the load has done, summed over CPUs (alloc_test_stats). */
struct alloc_test_stats {
	u64 irq_runs, irq_blocks, irq_fails, irq_skips;
	u64 nmi_sent, nmi_runs, nmi_blocks, nmi_fails;
};

/* alloc_test_read_cmdline - irq_alloc_test= and nmi_alloc_test=.
 * Context: boot (mm_read_cmdline). */
void alloc_test_read_cmdline(void);
/* alloc_test_set - switch the two loads on or off; a run already inside
 * finishes (alloc_test_pause waits for it). Context: any. */
void alloc_test_set(bool irq, bool nmi);
/*
 * alloc_test_pause - stop both loads and wait until no CPU is inside one
 * (every block they took is back, possibly on a deferred list); _resume
 * lets them run again. Nests. Context: task, preemptible.
 */
void alloc_test_pause(void);
void alloc_test_resume(void);
void alloc_test_stats(struct alloc_test_stats *st);

/* Context: hard IRQ (the LAPIC timer), IRQs off. */
void alloc_test_tick(void);
/* Context: NMI. Return: true if the NMI was one the load sent. */
bool alloc_test_nmi(void);

/*
 * The owner tag: alloc_test_claim marks @page held by @who (nonzero, up
 * to 16 bits) and returns false, counting it in alloc_test_twice, if a
 * holder's tag was already there; alloc_test_release clears it.
 * Context: any.
 */
bool alloc_test_claim(struct page *page, unsigned long who);
void alloc_test_release(struct page *page);
extern u64 alloc_test_twice;

#endif

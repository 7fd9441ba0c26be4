/*
 * The kernel's lock order, written once. lockdep (lockdep=1, on in
 * mode=test) checks it within each context (a thread; a CPU's hard IRQ;
 * its NMI): a ranked lock may be taken only while every ranked lock the
 * same context holds has a rank <= its own. Outermost first:
 *
 *   paging_lock                  a new table page may come from the buddy
 *   completion->lock             a completion wakes its waiter
 *   pcp admin lock               mode switches, sizing, remote drains and
 *                                views of other CPUs' lists: an RT lock
 *                                whose holder yields while it waits
 *   pcp->lock                    each CPU's list lock (spin, spin_irqsave,
 *                                rt; remote drainers take it too). In rt
 *                                mode its holder may be switched out, so
 *                                it comes before the scheduler's lock
 *   rq->lock (two: CPU order)    the scheduler
 *   pcp local lock               the per-CPU lists' local lock (modes
 *                                irq/local; never held with pcp->lock)
 *   zone->lock                   innermost allocator lock
 *   vmap_lock, kstack_lock       leaves: address and stack-pool bookkeeping
 *   log_lock, console_lock       printk, allowed under any lock
 */
#ifndef KERNEL_LOCK_ORDER_H
#define KERNEL_LOCK_ORDER_H

#define LOCK_RANK_PAGING     10
#define LOCK_RANK_VMAP	     10
#define LOCK_RANK_COMPLETION 50
#define LOCK_RANK_PCP_ADMIN  55
#define LOCK_RANK_PCP	     58
#define LOCK_RANK_RQ	     60
#define LOCK_RANK_PCP_LOCAL  70
#define LOCK_RANK_ZONE	     80
#define LOCK_RANK_KSTACK     85
#define LOCK_RANK_LOG	     90
#define LOCK_RANK_CONSOLE    95

#endif

/*
 * The kernel's lock order, written once. lockdep (lockdep=1, on in
 * mode=test) checks it: a ranked lock may be taken only while every ranked
 * lock already held has a rank <= its own. Outermost first:
 *
 *   paging_lock                  a new table page may come from the buddy
 *   completion->lock             a completion wakes its waiter
 *   rq->lock (two: CPU order)    the scheduler
 *   zone->lock                   innermost allocator lock; the per-CPU
 *                                lists will rank just below it:
 *                                local lock -> pcp->lock -> zone->lock
 *   vmap_lock, kstack_lock       leaves: address and stack-pool bookkeeping
 *   log_lock, console_lock       printk, allowed under any lock
 */
#ifndef KERNEL_LOCK_ORDER_H
#define KERNEL_LOCK_ORDER_H

#define LOCK_RANK_PAGING     10
#define LOCK_RANK_VMAP	     10
#define LOCK_RANK_COMPLETION 50
#define LOCK_RANK_RQ	     60
#define LOCK_RANK_ZONE	     80
#define LOCK_RANK_KSTACK     85
#define LOCK_RANK_LOG	     90
#define LOCK_RANK_CONSOLE    95

#endif

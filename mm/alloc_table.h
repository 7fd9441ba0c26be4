/*
 * The blocks the shell's `alloc` holds, so `free`, `allocs` and `page` can
 * name them. Ids count up from 0 for the whole boot and are never reused,
 * so an old `free 3` can never free a newer block. At most
 * ALLOC_TABLE_SLOTS blocks are held at once. Kernel only; the shell runs
 * one command at a time on one thread, so the table needs no lock.
 */
#ifndef MM_ALLOC_TABLE_H
#define MM_ALLOC_TABLE_H

#include "mm/page.h"

#define ALLOC_TABLE_SLOTS 256

struct alloc_entry {
	struct page *page; /* NULL: slot unused */
	unsigned int order;
	u64 id;
	u64 when_ns; /* ktime_ns() at allocation */
};

/* Return: the new entry's id, or -1 when every slot is taken. */
s64 alloc_table_add(struct page *page, unsigned int order);
/* The held entry with @id, or NULL. */
struct alloc_entry *alloc_table_find(u64 id);
/* The held entry whose block contains @pfn, or NULL. */
struct alloc_entry *alloc_table_find_pfn(pfn_t pfn);
/* Free the entry's block and forget it. Context: shell; takes zone->lock. */
void alloc_table_free(struct alloc_entry *e);
/* Entries in id order: first with id >= @from, or NULL. */
struct alloc_entry *alloc_table_next(u64 from);
/* Blocks held now; the id the next allocation will get. */
int alloc_table_count(void);
u64 alloc_table_next_id(void);

#endif

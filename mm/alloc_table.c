/*
 * The shell's table of held blocks (alloc_table.h). A few hundred slots
 * searched linearly: each shell command touches it a handful of times.
 */
#include "arch/x86/tsc.h"
#include "mm/alloc_table.h"
#include "mm/gfp.h"

static struct alloc_entry table[ALLOC_TABLE_SLOTS];
static u64 next_id; /* ids are never reused */

s64 alloc_table_add(struct page *page, unsigned int order)
{
	for (int i = 0; i < ALLOC_TABLE_SLOTS; i++) {
		if (table[i].page)
			continue;
		table[i] = (struct alloc_entry){.page = page,
						.order = order,
						.id = next_id,
						.when_ns = ktime_ns()};
		return (s64)next_id++;
	}
	return -1;
}

struct alloc_entry *alloc_table_find(u64 id)
{
	for (int i = 0; i < ALLOC_TABLE_SLOTS; i++)
		if (table[i].page && table[i].id == id)
			return &table[i];
	return NULL;
}

struct alloc_entry *alloc_table_find_pfn(pfn_t pfn)
{
	for (int i = 0; i < ALLOC_TABLE_SLOTS; i++) {
		pfn_t head = table[i].page ? page_to_pfn(table[i].page) : 0;

		if (table[i].page && pfn >= head &&
		    pfn < head + (1UL << table[i].order))
			return &table[i];
	}
	return NULL;
}

void alloc_table_free(struct alloc_entry *e)
{
	__free_pages(e->page, e->order);
	e->page = NULL;
}

struct alloc_entry *alloc_table_next(u64 from)
{
	struct alloc_entry *best = NULL;

	for (int i = 0; i < ALLOC_TABLE_SLOTS; i++)
		if (table[i].page && table[i].id >= from &&
		    (!best || table[i].id < best->id))
			best = &table[i];
	return best;
}

int alloc_table_count(void)
{
	int n = 0;

	for (int i = 0; i < ALLOC_TABLE_SLOTS; i++)
		n += table[i].page != NULL;
	return n;
}

u64 alloc_table_next_id(void)
{
	return next_id;
}

/*
 * Address-to-name lookup for backtraces and %pS, over the table that
 * tools/gen-ksyms builds from the first link (sorted by address).
 * Linux: kernel/kallsyms.c and scripts/kallsyms.
 */
#include "lib/format.h"

extern const u64 ksym_count;
extern const u64 ksym_addrs[];
extern const u64 ksym_sizes[];
extern const u32 ksym_name_offs[];
extern const char ksym_names[];

const char *ksym_lookup(unsigned long addr, unsigned long *start,
			unsigned long *size)
{
	u64 lo = 0, hi = ksym_count;

	/* find the last symbol starting at or below addr */
	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (ksym_addrs[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	lo--;
	if (ksym_sizes[lo] && addr >= ksym_addrs[lo] + ksym_sizes[lo])
		return NULL;
	if (start)
		*start = ksym_addrs[lo];
	if (size)
		*size = ksym_sizes[lo];
	return &ksym_names[ksym_name_offs[lo]];
}

/*
 * Reading fields at any byte offset of firmware data (multiboot2 tags,
 * ACPI tables), where alignment is not promised. x86 is little-endian and
 * tolerates unaligned loads; the copy keeps the C compiler honest about it.
 * Linux's counterpart: include/linux/unaligned.h.
 */
#ifndef LIB_UNALIGNED_H
#define LIB_UNALIGNED_H

#include "lib/types.h"

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

#endif

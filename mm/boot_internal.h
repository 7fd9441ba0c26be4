/*
 * The boot side's view of mm-core (mm/mm_init.h). Until mm-core's branch
 * is merged the calls are weak, so this branch links and boots on its own
 * and skips the hand-over with a warning; once merged, mm-core's
 * definitions are used unchanged and this bridge can go.
 */
#ifndef MM_BOOT_INTERNAL_H
#define MM_BOOT_INTERNAL_H

#include "mm/mm_init.h"

#pragma weak memmap_init
#pragma weak zone_init
#pragma weak zone_free_boot_range
#pragma weak mm_init_finish

/* Return: whether mm-core's allocator is linked into this kernel. */
static inline bool mm_core_linked(void)
{
	return memmap_init && zone_init && zone_free_boot_range &&
	       mm_init_finish;
}

#endif

/*
 * Every in-kernel test case is followed by mm_check(), so a case that
 * corrupts the allocator fails where it did so, not in a later case.
 */
#include "kernel/ktest.h"
#include "mm/mm_check.h"
#include "mm/mmzone.h"

static int mm_check_after_case(void)
{
	return mm_initialised() ? mm_check() : 0;
}
KTEST_CHECK(mm_check, mm_check_after_case);

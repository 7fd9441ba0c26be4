/*
 * Tables the linker gathers from many files (KTEST_SUITE, SHELL_CMD,
 * CMDLINE_KEY): linker.ld brackets each section with _start/_end symbols.
 * The entry count is computed on integers, since the two bounds are, to C,
 * unrelated objects that must not be compared as pointers.
 */
#ifndef LIB_SECTION_H
#define LIB_SECTION_H

#include "lib/types.h"

#define section_count(start, end)                                              \
	(((uintptr_t)(end) - (uintptr_t)(start)) / sizeof((start)[0]))

#endif

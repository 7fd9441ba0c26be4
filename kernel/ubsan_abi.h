/*
 * The data gcc and clang hand to the __ubsan_handle_* functions under
 * -fsanitize=undefined: one static record per check site, laid out as both
 * compilers' runtimes expect (the same for either). Only kernel/ubsan.c
 * includes this. Linux keeps its copy in lib/ubsan.h.
 */
#ifndef KERNEL_UBSAN_ABI_H
#define KERNEL_UBSAN_ABI_H

#include "lib/types.h"

/* Bit 31 of column marks a site already reported (the records are in
 * writable data precisely so a runtime can do this). */
struct ubsan_source_location {
	const char *file;
	u32 line;
	u32 column;
};

enum { UBSAN_TYPE_INTEGER = 0, UBSAN_TYPE_FLOAT = 1 };

/* info for integers: bit 0 signed, bits 1.. log2 of the width in bits */
struct ubsan_type {
	u16 kind;
	u16 info;
	char name[]; /* quoted already: 'int' */
};

struct ubsan_overflow_data {
	struct ubsan_source_location loc;
	const struct ubsan_type *type;
};

struct ubsan_shift_data {
	struct ubsan_source_location loc;
	const struct ubsan_type *lhs_type;
	const struct ubsan_type *rhs_type;
};

struct ubsan_out_of_bounds_data {
	struct ubsan_source_location loc;
	const struct ubsan_type *array_type;
	const struct ubsan_type *index_type;
};

struct ubsan_type_mismatch_data {
	struct ubsan_source_location loc;
	const struct ubsan_type *type;
	u8 log_alignment;
	u8 type_check_kind; /* what the access was: load, store... */
};

struct ubsan_location_only_data {
	struct ubsan_source_location loc;
};

struct ubsan_typed_data { /* invalid value loads, VLA bounds */
	struct ubsan_source_location loc;
	const struct ubsan_type *type;
};

struct ubsan_nonnull_arg_data {
	struct ubsan_source_location loc;
	struct ubsan_source_location attr_loc;
	int arg_index;
};

struct ubsan_nonnull_return_data {
	struct ubsan_source_location attr_loc;
};

struct ubsan_invalid_builtin_data {
	struct ubsan_source_location loc;
	u8 kind; /* 0 ctz, 1 clz */
};

struct ubsan_alignment_assumption_data {
	struct ubsan_source_location loc;
	struct ubsan_source_location assumption_loc;
	const struct ubsan_type *type;
};

#endif

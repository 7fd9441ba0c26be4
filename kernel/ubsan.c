/*
 * The kernel's own UBSan runtime (see ubsan.h): the __ubsan_handle_*
 * functions gcc and clang call, each turning its site record and operands
 * into one report line. Never instrumented itself (Makefile). Usable from
 * the first line of kmain and on an AP before its per-CPU area exists.
 * Linux: lib/ubsan.c.
 */
#include "kernel/ubsan.h"
#include "kernel/ubsan_abi.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "lib/format.h"
#include "lib/string.h"

#define REPORTED_BIT (1U << 31)
#define REPORT_MAX   256
#define VALUE_MAX    48
#define NO_CPU	     NR_CPUS /* the slot for a CPU without per-CPU data */
#define CAPTURE_NONE (-1)

static unsigned long nr_reports;      /* atomic */
static char first_report[REPORT_MAX]; /* written once, by the first report */
static int first_taken;		      /* atomic: who writes first_report */
static u8 busy[NR_CPUS + 1]; /* this CPU is inside a report: no recursion */
static int capture_cpu = CAPTURE_NONE;
static int capture_count;
static char capture_buf[REPORT_MAX];

bool ubsan_enabled(void)
{
#ifdef CONFIG_UBSAN
	return true;
#else
	return false;
#endif
}

unsigned long ubsan_reports(void)
{
	return __atomic_load_n(&nr_reports, __ATOMIC_RELAXED);
}

const char *ubsan_first_report(void)
{
	return __atomic_load_n(&first_taken, __ATOMIC_ACQUIRE) > 1
		       ? first_report
		       : "";
}

/* GS base 0: the boot CPU before percpu_init_boot_cpu, or an AP before
 * percpu_install; %gs:8 would read address 8 then. */
static int ubsan_cpu(void)
{
	return rdmsr(MSR_GS_BASE) ? smp_processor_id() : NO_CPU;
}

void ubsan_capture_begin(void)
{
	capture_count = 0;
	capture_buf[0] = '\0';
	WRITE_ONCE(capture_cpu, ubsan_cpu());
}

int ubsan_capture_end(char *buf, size_t size)
{
	WRITE_ONCE(capture_cpu, CAPTURE_NONE);
	strlcpy(buf, capture_buf, size);
	return capture_count;
}

/* Without per-CPU data there is no console lock to take: write directly
 * (lost if the UART is not set up yet; still counted). */
static void emit(const char *line, int cpu)
{
	if (cpu != NO_CPU) {
		kprintf("UBSAN: %s\n", line);
		return;
	}
	for (const char *s = "UBSAN: "; *s; s++)
		serial_putc(*s);
	for (; *line; line++)
		serial_putc(*line);
	serial_putc('\r');
	serial_putc('\n');
}

static void remember_first(const char *line)
{
	int expect = 0;

	if (!__atomic_compare_exchange_n(&first_taken, &expect, 1, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	strlcpy(first_report, line, sizeof(first_report));
	__atomic_store_n(&first_taken, 2, __ATOMIC_RELEASE);
}

/* A captured report goes to the test that asked for it, and only there
 * (a test may capture as NO_CPU, with the GS base zeroed on purpose). */
static bool captured(int cpu, const char *line)
{
	if (READ_ONCE(capture_cpu) != cpu)
		return false;
	if (!capture_count++)
		strlcpy(capture_buf, line, sizeof(capture_buf));
	return true;
}

/*
 * report - the one way out of every handler: "KIND at FILE:LINE:COL in
 * CALLER: DETAILS". Each site reports once per boot (bit 31 of its column),
 * except while a test captures. Context: any, even NMI and early boot.
 */
static void __printf(4, 5)
	report(const char *kind, struct ubsan_source_location *loc,
	       unsigned long ip, const char *fmt, ...)
{
	int cpu = ubsan_cpu();
	bool capturing = READ_ONCE(capture_cpu) == cpu;
	char line[REPORT_MAX];
	va_list ap;
	int n;

	if (!capturing &&
	    (__atomic_fetch_or(&loc->column, REPORTED_BIT, __ATOMIC_RELAXED) &
	     REPORTED_BIT))
		return;
	if (busy[cpu]) { /* UB while printing a report: count, don't recurse */
		__atomic_add_fetch(&nr_reports, 1, __ATOMIC_RELAXED);
		return;
	}
	busy[cpu] = 1;
	n = ksnprintf(line, sizeof(line), "%s at %s:%u:%u in %pS: ", kind,
		      loc->file, loc->line, loc->column & ~REPORTED_BIT,
		      (void *)ip);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		kvsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (!captured(cpu, line)) {
		__atomic_add_fetch(&nr_reports, 1, __ATOMIC_RELAXED);
		remember_first(line);
		emit(line, cpu);
	}
	busy[cpu] = 0;
}

/* the call may end its function: the byte before is still inside it */
#define CALLER ((unsigned long)__builtin_return_address(0) - 1)

static bool type_is_int(const struct ubsan_type *t)
{
	return t->kind == UBSAN_TYPE_INTEGER;
}

static bool type_is_signed(const struct ubsan_type *t)
{
	return type_is_int(t) && (t->info & 1);
}

static unsigned int type_bits(const struct ubsan_type *t)
{
	return 1U << (t->info >> 1);
}

/* An operand: inline in @handle up to 64 bits, else @handle points to it. */
static s64 value_signed(const struct ubsan_type *t, unsigned long handle)
{
	unsigned int bits = type_bits(t);

	if (bits > 64)
		return *(const s64 *)handle; /* low half, little-endian */
	if (bits == 64)
		return (s64)handle;
	return (s64)(handle << (64 - bits)) >> (64 - bits);
}

static u64 value_unsigned(const struct ubsan_type *t, unsigned long handle)
{
	return type_bits(t) > 64 ? *(const u64 *)handle : (u64)handle;
}

static bool value_negative(const struct ubsan_type *t, unsigned long handle)
{
	if (!type_is_signed(t))
		return false;
	if (type_bits(t) > 64)
		return ((const s64 *)handle)[1] < 0;
	return value_signed(t, handle) < 0;
}

/* Decimal for integers up to 64 bits, hex halves beyond, else the type. */
static const char *value_str(char *buf, const struct ubsan_type *t,
			     unsigned long handle)
{
	if (!type_is_int(t))
		ksnprintf(buf, VALUE_MAX, "<value of %s>", t->name);
	else if (type_bits(t) > 64)
		ksnprintf(buf, VALUE_MAX, "0x%016llx%016llx",
			  ((const unsigned long long *)handle)[1],
			  ((const unsigned long long *)handle)[0]);
	else if (type_is_signed(t))
		ksnprintf(buf, VALUE_MAX, "%lld",
			  (long long)value_signed(t, handle));
	else
		ksnprintf(buf, VALUE_MAX, "%llu",
			  (unsigned long long)value_unsigned(t, handle));
	return buf;
}

static void overflow(struct ubsan_overflow_data *d, unsigned long lhs,
		     unsigned long rhs, char op, unsigned long ip)
{
	char a[VALUE_MAX], b[VALUE_MAX];

	report(type_is_signed(d->type) ? "signed-integer-overflow"
				       : "unsigned-integer-overflow",
	       &d->loc, ip, "%s %c %s cannot be represented in type %s",
	       value_str(a, d->type, lhs), op, value_str(b, d->type, rhs),
	       d->type->name);
}

void __ubsan_handle_add_overflow(void *d, unsigned long l, unsigned long r)
{
	overflow(d, l, r, '+', CALLER);
}

void __ubsan_handle_sub_overflow(void *d, unsigned long l, unsigned long r)
{
	overflow(d, l, r, '-', CALLER);
}

void __ubsan_handle_mul_overflow(void *d, unsigned long l, unsigned long r)
{
	overflow(d, l, r, '*', CALLER);
}

void __ubsan_handle_negate_overflow(void *data, unsigned long old)
{
	struct ubsan_overflow_data *d = data;
	char v[VALUE_MAX];

	report("signed-integer-overflow", &d->loc, CALLER,
	       "negation of %s cannot be represented in type %s",
	       value_str(v, d->type, old), d->type->name);
}

void __ubsan_handle_divrem_overflow(void *data, unsigned long lhs,
				    unsigned long rhs)
{
	struct ubsan_overflow_data *d = data;
	char a[VALUE_MAX];

	if (type_is_int(d->type) && !value_unsigned(d->type, rhs))
		report("integer-divide-by-zero", &d->loc, CALLER,
		       "division of %s by zero", value_str(a, d->type, lhs));
	else
		report("signed-integer-overflow", &d->loc, CALLER,
		       "division of %s by -1 cannot be represented in type %s",
		       value_str(a, d->type, lhs), d->type->name);
}

void __ubsan_handle_shift_out_of_bounds(void *data, unsigned long lhs,
					unsigned long rhs)
{
	struct ubsan_shift_data *d = data;
	const struct ubsan_type *lt = d->lhs_type, *rt = d->rhs_type;
	char a[VALUE_MAX], b[VALUE_MAX];

	value_str(a, lt, lhs);
	value_str(b, rt, rhs);
	if (value_negative(rt, rhs))
		report("shift-out-of-bounds", &d->loc, CALLER,
		       "shift exponent %s is negative", b);
	else if (value_unsigned(rt, rhs) >= type_bits(lt))
		report("shift-out-of-bounds", &d->loc, CALLER,
		       "shift exponent %s is too large for %u-bit type %s", b,
		       type_bits(lt), lt->name);
	else if (value_negative(lt, lhs))
		report("shift-out-of-bounds", &d->loc, CALLER,
		       "left shift of negative value %s", a);
	else
		report("shift-out-of-bounds", &d->loc, CALLER,
		       "left shift of %s by %s places cannot be represented "
		       "in type %s",
		       a, b, lt->name);
}

void __ubsan_handle_out_of_bounds(void *data, unsigned long index)
{
	struct ubsan_out_of_bounds_data *d = data;
	char i[VALUE_MAX];

	report("array-index-out-of-bounds", &d->loc, CALLER,
	       "index %s is out of range for type %s",
	       value_str(i, d->index_type, index), d->array_type->name);
}

static const char *const access_names[] = {
	"load of",
	"store to",
	"reference binding to",
	"member access within",
	"member call on",
	"constructor call on",
	"downcast of",
	"downcast of",
	"upcast of",
	"cast to virtual base of",
	"_Nonnull binding to",
	"dynamic operation on",
};

void __ubsan_handle_type_mismatch_v1(void *data, unsigned long ptr)
{
	struct ubsan_type_mismatch_data *d = data;
	unsigned long align = 1UL << d->log_alignment;
	const char *what = d->type_check_kind < ARRAY_SIZE(access_names)
				   ? access_names[d->type_check_kind]
				   : "access to";

	if (!ptr)
		report("null-pointer-use", &d->loc, CALLER,
		       "%s null pointer of type %s", what, d->type->name);
	else if (d->log_alignment && (ptr & (align - 1)))
		report("misaligned-access", &d->loc, CALLER,
		       "%s address %#lx for type %s, which needs %lu-byte "
		       "alignment",
		       what, ptr, d->type->name, align);
	else
		report("object-size-mismatch", &d->loc, CALLER,
		       "%s address %#lx with too little space for an object "
		       "of type %s",
		       what, ptr, d->type->name);
}

void __ubsan_handle_pointer_overflow(void *data, unsigned long base,
				     unsigned long result)
{
	struct ubsan_location_only_data *d = data;

	if (!base && !result)
		return; /* null + 0: defined in C++, harmless in C */
	report("pointer-overflow", &d->loc, CALLER,
	       "pointer arithmetic on %#lx gave %#lx%s", base, result,
	       !base	 ? " (offset applied to a null pointer)"
	       : !result ? " (a non-null pointer became null)"
			 : " (wrapped around the address space)");
}

void __ubsan_handle_load_invalid_value(void *data, unsigned long val)
{
	struct ubsan_typed_data *d = data;
	char v[VALUE_MAX];

	report("invalid-load", &d->loc, CALLER,
	       "load of value %s, which is not valid for type %s",
	       value_str(v, d->type, val), d->type->name);
}

void __ubsan_handle_vla_bound_not_positive(void *data, unsigned long bound)
{
	struct ubsan_typed_data *d = data;
	char v[VALUE_MAX];

	report("vla-bound-not-positive", &d->loc, CALLER,
	       "variable length array bound evaluates to %s",
	       value_str(v, d->type, bound));
}

void __ubsan_handle_nonnull_arg(void *data)
{
	struct ubsan_nonnull_arg_data *d = data;

	report("nonnull-argument", &d->loc, CALLER,
	       "null passed as argument %d, declared never null at %s:%u",
	       d->arg_index, d->attr_loc.file ? d->attr_loc.file : "?",
	       d->attr_loc.line);
}

void __ubsan_handle_nonnull_return_v1(void *data, void *loc)
{
	struct ubsan_nonnull_return_data *d = data;

	report("nonnull-return", loc, CALLER,
	       "null returned from a function declared never to return "
	       "null at %s:%u",
	       d->attr_loc.file ? d->attr_loc.file : "?", d->attr_loc.line);
}

void __ubsan_handle_invalid_builtin(void *data)
{
	struct ubsan_invalid_builtin_data *d = data;

	report("invalid-builtin-use", &d->loc, CALLER,
	       "zero passed to %s, which is undefined for it",
	       d->kind ? "clz()" : "ctz()");
}

void __ubsan_handle_alignment_assumption(void *data, unsigned long ptr,
					 unsigned long align,
					 unsigned long offset)
{
	struct ubsan_alignment_assumption_data *d = data;

	report("alignment-assumption", &d->loc, CALLER,
	       "pointer %#lx (offset %lu) assumed %lu-byte aligned is not", ptr,
	       offset, align);
}

/* No way to carry on past code the compiler deleted: report, then stop
 * as a BUG does. */
void __noreturn __ubsan_handle_builtin_unreachable(void *data)
{
	struct ubsan_location_only_data *d = data;

	report("unreachable", &d->loc, CALLER,
	       "execution reached __builtin_unreachable()");
	panic("UBSAN: unreachable code reached at %s:%u; cannot continue",
	      d->loc.file, d->loc.line);
}

/* Every case fails that saw a report it did not capture (boot-time ones
 * fail the first case). */
static int ubsan_after_case(void)
{
	static unsigned long seen;
	unsigned long now = ubsan_reports(), fresh = now - seen;

	seen = now;
	return (int)MIN(fresh, 1000UL);
}
KTEST_CHECK(ubsan, ubsan_after_case);

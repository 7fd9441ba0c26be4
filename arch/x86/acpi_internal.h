/*
 * Helpers shared by the ACPI parsers (acpi_parse.c, acpi_numa.c) and the
 * discovery code (acpi.c). Not for other folders.
 */
#ifndef ARCH_X86_ACPI_INTERNAL_H
#define ARCH_X86_ACPI_INTERNAL_H

#include "arch/x86/acpi.h"
#include "arch/x86/acpi_tables.h"

/* A table is parsed here and copied out only when it is good. */
extern struct acpi_info acpi_scratch;

/*
 * acpi_table_ok - check the header of a table claiming to be @sig: length
 * within @len and at least @fixed, checksum right.
 * Return: the table's length, or 0 (reported).
 */
u32 acpi_table_ok(const void *buf, size_t len, const char *sig, u32 fixed);
/*
 * acpi_printable - copy the @n bytes of a firmware ID (signature, OEM id)
 * into @out as a C string, any byte outside printable ASCII shown as '?',
 * so a hostile table cannot break a log line. @out holds @n + 1 bytes.
 */
const char *acpi_printable(char *out, const char *in, size_t n);
/*
 * acpi_entries_ok - walk the entries from @off to @len: each must have a
 * length of at least 2, fit in the table and be as long as its type needs
 * (@min_len). Return: true when all do (else reported).
 */
bool acpi_entries_ok(const u8 *t, u32 len, u32 off, const char *sig,
		     u8 (*min_len)(u8 type));

#endif

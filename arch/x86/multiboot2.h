/*
 * Multiboot2 boot information: the parser turns GRUB's tag list into a
 * plain struct. It trusts nothing: every length is checked against the
 * bytes that are really there, and each problem is reported on its own line.
 */
#ifndef ARCH_X86_MULTIBOOT2_H
#define ARCH_X86_MULTIBOOT2_H

#include "lib/types.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289u
#define MB2_MAX_MMAP	     128

/* memory map entry types (multiboot2 spec 3.6.8) */
enum mb2_mem_type {
	MB2_MEM_AVAILABLE = 1,
	MB2_MEM_RESERVED = 2,
	MB2_MEM_ACPI_RECLAIMABLE = 3,
	MB2_MEM_NVS = 4,
	MB2_MEM_BADRAM = 5,
};

struct mb2_mmap_entry {
	u64 base;
	u64 len;
	u32 type;
};

struct mb2_info {
	const char *cmdline;	 /* NULL if absent */
	const char *loader_name; /* NULL if absent */
	struct mb2_mmap_entry mmap[MB2_MAX_MMAP];
	int nr_mmap;
	const void *rsdp; /* copy of the RSDP inside the tag, or NULL */
	u32 rsdp_len;
	int rsdp_version;     /* 1 (tag 14) or 2 (tag 15), 0 if none */
	const void *efi_mmap; /* EFI memory map descriptors, or NULL */
	u32 efi_mmap_len, efi_desc_size;
	int nr_problems; /* how many problems were reported */
};

/*
 * mb2_parse - parse the information structure at @info.
 * @avail: how many bytes may be read at @info at most (the caller's bound;
 *         the structure's own total_size is checked against it).
 * Return: 0 when usable (possibly with reported problems), negative when the
 * structure is unusable (too small, total_size absurd).
 */
int mb2_parse(const void *info, size_t avail, struct mb2_info *out);
const char *mb2_mem_type_name(u32 type);

#endif

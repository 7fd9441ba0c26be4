/*
 * NUMA nodes and their zone layout as boot discovers them: nodes from the
 * SRAT (one node without it), each node's span and its DMA, DMA32 and
 * NORMAL ranges with spanned and present pages, as Linux defines them in
 * free_area_init. mm-core builds its zones from these numbers.
 */
#ifndef MM_NUMA_H
#define MM_NUMA_H

#include "lib/types.h"
#include "kernel/config.h"
#include "mm/mm_init.h"

struct numa_zone_range {
	pfn_t start, end; /* spanned: [start, end), holes included */
	u64 present;	  /* RAM pages in the span */
};

struct numa_node {
	pfn_t start, end; /* the node's span; start == end when empty */
	u64 present;
	struct numa_zone_range zone[MAX_NR_ZONES];
};

/* (C) after numa_init */
extern int numa_nr_nodes;
extern struct numa_node numa_nodes[MAX_NUMNODES];

/*
 * numa_init - tag memblock memory with SRAT nodes (falling back to one
 * node when the SRAT leaves RAM uncovered), then compute every node's
 * zone ranges and print them like Linux's boot log.
 * Context: boot CPU, after acpi_init.
 */
void numa_init(void);
/* Return: the node of the CPU with local APIC id @apic_id (0 if unknown). */
int numa_apic_to_node(u32 apic_id);
/* Return: node of logical CPU @cpu, taking CPUs in MADT order. */
int cpu_to_node(int cpu);
/*
 * numa_zones_init - zone_init() for every non-empty zone of every node.
 * Context: boot CPU, after memmap_setup.
 */
void numa_zones_init(void);
/*
 * mm_boot_handover - give every free memblock range to the buddy with
 * zone_free_boot_range, freeze memblock, then mm_init_finish.
 * Context: boot CPU, after every early allocation.
 */
void mm_boot_handover(void);

#endif

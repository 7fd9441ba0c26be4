/*
 * Nodes and zones: their set-up from the boot side's description and the
 * zonelists that order them for allocation. Linux spreads this over
 * mm_init.c (free_area_init) and page_alloc.c (build_all_zonelists).
 */
#ifndef MM_ZONE_H
#define MM_ZONE_H

#include "mm/mmzone.h"

/*
 * zones_reset_all - forget every node and zone: empty lists, no span,
 * counters zero, no node online. Context: boot CPU or test setup, before
 * anything allocates.
 */
void zones_reset_all(void);

/*
 * build_all_zonelists - give each of nodes 0..@nr_nodes-1 its zonelist:
 * its own zones highest first, then the other nodes' by @distance (NULL:
 * 10 local, 20 remote), ties broken by node id. Only zones with managed
 * pages appear. Context: boot CPU or test setup, allocator quiescent.
 */
void build_all_zonelists(int nr_nodes, const u8 distance[][MAX_NUMNODES]);

/*
 * zones_count_foreign - set each zone's foreign_pages: the pfns of its
 * span that belong to another zone, where node spans interleave.
 * Context: boot CPU or test setup, after every zone_init.
 */
void zones_count_foreign(void);

#endif

/*
 * Zone watermarks and the check every allocation makes against them.
 * Mirrors Linux's min_free_kbytes, __setup_per_zone_wmarks,
 * setup_per_zone_lowmem_reserve and __zone_watermark_ok.
 */
#ifndef MM_WATERMARK_H
#define MM_WATERMARK_H

#include "mm/mmzone.h"

/* Tunables with Linux's defaults; change, then call setup_per_zone_wmarks. */
extern int min_free_kbytes;
extern int watermark_scale_factor; /* in 1/10000 of managed pages */
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];

/*
 * init_per_zone_wmark_min - min_free_kbytes = sqrt(16 * managed KiB),
 * clamped to [128, 262144], then the watermarks and lowmem reserves.
 * Context: boot CPU or test setup; takes each zone->lock in turn.
 */
void init_per_zone_wmark_min(void);

/*
 * setup_per_zone_wmarks - split min_free_kbytes over the zones by managed
 * pages (min), add the gap max(min/4, managed * scale / 10000) for low and
 * twice that for high; refresh lowmem_reserve too.
 * Context: any, not under a zone lock; takes each zone->lock in turn.
 */
void setup_per_zone_wmarks(void);

/*
 * __zone_watermark_ok - would @z still be above @mark after taking 2^@order
 * of its @free_pages? ALLOC_HIGH halves the mark, ALLOC_HARDER takes a
 * further quarter off; the lowmem reserve for @highest_zoneidx is added.
 * An order above 0 also needs a free block of at least that order.
 * Context: any; reads the free lists locklessly, a hint only.
 */
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags,
			 long free_pages);
/* The same with the zone's current NR_FREE_PAGES. Context: any. */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);

/* Integer square root, rounded down. */
unsigned long int_sqrt(unsigned long x);

#endif

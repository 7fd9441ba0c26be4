/*
 * Host stand-in for the per-CPU lists (mm/pcp*.c are kernel only: their
 * sections need the real CPU, preemption and interrupts). On the host
 * the lists are always off, as in the kernel before pcp_init: every
 * allocation and free goes straight to the buddy, so the mm core's host
 * tests keep their exact counts.
 */
#include "mm/alloc_test_load.h"
#include "mm/pcp.h"

int percpu_pagelist_high_fraction;

struct page *pcp_rmqueue(struct zone *preferred, struct zone *z,
			 unsigned int order, int mt, unsigned int alloc_flags)
{
	(void)preferred;
	(void)z;
	(void)order;
	(void)mt;
	(void)alloc_flags;
	return NULL;
}

bool pcp_stats_accurate(void)
{
	return false;
}

bool pcp_free(struct zone *z, struct page *page, unsigned int order)
{
	(void)z;
	(void)page;
	(void)order;
	return false;
}

void drain_local_pages(struct zone *z)
{
	(void)z;
}

unsigned long drain_all_pages(struct zone *z)
{
	(void)z;
	return 0;
}

bool pcp_drain_for_retry(gfp_t gfp)
{
	(void)gfp;
	return false;
}

void zone_pcp_disable(struct zone *z)
{
	(void)z;
}

void zone_pcp_enable(struct zone *z)
{
	(void)z;
}

void zone_pcp_update_all(void)
{
}

unsigned long pcp_pages(const struct zone *z)
{
	(void)z;
	return 0;
}

/* No interrupt-context load on the host (mm/alloc_test_load.c). */
void alloc_test_pause(void)
{
}

void alloc_test_resume(void)
{
}

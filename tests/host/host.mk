# Host unit tests: each test_*.c is linked with the kernel code it tests and
# tests/host/host_env.c, under ASan and UBSan, into build/host/. Included by the
# top Makefile (no recursive make); also usable alone from the repo root:
#   make -f tests/host/host.mk host-test

# Whatever goal the including Makefile had (or none yet) stays its own.
HOST_SAVED_GOAL := $(.DEFAULT_GOAL)
HOST_ALONE := $(filter 1,$(words $(MAKEFILE_LIST)))

HOSTCC ?= cc
HOST_BUILD := build/host
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all -I.

HOST_TESTS := $(HOST_BUILD)/test_format $(HOST_BUILD)/test_cmdline \
	$(HOST_BUILD)/test_mb2 $(HOST_BUILD)/test_lib \
	$(HOST_BUILD)/test_memblock $(HOST_BUILD)/test_acpi \
	$(HOST_BUILD)/test_shell
MM_HOST_TESTS := $(HOST_BUILD)/test_buddy $(HOST_BUILD)/test_page_alloc \
	$(HOST_BUILD)/test_percpu_host \
	$(HOST_BUILD)/test_page_debug $(HOST_BUILD)/test_mm_random \
	$(HOST_BUILD)/test_kernel_suites $(HOST_BUILD)/test_pageblock \
	$(HOST_BUILD)/test_mm_check
# frag's counting (mm/frag.c) over the mm core
MM_HOST_TESTS += $(HOST_BUILD)/test_frag
HOST_TESTS += $(MM_HOST_TESTS) $(HOST_BUILD)/test_numa_boot

# object of a source file: build/host/obj/<path>.o
host_obj = $(patsubst %.c,$(HOST_BUILD)/obj/%.o,$(1))

HOST_ENV_OBJS := $(call host_obj,tests/host/host_env.c lib/format.c)

$(HOST_BUILD)/test_format: $(call host_obj,tests/host/test_format.c) \
		$(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_cmdline: $(call host_obj,tests/host/test_cmdline.c \
		kernel/cmdline.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_shell: $(call host_obj,tests/host/test_shell.c \
		kernel/shell_parse.c kernel/shell_edit.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_mb2: $(call host_obj,tests/host/test_mb2.c \
		arch/x86/multiboot2.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_lib: $(call host_obj,tests/host/test_lib.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_memblock: $(call host_obj,tests/host/test_memblock.c \
		mm/memblock.c mm/memblock_alloc.c mm/memblock_fw.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/test_acpi: $(call host_obj,tests/host/test_acpi.c \
		arch/x86/acpi_parse.c arch/x86/acpi_numa.c) $(HOST_ENV_OBJS)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@

# The mm core, compiled unchanged: -DHOST_TEST selects page_address over
# the test's arena, and tests/host/include shadows the kernel headers that
# need the real CPU (spinlocks, IRQ flag, CPU number). Kernel-only mm files
# (views.c, mm_cmdline.c, the per-CPU lists mm/pcp*.c) are left out; the
# lists are off on the host (tests/host/pcp_host_stub.c).
MM_HOST_SRC := mm/buddy.c mm/pcp_deferred.c mm/fallback.c mm/zone.c mm/mm_init.c mm/watermark.c \
	mm/page_alloc.c mm/vmstat.c mm/vmstat_diff.c mm/page_debug.c mm/mm_check.c \
	lib/ratelimit.c
MM_HOST_CFLAGS := -Itests/host/include $(HOST_CFLAGS) -DHOST_TEST
mm_host_obj = $(patsubst %.c,$(HOST_BUILD)/mmobj/%.o,$(1))
MM_HOST_OBJS := $(call mm_host_obj,$(MM_HOST_SRC) tests/host/mm_host_env.c \
	tests/host/mm_arena.c tests/host/pcp_host_stub.c) $(HOST_ENV_OBJS)

$(MM_HOST_TESTS): $(HOST_BUILD)/%: $(HOST_BUILD)/mmobj/tests/host/%.o \
		$(MM_HOST_OBJS)
	$(HOSTCC) $(MM_HOST_CFLAGS) $^ -o $@

# The random test checks the allocator against an independent model.
$(HOST_BUILD)/test_mm_random: $(call mm_host_obj,tests/host/mm_model.c)

$(HOST_BUILD)/test_frag: $(call mm_host_obj,mm/frag.c)

# The boot side of nodes and zones over the mm core and memblock.
$(HOST_BUILD)/test_numa_boot: $(HOST_BUILD)/mmobj/tests/host/test_numa_boot.o \
		$(call mm_host_obj,mm/numa.c mm/mm_boot.c mm/memblock.c \
		mm/memblock_alloc.c) $(MM_HOST_OBJS)
	$(HOSTCC) $(MM_HOST_CFLAGS) $^ -o $@

$(HOST_BUILD)/mmobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(MM_HOST_CFLAGS) -MD -MP -c $< -o $@

$(HOST_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MD -MP -c $< -o $@

# Run every test even after a failure, then fail if any did.
.PHONY: host-test
host-test: $(HOST_TESTS)
	@status=0; for t in $(HOST_TESTS); do \
		echo "# $$t"; ./$$t || status=1; \
	done; exit $$status

HOST_OBJS := $(call host_obj,$(wildcard tests/host/*.c) lib/format.c \
	kernel/cmdline.c kernel/shell_parse.c kernel/shell_edit.c \
	arch/x86/multiboot2.c mm/memblock.c mm/memblock_alloc.c \
	mm/memblock_fw.c arch/x86/acpi_parse.c arch/x86/acpi_numa.c) \
	$(call mm_host_obj,$(MM_HOST_SRC) mm/frag.c $(wildcard tests/host/*.c))
-include $(HOST_OBJS:.o=.d)

# Alone, host-test is the default; included, the includer's goal stands.
ifeq ($(HOST_ALONE),1)
.DEFAULT_GOAL := host-test
else
.DEFAULT_GOAL := $(HOST_SAVED_GOAL)
endif

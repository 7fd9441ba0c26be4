# libFuzzer targets for the code that reads what the boot loader and the
# firmware hand over: multiboot2, the command line, ACPI tables and the
# memory map into memblock. Built with clang, under ASan and UBSan, into
# build/fuzz/. Included by the top Makefile after tests/host/host.mk.
#
#   make fuzz                      each target for FUZZ_SECONDS (60) seconds
#   make fuzz FUZZ_TARGETS=fuzz_mb2 FUZZ_SECONDS=600 FUZZ_FLAGS=-jobs=2
#
# `make test` (and `make host-test`) run build/fuzz/smoke/<target>: a short
# deterministic pass over the seed corpus (tests/fuzz/smoke) printing KTAP,
# listed in HOST_TESTS like any host test.
# Parsing this file needs no clang; building a target without clang's
# libFuzzer fails with a message saying what to install.

FUZZ_CC ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 20000
# fuzz_alloc checks every zone after every operation: ~100-200 inputs/s
FUZZ_SMOKE_RUNS_fuzz_alloc ?= 400
FUZZ_FLAGS ?=
FUZZ_ALL := fuzz_mb2 fuzz_cmdline fuzz_acpi fuzz_memblock
# fuzz_alloc builds apart (below): the mm core and the real per-CPU lists
FUZZ_SMP_ALL := fuzz_alloc
FUZZ_TARGETS ?= $(FUZZ_ALL) fuzz_alloc
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LINK := -fsanitize=fuzzer,address,undefined

# object of a source file: build/fuzz/obj/<path>.o. The host stand-ins (printk and
# its formatter) go to build/fuzz/lib/ without coverage feedback, so that
# the fuzzer steers by the code under test, not by how numbers print.
fuzz_obj = $(patsubst %.c,$(FUZZ_BUILD)/obj/%.o,$(1))
FUZZ_ENV_OBJS := $(patsubst %.c,$(FUZZ_BUILD)/lib/%.o,tests/host/host_env.c \
	lib/format.c)

FUZZ_SRC_fuzz_mb2 := arch/x86/multiboot2.c
FUZZ_SRC_fuzz_cmdline := kernel/cmdline.c
FUZZ_SRC_fuzz_acpi := arch/x86/acpi_parse.c arch/x86/acpi_numa.c
FUZZ_SRC_fuzz_memblock := mm/memblock.c mm/memblock_alloc.c \
	mm/memblock_fw.c arch/x86/multiboot2.c

# One probe link tells whether clang can build fuzzers at all, and says
# what to install when not (Debian splits libFuzzer into libclang-rt-N-dev).
FUZZ_PROBE := $(FUZZ_BUILD)/libfuzzer.ok
$(FUZZ_PROBE): | deps-test
	@mkdir -p $(dir $@)
	@printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ return d && n > 1000000; }' > $(FUZZ_BUILD)/probe.c
	@if ! $(FUZZ_CC) $(FUZZ_LINK) $(FUZZ_BUILD)/probe.c \
			-o $(FUZZ_BUILD)/probe >$(FUZZ_BUILD)/probe.log 2>&1; then \
		echo "fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not work, so the" \
			"fuzz targets cannot be built:" >&2; \
		sed 's/^/fuzz:   /' $(FUZZ_BUILD)/probe.log | head -n 5 >&2; \
		echo "fuzz: install clang and its libFuzzer runtime:" >&2; \
		echo "  sudo apt-get install -y --no-install-recommends" \
			"clang libclang-rt-14-dev" >&2; \
		exit 1; \
	fi
	@touch $@

$(FUZZ_BUILD)/obj/%.o: %.c | $(FUZZ_PROBE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MD -MP \
		-c $< -o $@

$(FUZZ_BUILD)/lib/%.o: %.c | $(FUZZ_PROBE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MD -MP -c $< -o $@

define FUZZ_TARGET_RULE
$(FUZZ_BUILD)/$(1): $(call fuzz_obj,tests/fuzz/$(1).c $(FUZZ_SRC_$(1))) \
		$(FUZZ_ENV_OBJS)
	$$(FUZZ_CC) $$(FUZZ_LINK) $$^ -o $$@
endef
$(foreach t,$(FUZZ_ALL),$(eval $(call FUZZ_TARGET_RULE,$(t))))

# fuzz_alloc: the buddy, the per-CPU lists (mm/pcp*.c) and the bulk
# allocator compiled unchanged over simulated CPUs (tests/host/include-smp
# shadows the kernel headers that need a real CPU; smp_host_env.c is the
# rest). Its own object tree, as these flags change struct layouts. The
# environment goes without coverage feedback, like FUZZ_ENV_OBJS.
FUZZ_SMP_CFLAGS := -Itests/host/include-smp -Itests/host/include \
	$(FUZZ_CFLAGS) -DHOST_TEST
# The checkers (mm_check, the model) and the per-input set-up (zone.c,
# mm_init.c) walk every pfn: instrumented, they cost most of each run and
# steer nothing, so they build without coverage, with the environment.
FUZZ_SMP_CHECKERS := mm/mm_check.c mm/zone.c mm/mm_init.c \
	tests/fuzz/alloc_model.c
FUZZ_SMP_SRC := $(filter-out $(FUZZ_SMP_CHECKERS),$(MM_HOST_SRC)) \
	mm/frag.c mm/page_alloc_bulk.c mm/pcp.c mm/pcp_remote.c \
	mm/pcp_mode.c mm/pcp_size.c mm/pcp_check.c kernel/quiesce.c \
	kernel/cmdline.c
FUZZ_SMP_ENV := tests/host/mm_host_env.c tests/host/smp_host_env.c \
	tests/host/mm_arena.c $(FUZZ_SMP_CHECKERS)
fuzz_smp_obj = $(patsubst %.c,$(FUZZ_BUILD)/smpobj/%.o,$(1))
fuzz_smp_env = $(patsubst %.c,$(FUZZ_BUILD)/smplib/%.o,$(1))

$(FUZZ_BUILD)/smpobj/%.o: %.c | $(FUZZ_PROBE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SMP_CFLAGS) -fsanitize=fuzzer-no-link -MD -MP \
		-c $< -o $@

$(FUZZ_BUILD)/smplib/%.o: %.c | $(FUZZ_PROBE)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SMP_CFLAGS) -MD -MP -c $< -o $@

$(FUZZ_BUILD)/fuzz_alloc: $(call fuzz_smp_obj,tests/fuzz/fuzz_alloc.c \
		$(FUZZ_SMP_SRC)) $(call fuzz_smp_env,$(FUZZ_SMP_ENV)) \
		$(FUZZ_ENV_OBJS)
	$(FUZZ_CC) $(FUZZ_LINK) $^ -o $@

# The smoke wrappers are what run-tests executes: no arguments, KTAP out.
FUZZ_SMOKE := $(addprefix $(FUZZ_BUILD)/smoke/,$(FUZZ_ALL) $(FUZZ_SMP_ALL))
$(FUZZ_SMOKE): $(FUZZ_BUILD)/smoke/%: $(FUZZ_BUILD)/% tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\nexec "%s" "%s" "%s" %s\n' \
		"$(CURDIR)/tests/fuzz/smoke" "$(CURDIR)/$<" \
		"$(CURDIR)/tests/fuzz/corpus/$*" \
		$(or $(FUZZ_SMOKE_RUNS_$*),$(FUZZ_SMOKE_RUNS)) > $@
	@chmod +x $@

HOST_TESTS += $(FUZZ_SMOKE)
host-test: $(FUZZ_SMOKE)

# New inputs go to build/fuzz/corpus/<target>; the seeds are only read.
# Copy a finding worth keeping into tests/fuzz/corpus/<target>/ by hand.
.PHONY: fuzz
fuzz: $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
			$(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus/$$t \
			tests/fuzz/corpus/$$t || exit 1; \
	done

-include $(patsubst %.o,%.d,$(call fuzz_obj,$(wildcard tests/fuzz/*.c) \
	$(sort $(foreach t,$(FUZZ_ALL),$(FUZZ_SRC_$(t))))))
-include $(FUZZ_ENV_OBJS:.o=.d)
-include $(patsubst %.o,%.d,$(call fuzz_smp_obj,tests/fuzz/fuzz_alloc.c \
	$(FUZZ_SMP_SRC)) $(call fuzz_smp_env,$(FUZZ_SMP_ENV)))

# pagelab: one plain Makefile, no recursion. See README.md for the targets.

BUILD := build
SMP ?= 8
MEM ?= 1G
ACCEL ?= auto

# Toolchain: a cross x86_64-elf toolchain when present, else the host's gcc
# and binutils with freestanding flags; `make CC=clang` cross-compiles too.
ifeq ($(origin CC),default)
CC := $(if $(shell command -v x86_64-elf-gcc),x86_64-elf-gcc,gcc)
endif
ifeq ($(origin LD),default)
LD := $(if $(shell command -v x86_64-elf-ld),x86_64-elf-ld,ld)
endif
NM := $(if $(shell command -v x86_64-elf-nm),x86_64-elf-nm,nm)
OBJDUMP := $(if $(shell command -v x86_64-elf-objdump),x86_64-elf-objdump,objdump)
HOSTCC ?= cc
IS_CLANG := $(findstring clang,$(shell $(CC) --version 2>/dev/null | head -n1))
TARGET_FLAGS := $(if $(IS_CLANG),--target=x86_64-unknown-none-elf)

CFLAGS := $(TARGET_FLAGS) -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -mno-sse -mno-mmx \
	-fno-omit-frame-pointer -fno-builtin \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-nostdinc -isystem $(shell $(CC) $(TARGET_FLAGS) -print-file-name=include) \
	-Wall -Wextra -Werror -Wno-unused-parameter -I. -MD -MP
ifneq ($(IS_CLANG),)
CFLAGS += -Wno-gnu-variable-sized-type-not-at-end
endif
# `make INJECT=0`: every inject_point() compiles to nothing (kernel/inject.h)
ifneq ($(INJECT),)
CFLAGS += -DCONFIG_INJECT=$(INJECT)
endif
# Stack canaries in every function with an array or an address-taken local.
# The guard is one global word (__stack_chk_guard, set per boot by
# kernel/stack_protector.c), not %gs:40: it works before any CPU has its
# per-CPU area and never collides with struct percpu. STACKPROTECTOR=0
# builds without it (for measuring its cost).
STACKPROTECTOR ?= 1
ifeq ($(STACKPROTECTOR),1)
CFLAGS += -fstack-protector-strong -mstack-protector-guard=global \
	-DCONFIG_STACKPROTECTOR
else
CFLAGS += -fno-stack-protector
endif
# `make UBSAN=1`: the kernel under -fsanitize=undefined, in build/ubsan/,
# reporting through kernel/ubsan.c (which is itself not instrumented).
# `make test` builds both images and boots this one in one configuration.
UBSAN ?= 0
UBSAN_CFLAGS := -fsanitize=undefined -DCONFIG_UBSAN
ASFLAGS := $(TARGET_FLAGS) -g -I. -MD -MP -D__ASSEMBLER__
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments \
	-T linker.ld

KSRC := $(wildcard boot/*.S arch/x86/*.S arch/x86/*.c lib/*.c kernel/*.c \
	mm/*.c tests/kernel/*.c)
kobjs = $(patsubst %,$(1)/%.o,$(basename $(KSRC)))
KOBJ := $(call kobjs,$(BUILD))
UBSAN_BUILD := $(BUILD)/ubsan
UBSAN_KOBJ := $(call kobjs,$(UBSAN_BUILD))
KERNEL := $(if $(filter 1,$(UBSAN)),$(UBSAN_BUILD),$(BUILD))/pagelab.elf
# `make PCP_MODE=spin` (or irq, local, spin_irqsave, rt): the per-CPU lists'
# locking mode fixed at build time, in build/pcp-MODE/: every mode switch in
# the fast path folds away (mm/pcp_lock.h), and `pcp lock` refuses others.
PCP_MODES := irq local spin_irqsave spin rt
ifneq ($(PCP_MODE),)
ifeq ($(filter $(PCP_MODE),$(PCP_MODES)),)
$(error PCP_MODE=$(PCP_MODE): use one of $(PCP_MODES))
endif
KERNEL := $(BUILD)/pcp-$(PCP_MODE)/pagelab.elf
endif

.PHONY: all iso run debug test deps deps-test host-test clean format check \
	fuzz lint tidy lint-deps deps-bench bench bench-linux experiment deps-plot \
	bench-compare plot
all: $(KERNEL)

# `make V=1` shows the full commands.
Q := $(if $(V),,@)

# One kernel image: $(1) its build folder, $(2) its extra compiler flags.
# Two links: the first gives the addresses for the symbol table, the second
# adds the table. .ksyms sits after .text, so no function moves; the check
# proves it.
# Objects depend on the Makefile too: a changed flag must rebuild them.
define kernel_image
$(1)/%.o: %.c Makefile
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  CC      $$<")
	$$(Q)$$(CC) $(2) $$(CFLAGS) -c $$< -o $$@

$(1)/%.o: %.S Makefile
	@mkdir -p $$(dir $$@)
	@$$(if $$(Q),echo "  AS      $$<")
	$$(Q)$$(CC) $$(ASFLAGS) -c $$< -o $$@

$(1)/ksyms0.S: tools/gen-ksyms
	@mkdir -p $(1)
	$$(Q)tools/gen-ksyms > $$@
$(1)/ksyms0.o $(1)/ksyms.o: $(1)/%.o: $(1)/%.S
	$$(Q)$$(CC) $$(ASFLAGS) -c $$< -o $$@
$(1)/pagelab.stage1.elf: $(call kobjs,$(1)) $(1)/ksyms0.o linker.ld
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(LD) $$(LDFLAGS) -o $$@ $(call kobjs,$(1)) $(1)/ksyms0.o
$(1)/ksyms.S: $(1)/pagelab.stage1.elf tools/gen-ksyms
	$$(Q)NM=$$(NM) tools/gen-ksyms $$< > $$@
$(1)/pagelab.elf: $(1)/pagelab.stage1.elf $(1)/ksyms.o
	@$$(if $$(Q),echo "  LD      $$@")
	$$(Q)$$(LD) $$(LDFLAGS) -o $$@ $(call kobjs,$(1)) $(1)/ksyms.o
	@$$(NM) -n $(1)/pagelab.stage1.elf | grep ' [tT] ' > $(1)/syms1
	@$$(NM) -n $$@ | grep ' [tT] ' > $(1)/syms2
	@cmp -s $(1)/syms1 $(1)/syms2 || \
		{ echo "ksyms: functions moved between links"; rm -f $$@; exit 1; }

$(1)/pagelab.iso: $(1)/pagelab.elf iso/grub-menu.cfg.in tools/mkiso
	tools/mkiso $$< $$@
endef
$(eval $(call kernel_image,$(BUILD),))
$(eval $(call kernel_image,$(UBSAN_BUILD),$(UBSAN_CFLAGS)))
# the kernels with the pcp mode fixed (PCP_MODE=, above)
pcp_mode_macro = PCP_MODE_$(shell echo $(1) | tr a-z A-Z)
$(foreach m,$(PCP_MODES),$(eval $(call kernel_image,$(BUILD)/pcp-$(m),\
	-DCONFIG_PCP_MODE_FIXED=$(call pcp_mode_macro,$(m)))))

# The handlers cannot check themselves, and the canary code runs before
# there is a canary (both also say so with function attributes).
$(UBSAN_BUILD)/kernel/ubsan.o: CFLAGS += -fno-sanitize=all
$(BUILD)/kernel/stack_protector.o $(UBSAN_BUILD)/kernel/stack_protector.o: \
	CFLAGS += -fno-stack-protector

iso: $(KERNEL:.elf=.iso)

deps:
	@tools/deps

# make test also needs clang's libFuzzer for the fuzz smoke runs
deps-test:
	@tools/deps test

# the Linux peer also needs Debian's kernel, its headers and busybox-static
deps-bench:
	@tools/deps bench

run: deps $(KERNEL:.elf=.iso)
	tools/qemu-run --iso $(KERNEL:.elf=.iso) --smp $(SMP) --mem $(MEM) \
		--accel $(ACCEL) --interactive --timeout 0

# the gdb server listens on 127.0.0.1:$(GDB_PORT) only (tools/debug-run)
GDB_PORT ?= 1234
debug: deps $(KERNEL:.elf=.iso)
	@echo "QEMU is waiting for gdb; in another terminal run: gdb -x tools/gdbinit"
	tools/debug-run --port $(GDB_PORT) --iso $(KERNEL:.elf=.iso) \
		--smp $(SMP) --mem $(MEM) --accel tcg

include tests/host/host.mk
include tests/fuzz/fuzz.mk
include tests/model/model.mk
# host.mk named host-test's prerequisites before fuzz.mk and model.mk added
# theirs to HOST_TESTS: name them all again here.
host-test: $(HOST_TESTS)

# Run with the host tests: the image's this_cpu_* probes are one instruction.
PERCPU_INSN_CHECK := $(BUILD)/host/check_percpu_insn
$(PERCPU_INSN_CHECK): $(BUILD)/pagelab.elf tools/check-percpu-insn
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nOBJDUMP=%s exec "%s/tools/check-percpu-insn" "%s"\n' \
		"$(OBJDUMP)" "$(CURDIR)" "$(CURDIR)/$(BUILD)/pagelab.elf" > $@
	$(Q)chmod +x $@

# The guided experiments of docs/experiments, each booted and checked.
EXPERIMENTS := $(sort $(wildcard docs/experiments/[0-9][0-9]-*.md))

# tests/proc-tools boots once and feeds the views to procps and psutil;
# tests/gdb-server checks what make debug promises; tests/bench-quick boots
# mode=bench quick=1 on both clocks and checks its BENCH lines (no figures)
test: deps-test $(BUILD)/pagelab.elf $(UBSAN_BUILD)/pagelab.elf $(HOST_TESTS) \
		$(BUILD)/pcp-spin/pagelab.elf $(PERCPU_INSN_CHECK)
	tools/run-tests --host $(HOST_TESTS) $(PERCPU_INSN_CHECK) \
		tools/test-bench-table tools/test-bench-plot tools/test-experiment \
		tools/test-frag-png tools/test-mkiso \
		tests/proc-tools tests/gdb-server \
		--matrix tests/matrix --script tools/shell-drive tests/bench-quick \
		--experiments $(EXPERIMENTS) --selftest tests/selftest

# `make experiment N` (or N=2): boot experiment N of docs/experiments and
# check what its text says you will see; without N, every experiment.
ifeq (experiment,$(firstword $(MAKECMDGOALS)))
EXPERIMENT_ARGS := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
$(eval $(EXPERIMENT_ARGS):;@:)
endif
experiment: deps $(BUILD)/pagelab.elf
	tools/experiment $(EXPERIMENT_ARGS) $(N)

# tools/frag-png draws a `frag` dump as a PNG with gnuplot (optional)
deps-plot:
	@tools/deps plot

# pagelab's benchmarks (tools/bench-run): mode=bench at -smp 8 -m 2G under
# TCG (KVM with vmx/svm), then -smp 1 under icount; logs in build/bench/.
# BENCH_ARGS passes tools/bench-run options (--bench page_bench ...).
BENCH_ARGS ?=
bench: deps $(BUILD)/pagelab.elf
	tools/bench-run $(BENCH_ARGS)

# The Linux peer of page_bench (tools/linux-peer/): our module inside
# Debian's kernel in the same QEMU, on each clock in BENCH_CLOCKS (default
# both: tsc, then icount). Minutes, not seconds, so not part of `make test`.
BENCH_CLOCKS ?=
bench-linux: deps-bench
	tools/linux-peer/bench-linux $(BENCH_CLOCKS)

# pagelab's page_bench beside the Linux peer's (tools/bench-compare): boots
# alternating on each clock, one table per clock with Linux / mode ratios.
# COMPARE_ARGS passes its options (--clocks icount, --rounds 3 ...).
COMPARE_ARGS ?=
bench-compare: deps deps-bench $(BUILD)/pagelab.elf
	tools/bench-compare $(COMPARE_ARGS)

# the newest logs in build/bench/ as PNG charts there (tools/bench-plot)
plot: deps-plot
	tools/bench-plot

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

check: lint-deps
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -I. --std=c11 \
		$$(git ls-files '*.c')

# `make lint`: cppcheck over every C file, then clang-tidy (checks in
# .clang-tidy, every finding an error) over the kernel's C files as clang
# would build them, UBSan code included. One stamp per file, so a second run
# only looks at what changed (any header change re-checks everything).
TIDY_FLAGS = --target=x86_64-unknown-none-elf -std=gnu11 -ffreestanding \
	-nostdinc -isystem $(shell clang --target=x86_64-unknown-none-elf \
		-print-file-name=include) \
	-I. -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-DCONFIG_STACKPROTECTOR -DCONFIG_UBSAN
TIDY_STAMPS := $(patsubst %.c,$(BUILD)/lint/%.tidy,$(filter %.c,$(KSRC)))
KHEADERS := $(wildcard arch/x86/*.h lib/*.h kernel/*.h mm/*.h tests/kernel/*.h)

$(BUILD)/lint/%.tidy: %.c .clang-tidy $(KHEADERS)
	@mkdir -p $(dir $@)
	@echo "  TIDY    $<"
	$(Q)clang-tidy --quiet $< -- $(TIDY_FLAGS) 2>$@.err; s=$$?; \
		grep -v 'warnings\? generated\.$$' $@.err >&2; \
		rm -f $@.err; exit $$s
	@touch $@
$(TIDY_STAMPS): | lint-deps

lint-deps:
	@tools/deps lint

tidy: $(TIDY_STAMPS)
lint: check tidy

clean:
	rm -rf $(BUILD)

-include $(KOBJ:.o=.d) $(UBSAN_KOBJ:.o=.d) \
	$(foreach m,$(PCP_MODES),$(patsubst %.o,%.d,$(call kobjs,$(BUILD)/pcp-$(m))))

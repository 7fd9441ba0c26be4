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
	-fno-omit-frame-pointer -fno-stack-protector -fno-builtin \
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
ASFLAGS := $(TARGET_FLAGS) -g -I. -MD -MP -D__ASSEMBLER__
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments \
	-T linker.ld

KSRC := $(wildcard boot/*.S arch/x86/*.S arch/x86/*.c lib/*.c kernel/*.c \
	mm/*.c tests/kernel/*.c)
KOBJ := $(patsubst %,$(BUILD)/%.o,$(basename $(KSRC)))

.PHONY: all iso run debug test deps deps-test host-test clean format check fuzz \
	deps-bench bench-linux
all: $(BUILD)/pagelab.elf

# `make V=1` shows the full commands.
Q := $(if $(V),,@)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@

# Two links: the first gives the addresses for the symbol table, the second
# adds the table. .ksyms sits after .text, so no function moves; the check
# proves it.
$(BUILD)/ksyms0.S: tools/gen-ksyms
	@mkdir -p $(BUILD)
	$(Q)tools/gen-ksyms > $@
$(BUILD)/ksyms0.o $(BUILD)/ksyms.o: $(BUILD)/%.o: $(BUILD)/%.S
	$(Q)$(CC) $(ASFLAGS) -c $< -o $@
$(BUILD)/pagelab.stage1.elf: $(KOBJ) $(BUILD)/ksyms0.o linker.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KOBJ) $(BUILD)/ksyms0.o
$(BUILD)/ksyms.S: $(BUILD)/pagelab.stage1.elf tools/gen-ksyms
	$(Q)NM=$(NM) tools/gen-ksyms $< > $@
$(BUILD)/pagelab.elf: $(BUILD)/pagelab.stage1.elf $(BUILD)/ksyms.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KOBJ) $(BUILD)/ksyms.o
	@$(NM) -n $(BUILD)/pagelab.stage1.elf | grep ' [tT] ' > $(BUILD)/syms1
	@$(NM) -n $@ | grep ' [tT] ' > $(BUILD)/syms2
	@cmp -s $(BUILD)/syms1 $(BUILD)/syms2 || \
		{ echo "ksyms: functions moved between links"; rm -f $@; exit 1; }

$(BUILD)/pagelab.iso: $(BUILD)/pagelab.elf iso/grub-menu.cfg.in tools/mkiso
	tools/mkiso $< $@

iso: $(BUILD)/pagelab.iso

deps:
	@tools/deps

# make test also needs clang's libFuzzer for the fuzz smoke runs
deps-test:
	@tools/deps test

# the Linux peer also needs Debian's kernel, its headers and busybox-static
deps-bench:
	@tools/deps bench

run: deps $(BUILD)/pagelab.iso
	tools/qemu-run --iso $(BUILD)/pagelab.iso --smp $(SMP) --mem $(MEM) \
		--accel $(ACCEL) --interactive --timeout 0

# the gdb server listens on 127.0.0.1:$(GDB_PORT) only (tools/debug-run)
GDB_PORT ?= 1234
debug: deps $(BUILD)/pagelab.iso
	@echo "QEMU is waiting for gdb; in another terminal run: gdb -x tools/gdbinit"
	tools/debug-run --port $(GDB_PORT) --iso $(BUILD)/pagelab.iso \
		--smp $(SMP) --mem $(MEM) --accel tcg

include tests/host/host.mk
include tests/fuzz/fuzz.mk

# Run with the host tests: the image's this_cpu_* probes are one instruction.
PERCPU_INSN_CHECK := $(BUILD)/host/check_percpu_insn
$(PERCPU_INSN_CHECK): $(BUILD)/pagelab.elf tools/check-percpu-insn
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nOBJDUMP=%s exec "%s/tools/check-percpu-insn" "%s"\n' \
		"$(OBJDUMP)" "$(CURDIR)" "$(CURDIR)/$(BUILD)/pagelab.elf" > $@
	$(Q)chmod +x $@

# tests/proc-tools boots once and feeds the views to procps and psutil;
# tests/gdb-server checks what make debug promises
test: deps-test $(BUILD)/pagelab.elf $(HOST_TESTS) $(PERCPU_INSN_CHECK)
	tools/run-tests --host $(HOST_TESTS) $(PERCPU_INSN_CHECK) \
		tools/test-bench-table tests/proc-tools tests/gdb-server \
		--matrix tests/matrix --script tools/shell-drive \
		--selftest tests/selftest

# The Linux peer of page_bench (tools/linux-peer/): our module inside
# Debian's kernel in the same QEMU, on each clock in BENCH_CLOCKS (default
# both: tsc, then icount). Minutes, not seconds, so not part of `make test`.
BENCH_CLOCKS ?=
bench-linux: deps-bench
	tools/linux-peer/bench-linux $(BENCH_CLOCKS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

check:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -I. --std=c11 \
		$$(git ls-files '*.c')

clean:
	rm -rf $(BUILD)

-include $(KOBJ:.o=.d)

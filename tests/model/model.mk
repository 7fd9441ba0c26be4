# SPIN models of the pcp protocol (docs/reliability.md, "Model checking the
# pcp protocol"); the runs are listed in tests/model/runs. Included by the
# top Makefile after tests/host/host.mk.
#
#   make model           the protocol as designed: every run must pass
#   make model-plants    the planted bugs: SPIN must find each one
#
# `make test` runs build/host/model_<model>: every run (plants included) of
# one model file, printing KTAP, listed in HOST_TESTS like any host test.

MODEL_FILES := pcp_lock pcp_switch pcp_nolock
MODEL_CHECKS := $(addprefix $(HOST_BUILD)/model_,$(MODEL_FILES))

$(MODEL_CHECKS): $(HOST_BUILD)/model_%: tests/model/model.mk
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec "%s/tools/model-check" --ktap --model %s.pml\n' \
		"$(CURDIR)" "$*" > $@
	$(Q)chmod +x $@

HOST_TESTS += $(MODEL_CHECKS)

.PHONY: model model-plants deps-model
deps-model:
	@tools/deps model

model: deps-model
	tools/model-check --no-plants

model-plants: deps-model
	tools/model-check --plants

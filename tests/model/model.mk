# SPIN models of the pcp protocol (docs/reliability.md, "Model checking the
# pcp protocol"); the runs are listed in tests/model/runs. Included by the
# top Makefile after tests/host/host.mk.
#
#   make model           the protocol as designed: every run must pass
#   make model-plants    the planted bugs: SPIN must find each one
#
# `make test` runs build/host/model_<model> (the runs of one model file
# without plants) and build/host/model_plants (every plant), each printing
# KTAP, listed in HOST_TESTS like any host test. Split so that each stays
# well inside run-tests' 120 s per host step on a loaded 2-core host.

MODEL_FILES := pcp_lock pcp_switch pcp_nolock
MODEL_CHECKS := $(addprefix $(HOST_BUILD)/model_,$(MODEL_FILES)) \
	$(HOST_BUILD)/model_plants

$(filter-out %/model_plants,$(MODEL_CHECKS)): $(HOST_BUILD)/model_%: \
		tests/model/model.mk
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec "%s/tools/model-check" --ktap --no-plants --model %s.pml\n' \
		"$(CURDIR)" "$*" > $@
	$(Q)chmod +x $@

$(HOST_BUILD)/model_plants: tests/model/model.mk
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec "%s/tools/model-check" --ktap --plants\n' \
		"$(CURDIR)" > $@
	$(Q)chmod +x $@

HOST_TESTS += $(MODEL_CHECKS)

.PHONY: model model-plants deps-model
deps-model:
	@tools/deps model

model: deps-model
	tools/model-check --no-plants

model-plants: deps-model
	tools/model-check --plants

# Kamerbrieven → English briefing notes. `make translate` and `make test` set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
IN ?= data/kamerbrieven
OUT ?= out
CONFIG ?= configs/default.yaml
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help setup translate briefing test test-fast models tiny-models evaluate evaluate-structure evaluate-keyfacts clean

help:
	@echo "make translate [IN=folder] [OUT=folder] [CONFIG=file]  briefing notes (default: data/kamerbrieven -> out)"
	@echo "make test                                             run the whole test suite"
	@echo "make test-fast                                        the inner loop: every test but the slow ones (under a minute)"
	@echo "make models                                           download the real models into models/"
	@echo "make tiny-models                                      build tiny test models into models/tiny/"
	@echo "make evaluate [OUT=folder]                            score notes against data/references/"
	@echo "make evaluate-structure [LAYOUTS=N]                   structure extraction vs data/gold/ (no models); N generated layouts per letter"
	@echo "make evaluate-keyfacts                                key facts vs data/gold/keyfacts/ (no models)"
	@echo "make briefing SINCE=YYYY-MM-DD [UNTIL=…] [DOSSIER=…]   fetch new letters into data/inbox, notes + index -> out/briefing"
	@echo "make bench                                            translate engine benchmark (full-size random models) -> out/bench/"
	@echo "make bench-batch [BATCH_SIZES=\"100 1000\"]             peak RSS and letters/min over batch sizes (tiny models) -> out/bench-batch/"
	@echo "make bench-models                                     time, peak RSS, requests and disk of \`make models\` (local hub, full-size random models) -> out/bench-models/"
	@echo "make readme-numbers [ARGS=--refresh]                 the README's tables of numbers from docs/reports/ (--refresh: rerun the cheap evaluations)"
	@echo "Set-up is automatic: .venv is created on first use (TORCH_SPEC=$(TORCH_SPEC) installed first)."

# torch goes in first, from TORCH_SPEC, so pip never pulls the multi-GB CUDA build as a dependency.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

translate: $(STAMP)
	$(PY) -m pipeline translate $(IN) --out $(OUT) --config $(CONFIG)

# The weekly briefing in one command: fetch what is new since SINCE into INBOX (each letter beside its
# official record, <stem>.source.json), then translate INBOX into OUT (notes and the batch index).
# A re-run adds only the new letters: fetch skips what its state file says is unchanged, translate
# skips letters whose note is current (the run key covers the letter and its official record).
# An unreachable API (fetch exit 2) stops before translate; letters that failed to download (exit 1)
# do not keep the others from being translated, and the target still fails at the end.
INBOX ?= data/inbox
briefing: OUT = out/briefing
briefing: $(STAMP)
	@test -n "$(SINCE)" || { echo "make briefing: give SINCE=YYYY-MM-DD (the first day to fetch letters of)" >&2; exit 2; }
	@fetched=0; $(PY) -m pipeline fetch --since "$(SINCE)" $(if $(UNTIL),--until "$(UNTIL)") \
	    $(if $(DOSSIER),--dossier "$(DOSSIER)") $(if $(TYPE),--type "$(TYPE)") $(if $(API_URL),--api-url "$(API_URL)") \
	    --to "$(INBOX)" --config "$(CONFIG)" || fetched=$$?; \
	if [ $$fetched -ge 2 ]; then exit $$fetched; fi; \
	$(PY) -m pipeline translate "$(INBOX)" --out "$(OUT)" --config "$(CONFIG)" || exit $$?; \
	exit $$fetched

test: $(STAMP)
	$(PY) -m pytest -q

# Everything but the tests marked slow (Chromium, Ray, subprocesses, multi-letter batches, layout
# sampling): the inner loop, under a minute on two cores.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

models: $(STAMP)
	$(PY) -m pipeline models --config $(CONFIG)

tiny-models: $(STAMP)
	$(PY) -m pipeline tiny-models

evaluate: $(STAMP)
	$(PY) -m pipeline evaluate --notes $(OUT) --report $(OUT)/eval --config $(CONFIG)

LAYOUTS ?= 0
SEED ?= 0
evaluate-structure: $(STAMP)
	$(PY) -m pipeline evaluate-structure --report $(OUT)/eval --config $(CONFIG) --layouts $(LAYOUTS) --seed $(SEED)

evaluate-keyfacts: $(STAMP)
	$(PY) -m pipeline evaluate-keyfacts --report $(OUT)/eval --config $(CONFIG)

clean:
	rm -rf $(OUT) models/tiny .pytest_cache

# Throughput/memory benchmark of the translate engines on full-size random-weight checkpoints
# (built once into models/bench/); prints a table and writes out/bench/translate.json.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m benchmarks.bench --out $(OUT)/bench

# Batch benchmark: a synthetic batch generated from the samples, run with the tiny models in one fresh
# process per size; reports letters/min and peak RSS and fails (exit 1) when peak RSS grows with the
# batch size. Writes out/bench-batch/report.md + report.json (the README's table gives each size's seconds).
BATCH_SIZES ?= 100 1000
.PHONY: bench-batch
bench-batch: $(STAMP)
	$(PY) -m benchmarks.bench_batch --out $(OUT)/bench-batch --sizes $(BATCH_SIZES)

# `make models` measured without internet: full-size random checkpoints (models/bench/, built once) served
# by the local hub (pipeline/testing/hub_server.py), `python -m pipeline models` run twice into a fresh folder.
# Writes out/bench-models/report.md + report.json (docs/MODELS.md's "How long, how much disk").
.PHONY: bench-models
bench-models: $(STAMP)
	$(PY) -m benchmarks.bench_models --out $(OUT)/bench-models

# The README's tables of numbers, rendered from their reports in docs/reports/ (scripts/readme_numbers.py:
# --refresh reruns the cheap evaluations first; --import adopts a slow command's JSON; --check only compares).
.PHONY: readme-numbers
readme-numbers: $(STAMP)
	$(PY) scripts/readme_numbers.py $(ARGS)

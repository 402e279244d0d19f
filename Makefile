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

.PHONY: help setup translate test models tiny-models evaluate evaluate-structure evaluate-keyfacts clean

help:
	@echo "make translate [IN=folder] [OUT=folder] [CONFIG=file]  briefing notes (default: data/kamerbrieven -> out)"
	@echo "make test                                             run the whole test suite"
	@echo "make models                                           download the real models into models/"
	@echo "make tiny-models                                      build tiny test models into models/tiny/"
	@echo "make evaluate [OUT=folder]                            score notes against data/references/"
	@echo "make evaluate-structure                               structure extraction vs data/gold/ (no models)"
	@echo "make evaluate-keyfacts                                key facts vs data/gold/keyfacts/ (no models)"
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

test: $(STAMP)
	$(PY) -m pytest -q

models: $(STAMP)
	$(PY) -m pipeline models --config $(CONFIG)

tiny-models: $(STAMP)
	$(PY) -m pipeline tiny-models

evaluate: $(STAMP)
	$(PY) -m pipeline evaluate --notes $(OUT) --report $(OUT)/eval --config $(CONFIG)

evaluate-structure: $(STAMP)
	$(PY) -m pipeline evaluate-structure --report $(OUT)/eval --config $(CONFIG)

evaluate-keyfacts: $(STAMP)
	$(PY) -m pipeline evaluate-keyfacts --report $(OUT)/eval --config $(CONFIG)

clean:
	rm -rf $(OUT) models/tiny .pytest_cache

# Throughput/memory benchmark of the translate engines on full-size random-weight checkpoints
# (built once into models/bench/); prints a table and writes out/bench/translate.json.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m pipeline.bench --out $(OUT)/bench

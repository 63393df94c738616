# `make run` and `make test` work on a fresh machine with only Python: each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/kzun-bot run; else $(BIN)/kzun-bot shell; fi

test: $(STAMP)
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks
	$(BIN)/mypy
	$(BIN)/kzun-bot check
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/kzun-bot check

bench: $(STAMP)
	$(BIN)/python benchmarks/answer_engine.py
	$(BIN)/python benchmarks/broadcast.py
	$(BIN)/python benchmarks/replies_during_broadcast.py
	$(BIN)/python benchmarks/broadcast_kills.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# `make run` and `make test` work on a fresh machine with only Python: each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench soak clean

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

# `make bench` runs these in order; it says up front how long that takes on a 2-core machine and
# prints the time it took at the end (the answer engine takes seconds, the broadcasts the rest).
BENCHMARKS := answer_engine broadcast replies_during_broadcast broadcast_kills storage_ops \
	daily_scale end_to_end replicas

bench: $(STAMP)
	@echo "make bench: about 10 minutes on a 2-core machine (broadcast ~4 min, 1M subscribers ~1.5 min, replicas ~1 min, the rest ~3.5 min)"
	@started=$$(date +%s); status=0; \
	for name in $(BENCHMARKS); do $(BIN)/python benchmarks/$$name.py || { status=$$?; break; }; done; \
	echo "make bench: took $$(( $$(date +%s) - started )) s"; exit $$status

# The soak (benchmarks/soak.py): about 5 minutes of mixed traffic against `kzun-bot run`.
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

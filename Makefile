# Two commands on a fresh machine (Python 3.11+, make, git): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format eval calibrate bench clean

# Every machine installs the exact versions pinned in requirements*.txt, then k17 itself editable.
$(STAMP): pyproject.toml requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## Start k17: Slack (listeners and reminder clock) with credentials in the environment or .env, else the local console.
run: $(STAMP)
	$(BIN)/k17 run

## Format check, lint, types and every test.
test: lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Answer quality on a question set (default: the shared development set).
EVAL ?= ../shared/eval/dev.yaml
eval: $(STAMP)
	$(BIN)/k17 eval $(EVAL)

## Refit the matcher's confidence model from knowledge/training/ (cross-validated figures printed).
calibrate: $(STAMP)
	$(BIN)/k17 kb fit

bench: $(STAMP)
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

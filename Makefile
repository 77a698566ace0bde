# One command each for the show and the tests; both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/lumen run

lint: $(STAMP)
	$(BIN)/ruff check lumen tests
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/lumen bench

clean:
	rm -rf $(VENV) out tests/_failures *.egg-info

# The two commands of the README: `make site` and `make test`. `make serve` previews locally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check serve clean golden schemas

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP)
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/python build.py serve

clean:
	rm -rf site .build $(VENV)

golden: $(STAMP)
	$(BIN)/python -m tests.golden

schemas: $(STAMP)
	$(BIN)/python build.py schemas

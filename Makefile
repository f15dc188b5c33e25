# The two commands of the README: `make site` and `make test`. `make serve` previews locally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# test-only tools from npm (vnu.jar for HTML validation, axe-core for accessibility), pinned in package-lock.json
NPM_STAMP := node_modules/.installed

.PHONY: site test check serve clean golden schemas

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# Without npm the tests that need these tools are skipped with a reason (on CI they fail instead).
$(NPM_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $(NPM_STAMP); \
	else echo "Không có npm: bỏ qua vnu.jar và axe-core (apt-get install nodejs npm)"; fi

site: $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/python build.py serve

clean:
	rm -rf site .build build .cache $(VENV) node_modules

golden: $(STAMP)
	$(BIN)/python -m tests.golden

schemas: $(STAMP)
	$(BIN)/python build.py schemas

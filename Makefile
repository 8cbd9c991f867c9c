# Two commands do all the set-up: `make serve` and `make test`. Each makes .venv and installs requirements.txt.
# serve, build, pdf, check and deploy-config are `python -m handreiking …` (handreiking/__main__.py): the same without make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
# axe-core and the Nu Html Checker for the browser and HTML tests; skipped where npm is missing (those tests skip too).
NODE_INSTALLED := $(if $(shell command -v npm),node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1))
# Material prints a banner about its end of life on every build; it is known and tracked in ONDERHOUD.md.
export NO_MKDOCS_2_WARNING := 1

# The suite on every core, one test file per worker (its module fixtures are built once), the longest files first
# (tests/conftest.py): pytest-xdist.
PYTEST_WORKERS ?= -n auto --dist loadfile --no-loadscope-reorder

.PHONY: serve build pdf deploy-config check test lint bench lighthouse

$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 of nieuwer is nodig.") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

serve: $(INSTALLED)
	$(BIN)/python -m handreiking serve

build: $(INSTALLED)
	$(BIN)/python -m handreiking build

$(NODE_INSTALLED): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

# PDF handouts of the printable pages, into site/pdf/ (needs Chromium); run after `make build`.
pdf: $(INSTALLED)
	$(BIN)/python -m handreiking pdf

# The web server's configuration (nginx, Apache, IIS) with the security headers, into deploy/; run after
# `make build pdf`. DEPLOY_ROOT is the site's folder on the server (default /var/www/ and the last part of the
# intranet address). BROTLI=1 also puts a Brotli copy beside each text file of site/, which nginx then sends (it
# needs the module brotli_static, Debian's libnginx-mod-http-brotli-static).
deploy-config: $(INSTALLED)
	$(BIN)/python -m handreiking deploy-config $(if $(DEPLOY_ROOT),--root $(DEPLOY_ROOT)) $(if $(BROTLI),--brotli)

check: $(INSTALLED)
	$(BIN)/python -m handreiking check

test: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_WORKERS)

# Build and page costs as ratios with medians (scripts/bench.py); takes several minutes.
bench: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python scripts/bench.py

# Lighthouse 12 (mobile) on one page of each kind, served by nginx as the intranet serves it (scripts/lighthouse.py).
lighthouse: build $(NODE_INSTALLED)
	$(BIN)/python scripts/lighthouse.py

lint: $(INSTALLED)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

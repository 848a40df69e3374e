# Kazakhstan crisis notebooks. `make help` lists the targets.
# The first target that needs Python bootstraps a project-local .venv from the lock file (uv.lock) and reuses
# it afterwards; it reinstalls only when pyproject.toml or the lock changes. uv (pinned in the lock) is
# installed into .venv by pip; if that fails, pip installs the same pins from requirements-lock.txt.
# To use a conda env made from environment.yml instead, pass its prefix:
#   make reports ENV_PREFIX="$CONDA_PREFIX"

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
ENV_PREFIX ?= .venv
PY := $(ENV_PREFIX)/bin/python
UV := $(ENV_PREFIX)/bin/uv
STAMP := $(ENV_PREFIX)/.kz-installed
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?=
# the uv version pinned in uv.lock (so the installer itself is locked too)
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
export UV_PROJECT_ENVIRONMENT := $(ENV_PREFIX)

ifeq ($(ENV_PREFIX),.venv)
$(STAMP): pyproject.toml uv.lock requirements-lock.txt
	@echo "==> Setting up .venv from uv.lock (first run, or the lock changed)"
	@test -x $(PY) || $(PYTHON_BOOT) -m venv .venv
	@if $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" \
	    && $(UV) sync --locked --extra dev --python $(PY) --quiet; then :; else \
	  echo "==> uv did not install; installing the same pins with pip (requirements-lock.txt)"; \
	  $(PY) -m pip install --quiet -r requirements-lock.txt && $(PY) -m pip install --quiet --no-deps -e .; fi
	@touch $(STAMP)
else
$(STAMP):
	@test -x $(PY) || { echo "ENV_PREFIX=$(ENV_PREFIX) has no bin/python"; exit 1; }
	@$(PY) -c "import helpers.reports.engine" 2>/dev/null || $(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)
endif

# axe-core and the Nu HTML Checker come from the npm registry, for the browser checks.
NODE_DIR := tests/browser
NODE_STAMP := $(NODE_DIR)/node_modules/.kz-installed
$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "==> Installing axe-core and vnu-jar (npm) for the browser checks"; \
	  npm ci --prefix $(NODE_DIR) --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility and HTML-validity checks will skip"; fi

.PHONY: help
help: ## Show this help
	@echo "Kazakhstan crisis notebooks: make <target>"
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

.PHONY: setup
setup: $(STAMP) ## Create .venv and install the locked environment (done automatically by other targets)

.PHONY: lock
lock: $(STAMP) ## Update uv.lock (newest versions pyproject.toml allows) and requirements-lock.txt
	@$(UV) lock --upgrade
	@$(UV) export --frozen --extra dev --no-emit-project --quiet --output-file requirements-lock.txt
	@echo "==> uv.lock and requirements-lock.txt updated; run \`make test\`, then commit both (and bump .pre-commit-config.yaml if ruff or nbstripout moved)"

.PHONY: data
data: $(STAMP) ## Validate data/raw and write data/processed (atomic; nothing written on error)
	@$(PY) -m helpers clean

.PHONY: reports
reports: data ## The main job: clean data, run every notebook, render HTML to reports/html
	@$(PY) -m helpers build -j $(JOBS) $(ARGS)

.PHONY: pdf
pdf: data ## Build the reports and print each page to PDF next to its HTML (needs chromium)
	@$(PY) -m helpers build -j $(JOBS) --pdf $(ARGS)

.PHONY: reproduce
reproduce: ## Rebuild everything from raw data, ignoring caches
	@$(MAKE) --no-print-directory reports ARGS=--force

# `make test` is the suite to run between edits: every module's behaviour, without the tests marked slow
# (fresh-kernel notebook runs, whole-catalogue builds, PDF, JupyterLab) or browser (Chromium).
# `make test-all` runs everything; CI runs it. `--dist loadgroup` keeps an xdist_group on one worker.
# pytest exits 5 when nothing is collected: make fails on it like on any other non-zero exit.
.PHONY: test
test: $(STAMP) ## Fast suite between edits: every module's behaviour, not the slow or browser tests
	@$(PY) -m pytest -n $(JOBS) --dist loadgroup -m "not slow and not browser" $(ARGS)

.PHONY: test-all
test-all: $(STAMP) $(NODE_STAMP) ## The whole suite: adds fresh kernels, whole-catalogue builds, browser, PDF, JupyterLab
	@$(PY) -m pytest -n $(JOBS) --dist loadgroup $(ARGS)

.PHONY: lint
lint: $(STAMP) ## ruff check and format check on src, tests, notebooks and bench
	@$(PY) -m ruff check src tests notebooks bench
	@$(PY) -m ruff format --check src tests notebooks bench

.PHONY: format
format: $(STAMP) ## ruff format and fix, nbstripout on notebooks
	@$(PY) -m ruff check --fix src tests notebooks bench
	@$(PY) -m ruff format src tests notebooks bench
	@$(ENV_PREFIX)/bin/nbstripout notebooks/*.ipynb

# JupyterLab: the project's kernel (python3 in .venv) by default; no news feed or update check (they ask
# a network service the machine may not reach); --allow-root only for root (containers, fresh cloud VMs).
LAB_USER_ID ?= $(shell id -u)
LAB_ARGS := --ip=127.0.0.1 --ServerApp.root_dir=notebooks --MappingKernelManager.default_kernel_name=python3 \
  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  $(if $(filter 0,$(LAB_USER_ID)),--allow-root)

.PHONY: lab
lab: $(STAMP) ## Open JupyterLab on notebooks/ (127.0.0.1) with a kernel that imports helpers
	@$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kz-crisis)" >/dev/null
	@$(PY) -m jupyter lab $(LAB_ARGS) $(ARGS)

.PHONY: bench
bench: data ## Time the build against by-hand loops and ploomber-engine (takes several minutes)
	@$(UV) sync --locked --inexact --extra dev --extra bench --quiet 2>/dev/null \
	  || echo "bench: could not install the bench extra (ploomber-engine); that comparison will be skipped"
	@$(PY) bench/bench.py
	@$(PY) bench/bench_clean.py

.PHONY: screenshots
screenshots: reports ## Regenerate the README screenshots in docs/img (needs chromium)
	@$(PY) -m helpers screenshots

.PHONY: clean
clean: ## Remove generated outputs (reports, caches); never touches data/raw
	rm -rf reports/executed reports/html reports/screenshots reports/.cache
	rm -rf .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -not -path "./.venv/*" -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## Also remove .venv
	rm -rf .venv

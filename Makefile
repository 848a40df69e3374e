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
# Bytecode is compiled at install (uv: UV_COMPILE_BYTECODE=1; pip compiles by default; src/ by compileall), not
# by the first build: a process that may not write __pycache__ (PYTHONDONTWRITEBYTECODE, a read-only install)
# would otherwise compile pandas, matplotlib and the rest from source every time it starts (3.3 s -> 1.2 s for
# the report engine's imports, measured).
# the uv version pinned in uv.lock (so the installer itself is locked too)
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
export UV_PROJECT_ENVIRONMENT := $(ENV_PREFIX)

ifeq ($(ENV_PREFIX),.venv)
$(STAMP): pyproject.toml uv.lock requirements-lock.txt
	@echo "==> Setting up .venv from uv.lock (first run, or the lock changed)"
	@test -x $(PY) || $(PYTHON_BOOT) -m venv .venv
	@if $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" \
	    && UV_COMPILE_BYTECODE=1 $(UV) sync --locked --extra dev --python $(PY) --quiet; then :; else \
	  echo "==> uv did not install; installing the same pins with pip (requirements-lock.txt)"; \
	  $(PY) -m pip install --quiet -r requirements-lock.txt && $(PY) -m pip install --quiet --no-deps -e .; fi
	@$(PY) -m compileall -q -j 0 src >/dev/null || true
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

# nbstripout as a git filter for this clone (the pre-commit hook in .pre-commit-config.yaml stays for those who use
# it): `git diff` and `git add` see notebooks without outputs, execution counts, or the metadata that running and
# saving in Lab adds (language_info details, the papermill record, collapsed-cell state), so a saved notebook
# leaves nothing to commit (and `make lab`'s save hook keeps `git status` from listing it: see LAB_ARGS). .gitattributes (committed) names the files; the filter's command is set here because
# git never takes commands from a cloned repository. The path is relative: git runs filters from the top of the
# working tree, so every worktree uses its own .venv. Outside a git checkout (a CI tarball) nothing is done.
NBSTRIPOUT_EXTRA_KEYS := metadata.language_info.codemirror_mode metadata.language_info.file_extension \
  metadata.language_info.mimetype metadata.language_info.nbconvert_exporter metadata.language_info.pygments_lexer \
  metadata.language_info.version metadata.papermill cell.metadata.papermill cell.metadata.jupyter \
  cell.metadata.trusted
NBSTRIPOUT := "$(ENV_PREFIX)/bin/python" -m nbstripout

.PHONY: setup
setup: $(STAMP) ## Create .venv from the lock (other targets do it too); make nbstripout this clone's git filter
	@if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ]; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' \
	  && git config filter.nbstripout.smudge cat \
	  && git config filter.nbstripout.required true \
	  && git config diff.ipynb.textconv '$(NBSTRIPOUT) -t' \
	  && git config filter.nbstripout.extrakeys '$(strip $(NBSTRIPOUT_EXTRA_KEYS))' \
	  && echo "==> nbstripout is this clone's git filter for notebooks (git config filter.nbstripout.*)"; \
	else echo "==> not a git checkout: no nbstripout filter set up"; fi

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

# `make test` is the suite to run between edits: every module's behaviour, in about a minute and a half on
# 2 cores. Tests marked `slow` (notebooks in real kernels, whole-catalogue builds, CLI subprocess runs) and
# `browser` (Chromium, PDF, JupyterLab) run in `make test-all`, which CI runs.
.PHONY: test
test: $(STAMP) ## The fast suite (every module's behaviour; no real kernels, catalogue builds or browser)
	@$(PY) -m pytest -n $(JOBS) --dist loadgroup -m "not slow and not browser" $(ARGS)

.PHONY: test-all
test-all: $(STAMP) $(NODE_STAMP) ## The whole suite: adds notebooks in real kernels, catalogue builds, browser, PDF, JupyterLab
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

# JupyterLab on the project folder, opened on notebooks/ (so a notebook's link to ../reports/html/codebook.html or
# ../docs/ resolves through Lab's /files/ path): the project's kernel (python3 in .venv) by default; no news feed,
# update check or extension manager look-up (they ask a network service the machine may not reach; the Lab-side
# settings are in .jupyter/lab/settings/overrides.json, never in your home folder); --allow-root only for root
# (containers, fresh cloud VMs). The codebook page is rendered first when it is missing or older than docs/.
# The post-save hook refreshes git's index entry of a saved notebook whose cleaned text is unchanged: git trusts
# a change of size without reading the file, so `git status` would list every notebook saved with outputs.
LAB_USER_ID ?= $(shell id -u)
# Terminals are off: with them, anyone holding the token has a shell as you (root in a container).
# `make lab LAB_TERMINALS=True` turns them on for your own session.
LAB_TERMINALS ?= False
LAB_ARGS := --ip=127.0.0.1 --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks \
  --MappingKernelManager.default_kernel_name=python3 \
  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabApp.extension_manager=readonly --LabApp.app_settings_dir=.jupyter/lab/settings \
  --ServerApp.terminals_enabled=$(LAB_TERMINALS) \
  --FileContentsManager.post_save_hook=helpers.reports.jupyter.git_refresh_after_save \
  $(if $(filter 0,$(LAB_USER_ID)),--allow-root)

.PHONY: lab
lab: setup ## Open JupyterLab on notebooks/ (127.0.0.1) with a kernel that imports helpers
	@$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ipykernel)" >/dev/null
	@$(PY) -m helpers.reports.jupyter codebook
	@umask 077; $(PY) -m jupyter lab $(LAB_ARGS) $(ARGS)  # its runtime files (token, URL) private

.PHONY: bench
bench: data ## Time build, fresh setup and growth against ploomber-engine (minutes; BENCH_QUICK=1: a smoke run)
	@UV_COMPILE_BYTECODE=1 $(UV) sync --locked --inexact --extra dev --extra bench --quiet 2>/dev/null \
	  || echo "bench: could not install the bench extra (ploomber-engine); that comparison will be skipped"
	@$(PY) bench/bench.py
	@$(PY) bench/bench_coding.py

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

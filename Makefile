# Bozor: `make run` starts the whole product on the embedded default; `make test` runs the suite.
# Both create .venv (git-ignored) and install requirements-dev.txt when missing or changed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   ?= .venv
VPY    := $(VENV)/bin/python
# The stamp's name carries a hash of the requirements files: any change reinstalls.
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | (sha256sum 2>/dev/null || shasum -a 256) | cut -c1-16)
STAMP  := $(VENV)/.installed-$(REQ_HASH)
PORT   ?= 8000
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help run test setup assets migrate demo check-deploy makemigrations-check clean-venv

help:
	@echo "make run     set up .venv, migrate, load demo data, start web + worker on http://127.0.0.1:$(PORT)"
	@echo "make test    run the test suite (extra pytest arguments: make test ARGS='-k api')"
	@echo "make setup   only create/refresh .venv from requirements-dev.txt"
	@echo "make assets  npm ci + copy pinned front-end assets into static/vendor"
	@echo "make migrate | make demo | make makemigrations-check | make clean-venv"

$(VPY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Bozor needs Python 3.11+, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(VPY)
	rm -f $(VENV)/.installed-*
	$(VPY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

setup: $(STAMP)

run: setup
	PORT=$(PORT) $(VPY) scripts/run.py

test: setup
	$(VPY) -m pytest $(ARGS)

migrate: setup
	$(VPY) manage.py migrate

demo: setup
	$(VPY) manage.py demo_seed

makemigrations-check: setup
	$(VPY) manage.py makemigrations --check --dry-run

assets:
	npm ci --no-audit --no-fund
	$(PYTHON) scripts/assets.py

clean-venv:
	rm -rf $(VENV)

# khuyencong — two commands: `make run` and `make test`.
SHELL := /bin/bash
# The newest Python from 3.11 on among these names (a name that does not run, such as a
# pyenv shim of a version not selected, is passed over). `make PYTHON=/path/to/python` wins.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for name in $(PYTHON_CANDIDATES); do \
	path=$$(command -v $$name 2>/dev/null) || continue; \
	version=$$($$path -c 'import sys; print("%d.%02d" % sys.version_info[:2]) if sys.version_info >= (3, 11) else sys.exit(1)' 2>/dev/null) || continue; \
	echo "$$version $$path"; \
	done | sort -r | head -n 1 | cut -d' ' -f2)
endif
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo worker lint format messages check clean backup restore

# The settings default to production (DEBUG off, a secret key required). What runs on a
# laptop from here is the demo: DEBUG on, unless the environment says otherwise.
migrate demo run worker backup restore messages: export DJANGO_DEBUG ?= true

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { \
		echo "Python 3.11 or newer is required: none of $(PYTHON_CANDIDATES) runs one."; \
		echo "Install Python 3.11, 3.12 or 3.13, or name one: make install PYTHON=/path/to/python3.x"; \
		exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Python 3.11 or newer is required; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; \
		exit 1; }
	@echo "Using $$($(PYTHON) --version) ($(PYTHON)) for $(VENV)"
	@# A virtualenv made by another Python version is made again.
	@if [ -x $(PY) ] && [ "$$($(PY) --version 2>&1)" != "$$($(PYTHON) --version 2>&1)" ]; then \
		echo "$(VENV) has $$($(PY) --version 2>&1): making it again"; rm -rf $(VENV); fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_localities
	$(PY) manage.py check --database default

demo: migrate
	$(PY) manage.py load_demo

# Serves on http://$(HOST):$(PORT). With REDIS_URL set, a real Celery worker runs beside it.
run: demo
	@command -v soffice >/dev/null 2>&1 || echo "LibreOffice (soffice) is not installed: issued papers are kept as DOCX only, without a PDF (apt-get install libreoffice-writer-nogui fonts-liberation2)."
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Starting a Celery worker against $$REDIS_URL"; \
		$(VENV)/bin/celery -A khuyencong worker --loglevel=INFO --concurrency=2 & \
		worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

worker: install
	$(VENV)/bin/celery -A khuyencong worker --loglevel=INFO

# backups/khuyencong-<time>/: the database (pg_dump, or the SQLite file) and the uploads.
backup: install
	$(PY) manage.py backup

# make restore BACKUP=backups/khuyencong-<time> (replaces the database and the uploads)
restore: install
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=backups/khuyencong-<time>"; exit 1; }
	$(PY) manage.py restore --yes "$(BACKUP)"

test: install
	$(VENV)/bin/pytest

# 50 people of every role for 60 s on gunicorn + PostgreSQL, loopback only: no 5xx, no lost
# write. Drops and recreates LOADTEST_DATABASE_URL (default .../khuyencong_load).
.PHONY: loadtest
loadtest: install
	$(PY) -m loadtest.run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmark: seeds (once per scale) and measures pages, the period summary and the XLSX export
# on PostgreSQL + gunicorn, as ratios to a floor; BENCH_SCALES (default "0.1 1"),
# BENCH_DATABASE_URL (default .../khuyencong_bench). Table in bench-results/latest.txt.
.PHONY: bench
bench: install
	$(PY) -m bench.run

# Needs GNU gettext; the compiled .mo is committed so `make run` does not.
messages: install
	$(PY) manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'static/vendor/*' --no-obsolete
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf $(VENV) .venv313 staticfiles .pytest_cache .ruff_cache

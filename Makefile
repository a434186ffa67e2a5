# khuyencong — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo worker lint format messages check clean backup restore

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required (python3.11 not found)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Python 3.11 is required, found $$($(PYTHON) --version)"; exit 1; }
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

# Issue 9: seeds (once per scale) and measures pages, the period summary and the XLSX export
# on PostgreSQL + gunicorn, as ratios to a floor; BENCH_SCALES (default "0.1 1"),
# BENCH_DATABASE_URL (default .../khuyencong_bench). Table in bench-results/latest.txt.
.PHONY: bench
bench: install
	$(PY) -m khuyencong.bench.run

# Needs GNU gettext; the compiled .mo is committed so `make run` does not.
messages: install
	$(PY) manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'static/vendor/*' --no-obsolete
	$(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# WeasyPrint's libraries and the petition font; gettext for compilemessages.
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext
# pdftotext/pdftoppm for the PDF tests; Debian's Chromium for the browser tests.
DEBIAN_TEST := poppler-utils chromium

.PHONY: install install-dev run worker worker-only lint test messages compilemessages ci bench bench-load clean

$(VENV)/.debian-runtime: scripts/ensure-debian-packages
	scripts/ensure-debian-packages $(DEBIAN_RUNTIME)
	@mkdir -p $(VENV) && touch $@

$(VENV)/.debian-test: scripts/ensure-debian-packages
	scripts/ensure-debian-packages $(DEBIAN_TEST)
	@mkdir -p $(VENV) && touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# XStatic-Bootstrap is published only as an sdist whose setup.py needs pkg_resources and
# bdist_wheel, which pip's isolated build environments no longer provide: build it against
# the venv's own setuptools instead.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q --upgrade pip 'setuptools<81' wheel
	$(PIP) install -q --no-build-isolation $$(grep -i '^xstatic-bootstrap==' requirements.txt)
	$(PIP) install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

install: $(VENV)/.debian-runtime $(VENV)/.installed

# With the compiled catalogue, so that `.venv/bin/pytest` alone finds the Spanish pages.
install-dev: install $(VENV)/.debian-test $(VENV)/.installed-dev compilemessages

# A build step: it needs no secret key, so it runs on the local profile.
compilemessages: install
	DEBUG=true $(PY) manage.py compilemessages --ignore='.venv/*' -v0

# Serve the portal. With no DATABASE_URL / CELERY_BROKER_URL: SQLite and inline tasks.
run: export DEBUG ?= true
run: install compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py purge_expired
	$(PY) manage.py create_demo_staff --url http://$(HOST):$(PORT) $(if $(RESET_DEMO),--reset)
	$(PY) manage.py runserver $(HOST):$(PORT)

# A real worker, for when CELERY_BROKER_URL points at Redis, with beat beside it as its own
# process (CELERY_BEAT_SCHEDULE: the nightly purge and the sweeper), so that a worker that
# dies does not take the schedule with it; stopping one stops both. Run exactly one beat:
# on further machines start `make worker-only`.
worker: install
	trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A portal beat --schedule=$(VENV)/celerybeat-schedule --loglevel=INFO & \
	$(VENV)/bin/celery -A portal worker -Q eligibility,documents,batches --loglevel=INFO

worker-only: install
	$(VENV)/bin/celery -A portal worker -Q eligibility,documents,batches --loglevel=INFO

# The engine is type-checked strictly: it is pure Python, and a lawyer reads its types.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict eligibility

test: install-dev compilemessages lint
	$(VENV)/bin/pytest

# Refresh the Spanish catalogue after changing user-visible strings, then translate it.
messages: install
	DEBUG=true $(PY) manage.py makemessages -l es --no-location --ignore='.venv/*' --ignore='tests/*' --ignore='bench/*'

ci: test

# Benchmarks print figures; they are never part of the test suite. They import the test
# factories (bench/staff.py), so they install what the tests install.
bench: install-dev
	$(PY) bench/eligibility.py
	$(PY) bench/petitions.py
	$(PY) bench/staff.py
	$(PY) bench/pages.py
	$(PY) bench/batch.py

# Residents at once against gunicorn, PostgreSQL and a real worker (BENCH_DATABASE_URL,
# BENCH_BROKER_URL: the machine's PostgreSQL and Redis by default). About ten minutes.
bench-load: install-dev
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .hypothesis test-artifacts

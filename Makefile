# rus — two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)


.PHONY: bench bench-load bench-import bench-serve bench-compilation bench-public
.PHONY: outdated
# Locked dependencies with a newer patch release on PyPI (needs the network; not in make test).
outdated:
	python3 scripts/outdated.py

.PHONY: stack stack-tools run test lint typecheck test-sqlite test-postgres messages makemessages lock openapi browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

# Compiled translations are built here, not committed.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || scripts/apt-install gettext
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

# Test-only tools: axe-core from the npm registry, Debian's Chromium (never a downloaded browser).
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: node_modules/.installed
	@command -v chromium >/dev/null || scripts/apt-install chromium

# The deployed stack's tests (front cache, faults) run nginx from Debian, as production does.
stack-tools:
	@command -v nginx >/dev/null || scripts/apt-install nginx
	@command -v openssl >/dev/null || scripts/apt-install openssl

run: export DEBUG ?= 1
# Mail from the demo is written to var/mail/ (one file per message) instead of being sent.
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: $(VENV)/.runtime messages
	@mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_data
	$(MANAGE) load_demo
	@echo "Serving http://127.0.0.1:8000/ — log in at http://127.0.0.1:8000/logga-in/"
	@echo "The task worker sends mail to var/mail/ and runs background work."
	$(MANAGE) worker --interval 2 -v0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

# The production stack on loopback: nginx (TLS, the front cache) before two gunicorn app
# servers and the task worker, on a throw-away PostgreSQL with the reference data and demo.
stack: $(VENV)/.runtime messages stack-tools
	scripts/with-postgres $(BIN)/python deploy/stack.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	SECRET_KEY=typecheck $(BIN)/mypy rus

# The browser tests check pages in Chromium, not the database: they run once, on PostgreSQL
# (BROWSER_ON_SQLITE=1 runs them here too).
test-sqlite: $(VENV)/.dev messages browser stack-tools
	SECRET_KEY=test-only RUS_TESTING=1 RUS_EXPECT_DB_VENDOR=sqlite DATABASE_URL= \
		$(BIN)/pytest -q -m "not postgresql$(if $(BROWSER_ON_SQLITE),, and not browser)"

test-postgres: $(VENV)/.dev messages browser stack-tools
	SECRET_KEY=test-only RUS_TESTING=1 RUS_EXPECT_DB_VENDOR=postgresql \
		scripts/with-postgres $(BIN)/pytest -q

test: lint typecheck test-sqlite test-postgres

makemessages: $(VENV)/.dev
	$(MANAGE) makemessages -l sv -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=node_modules

lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --group dev --python-version 3.11 --generate-hashes -o requirements-dev.lock

# Benchmarks (not part of make test): each prints its figures and a ratio to a baseline
# measured in the same run.
bench: bench-import bench-serve bench-compilation bench-public bench-load

bench-import: $(VENV)/.dev
	RUS_TESTING=1 scripts/with-postgres $(BIN)/python bench/import_observations.py --rows $${ROWS:-10000000}

bench-serve: $(VENV)/.dev messages
	@command -v nginx >/dev/null || scripts/apt-install nginx
	@command -v wrk >/dev/null || scripts/apt-install wrk
	scripts/with-postgres $(BIN)/python bench/serve_vs_nginx.py

bench-public: $(VENV)/.dev messages
	@command -v nginx >/dev/null || scripts/apt-install nginx
	@command -v wrk >/dev/null || scripts/apt-install wrk
	scripts/with-postgres $(BIN)/python bench/serve_vs_nginx.py / /mal/2/

# Publication day against the deployed stack (make stack): 500 visitors and 20 coordinators.
bench-load: $(VENV)/.dev messages stack-tools
	@command -v wrk >/dev/null || scripts/apt-install wrk
	scripts/with-postgres $(BIN)/python bench/load.py

bench-compilation: $(VENV)/.dev messages
	scripts/with-postgres $(BIN)/python bench/compilation_page.py

openapi: $(VENV)/.dev
	SECRET_KEY=x RUS_TESTING=1 $(MANAGE) export_openapi_schema --api rus.api.main.api --indent 2 --sorted \
		--output rus/api/tests/openapi.json

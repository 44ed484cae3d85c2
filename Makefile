# Fanxiang: `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The test suite runs against real PostgreSQL and Redis; override either from the environment.
TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/fanxiang
TEST_BROKER_URL ?= redis://127.0.0.1:6379/1

.PHONY: run test test-faults lint messages install clean vendor browser bench openapi

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Catalogues are compiled with Babel (pure Python), so GNU gettext is not needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

run: messages
	mkdir -p var staticfiles
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Fanxiang is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server, worker and beat)"
	PATH="$(CURDIR)/$(BIN):$$PATH" WEB_PORT=$(PORT) \
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)} \
	$(BIN)/honcho --procfile Procfile.dev start

# The browser journeys drive Debian's Chromium; as root (CI) it is installed when missing.
# Without root they skip outside CI and fail in CI (see tests/e2e/conftest.py).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Chromium and CJK fonts from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: messages browser
	mkdir -p test-artifacts
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(BIN)/pytest $(PYTEST_ARGS)

# Outages, a ten-minute soak (SOAK_SECONDS), backup and restore: tests/faults/, about 15 minutes.
SOAK_SECONDS ?= 600
test-faults: messages
	mkdir -p test-artifacts
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	SOAK_SECONDS=$(SOAK_SECONDS) \
	$(BIN)/pytest -m faults tests/faults $(PYTEST_ARGS)

# The OpenAPI snapshot that tests/portal/test_openapi_document.py compares with: rewrite it
# when the API changes on purpose (PostgreSQL, as the field limits follow the database).
openapi: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	$(BIN)/python manage.py spectacular --format openapi-json --lang en \
	  --file tests/portal/openapi.json

# Lint: ruff; bandit over the code (not tests nor migrations; the benchmarks may use seeded
# random numbers, subprocesses and asserts, as ruff allows them there); pip-audit of every
# pinned requirement against the OSV vulnerability database. Without a connection to
# api.osv.dev the audit cannot run: it is skipped with a warning, or fails with AUDIT_REQUIRED=1.
AUDIT_REQUIRED ?= 0
OSV_HOST := api.osv.dev
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r portal services applications -x '*/migrations/*'
	$(BIN)/bandit -q -r bench -s B101,B311,B404,B603,B607
	@if $(BIN)/python -c "import socket; socket.create_connection(('$(OSV_HOST)', 443), timeout=5)" 2>/dev/null; then \
	  echo "$(BIN)/pip-audit --vulnerability-service osv --strict -r requirements.txt -r requirements-dev.txt"; \
	  $(BIN)/pip-audit --vulnerability-service osv --strict --disable-pip --no-deps \
	    -r requirements.txt -r requirements-dev.txt; \
	elif [ "$(AUDIT_REQUIRED)" = 1 ]; then \
	  echo "pip-audit: $(OSV_HOST) cannot be reached, and AUDIT_REQUIRED=1" >&2; exit 1; \
	else \
	  echo "WARNING: pip-audit SKIPPED: $(OSV_HOST) cannot be reached from here;" \
	    "the requirements were NOT checked for known vulnerabilities." >&2; \
	fi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Refresh the vendored front-end files from the npm packages pinned in package.json.
# The results are committed, so neither npm nor a CDN is needed to run the portal.
vendor:
	npm install --no-audit --no-fund --ignore-scripts
	mkdir -p portal/static/vendor/bootstrap portal/static/vendor/htmx
	for f in css/bootstrap.min.css js/bootstrap.bundle.min.js; do \
	  sed '/sourceMappingURL=/d' node_modules/bootstrap/dist/$$f > portal/static/vendor/bootstrap/$$(basename $$f); \
	done
	cp node_modules/bootstrap/LICENSE portal/static/vendor/bootstrap/LICENSE
	cp node_modules/htmx.org/dist/htmx.min.js portal/static/vendor/htmx/htmx.min.js
	cp node_modules/htmx.org/LICENSE portal/static/vendor/htmx/LICENSE
	cp node_modules/axe-core/axe.min.js tests/e2e/vendor/axe.min.js
	cp node_modules/axe-core/LICENSE tests/e2e/vendor/axe-LICENSE.txt

# Benchmarks: a database of their own, made anew (REUSE=1 keeps data made by ONLY=data);
# SCALE=small takes a few minutes.
SCALE ?= full
BENCH_DATABASE ?= fanxiang_bench
bench: messages
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi
	if [ "$(REUSE)" != 1 ]; then \
	  dropdb --if-exists -h 127.0.0.1 -U root $(BENCH_DATABASE); \
	  createdb -h 127.0.0.1 -U root $(BENCH_DATABASE); \
	fi
	BENCH_REUSE=$(REUSE) DATABASE_URL=postgres://root@127.0.0.1:5432/$(BENCH_DATABASE) \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/7} \
	$(BIN)/python -m bench.run $(SCALE) $(ONLY)

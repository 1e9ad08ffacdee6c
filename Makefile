# OpenOCMW — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export OPENOCMW_DEBUG ?= 1

.PHONY: run test test-fast bench lint format install browser clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the SQLite database under var/, load demo data once, serve on :8000
run: $(STAMP)
	$(VENV)/bin/openocmw run

## make test: every test (unit, integration, browser); DATABASE_URL picks the database
test: $(STAMP) browser
	$(VENV)/bin/openocmw compilemessages >/dev/null
	OPENOCMW_FAST_HASHER=1 $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## make test-fast: the tests without the browser
test-fast: $(STAMP)
	$(VENV)/bin/openocmw compilemessages >/dev/null
	OPENOCMW_FAST_HASHER=1 $(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS)

## Debian's Chromium for the Playwright browser tests (installed once, as root or with sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

## make bench: benchmarks, figures into docs/benchmarks.md by hand
bench: $(STAMP)
	$(VENV)/bin/openocmw compilemessages >/dev/null
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

clean:
	rm -rf var .pytest_cache

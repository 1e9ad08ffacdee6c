# OpenOCMW — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export OPENOCMW_DEBUG ?= 1
# `make run PORT=8001 HOST=0.0.0.0`: where the development server listens.
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast bench lint format install system browser clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the SQLite database under var/, start a job worker, load (or complete) the demo data, serve on :8000 (PORT=8001 for another port)
run: $(STAMP) system
	$(VENV)/bin/openocmw run --addr $(HOST):$(PORT)

## make test: every test (unit, integration, browser); DATABASE_URL picks the database
test: $(STAMP) system browser
	$(VENV)/bin/openocmw compilemessages >/dev/null
	OPENOCMW_FAST_HASHER=1 $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## make test-fast: the tests without the browser
test-fast: $(STAMP)
	$(VENV)/bin/openocmw compilemessages >/dev/null
	OPENOCMW_FAST_HASHER=1 $(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS)

# Debian packages, installed once (as root, or with sudo) when missing:
# Pango for WeasyPrint's PDF letters; Chromium and poppler-utils (pdftotext) for the tests.
APT = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO env DEBIAN_FRONTEND=noninteractive

system:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { \
	  $(APT) apt-get update -qq && $(APT) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  $(APT) apt-get update -qq && $(APT) apt-get install -y -qq chromium poppler-utils >/dev/null; }

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

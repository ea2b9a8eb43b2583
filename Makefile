# Pansuk — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Every package is pinned, with hashes, in the lock files (`make lock` after
# changing the dependencies in pyproject.toml); the project itself is installed
# on top without touching them. Reinstalls only when a lock or pyproject.toml changes.
LOCK      := requirements.lock
TEST_LOCK := requirements-test.lock

.PHONY: install run test lint typing-baseline check lock worker beat bench clean

$(STAMP): $(TEST_LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Front-end packages (package-lock.json pins them): `npm ci`, then their
# files are copied into core/static/vendor/ (not in git). Without npm the
# pages still work: the map falls back to the plot list, the camera reader
# to typing the code.
VENDOR       := core/static/vendor
VENDOR_STAMP := $(VENDOR)/.built

$(VENDOR_STAMP): package.json package-lock.json scripts/copy-vendor-assets.mjs
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run --silent build && touch $@; \
	else \
	  echo "npm not found: the map and camera-reader files are not built (pages fall back to lists and typed codes)"; \
	fi

install: $(STAMP) $(VENDOR_STAMP)
	$(BIN)/pansuk i18n compile

## run: the embedded default — SQLite, eager tasks, demo data, the fake payment gateway, http://127.0.0.1:5000
run: install
	$(BIN)/pansuk db upgrade
	$(BIN)/pansuk demo load
	PAYMENTS_FAKE_GATEWAY=1 $(BIN)/pansuk run --host 127.0.0.1 --port 5000

## test: the whole suite; on PostgreSQL and Redis when reachable (REQUIRE_SERVICES=1 to insist)
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## check: every configuration problem and warning of this environment (exit 1 on a problem)
check: install
	$(BIN)/pansuk check

## lock: pin the dependencies of pyproject.toml, with hashes (Python 3.11 on Linux, as the image); LOCK_ARGS=--upgrade moves every pin to the newest allowed
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o $(LOCK) pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) --extra test -o $(TEST_LOCK) pyproject.toml

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy | $(BIN)/mypy-baseline filter

## typing-baseline: record the type errors tolerated outside the strict modules (it may only shrink)
typing-baseline: install
	$(BIN)/mypy | $(BIN)/mypy-baseline sync

worker: install
	$(BIN)/celery -A core.worker worker --loglevel=info

beat: install
	$(BIN)/celery -A core.worker beat --loglevel=info

## bench: every scenario in bench/ on PostgreSQL and Redis, figures in BENCHMARKS.md (hours; BENCH_ARGS=--quick)
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules $(VENDOR)

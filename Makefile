# Posko Netralitas — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local runs are development runs; production sets DEBUG=0 with real keys.
export DEBUG ?= 1

.PHONY: run test test-e2e lint format worker setup clean lock audit

# Installed from the locks (every package pinned and hashed): what runs is what was tested.
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

# pip itself first, at the lock's version and hashes: the pip a new venv brings (23.x) mis-resolves
# an extra asked for by a dependency (pip-audit's CacheControl[filecache]) in hash-checking mode.
$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	sed -n '/^pip==/,/^[a-z]/p' requirements-dev.txt | sed '$$d' > $(VENV)/pip.txt
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r $(VENV)/pip.txt
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_wilayah
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_sosialisasi

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

# Both queues in one process locally; production runs a worker per queue (deploy/systemd/).
worker: $(VENV)/.runtime
	$(BIN)/celery -A netralitas worker --beat --queues=celery,lambat --loglevel=INFO --concurrency=2

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint audit
	DEBUG=0 $(BIN)/pytest -n 2

test-e2e: $(VENV)/.dev
	DEBUG=0 $(BIN)/pytest -m e2e -p no:xdist

# After editing requirements.in or requirements-dev.in: pin and hash every dependency again.
LOCK = $(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 --annotation-style line --custom-compile-command "make lock"
$(BIN)/uv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check "$$(grep '^uv==' requirements-dev.in)"

lock: $(BIN)/uv
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt

# Known vulnerabilities in the locked packages, from PyPI's advisory data: a vulnerability fails it.
# Where the advisory service cannot be reached at all it warns and passes; AUDIT_WAJIB=1 fails instead.
audit: $(VENV)/.dev
	$(PY) .ci/audit.py requirements.txt

clean:
	rm -rf $(VENV) var

# Load test on PostgreSQL + Redis with gunicorn (bench/README.md): `make bench BENCH_N=1000000`.
BENCH_N ?= 10000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/netralitas_bench
# It also runs the pairs against django-helpdesk 2.6.1 (BENCH_PEER=0 skips them), installed on first
# use into bench/peer/.venv from bench/peer/requirements.txt (pinned and hashed: `make bench-peer-lock`).
.PHONY: bench bench-peer-lock
bench: $(VENV)/.runtime
	BENCH_N=$(BENCH_N) BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) bash bench/run.sh

bench-peer-lock: $(BIN)/uv
	$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 --annotation-style line \
		--custom-compile-command "make bench-peer-lock" bench/peer/requirements.in -o bench/peer/requirements.txt

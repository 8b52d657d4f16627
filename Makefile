# Posko Netralitas — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Local runs are development runs; production sets DEBUG=0 with real keys.
export DEBUG ?= 1

.PHONY: run test test-e2e lint format worker setup clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
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

test: lint
	DEBUG=0 $(BIN)/pytest -n 2

test-e2e: $(VENV)/.dev
	DEBUG=0 $(BIN)/pytest -m e2e -p no:xdist

clean:
	rm -rf $(VENV) var

# Load test on PostgreSQL + Redis with gunicorn (bench/README.md): `make bench BENCH_N=1000000`.
BENCH_N ?= 10000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/netralitas_bench
.PHONY: bench
bench: $(VENV)/.runtime
	BENCH_N=$(BENCH_N) BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) bash bench/run.sh

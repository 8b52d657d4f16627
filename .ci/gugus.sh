#!/usr/bin/env bash
# CI: more than one web node, and Redis Sentinel failing over during a run of reports
# (.ci/gugus.py): two gunicorn nodes behind Debian's nginx (round robin), a Redis primary and its
# replica watched by three redis-sentinel processes, an S3 API server (moto_server), a database of
# its own on the machine's PostgreSQL, and a Celery worker. Installs the Debian packages it needs
# if they are missing. Everything it starts it stops, and everything it makes it removes, on any
# exit (the driver's ExitStack; a signal becomes an exit there).
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/paket.sh
pasang=()
command -v nginx >/dev/null || pasang+=(nginx)
command -v redis-server >/dev/null || pasang+=(redis-server)
command -v redis-sentinel >/dev/null || pasang+=(redis-sentinel)
pasang_paket "${pasang[@]}"
venv_uji
exec .venv/bin/python .ci/gugus.py "$@"

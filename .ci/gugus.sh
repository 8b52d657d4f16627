#!/usr/bin/env bash
# CI: more than one web node, and Redis Sentinel failing over during a run of reports
# (.ci/gugus.py): two gunicorn nodes behind Debian's nginx (round robin), a Redis primary and its
# replica watched by three redis-sentinel processes, an S3 API server (moto_server), a database of
# its own on the machine's PostgreSQL, and a Celery worker. Installs the Debian packages it needs
# if they are missing. Everything it starts it stops, and everything it makes it removes, on any
# exit (the driver's ExitStack; a signal becomes an exit there).
set -euo pipefail
cd "$(dirname "$0")/.."

pasang=()
command -v nginx >/dev/null || pasang+=(nginx)
command -v redis-server >/dev/null || pasang+=(redis-server)
command -v redis-sentinel >/dev/null || pasang+=(redis-sentinel)
if [ ${#pasang[@]} -gt 0 ]; then
    echo "== memasang paket Debian: ${pasang[*]}"
    apt-get update -qq
    # Installed, never started: the packages' own services would take ports (and redis-sentinel's
    # would watch the machine's Redis). The policy is removed again at once.
    kebijakan=/usr/sbin/policy-rc.d
    if [ ! -e "$kebijakan" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$kebijakan"
        chmod +x "$kebijakan"
        trap 'rm -f "$kebijakan"' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pasang[@]}" >/dev/null
    rm -f "$kebijakan"
    trap - EXIT
fi

if ! .venv/bin/python -c "import requests" 2>/dev/null; then
    make -s .venv/.dev
fi
exec .venv/bin/python .ci/gugus.py "$@"

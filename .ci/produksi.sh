#!/usr/bin/env bash
# CI: the production smoke test (.ci/produksi.py): Debian's nginx and pgbouncer in front of the
# portal installed and run from the files in deploy/. Installs the Debian packages it needs if
# they are missing. Everything the test starts it stops, and everything it makes it removes, on
# any exit: a signal (TERM, INT, HUP) becomes an exit there, and its ExitStack undoes each step.
set -euo pipefail
cd "$(dirname "$0")/.."

pasang=()
command -v nginx >/dev/null || pasang+=(nginx)
[ -e /usr/share/nginx/modules-available/mod-http-brotli-static.conf ] || pasang+=(libnginx-mod-http-brotli-static)
command -v pgbouncer >/dev/null || pasang+=(pgbouncer)
command -v redis-server >/dev/null || pasang+=(redis-server)
command -v openssl >/dev/null || pasang+=(openssl)
/usr/bin/python3 -c "import ensurepip" 2>/dev/null || pasang+=(python3-venv)
if [ ${#pasang[@]} -gt 0 ]; then
    echo "== memasang paket Debian: ${pasang[*]}"
    apt-get update -qq
    # Installed, never started: the packages' own services would take the ports the test uses
    # (the policy is removed again at once).
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

# The checks' own tools (requests) live in the development virtualenv that `make test` built;
# made only if missing (a virtualenv already there, perhaps shared, is left as it is).
if ! .venv/bin/python -c "import requests" 2>/dev/null; then
    make -s .venv/.dev
fi
exec .venv/bin/python .ci/produksi.py "$@"

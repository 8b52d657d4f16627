#!/usr/bin/env bash
# CI: the production smoke test (.ci/produksi.py): Debian's nginx and pgbouncer in front of the
# portal installed and run from the files in deploy/. Installs the Debian packages it needs if
# they are missing. Everything the test starts it stops, and everything it makes it removes, on
# any exit: a signal (TERM, INT, HUP) becomes an exit there, and its ExitStack undoes each step.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/paket.sh
pasang=()
command -v nginx >/dev/null || pasang+=(nginx)
[ -e /usr/share/nginx/modules-available/mod-http-brotli-static.conf ] || pasang+=(libnginx-mod-http-brotli-static)
command -v pgbouncer >/dev/null || pasang+=(pgbouncer)
command -v redis-server >/dev/null || pasang+=(redis-server)
command -v openssl >/dev/null || pasang+=(openssl)
/usr/bin/python3 -c "import ensurepip" 2>/dev/null || pasang+=(python3-venv)
pasang_paket "${pasang[@]}"
venv_uji
exec .venv/bin/python .ci/produksi.py "$@"

# Sourced by the CI scripts: `pasang_paket nginx redis-server …` installs those of Debian's packages
# that are missing. Installed, never started: a package's own service would take the ports the
# tests use (redis-sentinel's would watch the machine's Redis), so a policy-rc.d refuses every
# start while apt runs and is removed again at once. The venv's test tools come with it.
pasang_paket() {
    [ $# -gt 0 ] || return 0
    echo "== memasang paket Debian: $*"
    apt-get update -qq
    local kebijakan=/usr/sbin/policy-rc.d dibuat=0
    if [ ! -e "$kebijakan" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$kebijakan"
        chmod +x "$kebijakan"
        dibuat=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    if [ "$dibuat" = 1 ]; then
        rm -f "$kebijakan"
        trap - EXIT
    fi
}

# The checks' own tools (requests) live in the development virtualenv that `make test` built;
# made only if missing (a virtualenv already there, perhaps shared, is left as it is).
venv_uji() {
    .venv/bin/python -c "import requests" 2>/dev/null || make -s .venv/.dev
}

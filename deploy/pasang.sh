#!/bin/sh
# Installs the application's Python side under PREFIX, the same way on a VM (README, "Operating
# it"), in the container image (deploy/Dockerfile) and in CI (.ci/produksi.sh):
#
#   deploy/pasang.sh paket PREFIX    PREFIX/venv from the hashed lock requirements.txt (needs only
#                                    PREFIX/app/requirements.txt, so the image caches the layer)
#   deploy/pasang.sh statis PREFIX   bytecode for the code, and STATIC_ROOT=PREFIX/static
#                                    (collectstatic: hashed names, gzip and brotli copies)
#   deploy/pasang.sh semua PREFIX    both, for a VM: first install and every upgrade
#
# PREFIX/app holds the code beforehand (a git checkout or an unpacked release). Run as root: what
# it writes belongs to root and is readable by everyone (umask 022), so the service user and nginx
# read the code, the virtualenv and the static files and can change none of them.
# PYTHON names the interpreter for the virtualenv (default python3: Debian 12's 3.11).
set -eu

langkah=${1:-}
PREFIX=${2:-}
case "$langkah" in paket | statis | semua) ;; *) langkah="" ;; esac
if [ -z "$langkah" ] || [ -z "$PREFIX" ]; then
    echo "Pemakaian: $0 paket|statis|semua PREFIX   (mis. $0 semua /opt/posko-netralitas)" >&2
    exit 2
fi
APP="$PREFIX/app"
VENV="$PREFIX/venv"
umask 022

if [ ! -f "$APP/requirements.txt" ]; then
    echo "GAGAL: $APP/requirements.txt tidak ada; salin kode aplikasi ke $APP dulu." >&2
    exit 1
fi

paket() {
    [ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
    # The virtualenv's interpreter is a link to the one that made it. The service user must be
    # able to run it: one under root's home (pyenv, a hand-built Python) is out of its reach.
    if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups "$VENV/bin/python" -c "" 2>/dev/null; then
        echo "GAGAL: $(readlink -f "$VENV/bin/python") tidak dapat dijalankan oleh pengguna lain." >&2
        echo "  Hapus $VENV lalu ulangi dengan Python sistem, mis. PYTHON=/usr/bin/python3 $0 $langkah $PREFIX." >&2
        exit 1
    fi
    # The lock: every package pinned and hashed, as `make run` and CI install it.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input --require-hashes -r "$APP/requirements.txt"
}

statis() {
    # The service cannot write into the code (ProtectSystem=strict, owned by root): compile now.
    "$VENV/bin/python" -m compileall -q "$APP/manage.py" "$APP/netralitas" "$APP/pengaduan" "$APP/sosialisasi"
    # collectstatic loads the settings, which with DEBUG off refuse to start without real keys
    # and host names; nothing static is signed or depends on them, so throwaway values stand in
    # (never the site's own: the build must not need its secrets). No database is touched.
    # Without --clear: the running old release still links its own hashed names until restarted.
    sementara=$(mktemp -d)
    kunci() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))'; }
    env -i PATH="/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        DEBUG=0 SECRET_KEY="$(kunci)" TRACKING_CODE_KEY="$(kunci)" \
        ALLOWED_HOSTS=localhost SITE_URL=https://localhost \
        VAR_DIR="$sementara/var" STATIC_ROOT="$PREFIX/static" \
        "$VENV/bin/python" "$APP/manage.py" collectstatic --noinput --verbosity 0
    rm -rf "$sementara"
}

case "$langkah" in
    paket) paket ;;
    statis) statis ;;
    semua)
        paket
        statis
        ;;
esac

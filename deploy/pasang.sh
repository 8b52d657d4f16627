#!/bin/sh
# Installs the application's Python side under PREFIX, the same way on a VM (README, "Operating
# it"), in the container image (deploy/Dockerfile) and in CI (.ci/produksi.sh):
#
#   deploy/pasang.sh paket PREFIX    PREFIX/venv from the hashed lock requirements.txt (needs only
#                                    PREFIX/app/requirements.txt, so the image caches the layer)
#   deploy/pasang.sh statis PREFIX   the VERSI file (below), bytecode for the code, and
#                                    STATIC_ROOT=PREFIX/static (collectstatic: hashed names, gzip and
#                                    brotli copies)
#   deploy/pasang.sh semua PREFIX    both, for a VM: first install and every upgrade
#   deploy/pasang.sh versi PREFIX    only the VERSI file
#
# PREFIX/app holds the code beforehand (a git checkout or an unpacked release). Run as root: what
# it writes belongs to root and is readable by everyone (umask 022), so the service user and nginx
# read the code, the virtualenv and the static files and can change none of them.
# PYTHON names the interpreter for the virtualenv (default python3: Debian 12's 3.11).
# VERSI_APLIKASI, when set, is the version written into PREFIX/app/VERSI (an image's build
# argument, a release without .git); otherwise `git describe` of the checkout in PREFIX/app.
set -eu

langkah=${1:-}
PREFIX=${2:-}
case "$langkah" in paket | statis | semua | versi) ;; *) langkah="" ;; esac
if [ -z "$langkah" ] || [ -z "$PREFIX" ]; then
    echo "Pemakaian: $0 paket|statis|semua|versi PREFIX   (mis. $0 semua /opt/posko-netralitas)" >&2
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

versi() {
    # The version every backup records in its manifest (settings.VERSI_APLIKASI reads
    # $APP/VERSI). Written now, as root where the checkout is: the service user cannot ask git
    # about root's checkout, and an image has no .git at all.
    v=${VERSI_APLIKASI:-}
    if [ -z "$v" ] && [ -e "$APP/.git" ]; then
        v=$(git -C "$APP" describe --tags --always --dirty) || v=""
    fi
    if [ -n "$v" ]; then
        printf '%s\n' "$v" >"$APP/VERSI.baru"
        mv "$APP/VERSI.baru" "$APP/VERSI"
    elif [ ! -s "$APP/VERSI" ]; then
        echo "PERINGATAN: versi aplikasi tidak diketahui ($APP bukan checkout git, VERSI_APLIKASI kosong);" \
            "cadangan akan mencatat versi \"tidak diketahui\"." >&2
    fi
}

statis() {
    versi
    # The service cannot write into the code (ProtectSystem=strict, owned by root): compile now.
    "$VENV/bin/python" -m compileall -q "$APP/manage.py" "$APP/netralitas" "$APP/pengaduan" "$APP/sosialisasi"
    # collectstatic loads the settings, which with DEBUG off refuse to start without real keys,
    # host names, a cache and a broker; nothing static is signed or depends on them, so throwaway
    # values stand in (never the site's own: the build must not need its secrets). No database,
    # cache or broker is connected to.
    # Without --clear: the running old release still links its own hashed names until restarted.
    sementara=$(mktemp -d)
    kunci() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))'; }
    kunci32() { "$VENV/bin/python" -c 'import secrets,base64; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'; }
    env -i PATH="/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        DEBUG=0 SECRET_KEY="$(kunci)" TRACKING_CODE_KEY="$(kunci)" \
        IDENTITAS_KEY="$(kunci32)" IDENTITAS_INDEKS_KEY="$(kunci32)" \
        ALLOWED_HOSTS=localhost SITE_URL=https://localhost \
        REDIS_URL=redis://127.0.0.1:6379/0 CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
        VAR_DIR="$sementara/var" STATIC_ROOT="$PREFIX/static" \
        "$VENV/bin/python" "$APP/manage.py" collectstatic --noinput --verbosity 0
    rm -rf "$sementara"
}

case "$langkah" in
    paket) paket ;;
    statis) statis ;;
    versi) versi ;;
    semua)
        paket
        statis
        ;;
esac

#!/usr/bin/env bash
# `make bench`: load-test the portal as production runs it (gunicorn, DEBUG=0, PostgreSQL, Redis)
# against a database of BENCH_N realistic cases, and write bench/results/<date>-<N>.md.
#
# Variables (all optional): BENCH_N, BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_BROKER_URL,
# BENCH_PORT, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_GUNICORN_ARGS,
# BENCH_ENDPOINTS (comma-separated names: a subset, reported under bench/results/run/ only),
# BENCH_STRICT (0: exit 0 when a target is missed), BENCH_KEGIATAN (socialization events seeded),
# BENCH_SOSIALISASI_FILTER (the query string of the filtered /sosialisasi/ page measured),
# BENCH_S3 (0: skip the run with evidence in an object store), BENCH_S3_PORT (its S3 server, moto),
# BENCH_PEER (0: skip the pairs against django-helpdesk), BENCH_PEER_N, BENCH_PEER_DATABASE_URL,
# BENCH_PEER_PORT, BENCH_PEER_GUNICORN_ARGS (both apps in the pairs), BENCH_PEER_ROUNDS.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${BENCH_N:=10000}"
: "${BENCH_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/netralitas_bench}"
# Redis databases of their own: 13 for the cache (rate-limit counters), 14 for the broker, whose
# queue is purged at the end (CI uses 5 and 6).
: "${BENCH_REDIS_URL:=redis://127.0.0.1:6379/13}"
: "${BENCH_BROKER_URL:=redis://127.0.0.1:6379/14}"
: "${BENCH_PORT:=8765}"
: "${BENCH_DURATION:=12}"
: "${BENCH_WARMUP:=3}"
: "${BENCH_CONNECTIONS:=8}"
: "${BENCH_THREADS:=2}"
# Chosen on the 2-core bench machine; see bench/README.md for the configurations tried.
: "${BENCH_GUNICORN_ARGS:=--workers 3}"
: "${BENCH_ENDPOINTS:=}"
: "${BENCH_STRICT:=1}"
# Every request comes from 127.0.0.1: the per-address limits (10/m by default) must not be what we measure.
: "${BENCH_RATELIMIT:=1000000/m}"
: "${BENCH_KEGIATAN:=20000}"
: "${BENCH_SOSIALISASI_FILTER:=provinsi=35}"
# The last measurement files reports with a photo again, with the evidence in an S3 API server
# (moto[server]'s S3 application under gunicorn, started here) instead of the local folder.
: "${BENCH_S3:=1}"
: "${BENCH_S3_PORT:=8766}"
# The pairs against django-helpdesk 2.6.1 (bench/peer): its own virtualenv and database, both apps
# run in turn with the same gunicorn arguments (the issue's: 4 sync workers) and the same wrk settings.
: "${BENCH_PEER:=1}"
: "${BENCH_PEER_N:=100000}"
: "${BENCH_PEER_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/helpdesk_bench}"
: "${BENCH_PEER_PORT:=8767}"
: "${BENCH_PEER_GUNICORN_ARGS:=--workers 4}"
: "${BENCH_PEER_ROUNDS:=2}"

BIN=.venv/bin
RUN=bench/results/run
mkdir -p "$RUN"
rm -f "$RUN"/results.jsonl "$RUN"/wrk-*.txt "$RUN"/seed.log "$RUN"/s3.txt
rm -rf "$RUN/var/berkas" "$RUN/peer-var/media"

if ! command -v wrk >/dev/null; then
    echo "== memasang wrk (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# The run's environment: production settings with fresh keys, services of the bench's own.
export DEBUG=0
export DATABASE_URL="$BENCH_DATABASE_URL"
export REDIS_URL="$BENCH_REDIS_URL"
export CELERY_BROKER_URL="$BENCH_BROKER_URL"
SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
TRACKING_CODE_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
# Identity and backup keys: 32 random bytes each (netralitas/enkripsi.py). The identities seeded
# into the bench database are encrypted with the identity keys, and the database is kept from run
# to run (topped up, not remade): the keys are made once per database and kept beside it in the run
# directory, or the staff pages that open an identity would meet rows no key opens (a production
# start refuses that: `periksa_kunci_identitas` below).
kunci_baru() { $BIN/python -c 'import secrets,base64; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'; }
KUNCI_IDENTITAS="$RUN/kunci-identitas-$(printf %s "$BENCH_DATABASE_URL" | sha256sum | cut -c1-12)"
if [ ! -s "$KUNCI_IDENTITAS" ]; then
    (umask 077; printf 'IDENTITAS_KEY=%s\nIDENTITAS_INDEKS_KEY=%s\n' "$(kunci_baru)" "$(kunci_baru)" >"$KUNCI_IDENTITAS")
fi
IDENTITAS_KEY="$(sed -n 's/^IDENTITAS_KEY=//p' "$KUNCI_IDENTITAS")"
IDENTITAS_INDEKS_KEY="$(sed -n 's/^IDENTITAS_INDEKS_KEY=//p' "$KUNCI_IDENTITAS")"
CADANGAN_KEY="$(kunci_baru)"
export SECRET_KEY TRACKING_CODE_KEY IDENTITAS_KEY IDENTITAS_INDEKS_KEY CADANGAN_KEY
export VAR_DIR="$PWD/$RUN/var"
export ALLOWED_HOSTS=127.0.0.1,localhost
# wrk speaks plain http to gunicorn, with no TLS proxy in front: no https redirect. SITE_URL (required
# with DEBUG=0) only names the host of the links in e-mails nobody sends here.
export SECURE_SSL_REDIRECT=0 SITE_URL=https://localhost
export LOG_LEVEL=WARNING
export RATELIMIT_LAPOR="$BENCH_RATELIMIT" RATELIMIT_LACAK="$BENCH_RATELIMIT"
echo "== batas laju dinaikkan untuk uji beban: RATELIMIT_LAPOR=$RATELIMIT_LAPOR RATELIMIT_LACAK=$RATELIMIT_LACAK (bawaan 10/m)"

GUNICORN_PID=""
stop_gunicorn() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        echo "== menghentikan gunicorn ($GUNICORN_PID)"
        kill -TERM "$GUNICORN_PID"
        for _ in $(seq 1 60); do
            kill -0 "$GUNICORN_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$GUNICORN_PID" 2>/dev/null && kill -KILL "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=""
}
MOTO_PID=""
stop_moto() {
    if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
        kill -TERM "$MOTO_PID"
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    MOTO_PID=""
}
cleanup() {
    local rc=$?
    stop_gunicorn
    stop_moto
    # Thumbnail and e-mail tasks the POSTs enqueued (both queues, CELERY_TASK_ROUTES): no worker
    # ran, nobody wants them later.
    $BIN/celery -A netralitas purge -f --queues=celery,lambat >/dev/null 2>&1 || true
    rm -rf "$RUN/var/berkas" "$RUN/peer-var/media"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== basis data $BENCH_DATABASE_URL"
$BIN/python bench/prepare.py createdb "$BENCH_DATABASE_URL"
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_wilayah
$BIN/python manage.py collectstatic --noinput -v0

echo "== data: $BENCH_N pengaduan, $BENCH_KEGIATAN kegiatan sosialisasi"
# Cases filed by an earlier run's POSTs go first, so every run measures the same N.
$BIN/python manage.py seed_bench --sampai "$BENCH_N" --persis --hapus-kiriman --berkas-kode "$RUN/kode-lacak.txt" \
    | tee "$RUN/seed.log"
# The identities in the kept database must open with the kept keys, as a production start checks.
if ! $BIN/python manage.py periksa_kunci_identitas >"$RUN/kunci-identitas.log" 2>&1; then
    cat "$RUN/kunci-identitas.log" >&2
    echo "Identitas di $BENCH_DATABASE_URL dienkripsi dengan kunci yang tidak ada di $KUNCI_IDENTITAS (data dari run sebelum kunci disimpan?). Hapus basis data itu (dropdb) lalu jalankan lagi: datanya dibuat ulang." >&2
    exit 1
fi
$BIN/python manage.py seed_bench_sosialisasi --kegiatan "$BENCH_KEGIATAN" | tee -a "$RUN/seed.log"
$BIN/python bench/prepare.py setup "$RUN"
# shellcheck source=/dev/null
source "$RUN/bench.env"

echo "== gunicorn $BENCH_GUNICORN_ARGS"
# Another server on the port would answer the health check and be measured instead of ours.
if $BIN/python -c "import socket; socket.create_connection(('127.0.0.1', $BENCH_PORT), timeout=1)" 2>/dev/null; then
    echo "Port $BENCH_PORT sudah dipakai; pilih BENCH_PORT lain." >&2
    exit 1
fi
# start_gunicorn [ARGS]: the portal, with BENCH_GUNICORN_ARGS unless told otherwise (the pairs).
start_gunicorn() {
    # shellcheck disable=SC2086 # the arguments are a list on purpose
    $BIN/gunicorn netralitas.wsgi:application --bind "127.0.0.1:$BENCH_PORT" ${1:-$BENCH_GUNICORN_ARGS} \
        --no-control-socket --error-logfile "$RUN/gunicorn.log" --log-level warning &
    GUNICORN_PID=$!
    tunggu_gunicorn "http://127.0.0.1:$BENCH_PORT/healthz"
}
tunggu_gunicorn() {
    for _ in $(seq 1 60); do
        if $BIN/python -c "import urllib.request as u; u.urlopen('$1', timeout=1)" 2>/dev/null; then
            return 0
        fi
        kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn berhenti; lihat $RUN/gunicorn.log" >&2; exit 1; }
        sleep 0.5
    done
}
start_gunicorn

export BENCH_LUA_DIR="$PWD/bench/lua" BENCH_DATA="$PWD/$RUN/data.lua" BENCH_KODE="$PWD/$RUN/kode-lacak.txt"
URL="http://127.0.0.1:$BENCH_PORT"
DB_NAME=${BENCH_DATABASE_URL##*/}
DB_NAME=${DB_NAME%%\?*}
ADMIN=/admin/pengaduan/pengaduan/

# endpoint NAME LABEL SCRIPT EXPECTED-STATUS TARGET [VAR=value ...]
# (BENCH_CONNECTIONS, BENCH_THREADS, BENCH_DURATION and WRK_TIMEOUT may be set for one call: `X=1 endpoint ...`.)
WRK_TIMEOUT=10s
endpoint() {
    if [ -n "$BENCH_ENDPOINTS" ] && [[ ",$BENCH_ENDPOINTS," != *",$1,"* ]]; then
        return 0
    fi
    ukur "$@"
}
# ukur: the same measurement without the BENCH_ENDPOINTS filter (the pairs filter by pair).
ukur() {
    local name=$1 label=$2 script=$3 expect=$4 target=$5
    shift 5
    env BENCH_EXPECT="$expect" "$@" wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_WARMUP}s" --timeout "$WRK_TIMEOUT" \
        -s "bench/lua/$script" "$URL" >/dev/null
    local load
    read -r load _ </proc/loadavg
    $BIN/python bench/cpu.py snapshot "$RUN/cpu-before.json"
    local TIMEFORMAT="%U %S" wrk_cpu
    # `time` gives wrk's own CPU seconds (user, system): it has exited before the second snapshot.
    wrk_cpu=$({ time env BENCH_EXPECT="$expect" "$@" wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" \
        -d"${BENCH_DURATION}s" --timeout "$WRK_TIMEOUT" -s "bench/lua/$script" "$URL" >"$RUN/wrk-$name.txt"; } 2>&1 | tail -1)
    $BIN/python bench/cpu.py snapshot "$RUN/cpu-after.json"
    $BIN/python bench/cpu.py diff "$RUN/cpu-before.json" "$RUN/cpu-after.json" "$GUNICORN_PID" "$DB_NAME" \
        "$(echo "$wrk_cpu" | awk '{print $1 + $2}')" >"$RUN/cpu-$name.json"
    BENCH_PASANGAN="${PASANGAN:-}" $BIN/python bench/report.py add "$RUN" "$name" "$label" "$target" "$load" \
        "$RUN/cpu-$name.json" <"$RUN/wrk-$name.txt"
}

# skip NAME LABEL TARGET NOTE: an endpoint that cannot be measured in this tree, said in the report.
skip() {
    if [ -n "$BENCH_ENDPOINTS" ] && [[ ",$BENCH_ENDPOINTS," != *",$1,"* ]]; then
        return 0
    fi
    $BIN/python bench/report.py skip "$RUN" "$@"
}

echo "== wrk: $BENCH_CONNECTIONS koneksi, $BENCH_THREADS thread, ${BENCH_DURATION}s per endpoint (pemanasan ${BENCH_WARMUP}s)"
endpoint healthz "GET /healthz" get.lua 200 - BENCH_PATHS=/healthz
endpoint lapor_get "GET /lapor/" get.lua 200 "rps>=400" BENCH_PATHS=/lapor/
# Public pages: the statistics read only the cache (prepare.py computed it, as the beat would).
endpoint statistik "GET /statistik/" get.lua 200 "p95<=100" BENCH_PATHS=/statistik/
endpoint statistik_prov "GET /statistik/?provinsi=35" get.lua 200 "p95<=100" "BENCH_PATHS=/statistik/?provinsi=35"
if [ "$BENCH_SOSIALISASI" = 1 ]; then
    endpoint sosialisasi "GET /sosialisasi/" get.lua 200 "p95<=100" BENCH_PATHS=/sosialisasi/
    endpoint sosialisasi_prov "GET /sosialisasi/?$BENCH_SOSIALISASI_FILTER" get.lua 200 "p95<=100" \
        "BENCH_PATHS=/sosialisasi/?$BENCH_SOSIALISASI_FILTER"
else
    catatan="halaman belum ada di kode ini (reverse('sosialisasi:daftar') gagal)"
    skip sosialisasi "GET /sosialisasi/" "p95<=100" "$catatan"
    skip sosialisasi_prov "GET /sosialisasi/?$BENCH_SOSIALISASI_FILTER" "p95<=100" "$catatan"
fi
endpoint lacak "POST /lacak/ (kode dikenal)" lacak.lua 302 "rps>=400"
endpoint admin_list_ri "admin daftar — RI" get.lua 200 "p95<=300" BENCH_PATHS=$ADMIN BENCH_COOKIE="$BENCH_COOKIE_RI"
endpoint admin_list_prov "admin daftar — provinsi 35" get.lua 200 "p95<=300" \
    BENCH_PATHS=$ADMIN BENCH_COOKIE="$BENCH_COOKIE_PROV"
endpoint admin_filter_ri "admin ?status=kajian_awal — RI" get.lua 200 "p95<=300" \
    BENCH_PATHS="$ADMIN?status__exact=kajian_awal" BENCH_COOKIE="$BENCH_COOKIE_RI"
endpoint admin_filter_prov "admin ?status=kajian_awal — provinsi 35" get.lua 200 "p95<=300" \
    BENCH_PATHS="$ADMIN?status__exact=kajian_awal" BENCH_COOKIE="$BENCH_COOKIE_PROV"
endpoint admin_nip_ri "admin cari NIP — RI" get.lua 200 "p95<=300" \
    BENCH_PATHS="$BENCH_NIP_PATHS_RI" BENCH_COOKIE="$BENCH_COOKIE_RI"
endpoint admin_nip_prov "admin cari NIP — provinsi 35" get.lua 200 "p95<=300" \
    BENCH_PATHS="$BENCH_NIP_PATHS_PROV" BENCH_COOKIE="$BENCH_COOKIE_PROV"
endpoint admin_nama_ri "admin cari nama — RI" get.lua 200 "p95<=300" \
    BENCH_PATHS="$BENCH_NAMA_PATHS_RI" BENCH_COOKIE="$BENCH_COOKIE_RI"
endpoint admin_nama_prov "admin cari nama — provinsi 35" get.lua 200 "p95<=300" \
    BENCH_PATHS="$BENCH_NAMA_PATHS_PROV" BENCH_COOKIE="$BENCH_COOKIE_PROV"
endpoint admin_change_ri "admin halaman ubah — RI" get.lua 200 "p95<=200" \
    BENCH_PATHS="$BENCH_CHANGE_PATHS_RI" BENCH_COOKIE="$BENCH_COOKIE_RI"
endpoint admin_change_prov "admin halaman ubah — provinsi 35" get.lua 200 "p95<=200" \
    BENCH_PATHS="$BENCH_CHANGE_PATHS_PROV" BENCH_COOKIE="$BENCH_COOKIE_PROV"
# The writes last: the admin pages above see exactly N cases.
endpoint lapor_post "POST /lapor/ tanpa foto" lapor.lua 302 "rps>=230"
endpoint lapor_post_foto "POST /lapor/ dengan foto JPEG" lapor.lua 302 - BENCH_FOTO=1
# Five photos just under the pixel limit (3 JPEG, PNG, WebP; ~15 MB): the web CPU one such report
# costs is the CPU table's app column. One report at a time, for longer: each costs seconds, and
# gunicorn's 30 s worker timeout killed workers when three were checked at once on a busy machine.
BENCH_CONNECTIONS=1 BENCH_THREADS=1 BENCH_DURATION=30 WRK_TIMEOUT=60s endpoint lapor_post_foto_besar \
    "POST /lapor/ dengan lima foto besar (60 MP)" lapor.lua 302 - BENCH_FOTO_BESAR=1

# The same reports with a photo, the evidence in an object store: moto (a real S3 API process
# on this machine) started here, S3_* set for a gunicorn started again. Target: within 10 % of the
# local folder's req/s (lapor_post_foto above). bench/README.md says what the comparison means.
selected() { [ -z "$BENCH_ENDPOINTS" ] || [[ ",$BENCH_ENDPOINTS," == *",$1,"* ]]; }
if [ "$BENCH_S3" = 1 ] && selected lapor_post_foto_s3; then
    stop_gunicorn
    if $BIN/python -c "import socket; socket.create_connection(('127.0.0.1', $BENCH_S3_PORT), timeout=1)" 2>/dev/null; then
        echo "Port $BENCH_S3_PORT sudah dipakai; pilih BENCH_S3_PORT lain." >&2
        exit 1
    fi
    # moto's S3 application under gunicorn (bench/moto_wsgi.py says why not moto_server): one
    # process, since moto keeps the objects in its memory; threads and keep-alive, as a real store.
    echo "== moto (S3) di port $BENCH_S3_PORT (penyimpanan objek)"
    $BIN/gunicorn --workers 1 --worker-class gthread --threads 8 --keep-alive 60 --pythonpath bench \
        --bind "127.0.0.1:$BENCH_S3_PORT" --log-level warning moto_wsgi:app >"$RUN/moto.log" 2>&1 &
    MOTO_PID=$!
    export S3_BUCKET=posko-bench S3_ENDPOINT_URL="http://127.0.0.1:$BENCH_S3_PORT" S3_REGION=us-east-1 \
        S3_ACCESS_KEY_ID=bench S3_SECRET_ACCESS_KEY=bench-rahasia S3_ADDRESSING_STYLE=path
    for _ in $(seq 1 60); do
        $BIN/python bench/s3.py buat 2>/dev/null && break
        kill -0 "$MOTO_PID" 2>/dev/null || { echo "moto berhenti; lihat $RUN/moto.log" >&2; exit 1; }
        sleep 0.5
    done
    start_gunicorn
    endpoint lapor_post_foto_s3 "POST /lapor/ dengan foto JPEG — penyimpanan objek (moto S3)" lapor.lua 302 \
        "rps>=0.90*lapor_post_foto" BENCH_FOTO=1
    stop_gunicorn
    # Every staged photo must be an object, none left pending in PostgreSQL (which would mean the
    # store failed and the figure measured the fallback).
    $BIN/python bench/s3.py periksa | tee "$RUN/s3.txt" || true
    stop_moto
    unset S3_BUCKET S3_ENDPOINT_URL S3_REGION S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_ADDRESSING_STYLE
fi

# The pairs against django-helpdesk 2.6.1 (bench/README.md, "Against django-helpdesk"): the two things citizens do, in
# both apps, one app running at a time, in turn — portal, peer, portal, peer (BENCH_PEER_ROUNDS) —
# with the same gunicorn arguments and wrk settings. The report gives each side's median and the
# ratio portal/peer, target ≥ 1.5×.
PEER_PASANGAN="peer_lapor peer_lapor_jpeg peer_lapor_png peer_lacak"
pasangan_dipilih() {
    local p
    for p in $PEER_PASANGAN; do selected "$p" && return 0; done
    return 1
}
if [ "$BENCH_PEER" = 1 ] && pasangan_dipilih; then
    stop_gunicorn
    PEER=bench/peer
    PEER_BIN=$PEER/.venv/bin
    # Its own virtualenv from its own hashed lock, made on first use and whenever the lock changes.
    if ! cmp -s "$PEER/requirements.txt" "$PEER/.venv/requirements.txt"; then
        echo "== virtualenv pembanding (django-helpdesk) di $PEER/.venv"
        test -x "$PEER_BIN/python" || python3 -m venv "$PEER/.venv"
        "$PEER_BIN/pip" install -q --disable-pip-version-check --require-hashes -r "$PEER/requirements.txt"
        cp "$PEER/requirements.txt" "$PEER/.venv/requirements.txt"
    fi
    if $BIN/python -c "import socket; socket.create_connection(('127.0.0.1', $BENCH_PEER_PORT), timeout=1)" 2>/dev/null; then
        echo "Port $BENCH_PEER_PORT sudah dipakai; pilih BENCH_PEER_PORT lain." >&2
        exit 1
    fi
    echo "== basis data pembanding $BENCH_PEER_DATABASE_URL: $BENCH_PEER_N tiket"
    $BIN/python bench/prepare.py createdb "$BENCH_PEER_DATABASE_URL"
    export HELPDESK_DATABASE_URL="$BENCH_PEER_DATABASE_URL" HELPDESK_VAR_DIR="$PWD/$RUN/peer-var"
    peer_manage() { (cd "$PEER" && .venv/bin/python manage.py "$@"); }
    # The guard first: migrate must not add helpdesk's tables to a database that is not the peer's.
    peer_manage seed_bench --periksa
    peer_manage migrate --noinput -v0
    peer_manage collectstatic --noinput -v0
    peer_manage seed_bench --sampai "$BENCH_PEER_N" --data "$PWD/$RUN" | tee "$RUN/peer-seed.log"
    PEER_DB=${BENCH_PEER_DATABASE_URL##*/}
    PEER_DB=${PEER_DB%%\?*}
    start_peer() {
        # shellcheck disable=SC2086 # the arguments are a list on purpose
        local log="$PWD/$RUN/peer-gunicorn.log"
        (cd "$PEER" && exec .venv/bin/gunicorn peer.wsgi:application --bind "127.0.0.1:$BENCH_PEER_PORT" \
            $BENCH_PEER_GUNICORN_ARGS --no-control-socket --error-logfile "$log" --log-level warning) &
        GUNICORN_PID=$!
        tunggu_gunicorn "http://127.0.0.1:$BENCH_PEER_PORT/tickets/submit/"
    }
    # pasangan NAME LABEL -- PORTAL-ARGS -- PEER-ARGS: ukur's script, expected status and variables for each side.
    pasangan() {
        local name=$1 label=$2 portal=() peer=() k
        shift 3
        while [ "$1" != "--" ]; do portal+=("$1"); shift; done
        shift
        peer=("$@")
        selected "$name" || return 0
        for k in $(seq 1 "$BENCH_PEER_ROUNDS"); do
            start_gunicorn "$BENCH_PEER_GUNICORN_ARGS"
            PASANGAN="$name portal $k" ukur "$name-portal-$k" "$label — portal (putaran $k)" "${portal[0]}" \
                "${portal[1]}" - "${portal[@]:2}"
            stop_gunicorn
            start_peer
            PASANGAN="$name helpdesk $k" URL="http://127.0.0.1:$BENCH_PEER_PORT" DB_NAME="$PEER_DB" \
                ukur "$name-helpdesk-$k" "$label — django-helpdesk (putaran $k)" "${peer[0]}" "${peer[1]}" - "${peer[@]:2}"
            stop_gunicorn
        done
    }
    export BENCH_PEER_DATA="$PWD/$RUN/peer-data.lua"
    FOTO_JPEG=(BENCH_FOTO=1 "BENCH_FOTO_BERKAS=$BENCH_FOTO_JPEG" BENCH_FOTO_NAMA=foto-kegiatan.jpg BENCH_FOTO_MIME=image/jpeg)
    FOTO_PNG=(BENCH_FOTO=1 "BENCH_FOTO_BERKAS=$BENCH_FOTO_PNG" BENCH_FOTO_NAMA=tangkapan-layar.png BENCH_FOTO_MIME=image/png)
    echo "== pasangan dengan django-helpdesk 2.6.1: gunicorn $BENCH_PEER_GUNICORN_ARGS, $BENCH_PEER_ROUNDS putaran"
    pasangan peer_lapor "Lapor tanpa berkas" -- lapor.lua 302 -- helpdesk_lapor.lua 302
    pasangan peer_lapor_jpeg "Lapor dengan foto JPEG ~200 KB" -- lapor.lua 302 "${FOTO_JPEG[@]}" \
        -- helpdesk_lapor.lua 302 "${FOTO_JPEG[@]}"
    pasangan peer_lapor_png "Lapor dengan PNG ~200 KB" -- lapor.lua 302 "${FOTO_PNG[@]}" \
        -- helpdesk_lapor.lua 302 "${FOTO_PNG[@]}"
    # The portal: POST /lacak/ and the status page it redirects to (two requests); helpdesk: its public
    # view by ticket id, e-mail and key (one request). Counted in lookups per second.
    pasangan peer_lacak "Lacak (cari lalu halaman status)" -- lacak_alur.lua 200 \
        'BENCH_PENANDA_STATUS=id="status-publik"' -- helpdesk_lihat.lua 200 'BENCH_PENANDA=<capiton>'
fi

stop_gunicorn
# A subset (tuning, debugging) is no result to keep: its report stays in the run directory.
RESULTS=bench/results
[ -z "$BENCH_ENDPOINTS" ] || RESULTS=$RUN
BENCH_GUNICORN_DESC="\`gunicorn $BENCH_GUNICORN_ARGS\`" \
    BENCH_PEER_GUNICORN_DESC="\`gunicorn $BENCH_PEER_GUNICORN_ARGS\`" BENCH_PEER_ROUNDS="$BENCH_PEER_ROUNDS" BENCH_PEER_N="$BENCH_PEER_N" \
    BENCH_N="$BENCH_N" BENCH_DURATION="$BENCH_DURATION" BENCH_WARMUP="$BENCH_WARMUP" \
    BENCH_CONNECTIONS="$BENCH_CONNECTIONS" BENCH_THREADS="$BENCH_THREADS" \
    $BIN/python bench/report.py write "$RUN" "$RESULTS" || rc=$?
rc=${rc:-0}
if [ "$rc" -ne 0 ] && [ "$BENCH_STRICT" = "0" ]; then
    rc=0
fi
exit "$rc"

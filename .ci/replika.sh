#!/usr/bin/env bash
# CI: the read replica (netralitas.replika) against a real streaming standby of the machine's
# PostgreSQL 15: a second cluster made with `pg_basebackup -R -X stream` on port 19301, a database of
# its own on the primary, and .ci/replika.py running the portal's code with DATABASE_REPLICA_URL at
# the standby (refresh on the replica, citizens on the primary, the standby stopped, restarted and
# paused). Everything it makes it removes on any exit: the cluster and its folder, the replication
# slot, the database, and the pg_hba.conf line it had to add (only when replication from 127.0.0.1
# was not allowed already).
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=/usr/lib/postgresql/15/bin
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
PORT_REPLIKA=19301
SLOT="posko_replika_ci_$$"
DB="netralitas_replika_ci_$$"
TANDA="posko-replika-ci-$$"
KERJA="$(mktemp -d /tmp/posko-replika.XXXXXX)"
DATA="$KERJA/data"
HBA="$(psql -Atqc 'SHOW hba_file')"
hba_ditambah=0

sebagai_postgres() { runuser -u postgres -- "$@"; }

bersihkan() {
    set +e
    if [ -f "$DATA/postmaster.pid" ]; then
        sebagai_postgres "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
    fi
    psql -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    if [ "$hba_ditambah" = 1 ]; then
        sebagai_postgres sed -i "/$TANDA/d" "$HBA"
        psql -qAtc "SELECT pg_reload_conf()" >/dev/null
    fi
    dropdb --if-exists --force "$DB" 2>/dev/null
    rm -rf "$KERJA"
}
trap bersihkan EXIT
trap 'exit 130' INT TERM HUP

# A slot left by a run that was killed (SIGKILL skips the trap) would hold WAL on the primary for ever.
psql -qAtc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
            WHERE slot_name LIKE 'posko\_replika\_ci\_%' AND NOT active" >/dev/null

# Replication from 127.0.0.1 as postgres: tried first, a line added only if refused.
if ! psql "host=127.0.0.1 port=5432 user=postgres dbname=replication replication=true" -qAtc "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
    echo "== pg_hba.conf: menambah baris replikasi untuk 127.0.0.1 (dihapus lagi di akhir)"
    printf 'host replication postgres 127.0.0.1/32 trust # %s\n' "$TANDA" >>"$HBA"
    hba_ditambah=1
    psql -qAtc "SELECT pg_reload_conf()" >/dev/null
    sleep 0.5
fi

SECONDS=0
chown postgres: "$KERJA"
chmod 700 "$KERJA"
echo "== pg_basebackup dari 127.0.0.1:5432 ke klaster replika (port $PORT_REPLIKA, slot $SLOT)"
sebagai_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$DATA" -R -X stream -C -S "$SLOT" -c fast
# Debian keeps the primary's configuration in /etc: the standby gets its own. Hot standby needs
# these limits at least as high as the primary's.
batas=$(psql -Atqc "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings WHERE name IN
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')")
cat >"$DATA/postgresql.conf" <<EOF
port = $PORT_REPLIKA
listen_addresses = '127.0.0.1'
unix_socket_directories = '$KERJA'
hot_standby = on
shared_buffers = 32MB
fsync = off
log_statement = 'all'
log_line_prefix = '%m [%p] %d '
$batas
EOF
cat >"$DATA/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
: >"$DATA/pg_ident.conf"
chown postgres: "$DATA/postgresql.conf" "$DATA/pg_hba.conf" "$DATA/pg_ident.conf"
if ! sebagai_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$KERJA/replika.log" -w -t 120 start >/dev/null; then
    echo "GAGAL: klaster replika tidak mau hidup; log-nya:" >&2
    tail -n 30 "$KERJA/replika.log" >&2
    exit 1
fi
echo "   replika hidup setelah $SECONDS detik"

echo "== database $DB di primer (migrate, wilayah 35), sampai ke replika lewat streaming"
createdb "$DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$PORT_REPLIKA/$DB"
export DEBUG=1 VAR_DIR="$KERJA/var" REPLIKA_UMUR_PUTUSAN=2 LOG_LEVEL=WARNING
unset REDIS_URL CELERY_BROKER_URL
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_wilayah --awalan 35 -v 0

REPLIKA_DATA="$DATA" REPLIKA_LOG="$KERJA/replika.log" REPLIKA_PG_CTL="$PGBIN/pg_ctl" \
    .venv/bin/python .ci/replika.py
echo "== selesai dalam $SECONDS detik"

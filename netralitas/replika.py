"""The read replica (DATABASE_REPLICA_URL, database alias "replika"): who reads from it, and whether
it is fit to be read.

Nothing reads the replica unless its code asks, inside `baca_dari_replika()` (or `jalankan()`):
- the public statistics, `netralitas.statistik.hitung.baca_bahan`: the beat's refresh and a cold
  cache alike. Aggregates over every case, published every ten minutes: a few seconds of lag is
  nothing beside that, and the queries are the heaviest the portal runs;
- the large exports the worker builds (`pengaduan.ekspor.services`), minutes of reading.
Everything else reads the primary: every write, the citizen's /lapor/ receipt and /lacak/, the
admin, the small export made inside the staff member's request (it follows their own edits of the
minute before and costs the primary little). So a lagging replica never shows anyone their own case
as it was: no page about one case reads it.

Inside a block the router still reads the primary when
- the replica is down (refused, timed out) or more than REPLIKA_MAKS_TERTINGGAL seconds behind the
  primary. The verdict of one probe is remembered REPLIKA_UMUR_PUTUSAN seconds in each process, so
  a dead replica costs one connect timeout per verdict, not one per query; a warning is logged at
  most once a minute;
- a transaction is open on the primary (its uncommitted writes and its snapshot live there);
- this request or this task has written through the ORM, before the block or inside it (the router's
  db_for_write marks it; request_started and each Celery task start with a clean slate).
One block reads one database: its first read decides and the others follow, so the snapshot of
`baca_bahan` never spans the two. Writes go to the primary, always; migrations run only there.

Lag is measured on the replica: `now() - pg_last_xact_replay_timestamp()`, unless everything it has
received is replayed while its WAL receiver is connected. On a quiet primary the replay timestamp
ages though the replica is current; the second test keeps it from looking behind then. While WAL is
in flight the figure is an upper bound (the age of the last commit replayed): a replica caught in a
burst may be passed over for one verdict period, never used while really behind.
"""

import contextlib
import logging
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, Error, connections

log = logging.getLogger(__name__)

ALIAS = "replika"
SELANG_PERINGATAN = 60.0

# Seconds behind the primary; 0 when nothing received is waiting to be replayed. NULL timestamps
# (nothing replayed yet since the start) and no receiver with WAL waiting count as infinitely behind.
SQL_TERTINGGAL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0::float8
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
         AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL) THEN 0::float8
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 'Infinity'::float8)
END
"""


@dataclass(frozen=True)
class Putusan:
    """One probe's verdict. keadaan: "ok", "tertinggal" (behind), "tidak terjangkau" (down)."""

    keadaan: str
    tertinggal: float | None
    sampai: float  # time.monotonic() until which it holds
    sebab: str = ""
    umur: float = 0.0  # how long it holds

    @property
    def sehat(self) -> bool:
        return self.keadaan == "ok"


@dataclass
class _Blok:
    alias: str | None = None


_blok: ContextVar[_Blok | None] = ContextVar("replika_blok", default=None)
_sudah_menulis: ContextVar[bool] = ContextVar("replika_sudah_menulis", default=False)
_putusan: Putusan | None = None
_peringatan_terakhir = float("-inf")
_kunci = threading.Lock()
_token_tugas: dict[str, object] = {}


def terpasang() -> bool:
    return ALIAS in settings.DATABASES


# --- The blocks --------------------------------------------------------------------------------


@contextlib.contextmanager
def baca_dari_replika():
    """Reads inside may go to the replica (see the module's rules). Nested blocks are one block.
    Also a decorator. Yields the block: `.alias` is the database its reads went to (None: none yet)."""
    ada = _blok.get()
    if ada is not None:
        yield ada
        return
    blok = _Blok()
    token = _blok.set(blok)
    try:
        yield blok
    finally:
        _blok.reset(token)


def jalankan(fungsi, /, *args, **kwargs):
    """`fungsi` with its reads in a replica block. When the replica fails under it (stopped, cut
    off, or a query cancelled in conflict with recovery), the replica is marked down and `fungsi`
    runs once more, on the primary: the refresh and the export finish either way. `fungsi` must be
    a read that can be repeated from the start."""
    if _blok.get() is not None:
        return fungsi(*args, **kwargs)  # inside another block: its reads follow that block
    with baca_dari_replika() as blok:
        try:
            return fungsi(*args, **kwargs)
        except Error as e:
            if blok.alias != ALIAS:
                raise
            _tandai_gagal(e)
    return fungsi(*args, **kwargs)


def _alias_blok(blok: _Blok) -> str:
    if blok.alias is None:
        blok.alias = ALIAS if _boleh_replika() else DEFAULT_DB_ALIAS
    return blok.alias


def _boleh_replika() -> bool:
    if not terpasang() or _sudah_menulis.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    return putusan().sehat


class RouterReplika:
    """settings.DATABASE_ROUTERS when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints):
        blok = _blok.get()
        # Outside a block: the primary, explicitly. Returning None would let Django follow an
        # instance's own database, and objects read in a block would drag later reads to the replica.
        return DEFAULT_DB_ALIAS if blok is None else _alias_blok(blok)

    def db_for_write(self, model, **hints):
        _sudah_menulis.set(True)
        blok = _blok.get()
        if blok is not None:
            blok.alias = DEFAULT_DB_ALIAS  # what follows in the block must see this write
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The two aliases hold the same rows.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, ALIAS, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


# Each request and each task is a unit of "has it written yet". An eager task inside a request (no
# broker) gets its own and hands the request's back when it ends.


def _mulai_permintaan(**kwargs):
    _sudah_menulis.set(False)


def _mulai_tugas(task_id=None, **kwargs):
    if task_id:
        _token_tugas[task_id] = _sudah_menulis.set(False)


def _akhir_tugas(task_id=None, **kwargs):
    token = _token_tugas.pop(task_id, None) if task_id else None
    if token is not None:
        with contextlib.suppress(ValueError):  # set in another context: nothing to hand back
            _sudah_menulis.reset(token)


request_started.connect(_mulai_permintaan, dispatch_uid="netralitas.replika.permintaan")
task_prerun.connect(_mulai_tugas, dispatch_uid="netralitas.replika.tugas_mulai", weak=False)
task_postrun.connect(_akhir_tugas, dispatch_uid="netralitas.replika.tugas_akhir", weak=False)


# --- Health --------------------------------------------------------------------------------------


def putusan() -> Putusan | None:
    """The replica's current verdict (None without a replica): remembered, or probed now."""
    global _putusan
    if not terpasang():
        return None
    p = _putusan
    if p is not None and p.sampai > time.monotonic():
        return p
    with _kunci:
        p = _putusan
        if p is None or p.sampai <= time.monotonic():
            p = _putusan = _periksa()
            _laporkan(p)
    return p


def putusan_terakhir() -> tuple[Putusan, float] | None:
    """The last verdict of this process and its age in seconds, without probing: what /readyz and
    /metrics report. A probe there would cost a load balancer's check the connect timeout of a
    hanging replica; the beat's refresh probes at least every ten minutes in the worker."""
    p = _putusan
    if p is None or not terpasang():
        return None
    return p, max(0.0, time.monotonic() - (p.sampai - p.umur))


def lupakan() -> None:
    """Forget the verdict: the next read in a block probes again (tests; a verdict period passed)."""
    global _putusan, _peringatan_terakhir
    _putusan = None
    _peringatan_terakhir = float("-inf")


def _periksa() -> Putusan:
    umur = settings.REPLIKA_UMUR_PUTUSAN
    koneksi = connections[ALIAS]
    try:
        with koneksi.cursor() as c:
            if koneksi.vendor == "postgresql":
                c.execute(SQL_TERTINGGAL)
                tertinggal = float(c.fetchone()[0])
            else:
                c.execute("SELECT 1")
                c.fetchone()
                tertinggal = 0.0
    except Error as e:
        _tutup()
        return Putusan(
            "tidak terjangkau",
            None,
            time.monotonic() + umur,
            umur=umur,
            sebab=(str(e).strip().splitlines() or [type(e).__name__])[0][:200],
        )
    keadaan = "ok" if tertinggal <= settings.REPLIKA_MAKS_TERTINGGAL else "tertinggal"
    return Putusan(keadaan, tertinggal, time.monotonic() + umur, umur=umur)


def _tandai_gagal(e: Exception) -> None:
    global _putusan
    _tutup()
    with _kunci:
        umur = settings.REPLIKA_UMUR_PUTUSAN
        _putusan = Putusan("tidak terjangkau", None, time.monotonic() + umur, umur=umur, sebab=type(e).__name__)
    log.warning("Replika baca gagal di tengah pembacaan (%s); diulang di database utama.", type(e).__name__, exc_info=e)


def _tutup() -> None:
    with contextlib.suppress(Error):
        connections[ALIAS].close()


def _laporkan(p: Putusan) -> None:
    global _peringatan_terakhir
    if p.sehat:
        if _peringatan_terakhir != float("-inf"):
            log.info("Replika baca dipakai lagi (tertinggal %.1f detik).", p.tertinggal)
            _peringatan_terakhir = float("-inf")
        return
    sekarang = time.monotonic()
    if sekarang - _peringatan_terakhir < SELANG_PERINGATAN:
        return
    _peringatan_terakhir = sekarang
    if p.keadaan == "tertinggal":
        log.warning(
            "Replika baca tertinggal %.0f detik (batas REPLIKA_MAKS_TERTINGGAL %s): database utama yang dibaca.",
            p.tertinggal,
            settings.REPLIKA_MAKS_TERTINGGAL,
        )
    else:
        log.warning("Replika baca tidak terjangkau (%s): database utama yang dibaca.", p.sebab or "tanpa keterangan")

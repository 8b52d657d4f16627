"""Tests against a real `celery -A netralitas worker`: PostgreSQL, Redis, a subprocess.

What they need, and what they do about it:

- PostgreSQL (the worker is another process: it must read the rows the test committed) and a Redis
  broker (CELERY_BROKER_URL). Without them the tests skip on a laptop and fail in CI (CI=true).
- One queue per pytest process (`ANTREAN`: xdist worker and pid). The worker consumes only that
  queue and enqueues on it (`settings_worker.py`); this process publishes to it. Runs that share the
  Redis database (xdist, CI, another checkout) never see each other's tasks, and nothing flushes a
  database another run uses. The queue, its binding and any unacknowledged message a killed worker
  left are removed from Redis before and after each test.
- The worker gets the pytest-django test database (`test_<name>`, `_gw0` under xdist), the file
  e-mail backend writing into the test's tmp dir, DEBUG=0 and this process's keys.
- The tests are transactional (`django_db(transaction=True)`), so pytest-django empties every table
  after each of them — also what the session loaded for everyone (regions, the categories and groups
  the migrations seed). A transactional test running later in the same process would find nothing.
  So the tables are copied to a schema before the first test here and copied back before each test
  and after the last one (a few hundred milliseconds; Django's own serialized rollback takes seven
  seconds for these 9,400 regions).
"""

import email
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings

AKAR = Path(__file__).resolve().parents[2]
ANTREAN = f"uji-integrasi-{os.environ.get('PYTEST_XDIST_WORKER', 'tunggal')}-{os.getpid()}"
BROKER_MATI = "redis://127.0.0.1:1/0"
SKEMA_POTRET = "uji_integrasi_potret"
PEMISAH_SURAT = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after each message
KUNCI_LAB = pytest.StashKey()


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "")


# --- Skip on a laptop, fail in CI -----------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture: no database is touched (nor flushed) by a test that cannot run."""
    if item.get_closest_marker("broker") is None and item.get_closest_marker("postgresql") is None:
        return
    kurang = []
    if "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        kurang.append("DATABASE_URL bukan PostgreSQL")
    if not broker_url().startswith("redis://"):
        kurang.append("CELERY_BROKER_URL (Redis) tidak diset")
    if not kurang:
        return
    alasan = "Uji dengan pekerja Celery sungguhan butuh PostgreSQL dan Redis: " + "; ".join(kurang) + "."
    if os.environ.get("CI"):
        pytest.fail("CI harus menyediakannya. " + alasan, pytrace=False)
    pytest.skip(alasan)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows each worker's log in its report."""
    laporan = yield
    lab = item.stash.get(KUNCI_LAB, None)
    if laporan.failed and lab is not None:
        for p in lab.semua_pekerja:
            laporan.sections.append((f"log pekerja Celery {p.nama}", p.log()[-30_000:]))
    return laporan


# --- The database: the committed rows the worker reads, and what the flush takes away ---------------


def _tabel_django(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _pulihkan(connection, tabel: list[str]) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE " + ", ".join(qn(t) for t in tabel))
        for t in tabel:
            c.execute(f"INSERT INTO {qn(t)} SELECT * FROM {SKEMA_POTRET}.{qn(t)}")
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def _potret_data(django_db_setup, django_db_blocker):
    """Copies every table before the module's first test; puts them back after its last flush."""
    from django.db import connection

    from netralitas.wilayah.models import Wilayah

    with django_db_blocker.unblock():
        if not Wilayah.objects.exists():
            pytest.fail(
                "Tabel sudah dikosongkan oleh uji transaksional lain sebelum modul ini; "
                "uji integrasi harus berjalan lebih dulu (pytest-django mengurutkan per jalur)."
            )
        tabel = _tabel_django(connection)
        qn = connection.ops.quote_name
        with connection.cursor() as c:
            c.execute(f"DROP SCHEMA IF EXISTS {SKEMA_POTRET} CASCADE")
            c.execute(f"CREATE SCHEMA {SKEMA_POTRET}")
            for t in tabel:
                c.execute(f"CREATE TABLE {SKEMA_POTRET}.{qn(t)} AS TABLE {qn(t)}")
    yield tabel
    with django_db_blocker.unblock():
        _pulihkan(connection, tabel)
        with connection.cursor() as c:
            c.execute(f"DROP SCHEMA {SKEMA_POTRET} CASCADE")


@pytest.fixture
def _data_dasar(_potret_data, transactional_db):
    """Each test starts from what the session loaded, whatever the previous test's flush removed."""
    from django.db import connection

    _pulihkan(connection, _potret_data)


def _database_url() -> str:
    """The test database as the worker must reach it (read at fixture time: `test_<name>[_gwN]`)."""
    from django.db import connection

    d = connection.settings_dict
    pengguna = quote(d.get("USER") or "", safe="")
    sandi = quote(d.get("PASSWORD") or "", safe="")
    akses = f"{pengguna}:{sandi}@" if sandi else (f"{pengguna}@" if pengguna else "")
    alamat = f"{d.get('HOST') or '127.0.0.1'}:{d.get('PORT') or 5432}"
    return f"postgres://{akses}{alamat}/{quote(d['NAME'], safe='')}"


# --- Redis --------------------------------------------------------------------------------------


def _redis():
    import redis

    return redis.Redis.from_url(broker_url(), socket_connect_timeout=2, socket_timeout=5)


def _bersihkan_antrean() -> None:
    """This process's queue and binding, and the unacknowledged copies a SIGKILLed worker left in
    kombu's `unacked` hash (kombu would put them back on the queue after the visibility timeout)."""
    r = _redis()
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    tabel = [Channel.keyprefix_queue, getattr(Channel, "keyprefix_binding_permanent", None)]
    r.delete(
        *(awalan % ANTREAN for awalan in tabel if awalan),
        *(ANTREAN if p == 0 else f"{ANTREAN}{Channel.sep}{p}" for p in PRIORITY_STEPS),
    )
    for tag, isi in r.hscan_iter(Channel.unacked_key):
        try:
            _pesan, exchange, routing_key = json.loads(isi)
        except (ValueError, TypeError):
            continue
        if ANTREAN in (exchange, routing_key):
            r.hdel(Channel.unacked_key, tag)
            r.zrem(Channel.unacked_index_key, tag)


# --- The worker ---------------------------------------------------------------------------------


def tunggu(syarat: Callable[[], object], *, batas: float = 20, pesan: str = "", selang: float = 0.05):
    """Polls until `syarat()` is truthy; returns its value, fails with `pesan` after `batas` seconds."""
    akhir = time.monotonic() + batas
    while True:
        hasil = syarat()
        if hasil:
            return hasil
        if time.monotonic() > akhir:
            pytest.fail(f"Waktu habis ({batas} s): {pesan}")
        time.sleep(selang)


class Pekerja:
    """One `celery worker` process, in its own process group (its pool children die with it)."""

    def __init__(self, nama: str, argumen: list[str], env: dict, berkas_log: Path):
        self.nama = nama
        self.berkas_log = berkas_log
        with open(berkas_log, "wb") as log:
            self.proses = subprocess.Popen(
                argumen, cwd=AKAR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def log(self) -> str:
        """The worker's log as text. It logs JSON lines (settings.LOGGING, DEBUG=0): each is read as
        its message (and traceback), so the patterns below match what Celery wrote."""
        return "\n".join(
            f"{b['message']}\n{b['exc_info']}" if b.get("exc_info") else b["message"] if "message" in b else baris
            for baris, b in self._baris()
        )

    def log_json(self) -> list[dict]:
        """The worker's JSON log lines (the startup banner, not logged, is left out)."""
        return [b for _, b in self._baris() if "message" in b]

    def _baris(self):
        mentah = self.berkas_log.read_text(errors="replace") if self.berkas_log.exists() else ""
        for baris in mentah.splitlines():
            try:
                b = json.loads(baris)
            except ValueError:
                b = {}
            yield baris, b if isinstance(b, dict) else {}

    def hidup(self) -> bool:
        return self.proses.poll() is None

    def tunggu_siap(self, batas: float = 30) -> None:
        def siap():
            if not self.hidup():
                pytest.fail(f"Pekerja {self.nama} berhenti saat mulai (kode {self.proses.returncode}):\n{self.log()}")
            return " ready." in self.log()

        tunggu(siap, batas=batas, pesan=f"pekerja {self.nama} tidak siap", selang=0.1)

    def tunggu_tugas(self, task_id: str, batas: float = 20) -> str:
        """The logged return value of a finished task; fails when it raised or was retried."""
        pola = re.compile(rf"\[{re.escape(task_id)}\] (succeeded in \S+: (?P<hasil>.*)|retry: .*|raised .*)")
        m = tunggu(lambda: pola.search(self.log()), batas=batas, pesan=f"tugas {task_id} tidak selesai")
        if m["hasil"] is None:
            pytest.fail(f"Tugas {task_id} tidak sukses: {m[1]}")
        return m["hasil"].strip()

    def tunggu_senyap(self, batas: float = 20) -> None:
        """Until the queue is empty and every task the worker received has finished."""
        r = _redis()
        diterima = re.compile(r"\[([0-9a-f-]{36})\] received")
        selesai = re.compile(r"\[([0-9a-f-]{36})\] (succeeded in|retry:|raised)")

        def senyap():
            log = self.log()
            return r.llen(ANTREAN) == 0 and set(diterima.findall(log)) <= {m[0] for m in selesai.findall(log)}

        tunggu(senyap, batas=batas, pesan=f"pekerja {self.nama} masih sibuk")
        time.sleep(0.2)
        tunggu(senyap, batas=batas, pesan=f"pekerja {self.nama} masih sibuk")

    def bunuh(self) -> None:
        """SIGKILL to the whole group: the main process and the pool child inside the send."""
        try:
            os.killpg(self.proses.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proses.wait(timeout=10)

    def hentikan(self) -> None:
        """Warm shutdown, then SIGKILL for whatever is left of the group."""
        if self.hidup():
            self.proses.send_signal(signal.SIGTERM)
            try:
                self.proses.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.bunuh()


class LabPekerja:
    """What a test gets: start workers, read the e-mails they wrote, switch the broker off."""

    def __init__(self, folder: Path):
        self.folder_surat = folder / "surat"
        self.folder_penanda = folder / "penanda"
        self.folder_log = folder / "log"
        for f in (self.folder_surat, self.folder_penanda, self.folder_log):
            f.mkdir(parents=True, exist_ok=True)
        self.semua_pekerja: list[Pekerja] = []
        self.database_url = _database_url()

    def mulai(
        self,
        *,
        concurrency: int = 2,
        pool: str = "prefork",
        email_lambat: str | None = None,
        jeda: float = 120,
        email_url: str | None = None,
        lambat_setelah: int = 0,
    ) -> Pekerja:
        """Starts a worker on this process's queue and waits until it is ready. E-mail goes to the
        file backend in `folder_surat`; `email_lambat`: a mode of `email_lambat.EmailBackend`
        (`jeda` seconds inside each send) writing there, from the message after the first
        `lambat_setelah`; `email_url`: another EMAIL_URL."""
        nama = f"{ANTREAN}-{len(self.semua_pekerja) + 1}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.integrasi.settings_worker",
            DATABASE_URL=self.database_url,
            # The suite's read replica is a mirror of the test database: so is the worker's.
            DATABASE_REPLICA_URL=self.database_url if "replika" in django_settings.DATABASES else "",
            CELERY_BROKER_URL=broker_url(),
            EMAIL_URL=email_url or f"filemail:///{self.folder_surat}",
            DEBUG="0",
            UJI_ANTREAN=ANTREAN,
            # The folder stands in for the reporter's mail server: the message as SMTP delivers it,
            # whole, not the masked copy the project's own file backend keeps (netralitas.surel).
            UJI_EMAIL_BACKEND="tests.integrasi.email_lambat.EmailBackend"
            if email_lambat
            else ("" if email_url else "django.core.mail.backends.filebased.EmailBackend"),
            UJI_EMAIL_LAMBAT=email_lambat or "",
            UJI_EMAIL_LAMBAT_DETIK=str(jeda),
            UJI_EMAIL_LAMBAT_SETELAH=str(lambat_setelah),
            UJI_PENANDA_DIR=str(self.folder_penanda),
            PYTHONUNBUFFERED="1",
        )
        argumen = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "netralitas",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            f"--hostname={nama}@%h",
            f"--queues={ANTREAN}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        p = Pekerja(nama, argumen, env, self.folder_log / f"{nama}.log")
        self.semua_pekerja.append(p)
        p.tunggu_siap()
        return p

    def surat(self) -> list[email.message.Message]:
        """Every message the file backend wrote. Counted by message, not by file: the backend names
        files by the second and the backend object's id, so a process can append several to one."""
        hasil = []
        for berkas in sorted(self.folder_surat.glob("*.log")):
            for bagian in berkas.read_bytes().split(PEMISAH_SURAT):
                if bagian.strip():
                    hasil.append(email.message_from_bytes(bagian))
        return hasil

    def message_id_surat(self) -> list[str]:
        return sorted(m["Message-ID"] for m in self.surat())

    @contextmanager
    def broker_mati(self):
        """Publishing goes to a port that refuses connections, as when Redis is down."""
        from netralitas.celery import app
        from tests.conftest import _reset_pool

        app.conf.broker_write_url = BROKER_MATI
        _reset_pool(app)
        try:
            yield
        finally:
            app.conf.broker_write_url = broker_url()
            _reset_pool(app)

    def tutup(self) -> None:
        for p in self.semua_pekerja:
            p.hentikan()


@pytest.fixture
def pekerja_celery(request, _data_dasar, tmp_path, settings):
    """Undoes the suite's eager tasks for one test: this process publishes to the real broker, on
    this process's queue; `mulai()` starts workers, which are stopped (and their logs attached to a
    failure) afterwards."""
    from netralitas.celery import app
    from tests.conftest import _reset_pool

    lama = {k: app.conf[k] for k in ("task_always_eager", "broker_write_url", "task_default_queue")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_write_url=broker_url(), task_default_queue=ANTREAN)
    _reset_pool(app)
    _bersihkan_antrean()
    lab = LabPekerja(tmp_path)
    request.node.stash[KUNCI_LAB] = lab
    try:
        yield lab
    finally:
        try:
            lab.tutup()
        finally:
            app.conf.update(**lama)
            _reset_pool(app)
            _bersihkan_antrean()

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the regions of Jawa Timur (35) and Kota Bandung (32.73): enough for
    scoping between regions, small enough to load in a second. One test loads the whole country."""
    with django_db_blocker.unblock():
        call_command("load_wilayah", awalan="35", verbosity=0)
        call_command("load_wilayah", awalan="32.73", verbosity=0)


def _sidik_statik() -> str:
    """A fingerprint of everything collectstatic reads (each source file's name and content) and of
    the storage that writes it: the same fingerprint, the same collected folder."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.utils.module_loading import import_string

    h = hashlib.sha256()
    kelas = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    for k in kelas.__mro__:
        if k.__module__.startswith(("netralitas", "whitenoise", "django")):
            h.update(f"{k.__module__}.{k.__qualname__}".encode())
    import whitenoise

    h.update(whitenoise.__version__.encode() if hasattr(whitenoise, "__version__") else b"")
    h.update(Path(__file__).resolve().parents[1].joinpath("netralitas", "statik.py").read_bytes())
    berkas = []
    for finder in finders.get_finders():
        for jalur, penyimpanan in finder.list(["CVS", ".*", "*~"]):
            berkas.append(
                (getattr(penyimpanan, "prefix", None) or "", jalur, os.path.join(penyimpanan.location, jalur))
            )
    for awalan, jalur, asal in sorted(berkas):
        h.update(f"{awalan}/{jalur}\0".encode())
        h.update(hashlib.sha256(Path(asal).read_bytes()).digest())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session", autouse=True)
def _statik_terkumpul():
    """The suite runs with DEBUG=0, as production, so pages name the hashed files of the manifest
    (netralitas.statik) and whitenoise serves STATIC_ROOT: both need collectstatic. It runs once per
    change of the static sources, not per session: brotli at its best level makes a collection cost
    several seconds. The folder is named by the fingerprint of what it holds, in the system's temp
    folder (outside VAR_DIR, as in production), so checkouts with the same sources share it. xdist
    workers that collect at the same time each write a folder of their own and the first rename
    wins; folders of other fingerprints are removed after a day unused."""
    import tempfile
    import time

    from django.test import override_settings

    induk = Path(tempfile.gettempdir()) / f"posko-netralitas-uji-statik-{os.getuid()}"
    sidik = _sidik_statik()
    folder = induk / sidik
    if not (folder / "staticfiles.json").exists():
        induk.mkdir(parents=True, exist_ok=True)
        sementara = induk / f"{sidik}.{os.getpid()}.sementara"
        shutil.rmtree(sementara, ignore_errors=True)
        with override_settings(STATIC_ROOT=sementara):
            call_command("collectstatic", "--noinput", verbosity=0)
        try:
            sementara.rename(folder)
        except OSError:  # another worker's folder is already there: the same files
            shutil.rmtree(sementara, ignore_errors=True)
        for lama in induk.iterdir():
            if lama.name != sidik and lama.stat().st_mtime < time.time() - 86400:
                shutil.rmtree(lama, ignore_errors=True)
    os.utime(folder)  # in use: the clean-up above measures a day from the last session
    statik = override_settings(STATIC_ROOT=folder)
    statik.enable()
    yield folder
    statik.disable()


@pytest.fixture(scope="session", autouse=True)
def _hash_kata_sandi_cepat():
    """Tests only: PBKDF2's 1,000,000 rounds per staff user and login are the slowest part of many
    tests and prove nothing about the portal. Production keeps Django's default hashers (settings.py
    never names one); override_settings also tells Django to forget its cached hasher list."""
    from django.test import override_settings

    cepat = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    cepat.enable()
    yield
    cepat.disable()


@pytest.fixture(autouse=True)
def _tugas_eager_dan_batas_longgar(settings):
    """Unit tests run Celery tasks inline; tests that need the real broker say so with a marker."""
    from netralitas.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATELIMIT_LAPOR = "1000/m"
    settings.RATELIMIT_LACAK = "1000/m"
    yield


@pytest.fixture(autouse=True)
def _cache_bersih(settings):
    """A clean cache per test. On Redis (CI) the xdist workers share one database, so each worker
    keeps its own key prefix and clears only its own keys; a FLUSHDB would reset a neighbour's
    rate-limit counters mid-test."""
    from django.core.cache import cache

    from netralitas import cache_redis, versi_cache
    from netralitas.views import lupakan_readyz
    from netralitas.wilayah import selectors as wilayah
    from pengaduan import tenggat

    # What each process keeps for a couple of seconds goes with the cache it was read from.
    cache_redis.lupakan_gangguan()
    versi_cache._lokal.clear()
    tenggat._lokal.clear()
    wilayah._anak_lokal.clear()
    lupakan_readyz()
    cadangan = settings.CACHES["default"]
    if "redis" not in cadangan["BACKEND"].lower():
        cache.clear()
        yield
        return
    awalan = "uji-" + os.environ.get("PYTEST_XDIST_WORKER", "tunggal")
    settings.CACHES = {"default": {**cadangan, "KEY_PREFIX": awalan}}
    from django.core.cache import cache as cache_pekerja

    klien = cache_pekerja.client.get_client(write=True)
    kunci = list(klien.scan_iter(match=f"{awalan}:*"))
    if kunci:
        klien.delete(*kunci)
    yield


@pytest.fixture(autouse=True)
def _force_login_melewati_langkah_kedua(monkeypatch):
    """`Client.force_login` skips the password, never the second step: after it, the session passes
    the step through its real pages (tests/dua_faktor.py), enrolling the user the first time. One
    mechanism for every test that opens admin pages as staff (`client`, `admin_client`, any
    `Client()`), so none can forget the second factor and none is exempt from it. A test that
    needs a session before the second step logs in through the login page instead."""
    from django.test import Client

    from tests.dua_faktor import selesaikan_langkah_kedua

    asli = Client.force_login

    def force_login(self, user, backend=None):
        asli(self, user, backend)
        selesaikan_langkah_kedua(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def broker_mati():
    """Point task publishing at a port that refuses connections, as when Redis is down.

    Celery prefers the CELERY_BROKER_URL environment variable over `broker_url`, so the write URL
    (which takes precedence for publishing) is what we redirect."""
    from netralitas.celery import app

    lama = app.conf.broker_write_url
    app.conf.update(task_always_eager=False, broker_write_url="redis://127.0.0.1:1/0")
    _reset_pool(app)
    try:
        yield
    finally:
        app.conf.update(task_always_eager=True, broker_write_url=lama)
        _reset_pool(app)


def _reset_pool(app):
    app._pool = None
    app.amqp._producer_pool = None


# The real S3 API server (moto_server) and a bucket per test, for every package's tests
# (tests/penyimpanan/moto.py).
from tests.penyimpanan.moto import penyimpanan_s3, server_s3  # noqa: E402, F401

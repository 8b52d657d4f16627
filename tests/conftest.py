import os

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the regions of Jawa Timur (35) and Kota Bandung (32.73): enough for
    scoping between regions, small enough to load in a second. One test loads the whole country."""
    with django_db_blocker.unblock():
        call_command("load_wilayah", awalan="35", verbosity=0)
        call_command("load_wilayah", awalan="32.73", verbosity=0)


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

    from netralitas import versi_cache
    from pengaduan import tenggat

    # What each process keeps for a couple of seconds goes with the cache it was read from.
    versi_cache._lokal.clear()
    tenggat._lokal.clear()
    cadangan = settings.CACHES["default"]
    if "redis" not in cadangan["BACKEND"].lower():
        cache.clear()
        yield
        return
    awalan = "uji-" + os.environ.get("PYTEST_XDIST_WORKER", "tunggal")
    settings.CACHES = {"default": {**cadangan, "KEY_PREFIX": awalan}}
    from django.core.cache import cache as cache_pekerja

    klien = cache_pekerja._cache.get_client(write=True)
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

"""Backup and restore against the real tools: pg_dump and pg_restore on the suite's PostgreSQL
database, restored into databases the tests create beside it (named after the test database) and
drop afterwards; SQLite through files in the test's tmp folder.

- The `postgresql` tests need PostgreSQL (DATABASE_URL) and its client tools (pg_dump,
  pg_restore): without them they skip on a laptop and fail in CI (CI=true).
- pg_dump reads the database from a session of its own, so those tests commit for real
  (`django_db(transaction=True)`) and start from the session's data with the integration tests'
  snapshot (`_data_dasar`, tests/integrasi/conftest.py), which also puts the tables back after the
  module for the transactional tests that follow.
"""

import os
import shutil
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings

from tests.integrasi.conftest import _data_dasar, _potret_data  # noqa: F401 - shared fixtures


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture: nothing is created for a test that cannot run."""
    if item.get_closest_marker("postgresql") is None:
        return
    kurang = []
    if "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        kurang.append("DATABASE_URL bukan PostgreSQL")
    for alat in ("pg_dump", "pg_restore"):
        if shutil.which(alat) is None:
            kurang.append(f"{alat} tidak ada di PATH (paket postgresql-client)")
    if not kurang:
        return
    alasan = "Uji cadangan PostgreSQL butuh: " + "; ".join(kurang) + "."
    if os.environ.get("CI"):
        pytest.fail("CI harus menyediakannya. " + alasan, pytrace=False)
    pytest.skip(alasan)


@pytest.fixture
def penyimpanan(settings, tmp_path):
    """`penyimpanan("nama")`: from here on the private files live in tmp_path/nama."""

    def pakai(nama: str):
        folder = tmp_path / nama
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder, "base_url": None},
            },
        }
        return folder

    return pakai


def _daftarkan(alias: str, settings_dict: dict) -> None:
    from django.db import connections

    connections.settings[alias] = settings_dict


def _lupakan(alias: str) -> None:
    from django.db import connections

    if hasattr(connections._connections, alias):
        connections[alias].close()
        del connections[alias]
    connections.settings.pop(alias, None)


@contextmanager
def _pemeliharaan():
    """A connection to the server's `postgres` database, in autocommit (CREATE/DROP DATABASE)."""
    import psycopg2
    from django.db import connections

    sd = connections["default"].settings_dict
    koneksi = psycopg2.connect(
        dbname="postgres",
        user=sd.get("USER") or None,
        password=sd.get("PASSWORD") or None,
        host=sd.get("HOST") or None,
        port=sd.get("PORT") or None,
    )
    koneksi.autocommit = True
    try:
        with koneksi.cursor() as c:
            yield c
    finally:
        koneksi.close()


@pytest.fixture
def basis_data_baru():
    """`basis_data_baru()`: a new, empty PostgreSQL database as a new alias (returned) for the
    commands' --database; dropped after the test. Django's test case forbids connecting through an
    alias it was not told of, so tests read such a database through `memakai_basis_data`, and the
    commands through connections of their own."""
    from django.db import connections

    dibuat = []

    def buat(alias: str = "pulih") -> str:
        nama = f"{connections['default'].settings_dict['NAME']}_{alias}_{uuid.uuid4().hex[:6]}"
        with _pemeliharaan() as c:
            c.execute(f'CREATE DATABASE "{nama}"')
        dibuat.append((alias, nama))
        _daftarkan(alias, {**connections["default"].settings_dict, "NAME": nama})
        return alias

    yield buat
    for alias, nama in dibuat:
        _lupakan(alias)
        with _pemeliharaan() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')


@pytest.fixture
def basis_data_sqlite(tmp_path):
    """`basis_data_sqlite("alias")`: an alias for a SQLite file in tmp_path (not created yet)."""
    from django.db import connections

    dibuat = []

    def buat(alias: str) -> str:
        sd = {
            **connections["default"].settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / f"{alias}.sqlite3"),
            "OPTIONS": {},
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
        }
        _daftarkan(alias, sd)
        dibuat.append(alias)
        return alias

    yield buat
    for alias in dibuat:
        _lupakan(alias)


@contextmanager
def memakai_basis_data(alias: str):
    """Inside, Django's default connection is `alias`'s database: the services, the ORM and the beat's
    sweep work on it as they would after an operator pointed DATABASE_URL there."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.db.utils import load_backend

    asli = connections["default"]
    sd = dict(connections.settings[alias])
    pengganti = load_backend(sd["ENGINE"]).DatabaseWrapper(sd, "default")
    connections["default"] = pengganti
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        pengganti.close()
        connections["default"] = asli
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _cadangan_dir(settings, tmp_path):
    """CADANGAN_DIR (the default archive folder, and where a restore writes its report) inside the
    test's tmp folder, never the checkout's var/."""
    settings.CADANGAN_DIR = tmp_path / "cadangan-bawaan"
    return settings.CADANGAN_DIR


def polos(path):
    """The plain tar inside an encrypted archive (sandi.py), beside it: for tests that read the
    members themselves, or change them as someone holding CADANGAN_KEY could (then `sandikan`)."""
    from pathlib import Path

    from netralitas.cadangan import arsip

    path = Path(path)
    f, _, _ = arsip.buka(path)
    tujuan = path.with_name(path.name + ".polos")
    with f, open(tujuan, "wb") as keluar:
        shutil.copyfileobj(f, keluar)
    return tujuan


def sandikan(polos_path, tujuan) -> None:
    """A plain tar encrypted under CADANGAN_KEY's newest key, as `cadangkan` writes it."""
    from pathlib import Path

    from netralitas.cadangan import sandi

    with open(tujuan, "wb") as f:
        w = sandi.PenulisSandi(f, sandi.kunci_pengaturan()[0])
        w.write(Path(polos_path).read_bytes())
        w.akhiri()

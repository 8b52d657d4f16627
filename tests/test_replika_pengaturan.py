"""DATABASE_REPLICA_URL as settings read it (netralitas.produksi.replika): the primary's engine and
engine settings, a short connect timeout, a test mirror, the router; a replica of another engine
refuses the start with a message naming the variable."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from netralitas import produksi

UTAMA = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "posko",
    "CONN_MAX_AGE": 60,
    "CONN_HEALTH_CHECKS": True,
    "DISABLE_SERVER_SIDE_CURSORS": True,
}


def test_replika_mewarisi_pengaturan_mesin_utama_dan_batas_waktu_sambung():
    db = produksi.replika(
        {"ENGINE": "django.db.backends.postgresql", "NAME": "posko", "HOST": "10.0.0.12"}, UTAMA, connect_timeout=2
    )
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] and db["DISABLE_SERVER_SIDE_CURSORS"]
    assert db["OPTIONS"]["connect_timeout"] == 2
    assert db["TEST"]["MIRROR"] == "default"
    assert db["HOST"] == "10.0.0.12"


def test_batas_waktu_dari_url_didahulukan():
    db = produksi.replika(
        {"ENGINE": "django.db.backends.postgresql", "NAME": "posko", "OPTIONS": {"connect_timeout": 5}},
        UTAMA,
        connect_timeout=2,
    )
    assert db["OPTIONS"]["connect_timeout"] == 5


def test_mesin_lain_ditolak_dengan_nama_variabel():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL") as e:
        produksi.replika({"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}, UTAMA, connect_timeout=2)
    assert "postgresql" in str(e.value) and "sqlite3" in str(e.value)


def test_batas_waktu_sambung_nol_ditolak():
    with pytest.raises(ImproperlyConfigured, match="REPLIKA_CONNECT_TIMEOUT"):
        produksi.replika(dict(UTAMA), UTAMA, connect_timeout=0)


def test_suite_berjalan_dengan_replika_dan_routernya():
    """pyproject.toml gives the suite a replica (a mirror of the test database): the router is on."""
    assert "replika" in settings.DATABASES
    assert settings.DATABASE_ROUTERS == ["netralitas.replika.RouterReplika"]
    assert settings.DATABASES["replika"]["TEST"]["MIRROR"] == "default"

"""/healthz and /readyz (DESIGN.md §6)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.db.utils import OperationalError
from django.utils import timezone

from netralitas import views
from pengaduan import notifikasi
from pengaduan.models import Notifikasi, StatusNotifikasi
from tests.factories import buat_pengaduan, notifikasi_ke


@pytest.fixture(autouse=True)
def _readyz_dihitung_setiap_kali(monkeypatch):
    """These tests change the database, broker and outbox between two calls: no memo."""
    monkeypatch.setattr(views, "UMUR_READYZ", 0.0)


def test_healthz_menjawab_tanpa_menyentuh_database(client):
    # No django_db mark: any database access would fail this test.
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_siap_saat_database_terjangkau(client):
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_503_saat_database_tidak_terjangkau(client, monkeypatch):
    def putus(*args, **kwargs):
        raise OperationalError("koneksi ditolak")

    monkeypatch.setattr(connection, "cursor", putus)
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["status"] == "tidak siap"


@pytest.mark.django_db
def test_readyz_degraded_200_saat_broker_mati(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    r = client.get("/readyz")
    assert r.status_code == 200
    isi = r.json()
    assert (isi["status"], isi["database"], isi["broker"]) == ("degraded", "ok", "tidak terjangkau")


@pytest.mark.django_db
@pytest.mark.broker
def test_readyz_ok_dengan_broker_redis_sungguhan(client, settings):
    import os

    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI harus menyediakan CELERY_BROKER_URL (Redis).")
        pytest.skip("CELERY_BROKER_URL tidak diset (laptop tanpa Redis).")
    settings.CELERY_BROKER_URL = url
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["broker"] == "ok"


# --- The outbox in /readyz ---------------------------------------------------------------------
# A backlog or failed e-mails say "degraded" with 200, never 503: readiness takes a web node out of
# the load balancer, and an outbox problem is no node's fault; 503 on every node would stop intake.


@pytest.mark.django_db
def test_readyz_melaporkan_outbox_yang_kosong(client):
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["outbox"] == {
        "menunggu": 0,
        "menunggu_lama": 0,
        "batas_menit": 15,
        "gagal_baru": 0,
        "batas_jam": 24,
    }


@pytest.mark.django_db
def test_readyz_degraded_saat_email_tertahan_lebih_lama_dari_batas(client, broker_mati):
    with time_machine.travel(timezone.now(), tick=False) as waktu:
        buat_pengaduan(email="warga@contoh.id")  # the receipt e-mail waits: the broker is down
        menunggu = Notifikasi.objects.filter(status=StatusNotifikasi.MENUNGGU).count()
        assert menunggu >= 1
        r = client.get("/readyz")
        assert r.json()["status"] == "ok" and r.json()["outbox"]["menunggu"] == menunggu
        waktu.shift(datetime.timedelta(minutes=16))
        r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["status"] == "degraded"
    assert r.json()["outbox"]["menunggu_lama"] == menunggu


@pytest.mark.django_db
def test_readyz_degraded_saat_email_gagal_permanen_hari_ini_lalu_pulih(client, settings, broker_mati):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    buat_pengaduan(email="warga@contoh.id")
    n = notifikasi_ke("warga@contoh.id")[0]
    for _ in range(notifikasi.MAKS_PERCOBAAN_NOTIFIKASI):
        with pytest.raises(OSError):
            notifikasi.kirim_notifikasi(n.pk)
    n.refresh_from_db()
    assert n.status == StatusNotifikasi.GAGAL
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["status"] == "degraded" and r.json()["outbox"]["gagal_baru"] == 1
    # A day later the failure is history: /metrics keeps counting it, readiness is ok again.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        r = client.get("/readyz")
    assert r.json()["status"] == "ok" and r.json()["outbox"]["gagal_baru"] == 0


@pytest.mark.django_db
def test_readyz_503_tanpa_hitungan_outbox_saat_database_mati(client, monkeypatch):
    def putus(*args, **kwargs):
        raise OperationalError("koneksi ditolak")

    monkeypatch.setattr(connection, "cursor", putus)
    r = client.get("/readyz")
    assert r.status_code == 503 and "outbox" not in r.json()


@pytest.mark.django_db
def test_readyz_dihitung_sekali_per_beberapa_detik_per_proses(client, django_assert_num_queries, monkeypatch):
    """Anyone can reach /readyz: a burst of requests costs the database one check."""
    monkeypatch.setattr(views, "UMUR_READYZ", 5.0)
    assert client.get("/readyz").status_code == 200
    with django_assert_num_queries(0):
        for _ in range(20):
            assert client.get("/readyz").json()["status"] in ("ok", "degraded")

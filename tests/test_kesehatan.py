"""/healthz and /readyz (DESIGN.md §6)."""

import pytest
from django.db import connection
from django.db.utils import OperationalError


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
    assert r.json() == {"status": "degraded", "database": "ok", "broker": "tidak terjangkau"}


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

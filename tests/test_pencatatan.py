"""Logs as JSON lines carrying the request id: on every line of the request, in the response's
X-Request-ID, and in the log lines of the Celery tasks the request enqueued, whether they run
inline (eager), from the message a worker receives, or in a real worker (tests/integrasi)."""

import io
import json
import logging
import re

import pytest
from kombu import Connection

from netralitas import pencatatan
from netralitas.celery import app
from tests.conftest import _reset_pool
from tests.factories import notifikasi_ke
from tests.pengaduan.test_intake import URL as URL_LAPOR
from tests.pengaduan.test_intake import data_sah

pytestmark = pytest.mark.django_db
ID = "uji-permintaan-7f3a9c21"


@pytest.fixture
def log_json():
    """What the process's own console handler (settings.LOGGING) writes, parsed line by line."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and any(isinstance(f, pencatatan.FilterKonteks) for f in h.filters)
    )
    tulisan = io.StringIO()
    lama = handler.setStream(tulisan)

    def baca() -> list[dict]:
        return [json.loads(baris) for baris in tulisan.getvalue().splitlines() if baris.strip()]

    yield baca
    handler.setStream(lama)


def test_id_dibuat_bila_tidak_ada_dan_dikembalikan_di_header(client):
    a, b = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", a["X-Request-ID"])
    assert a["X-Request-ID"] != b["X-Request-ID"]


@pytest.mark.parametrize("masuk", ["3f2b8c1d9e4a4b7c8d2e1f0a9b8c7d6e", "0b9c6c9e-3b8e-4f43-9a3d-1c2b5e6f7a8b", ID])
def test_id_dari_proksi_dipakai_bila_wajar(client, masuk):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=masuk)["X-Request-ID"] == masuk


@pytest.mark.parametrize(
    "masuk",
    ["", "pendek", "a" * 65, "ada spasi di dalamnya", 'kutip"dan\\miring', "baris\nbaru-palsu", "-awal-garis"],
)
def test_id_yang_tidak_wajar_diganti_bukan_disalin_ke_log(client, masuk):
    keluar = client.get("/healthz", HTTP_X_REQUEST_ID=masuk)["X-Request-ID"]
    assert keluar != masuk and re.fullmatch(r"[0-9a-f]{32}", keluar)


def test_baris_log_permintaan_berupa_json_dengan_id(client, log_json):
    r = client.get("/tidak-ada/", HTTP_X_REQUEST_ID=ID)
    assert r.status_code == 404
    baris = [b for b in log_json() if b["logger"] == "django.request"]
    # Django logs a 404 after the middleware has returned: the id is still there.
    assert baris and baris[0]["request_id"] == ID, log_json()
    assert baris[0]["level"] == "WARNING" and "/tidak-ada/" in baris[0]["message"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", baris[0]["waktu"])
    assert "request" not in baris[0]  # the request object's repr is not logged
    # Between requests the id is gone.
    logging.getLogger("netralitas.uji").warning("di luar permintaan")
    assert log_json()[-1]["request_id"] is None


def test_tugas_eager_yang_diantrekan_permintaan_mencatat_id_permintaan(
    client, log_json, django_capture_on_commit_callbacks
):
    # The test's transaction commits after the response (production commits inside the request):
    # the id is taken when the task is enqueued, not when the commit publishes it.
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL_LAPOR, data_sah(client, email="warga@contoh.id"), HTTP_X_REQUEST_ID=ID)
    assert r.status_code == 302 and r["X-Request-ID"] == ID
    tugas = [b for b in log_json() if b.get("task_name")]
    assert any(b["task_name"].startswith("pengaduan.tasks.kirim_notifikasi") for b in tugas), log_json()
    assert {b["request_id"] for b in tugas} == {ID}
    assert all(b["task_id"] for b in tugas)


@pytest.fixture
def broker_memori():
    """Publishing goes to kombu's in-memory transport, where this test reads the message back."""
    lama = app.conf.broker_write_url
    app.conf.update(task_always_eager=False, broker_write_url="memory://")
    _reset_pool(app)
    with Connection("memory://") as koneksi:
        antrean = koneksi.SimpleQueue(app.conf.task_default_queue)
        antrean.clear()
        try:
            yield antrean
        finally:
            antrean.clear()
            antrean.close()
            app.conf.update(task_always_eager=True, broker_write_url=lama)
            _reset_pool(app)


def test_pesan_tugas_membawa_id_dan_pekerja_memasangnya_untuk_log_tugas(
    client, broker_memori, log_json, django_capture_on_commit_callbacks
):
    from celery.worker.request import Request

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL_LAPOR, data_sah(client, email="warga@contoh.id"), HTTP_X_REQUEST_ID=ID)
    assert r.status_code == 302
    pesan = []
    while True:
        try:
            pesan.append(broker_memori.get(timeout=0.2))
        except broker_memori.Empty:
            break
    assert pesan, "the report enqueued its e-mail"
    assert {p.headers.get(pencatatan.HEADER_TUGAS) for p in pesan} == {ID}

    # What the worker does with such a message, in this process: the task's log lines carry the id.
    kirim = next(p for p in pesan if p.headers["task"].startswith("pengaduan.tasks.kirim_notifikasi"))
    sebelum = len(log_json())
    tugas = app.tasks[kirim.headers["task"]]
    Request(kirim, app=app, task=tugas, hostname="uji@lokal").execute()
    baris = [b for b in log_json()[sebelum:] if b.get("task_id") == kirim.headers["id"]]
    assert baris and {b["request_id"] for b in baris} == {ID}, log_json()[sebelum:]
    assert notifikasi_ke("warga@contoh.id", status="terkirim")
    # After the task, the worker's next lines belong to no request.
    logging.getLogger("netralitas.uji").warning("antara tugas")
    assert log_json()[-1]["request_id"] is None


def test_tugas_tanpa_permintaan_tanpa_id(log_json):
    """A task the beat enqueues belongs to no request: its lines say so, they do not inherit."""
    app.tasks["pengaduan.tasks.proses_tertunda"].apply()
    baris = [b for b in log_json() if b.get("task_name") == "pengaduan.tasks.proses_tertunda"]
    assert all(b["request_id"] is None for b in baris)


def test_header_tugas_yang_tidak_wajar_diabaikan(log_json):
    app.tasks["pengaduan.tasks.proses_tertunda"].apply(headers={pencatatan.HEADER_TUGAS: "baris\nlog palsu"})
    baris = [b for b in log_json() if b.get("task_name") == "pengaduan.tasks.proses_tertunda"]
    assert all(b["request_id"] is None for b in baris)
    app.tasks["pengaduan.tasks.proses_tertunda"].apply(headers={pencatatan.HEADER_TUGAS: ID})
    baris = [b for b in log_json() if b.get("task_name") == "pengaduan.tasks.proses_tertunda"]
    assert baris and baris[-1]["request_id"] == ID

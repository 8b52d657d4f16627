"""A real `celery worker` logs as the web does, one JSON object a line, and the lines of a task
carry the id of the request that enqueued it (netralitas.pencatatan): one id finds a report's
request in the web's log and its e-mail in the worker's.

Needs PostgreSQL and Redis (see conftest.py); skips without them, fails in CI without them.
"""

import pytest

from pengaduan.models import StatusNotifikasi
from tests.factories import notifikasi_ke
from tests.pengaduan.test_intake import URL as URL_LAPOR
from tests.pengaduan.test_intake import data_sah

from .conftest import tunggu

pytestmark = [pytest.mark.broker, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
ID = "uji-pekerja-5e1d2c3b4a"


def test_log_pekerja_membawa_id_permintaan_yang_mengantrekan_tugas(pekerja_celery, client):
    pekerja = pekerja_celery.mulai(concurrency=1)
    r = client.post(URL_LAPOR, data_sah(client, email="warga@contoh.id"), HTTP_X_REQUEST_ID=ID)
    assert r.status_code == 302 and r["X-Request-ID"] == ID
    tunggu(
        lambda: notifikasi_ke("warga@contoh.id", status=StatusNotifikasi.TERKIRIM),
        pesan="tanda terima e-mail tidak terkirim",
    )
    pekerja.tunggu_senyap()

    baris = pekerja.log_json()
    assert baris and all({"waktu", "level", "logger", "message", "request_id"} <= b.keys() for b in baris)
    tugas = [b for b in baris if b.get("task_id")]
    email = [b for b in tugas if b["task_name"].startswith("pengaduan.tasks.kirim_notifikasi")]
    assert any(" succeeded in " in b["message"] for b in email), baris
    # Every line the tasks of this report wrote carries the report's request id.
    assert tugas and {b["request_id"] for b in tugas} == {ID}, tugas

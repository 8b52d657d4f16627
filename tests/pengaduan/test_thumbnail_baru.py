"""New evidence's thumbnails with a broker: the filing request publishes nothing for them, and the
beat's job (`pengaduan.tasks.buat_thumbnail_baru`) finds every row still waiting and makes it."""

import pytest
from django.conf import settings

from pengaduan import bukti
from pengaduan.models import Bukti, Pengaduan, StatusThumbnail
from pengaduan.tasks import buat_thumbnail_baru as tugas_thumbnail_baru
from tests.factories import jpeg
from tests.pengaduan.test_intake import URL, data_sah

pytestmark = pytest.mark.django_db


@pytest.fixture
def dengan_broker(settings):
    """A broker is configured (not eager); nothing here may actually reach it."""
    from netralitas.celery import app
    from tests.conftest import _reset_pool

    lama = app.conf.broker_write_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_write_url="redis://127.0.0.1:1/0")
    _reset_pool(app)
    yield
    app.conf.update(task_always_eager=True, broker_write_url=lama)
    _reset_pool(app)


def _lapor_dua_foto(client, django_capture_on_commit_callbacks):
    data = data_sah(client, berkas=[jpeg(nama="a.jpg"), jpeg(nama="b.jpg")])
    with django_capture_on_commit_callbacks(execute=True) as tugas:
        r = client.post(URL, data)
    assert r.status_code == 302
    return tugas


def test_laporan_tidak_menerbitkan_tugas_thumbnail_lalu_beat_membuatnya(
    client, dengan_broker, django_capture_on_commit_callbacks
):
    tugas = _lapor_dua_foto(client, django_capture_on_commit_callbacks)
    # No e-mail given and no staff in the region: nothing at all to publish after the commit.
    assert tugas == []
    assert set(Bukti.objects.values_list("status_thumbnail", flat=True)) == {StatusThumbnail.MENUNGGU}

    assert bukti.buat_thumbnail_baru() == (2, False)
    semua = list(Bukti.objects.all())
    assert {b.status_thumbnail for b in semua} == {StatusThumbnail.SIAP}
    assert all(b.thumbnail.name for b in semua)
    assert bukti.buat_thumbnail_baru() == (0, False)  # a run with nothing waiting does nothing


def test_tanpa_broker_thumbnail_dibuat_saat_laporan_disimpan(client, django_capture_on_commit_callbacks):
    """`make run` has no worker and no beat: the thumbnail is made as the report commits."""
    _lapor_dua_foto(client, django_capture_on_commit_callbacks)
    assert set(Bukti.objects.values_list("status_thumbnail", flat=True)) == {StatusThumbnail.SIAP}


def test_satu_putaran_dibatasi_waktunya_dan_sisanya_dilanjutkan(
    client, dengan_broker, django_capture_on_commit_callbacks, monkeypatch
):
    _lapor_dua_foto(client, django_capture_on_commit_callbacks)
    # A clock that moves one second per reading: a 1.5 s run makes one thumbnail and stops.
    detik = iter(range(1000))
    monkeypatch.setattr(bukti.time, "monotonic", lambda: next(detik))
    assert bukti.buat_thumbnail_baru(batas_detik=1.5) == (1, True)
    assert Bukti.objects.filter(status_thumbnail=StatusThumbnail.MENUNGGU).count() == 1
    # The task hands the rest to the next message at once rather than to the next tick.
    lanjut = []
    monkeypatch.setattr(tugas_thumbnail_baru, "delay", lambda: lanjut.append(1))
    monkeypatch.setattr(bukti, "buat_thumbnail_baru", lambda: (1, True))
    assert tugas_thumbnail_baru() == 1 and lanjut == [1]


def test_penyimpanan_tak_terjangkau_baris_tetap_menunggu(
    client, dengan_broker, django_capture_on_commit_callbacks, monkeypatch
):
    _lapor_dua_foto(client, django_capture_on_commit_callbacks)
    monkeypatch.setattr(bukti, "buat_thumbnail", lambda pk: None)  # what it returns when the store is down
    assert bukti.buat_thumbnail_baru() == (0, False)
    assert Bukti.objects.filter(status_thumbnail=StatusThumbnail.MENUNGGU).count() == 2
    assert Pengaduan.objects.count() == 1


def test_beat_menjadwalkan_tugas_di_antrean_lambat():
    jadwal = {j["task"]: j for j in settings.CELERY_BEAT_SCHEDULE.values()}
    tugas = jadwal["pengaduan.tasks.buat_thumbnail_baru"]
    assert tugas["schedule"] == bukti.THUMBNAIL_SETIAP
    assert tugas["options"]["expires"] <= tugas["schedule"]
    assert settings.CELERY_TASK_ROUTES["pengaduan.tasks.buat_thumbnail_baru"] == {"queue": "lambat"}

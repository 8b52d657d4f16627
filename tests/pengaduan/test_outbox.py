"""The outbox's bookkeeping without a worker: a failed send is counted and kept, a row past the limit
is failed for good, and the beat re-sends the oldest rows first, not those whose task is retrying."""

import pytest
from django.utils import timezone

from pengaduan import notifikasi
from pengaduan.models import Notifikasi, StatusNotifikasi

pytestmark = pytest.mark.django_db


def _baris(**kw):
    return Notifikasi.objects.create(email="a@contoh.id", jenis="uji", subjek="Uji", isi_teks="Isi", **kw)


def test_gagal_kirim_tercatat_lalu_gagal_permanen(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    n = _baris(percobaan=notifikasi.MAKS_PERCOBAAN_NOTIFIKASI - 2)
    with pytest.raises(OSError):
        notifikasi.kirim_notifikasi(n.pk)
    n.refresh_from_db()
    assert (n.status, n.percobaan) == (StatusNotifikasi.MENUNGGU, notifikasi.MAKS_PERCOBAAN_NOTIFIKASI - 1)
    assert n.galat and n.dicoba_pada is not None
    with pytest.raises(OSError):
        notifikasi.kirim_notifikasi(n.pk)
    n.refresh_from_db()
    assert n.status == StatusNotifikasi.GAGAL
    assert notifikasi.kirim_notifikasi(n.pk) is False  # a failed row is not tried again


def test_beat_mengambil_yang_tertua_dan_tidak_yang_baru_dicoba(monkeypatch):
    from pengaduan import tasks

    terkirim = []
    monkeypatch.setattr(tasks.kirim_notifikasi_banyak, "apply_async", lambda args, **_: terkirim.extend(*args))
    lama = timezone.now() - timezone.timedelta(hours=1)
    tua = _baris(dibuat=lama - timezone.timedelta(minutes=5))
    muda = _baris(dibuat=lama)
    baru_dicoba = _baris(dibuat=lama, dicoba_pada=timezone.now())
    dicoba_dulu = _baris(dibuat=lama, dicoba_pada=timezone.now() - timezone.timedelta(minutes=30))
    _baris(dibuat=lama, status=StatusNotifikasi.GAGAL)
    tasks.proses_tertunda(umur_detik=60)
    assert terkirim[0] == tua.pk
    assert set(terkirim) == {tua.pk, muda.pk, dicoba_dulu.pk}
    assert baru_dicoba.pk not in terkirim

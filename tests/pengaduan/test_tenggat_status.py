"""Every status the law times carries its deadline, wherever the case got there from; staff are told
each morning what falls due and what is overdue, and the office above of what is long overdue."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from netralitas.akun.models import Peran
from pengaduan import workflow
from pengaduan.models import STATUS_TERMINAL, Notifikasi, Pengaduan, Status
from pengaduan.triase import pengingat
from tests.factories import bawa_ke_status, buat_pengaduan, buat_staf, majukan_waktu

pytestmark = pytest.mark.django_db

TERBUKA = [s for s in Status.values if s not in STATUS_TERMINAL]


def test_setiap_status_terbuka_bertenggat_atau_beralasan_tanpa_tenggat():
    for s in TERBUKA:
        assert (s in workflow.LANGKAH_TENGGAT) != (s in workflow.TANPA_TENGGAT), s
    assert not set(workflow.LANGKAH_TENGGAT) & set(STATUS_TERMINAL)


@pytest.mark.parametrize("jenis", ["pemilu", "pilkada"])
@pytest.mark.parametrize("status", sorted(workflow.LANGKAH_TENGGAT))
def test_status_bertenggat_membawa_tenggat_di_halaman_kasus(status, jenis, client):
    """Walked there through the services, the case has a deadline and its page shows it."""
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", jenis_pemilihan=jenis)
    p = bawa_ke_status(p, status)
    assert p.tenggat is not None, f"{status} ({jenis}) tanpa tenggat"
    if status in workflow.STATUS_TINDAK_LANJUT:
        return  # the agency's deadline: shown on the reviewer's page and the overdue-recommendation filter
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))
    html = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert date_format(p.tenggat, "j F Y") in html


_maju = majukan_waktu


def test_klarifikasi_meneruskan_hari_penanganan_sejak_registrasi(monkeypatch):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", jenis_pemilihan="pilkada")
    p = bawa_ke_status(p, Status.DIREGISTRASI)
    tenggat_registrasi = p.tenggat
    _maju(monkeypatch, 1)
    p = bawa_ke_status(p, Status.KLARIFIKASI)
    assert p.tenggat == tenggat_registrasi  # the same 3 (+2) days, not a fresh start


def test_kasus_klarifikasi_lewat_tenggat_masuk_filter_lewat(monkeypatch, client):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007", jenis_pemilihan="pilkada")
    p = bawa_ke_status(p, Status.KLARIFIKASI)
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    _maju(monkeypatch, 10)
    r = client.get(reverse("admin:pengaduan_pengaduan_changelist") + "?tenggat=lewat")
    assert [x.pk for x in r.context["cl"].result_list] == [p.pk]


# --- The daily digest --------------------------------------------------------------------------


@pytest.fixture
def kantor():
    return {
        "malang": buat_staf(Peran.BAWASLU_KABKOTA, "35.07"),
        "jatim": buat_staf(Peran.BAWASLU_PROVINSI, "35"),
        "ri": buat_staf(Peran.BAWASLU_RI, None),
        "bandung": buat_staf(Peran.BAWASLU_KABKOTA, "32.73"),
    }


def _pagi(tanggal: datetime.date, jam=7):
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(jam)))


def _kasus(status, jenis="pilkada", wilayah="35.07.13.1007"):
    p, _ = buat_pengaduan(wilayah=wilayah, jenis_pemilihan=jenis)
    return bawa_ke_status(p, status)


@pytest.fixture
def kasus_tenggat(monkeypatch):
    """A case long overdue, one due tomorrow, one not yet due; returns them and the morning seen."""
    lama = _kasus(Status.KLARIFIKASI)
    kembali = _maju(monkeypatch, 20)
    besok = _kasus(Status.KAJIAN_AWAL)
    belum = _kasus(Status.KLARIFIKASI, jenis="pemilu")
    kembali()
    hari = besok.tenggat - datetime.timedelta(days=1)
    assert belum.tenggat > besok.tenggat and (hari - lama.tenggat).days > 5
    return lama, besok, belum, hari


def test_ringkasan_harian_ke_kantor_penanganan_dan_eskalasi_ke_atas(
    kasus_tenggat, kantor, settings, client, django_capture_on_commit_callbacks
):
    lama, besok, belum, hari = kasus_tenggat
    settings.TENGGAT_ESKALASI_HARI = 3
    mail.outbox.clear()

    assert pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(hari, 5)) == 0  # before the office opens
    with django_capture_on_commit_callbacks(execute=True):
        ditulis = pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(hari))
    penerima = set(
        Notifikasi.objects.filter(jenis__in=["ringkasan_tenggat", "eskalasi_tenggat"]).values_list("email", flat=True)
    )
    # Every Bawaslu Kabupaten Malang account (one made by the walk above) and Bawaslu Jawa Timur's.
    assert penerima == {u.email for u in get_user_model().objects.filter(profil_staf__wilayah_id__in=["35.07", "35"])}
    assert ditulis == len(penerima)

    r = Notifikasi.objects.get(penerima=kantor["malang"], jenis="ringkasan_tenggat")
    assert "1 lewat tenggat" in r.subjek and "1 jatuh tempo" in r.subjek
    assert lama.nomor_registrasi in r.isi_teks and f"#{besok.pk}" in r.isi_teks
    assert belum.nomor_registrasi not in r.isi_teks
    e = Notifikasi.objects.get(penerima=kantor["jatim"], jenis="eskalasi_tenggat")
    assert lama.nomor_registrasi in e.isi_teks and f"#{besok.pk}" not in e.isi_teks
    assert "Kabupaten Malang" in e.isi_teks
    assert not Notifikasi.objects.filter(penerima__in=[kantor["ri"], kantor["bandung"]]).exists()
    assert {m.to[0] for m in mail.outbox} == penerima
    # No reporter or terlapor in a staff e-mail: numbers, status, dates.
    assert "Warga Uji" not in r.isi_teks and "Pejabat Uji" not in r.isi_teks

    # The digest is in the recipient's notifications in the admin.
    client.force_login(kantor["malang"])
    assert "Ringkasan tenggat" in client.get(reverse("admin:notifikasi_saya")).content.decode()

    # Hourly beat runs write it once a day.
    assert pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(hari, 9)) == 0
    assert Notifikasi.objects.filter(jenis__in=["ringkasan_tenggat", "eskalasi_tenggat"]).count() == ditulis


def test_eskalasi_hanya_lewat_ambang_yang_diatur(kasus_tenggat, kantor, settings):
    lama, _, _, hari = kasus_tenggat
    settings.TENGGAT_ESKALASI_HARI = (hari - lama.tenggat).days
    pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(hari))
    assert not Notifikasi.objects.filter(jenis="eskalasi_tenggat").exists()
    assert Notifikasi.objects.filter(jenis="ringkasan_tenggat", penerima=kantor["malang"]).exists()
    settings.TENGGAT_ESKALASI_HARI -= 1
    pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(hari))
    assert Notifikasi.objects.filter(jenis="eskalasi_tenggat", penerima=kantor["jatim"]).exists()


def test_kasus_di_tangan_instansi_tidak_diringkas_lagi(kantor):
    """Forwarded cases have the agency's own daily reminder."""
    p = _kasus(Status.DITERUSKAN)
    assert pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(p.tenggat + datetime.timedelta(days=30))) == 0


def test_jalur_tugas_terdaftar_di_beat():
    from django.conf import settings

    tugas = {v["task"] for v in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "pengaduan.tasks.kirim_ringkasan_tenggat" in tugas
    from pengaduan import tasks

    assert tasks.kirim_ringkasan_tenggat.name == "pengaduan.tasks.kirim_ringkasan_tenggat"


def test_tanpa_pengaduan_tidak_ada_yang_ditulis(kantor):
    assert Pengaduan.objects.count() == 0
    assert pengingat.kirim_ringkasan_tenggat(sekarang=_pagi(timezone.localdate())) == 0


def test_migrasi_memberi_tenggat_kasus_klarifikasi_lama():
    """Cases the old code moved into klarifikasi without a deadline get the handling deadline
    counted from their registration."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    p = _kasus(Status.KLARIFIKASI)
    benar = p.tenggat
    with connection.cursor() as c:  # what the old code left: written around the ORM, as it was
        c.execute("UPDATE pengaduan_pengaduan SET tenggat = NULL WHERE id = %s", [p.pk])
    nama = "0012_isi_ulang_kolom_turunan"
    keadaan = MigrationLoader(connection).project_state(("pengaduan", nama))
    importlib.import_module(f"pengaduan.migrations.{nama}").isi_tenggat_yang_hilang(keadaan.apps, None)
    p.refresh_from_db()
    assert p.tenggat == benar

"""The load test's seeders: each app seeds its own rows, and each refuses a database holding a real
row of either app (netralitas/uji_beban.py)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from netralitas.uji_beban import UID_KEGIATAN
from pengaduan.models import Pengaduan
from sosialisasi.models import DistribusiBahan, Kegiatan
from tests.factories import buat_pengaduan


def kegiatan(wilayah, *, peserta=(100, 0), terbit=True, hari=-3):
    return Kegiatan.objects.create(
        jenis="sosialisasi",
        judul="Sosialisasi netralitas ASN",
        mulai=timezone.now() + datetime.timedelta(days=hari),
        wilayah_id=wilayah,
        penyelenggara="Bawaslu",
        peserta_luring=peserta[0],
        peserta_daring=peserta[1],
        terbit=terbit,
    )


def test_seed_bench_membuat_kegiatan_uji_beban(db, tmp_path):
    call_command("seed_bench_sosialisasi", kegiatan=300, stdout=io.StringIO())
    semua = list(Kegiatan.objects.all())
    assert len(semua) == 300
    sekarang = timezone.now()
    assert all(UID_KEGIATAN[0] <= k.uid <= UID_KEGIATAN[1] for k in semua)
    assert all(k.provinsi == k.wilayah_id[:2] and k.kabkota == k.wilayah_id[:5] for k in semua if len(k.wilayah_id) > 2)
    assert any(not k.terbit for k in semua) and any(k.mulai > sekarang for k in semua)
    assert all(k.jumlah_peserta == 0 for k in semua if k.mulai > sekarang)
    assert DistribusiBahan.objects.filter(kegiatan__in=semua).exists()
    # Down to fewer: start over with that many.
    call_command("seed_bench_sosialisasi", kegiatan=50, stdout=io.StringIO())
    assert Kegiatan.objects.count() == 50


def test_seed_bench_menolak_basis_data_dengan_kegiatan_sungguhan(db, tmp_path):
    kegiatan("35.07")
    with pytest.raises(CommandError):
        call_command("seed_bench", pengaduan=1, kode_sampel=0, berkas_kode=str(tmp_path / "k"), stdout=io.StringIO())
    assert not Pengaduan.objects.exists()


def test_seed_bench_sosialisasi_menolak_basis_data_dengan_pengaduan_sungguhan(db):
    buat_pengaduan()
    with pytest.raises(CommandError):
        call_command("seed_bench_sosialisasi", kegiatan=5, stdout=io.StringIO())
    assert not Kegiatan.objects.exists()


def test_seed_bench_sosialisasi_menolak_basis_data_dengan_kegiatan_sungguhan(db):
    asli = kegiatan("35.07")
    with pytest.raises(CommandError):
        call_command("seed_bench_sosialisasi", kegiatan=5, stdout=io.StringIO())
    assert list(Kegiatan.objects.all()) == [asli]

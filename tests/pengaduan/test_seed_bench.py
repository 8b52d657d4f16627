"""seed_bench: benchmark cases whose every column is what intake and the workflow would have written."""

import io
import uuid
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from netralitas.identitas import normalkan_nama, validasi_nik, validasi_nip
from netralitas.uji_beban import TOKEN_KIRIMAN, TOKEN_SEED
from pengaduan import kode as kode_pelacakan
from pengaduan import workflow
from pengaduan.management.commands.seed_bench import jalur_status
from pengaduan.models import (
    Pelapor,
    Pengaduan,
    PeristiwaPengaduan,
    Status,
    Sumber,
    Terlapor,
    TingkatKantor,
    UrutanRegistrasi,
)
from tests.factories import buat_pengaduan

pytestmark = pytest.mark.django_db


def seed(tmp_path, **opsi):
    opsi.setdefault("kode_sampel", 0)
    call_command("seed_bench", berkas_kode=str(tmp_path / "kode.txt"), stdout=io.StringIO(), **opsi)


def test_kasus_konsisten_dengan_yang_ditulis_layanan(tmp_path):
    seed(tmp_path, pengaduan=150, batch=60)

    kasus = list(Pengaduan.objects.all())
    jalur = jalur_status()
    assert len(kasus) == 150
    assert len({p.kode_hash for p in kasus}) == 150
    for p in kasus:
        assert TOKEN_SEED[0] <= p.token_pengajuan <= TOKEN_SEED[1]
        assert p.versi == 1 and p.pernyataan_benar
        kantor = p.kantor_wilayah_id
        assert p.kantor_tingkat in (TingkatKantor.KABKOTA, TingkatKantor.PROVINSI)
        assert len(kantor) == (5 if p.kantor_tingkat == TingkatKantor.KABKOTA else 2)
        # The columns Pengaduan.save() derives, written by the command itself.
        assert p.kantor_provinsi == kantor[:2]
        assert p.kantor_kabkota == (kantor[:5] if len(kantor) >= 5 else "")
        assert p.wilayah_id.startswith(kantor)
        assert p.tanggal_kejadian <= p.tanggal_diketahui <= timezone.localtime(p.dibuat).date()
        # A case past registration has its number; one before it has none.
        assert bool(p.nomor_registrasi) == (Status.DIREGISTRASI in jalur[p.status])
        assert hasattr(p, "pelapor") == (p.sumber == Sumber.LAPORAN)

    nomor = [p.nomor_registrasi for p in kasus if p.nomor_registrasi]
    assert len(nomor) == len(set(nomor))
    # The offices' counters are past every seeded number, so the service never issues one again.
    for n in nomor:
        urut, _, jenis, _, tingkat, kode, _, tahun = n.split("/")
        tingkat = {"Kab": TingkatKantor.KABKOTA, "Prov": TingkatKantor.PROVINSI}[tingkat]
        urutan = UrutanRegistrasi.objects.get(kantor_tingkat=tingkat, kantor_kode=kode, tahun=tahun, jenis=jenis)
        assert urutan.terakhir >= int(urut)


def test_terlapor_pelapor_dan_peristiwa_sah(tmp_path):
    seed(tmp_path, pengaduan=80)

    jumlah_terlapor = Counter(Terlapor.objects.values_list("pengaduan_id", flat=True))
    assert set(jumlah_terlapor.values()) <= {1, 2} and len(jumlah_terlapor) == 80
    for t in Terlapor.objects.all():
        assert t.nama_cari == normalkan_nama(t.nama)
        if t.nip:
            assert validasi_nip(t.nip, pns=True) == t.nip
    for pl in Pelapor.objects.all():
        assert validasi_nik(pl.nik) == pl.nik

    status = dict(Pengaduan.objects.values_list("id", "status"))
    peristiwa = {}
    for e in PeristiwaPengaduan.objects.order_by("waktu", "id"):
        peristiwa.setdefault(e.pengaduan_id, []).append(e)
    assert len(peristiwa) == 80
    for pk, semua in peristiwa.items():
        assert 1 <= len(semua) <= 3
        assert (semua[0].dari_status, semua[0].ke_status) == ("", Status.DIAJUKAN)
        assert semua[-1].ke_status == status[pk]
        for e in semua[1:]:
            t = workflow.transisi(e.dari_status, e.ke_status)
            assert t is not None and (e.alasan or not t.alasan_wajib)


def test_kode_sampel_dapat_dilacak(tmp_path):
    seed(tmp_path, pengaduan=30, kode_sampel=5)

    kode = (tmp_path / "kode.txt").read_text().split()
    assert len(kode) == 5
    for k in kode:
        normal = kode_pelacakan.normalkan(k)
        p = Pengaduan.objects.get(kode_hash=kode_pelacakan.hash_kode(normal))
        assert p.kode_akhir == normal[-4:]


def test_sampai_hanya_menambah_kekurangannya(tmp_path):
    seed(tmp_path, pengaduan=10)
    seed(tmp_path, sampai=15)
    assert Pengaduan.objects.count() == 15
    seed(tmp_path, sampai=12)
    assert Pengaduan.objects.count() == 15
    seed(tmp_path, sampai=4, hapus=True)
    assert Pengaduan.objects.count() == 4


def test_menolak_basis_data_dengan_pengaduan_asli(tmp_path):
    buat_pengaduan()
    with pytest.raises(CommandError, match="bukan buatan uji beban"):
        seed(tmp_path, pengaduan=5)
    with pytest.raises(CommandError):
        seed(tmp_path, hapus=True)
    assert Pengaduan.objects.count() == 1


def test_hapus_kiriman_hanya_menghapus_kiriman_uji_beban(tmp_path):
    seed(tmp_path, pengaduan=5)
    kiriman, _ = buat_pengaduan(token_pengajuan=uuid.UUID(int=TOKEN_KIRIMAN[0].int + 7))

    seed(tmp_path, hapus_kiriman=True)

    assert not Pengaduan.objects.filter(pk=kiriman.pk).exists()
    assert Pengaduan.objects.count() == 5

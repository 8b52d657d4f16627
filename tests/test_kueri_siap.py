"""Queries compiled once per process (netralitas.kueri_siap) answer as the queryset itself would,
for every case they are run for: the reporter's page reads the same rows, objects and related
objects with them as through the ORM, and nothing of one case's answer reaches another's."""

import pytest
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from netralitas.akun.models import Peran
from netralitas.kueri_siap import PENANDA, KueriSiap
from pengaduan import selectors
from pengaduan.bukti import simpan_unggahan_sementara
from pengaduan.models import LampiranPesan, Pengaduan, PeristiwaPengaduan, Pesan, Status
from pengaduan.pelaporan import services as pelaporan
from pengaduan.triase import services as triase
from tests.factories import bawa_ke_status, buat_pengaduan, buat_staf, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def dua_kasus():
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", username="bawaslu-malang")
    a, _ = buat_pengaduan(wilayah="35.07.13.1007")
    b, _ = buat_pengaduan(wilayah="35.07.13.1007")
    # Case a: a timeline past filing, a notice, a conversation both ways with an attachment.
    bawa_ke_status(a, Status.KAJIAN_AWAL)
    triase.kirim_pemberitahuan_status(pengaduan=a, oleh=staf)
    pelaporan.kirim_pesan_pelapor(
        pengaduan=a, teks="Ini fotonya.", unggahan=[simpan_unggahan_sementara(berkas=jpeg(nama="bukti.jpg"))]
    )
    triase.kirim_pesan_ke_pelapor(pengaduan=a, oleh=staf, teks="Terima kasih, kami kaji.")
    # Case b: one message of its own.
    pelaporan.kirim_pesan_pelapor(pengaduan=b, teks="Pesan kasus B.", unggahan=[])
    return a, b


def _percakapan_orm(p):
    return list(
        Pesan.objects.filter(pengaduan=p)
        .only("pengaduan_id", "arah", "teks", "dibuat")
        .prefetch_related(
            Prefetch("lampiran", queryset=LampiranPesan.objects.only("pesan_id", "nama_asli", "jenis", "ukuran"))
        )
        .order_by("dibuat", "id")
    )


def test_halaman_pelapor_membaca_yang_dibaca_orm(dua_kasus):
    for p in dua_kasus:
        orm = list(
            PeristiwaPengaduan.objects.filter(pengaduan=p, publik=True)
            .order_by("waktu", "id")
            .values_list("waktu", "ke_status", "pesan_pelapor")
        )
        assert selectors._KUERI_LINIMASA.baris(p.pk) == orm and orm
        assert selectors.pemberitahuan_terkirim(p) == list(p.pemberitahuan_status.values_list("dikirim_pada", "status"))
        siap, orm = selectors.percakapan_pelapor(p), _percakapan_orm(p)
        assert [(m.pk, m.arah, m.teks, m.dibuat) for m in siap] == [(m.pk, m.arah, m.teks, m.dibuat) for m in orm]
        assert [[(lp.pk, lp.nama_asli, lp.jenis, lp.ukuran) for lp in m.lampiran.all()] for m in siap] == [
            [(lp.pk, lp.nama_asli, lp.jenis, lp.ukuran) for lp in m.lampiran.all()] for m in orm
        ]
        kasus = selectors.pengaduan_halaman_pelapor(p.pk)
        p.refresh_from_db()
        assert kasus.pk == p.pk and kasus.kategori.nama == p.kategori.nama
        for kolom in ("status", "dicabut_pelapor", "nomor_registrasi", "tenggat", "perbaikan_diberitahu", "dibuat"):
            assert getattr(kasus, kolom) == getattr(p, kolom), kolom
    a, b = dua_kasus
    assert [m.teks for m in selectors.percakapan_pelapor(b)] == ["Pesan kasus B."]
    assert selectors.pemberitahuan_terkirim(b) == []
    assert selectors.pengaduan_halaman_pelapor(PENANDA) is None


def test_lampiran_dari_kueri_siap_tanpa_kueri_tambahan(dua_kasus, django_assert_num_queries):
    a, _ = dua_kasus
    with django_assert_num_queries(2):  # the messages, then their attachments
        pesan = selectors.percakapan_pelapor(a)
        nama = [lp.nama_asli for m in pesan for lp in m.lampiran.all()]
    assert nama == ["bukti.jpg"]


def test_kasus_tanpa_pesan_tidak_menanyakan_lampiran(dua_kasus, django_assert_num_queries):
    c, _ = buat_pengaduan(wilayah="35.07.13.1007")
    with django_assert_num_queries(1):
        assert selectors.percakapan_pelapor(c) == []


def test_sql_disusun_sekali_lalu_dipakai_ulang(dua_kasus):
    from django.db import connection

    a, b = dua_kasus
    kueri = KueriSiap(lambda id_: Pesan.objects.filter(pengaduan_id=id_).order_by("id").values_list("teks"))
    with CaptureQueriesContext(connection) as q:
        teks_a, teks_b = kueri.baris(a.pk), kueri.baris(b.pk)
    assert teks_a == list(Pesan.objects.filter(pengaduan=a).order_by("id").values_list("teks"))
    assert teks_b == [("Pesan kasus B.",)]
    assert q.captured_queries[0]["sql"].split("WHERE")[0] == q.captured_queries[1]["sql"].split("WHERE")[0]


def test_queryset_tanpa_penanda_ditolak():
    kueri = KueriSiap(lambda id_: Pengaduan.objects.filter(pk=1).values_list("pk"))
    with pytest.raises(ValueError, match="penanda"):
        kueri.baris(1)


def test_bentuk_hasil_salah_ditolak(dua_kasus):
    a, _ = dua_kasus
    with pytest.raises(TypeError):
        selectors._KUERI_PESAN.baris(a.pk)
    with pytest.raises(TypeError):
        selectors._KUERI_LINIMASA.objek(a.pk)

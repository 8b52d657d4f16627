"""Rows written by netralitas.sisip are the rows the ORM writes: every column of every model a
report carries, compared with the same instances written by bulk_create; the primary keys come
back to the right instances when several groups share one statement; the fallback for other
databases is the ORM itself; and no model it writes has a save signal it would skip."""

import datetime
import uuid

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext

from netralitas import sisip
from pengaduan import transisi, workflow
from pengaduan.bukti import bukti_baru, simpan_unggahan_sementara
from pengaduan.models import Bukti, Pelapor, Pengaduan, PeristiwaPengaduan, Saksi, Tautan, Terlapor
from tests.factories import NIK_SAH, NIP_PNS_SAH, buat_pengaduan, jpeg

pytestmark = pytest.mark.django_db

MODEL = (Pengaduan, Pelapor, Terlapor, Saksi, Tautan, PeristiwaPengaduan, Bukti)


def _anak(p, unggahan):
    """One instance of each child model a report writes, built as simpan_pengaduan builds them."""
    return [
        [
            Pelapor(
                pengaduan=p,
                nama="Sri Wahyuni",
                nik=NIK_SAH,
                alamat="Jl. Merdeka 10",
                telepon="081234567890",
                email="sri@contoh.id",
                tanggal_lahir=datetime.date(1990, 6, 5),
            )
        ],
        [
            Terlapor(
                pengaduan=p, nama="Drs. H. Bambang Sutrisno, M.Si.", nip=NIP_PNS_SAH, instansi_teks="Pemkab Malang"
            ),
            Terlapor(pengaduan=p, nama="Ir. Siti Aminah", instansi_teks="Kecamatan Kepanjen"),
        ],
        [Saksi(pengaduan=p, nama="Budi", kontak="0812", keterangan="melihat langsung")],
        [Tautan(pengaduan=p, url="https://x.com/a/1"), Tautan(pengaduan=p, url="https://x.com/a/2")],
        [transisi.peristiwa_masuk(p, alasan="Pengaduan diterima.", peran=workflow.Aktor.SISTEM)],
        [bukti_baru(pengaduan=p, unggahan=unggahan)],
    ]


def _isi(obj) -> dict:
    """Every concrete field's value as the model reads it back (decrypted), minus the keys."""
    obj = type(obj).objects.get(pk=obj.pk)
    abaikan = {"id", "pengaduan", "waktu", "dibuat", "diperbarui", "kode_hash", "kode_akhir", "token_pengajuan"}
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in abaikan}


def test_baris_sama_dengan_yang_ditulis_orm():
    # Parents without a reporter (informasi awal), so each can take the Pelapor written here.
    a, _ = buat_pengaduan(sumber="informasi_awal")
    b, _ = buat_pengaduan(sumber="informasi_awal")
    u = simpan_unggahan_sementara(berkas=jpeg(nama="bukti.jpg"), simpan_baris=False)
    lewat_sisip, lewat_orm = _anak(a, u), _anak(b, u)
    sisip.sisipkan(*lewat_sisip)
    for g in lewat_orm:
        type(g[0]).objects.bulk_create(g)
    for gs, go in zip(lewat_sisip, lewat_orm, strict=True):
        for s, o in zip(gs, go, strict=True):
            assert s.pk and s.pk != o.pk and not s._state.adding
            assert _isi(s) == _isi(o), type(s).__name__
    # The derived search columns and the NIK's blind index were filled, not left empty.
    t = Terlapor.objects.get(pk=lewat_sisip[1][0].pk)
    assert t.nama_cari and t.nama_inti and t.nama_inti != t.nama_cari
    assert Pelapor.objects.get(pk=lewat_sisip[0][0].pk).nik_indeks
    # The case itself: written by sisip, it reads as the one the ORM would have written.
    c = Pengaduan(**{f.attname: getattr(a, f.attname) for f in a._meta.concrete_fields if f.name != "id"})
    c.token_pengajuan = uuid.uuid4()
    c.kode_hash = "0" * 64
    sisip.sisipkan([c])
    assert c.pk != a.pk and _isi(c) == _isi(a)


def test_kunci_kembali_ke_instans_yang_benar():
    p, _ = buat_pengaduan()
    tautan = [Tautan(pengaduan=p, url=f"https://x.com/t/{i}") for i in range(7)]
    terlapor = [Terlapor(pengaduan=p, nama=f"Pejabat {i}", instansi_teks="Pemkab") for i in range(3)]
    with CaptureQueriesContext(connection) as q:
        sisip.sisipkan(tautan, [], terlapor)
    assert len(q.captured_queries) == 1
    assert all(Tautan.objects.get(pk=t.pk).url == t.url for t in tautan)
    assert all(Terlapor.objects.get(pk=t.pk).nama == t.nama for t in terlapor)


def test_basis_data_lain_memakai_orm(monkeypatch):
    p, _ = buat_pengaduan()
    monkeypatch.setattr(type(connections["default"]), "vendor", "sqlite")
    tautan = [Tautan(pengaduan=p, url="https://x.com/lain")]
    sisip.sisipkan(tautan)
    monkeypatch.undo()
    assert Tautan.objects.get(pk=tautan[0].pk).url == "https://x.com/lain"


def test_satu_kelompok_satu_model():
    p, _ = buat_pengaduan()
    with pytest.raises(TypeError):
        sisip.sisipkan([Tautan(pengaduan=p, url="https://x.com/1"), Saksi(pengaduan=p, nama="B")])


def test_tidak_ada_sinyal_simpan_yang_terlewati():
    for model in MODEL:
        for sinyal in (pre_save, post_save):
            assert not sinyal.has_listeners(model), f"{model.__name__} punya penerima {sinyal}"

"""Identities encrypted at rest (netralitas/enkripsi.py): what the column holds, what a moved or
unknown value does, key rotation and the start check, and the NIK search by blind index."""

import base64
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from netralitas import enkripsi, produksi
from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import Aksi, LogAudit
from pengaduan.models import Pelapor, Saksi
from tests.factories import buat_pengaduan, buat_peninjau, buat_staf

pytestmark = pytest.mark.django_db


def kunci_baru() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def mentah(sql: str, *param):
    with connection.cursor() as c:
        c.execute(sql, param)
        return c.fetchone()


def pelapor(nik="3507107112850003", nama="Kusumawardhani", rahasia=False) -> dict:
    return {"nama": nama, "nik": nik, "alamat": "Jl. Uji 9", "telepon": "081234567891", "email": "", "rahasia": rahasia}


def test_kolom_menyimpan_sandi_dan_kosong_tetap_kosong():
    p, _ = buat_pengaduan(pelapor=pelapor())
    nama, nik, email, tanggal = mentah(
        "SELECT nama, nik, email, tanggal_lahir FROM pengaduan_pelapor WHERE pengaduan_id = %s", p.pk
    )
    kid = enkripsi.id_kunci_terbaru()
    assert nama.startswith(f"i1:{kid}:") and nik.startswith(f"i1:{kid}:")
    assert "Kusumawardhani" not in nama and "3507107112850003" not in nik
    assert (email, tanggal) == ("", None)  # empty stays empty: no key needed, retention can empty it
    p = Pelapor.objects.get(pengaduan=p)
    assert (p.nama, p.nik) == ("Kusumawardhani", "3507107112850003")
    # Two encryptions of one value differ (random nonce): equal values are not visible as equal.
    assert enkripsi.enkripsi("x", tabel="t", kolom="k") != enkripsi.enkripsi("x", tabel="t", kolom="k")


def test_nilai_dipindah_ke_kolom_atau_tabel_lain_gagal_dengan_jelas():
    p, _ = buat_pengaduan(pelapor=pelapor(), saksi=[{"nama": "Saksi Satu", "kontak": "", "keterangan": ""}])
    (nama,) = mentah("SELECT nama FROM pengaduan_pelapor WHERE pengaduan_id = %s", p.pk)
    with connection.cursor() as c:
        c.execute("UPDATE pengaduan_pelapor SET alamat = %s WHERE pengaduan_id = %s", [nama, p.pk])
        c.execute("UPDATE pengaduan_saksi SET nama = %s WHERE pengaduan_id = %s", [nama, p.pk])
    with pytest.raises(enkripsi.GalatDekripsi, match=r"pengaduan_pelapor\.alamat .*disalin dari kolom atau tabel lain"):
        Pelapor.objects.get(pengaduan=p)
    with pytest.raises(enkripsi.GalatDekripsi, match=r"pengaduan_saksi\.nama"):
        Saksi.objects.get(pengaduan=p)


def test_kolom_terenkripsi_tidak_dapat_dicari_dengan_nilainya():
    with pytest.raises(TypeError, match="indeks buta"):
        list(Pelapor.objects.filter(nama="Kusumawardhani"))
    assert not Pelapor.objects.filter(email="").exists()  # "is it empty?" still answers


def test_rotasi_kunci_enkripsi_ulang_dan_pemeriksaan(settings, capsys):
    lama = settings.IDENTITAS_KEY
    p, _ = buat_pengaduan(pelapor=pelapor())
    kid_lama = enkripsi.id_kunci_terbaru()
    call_command("periksa_kunci_identitas")
    assert "Kunci identitas baik" in capsys.readouterr().out

    # A new key in front: old values still read, new ones are written under it.
    settings.IDENTITAS_KEY = [kunci_baru(), *lama]
    kid_baru = enkripsi.id_kunci_terbaru()
    assert Pelapor.objects.get(pengaduan=p).nama == "Kusumawardhani"
    call_command("periksa_kunci_identitas")
    assert f"Masih ada nilai di bawah kunci lama ({kid_lama})" in capsys.readouterr().out

    # The old key dropped too early: the check names the id in use that no key has.
    baru_saja = settings.IDENTITAS_KEY[:1]
    settings.IDENTITAS_KEY = baru_saja
    with pytest.raises(CommandError, match=f"Id kunci {kid_lama} dipakai di .*pengaduan_pelapor.nama"):
        call_command("periksa_kunci_identitas")
    with pytest.raises(enkripsi.GalatDekripsi, match=f"kunci id {kid_lama}, yang tidak ada di IDENTITAS_KEY"):
        Pelapor.objects.get(pengaduan=p)

    # Re-encrypted (twice: the second run finds nothing to do), then the old key can go.
    settings.IDENTITAS_KEY = [*baru_saja, *lama]
    call_command("enkripsi_ulang_identitas", "--ukuran-batch", "2")
    assert "pengaduan_pelapor: 1 baris dienkripsi ulang" in capsys.readouterr().out
    call_command("enkripsi_ulang_identitas")
    assert "Selesai: 0 baris" in capsys.readouterr().out
    settings.IDENTITAS_KEY = baru_saja
    call_command("periksa_kunci_identitas")
    assert f"id kunci dipakai {kid_baru};" in capsys.readouterr().out
    assert Pelapor.objects.get(pengaduan=p).nama == "Kusumawardhani"


def test_kunci_indeks_baru_butuh_hitung_ulang(settings):
    p, _ = buat_pengaduan(pelapor=pelapor())
    settings.IDENTITAS_INDEKS_KEY = kunci_baru()
    assert not Pelapor.objects.filter(nik_indeks=enkripsi.indeks_nik("3507107112850003")).exists()
    call_command("enkripsi_ulang_identitas", "--indeks")
    assert Pelapor.objects.get(nik_indeks=enkripsi.indeks_nik("3507107112850003")).pengaduan_id == p.pk


@pytest.mark.parametrize(
    "nilai, pesan",
    [
        ([], "IDENTITAS_KEY wajib diisi"),
        (["bukan-kunci"], "bukan 32 byte acak"),
        ([base64.b64encode(b"x" * 16).decode()], r"panjangnya 16 byte"),
    ],
)
def test_kunci_produksi_salah_atau_hilang_menolak_mulai(nilai, pesan):
    with pytest.raises(ImproperlyConfigured, match=pesan):
        produksi.kunci_acak("IDENTITAS_KEY", nilai, lain={})


def test_kunci_identitas_tidak_boleh_sama_dengan_kunci_lain():
    k = kunci_baru()
    with pytest.raises(ImproperlyConfigured, match="tidak boleh sama dengan SECRET_KEY"):
        produksi.kunci_acak("IDENTITAS_KEY", [k], lain={"SECRET_KEY": k})
    with pytest.raises(ImproperlyConfigured, match="sama dua kali"):
        produksi.kunci_acak("IDENTITAS_KEY", [k, k], lain={})


# --- The NIK search --------------------------------------------------------------------------------

NIK_A = "3507107112850003"


def _cari(client, q: str) -> list[int]:
    r = client.post(reverse("admin:pengaduan_pengaduan_cari"), {"q": q, "parameter": ""})
    assert r.status_code == 302
    r = client.get(r.url)
    if "cl" not in (r.context or {}):
        return [r.context["original"].pk]
    return sorted(p.pk for p in r.context["cl"].result_list)


def test_cari_nik_menemukan_laporan_pelapor_yang_sama_dalam_lingkup(client):
    a1, _ = buat_pengaduan(pelapor=pelapor())
    a2, _ = buat_pengaduan(pelapor=pelapor(nik="3507 1071 1285 0003", rahasia=True))
    buat_pengaduan(pelapor=pelapor(nik="3507104506900002"))
    bandung, _ = buat_pengaduan(wilayah="32.73.01.1001", pelapor=pelapor())
    jatim = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    client.force_login(jatim)
    assert _cari(client, NIK_A) == sorted([a1.pk, a2.pk])
    log = LogAudit.objects.get(aksi=Aksi.CARI_NIK, aktor=jatim)
    assert "2 pengaduan ditemukan" in log.keterangan and NIK_A not in log.keterangan + log.objek
    # The case page links the other report of the same reporter (not Bandung's: out of scope).
    r = client.get(reverse("admin:pengaduan_pengaduan_change", args=[a1.pk]))
    assert [p.pk for p in r.context["laporan_lain"]] == [a2.pk]
    assert bandung.pk not in [p.pk for p in r.context["laporan_lain"]]


def test_cari_nik_tanpa_lingkup_atau_izin_tidak_menemukan_apa_pun(client):
    malang, _ = buat_pengaduan(pelapor=pelapor())
    buat_pengaduan(pelapor=pelapor(rahasia=True))
    # Bandung (Jawa Barat's province office, which holds the identity permission): nothing of Malang.
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "32"))
    assert _cari(client, NIK_A) == []
    # The kabupaten office sees the cases, but without the identity permission a NIK finds nothing,
    # and is not logged as an identity search (none took place).
    kab = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(kab)
    assert _cari(client, NIK_A) == []
    assert not LogAudit.objects.filter(aksi=Aksi.CARI_NIK, aktor=kab).exists()
    # …nor does its case page link the confidential report of the same reporter.
    r = client.get(reverse("admin:pengaduan_pengaduan_change", args=[malang.pk]))
    assert r.context["laporan_lain"] == []
    # An agency reviewer: no case list at all.
    peninjau = buat_peninjau(Instansi.objects.get(wilayah_id="35.07"))
    client.force_login(peninjau)
    r = client.post(reverse("admin:pengaduan_pengaduan_cari"), {"q": NIK_A, "parameter": ""})
    assert r.status_code in (302, 403, 404) and str(malang.pk) not in r.get("Location", "")
    assert not LogAudit.objects.filter(aksi=Aksi.CARI_NIK, aktor=peninjau).exists()

"""Forwarding a case: the recommendation (agencies, finding, track, signed letter) is the only way
into 'diteruskan'."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi
from pengaduan.models import Rekomendasi, Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.transisi import TransisiDitolak
from tests.factories import buat_pengaduan, buat_staf, data_rekomendasi, jpeg, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07")


@pytest.fixture
def kasus(staf):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    return p


def _halaman(p):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "teruskan"])


def _kirim(client, p, **ubah):
    d = data_rekomendasi()
    data = {
        "versi": p.versi,
        "instansi": [i.pk for i in d["instansi"]],
        "temuan": d["temuan"],
        "jalur": d["jalur"],
        "nomor_surat": d["nomor_surat"],
        "tanggal_surat": d["tanggal_surat"].isoformat(),
        "surat": d["surat"],
    }
    data.update(ubah)
    return client.post(_halaman(p), data)


def test_staf_meneruskan_dengan_surat_dan_instansi(client, staf, kasus):
    malang = Instansi.objects.get(wilayah_id="35.07")
    t = kasus.terlapor.get()
    t.instansi = malang
    t.save()
    client.force_login(staf)
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    assert _halaman(kasus) in halaman  # the "Diteruskan" button leads to the form, not a bare status change
    r = client.get(_halaman(kasus))
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.content.decode()
    assert list(r.context["form"]["instansi"].value()) == [malang.pk]  # the terlapor's agency, pre-chosen

    bkn = Instansi.objects.get(singkatan="BKN")
    r = _kirim(client, kasus, instansi=[bkn.pk, malang.pk])
    assert r.status_code == 302, r.content.decode()[:2000]
    kasus.refresh_from_db()
    assert kasus.status == Status.DITERUSKAN
    rek = Rekomendasi.objects.get(pengaduan=kasus)
    assert set(rek.instansi.all()) == {bkn, malang}
    assert rek.dibuat_oleh == staf and len(rek.sha256_surat) == 64
    assert rek.surat.name.endswith(".pdf")
    kasus_html = client.get(reverse("admin:pengaduan_pengaduan_change", args=[kasus.pk])).content.decode()
    assert rek.nomor_surat in kasus_html and "Badan Kepegawaian Negara" in kasus_html


def test_status_biasa_tidak_dapat_meneruskan(client, staf, kasus):
    client.force_login(staf)
    r = client.get(reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "status"]), {"ke": "diteruskan"})
    assert "diteruskan" not in [k for k, _ in r.context["form"].fields["ke"].choices]
    r = client.post(
        reverse("admin:pengaduan_pengaduan_tindakan", args=[kasus.pk, "status"]),
        {"versi": kasus.versi, "ke": "diteruskan", "alasan": "x"},
    )
    assert r.status_code == 400
    with pytest.raises(TransisiDitolak, match="formulirnya sendiri"):
        transisi.ubah_status(pengaduan=kasus, ke=Status.DITERUSKAN, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    kasus.refresh_from_db()
    assert kasus.status == Status.KLARIFIKASI and not Rekomendasi.objects.exists()


@pytest.mark.parametrize(
    "ubah,pesan",
    [
        ({"surat": jpeg(nama="surat.pdf")}, "harus berupa berkas PDF"),
        ({"surat": pdf(isi=b"%PDF-1.4 terpotong")}, "tidak utuh"),
        ({"instansi": []}, ""),
        ({"nomor_surat": "   "}, ""),
        ({"tanggal_surat": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "masa depan"),
        ({"tanggal_surat": "2000-01-01"}, "sebelum pengaduan diterima"),
        ({"instansi": ["999999"]}, ""),
        ({"jalur": "<script>"}, ""),
    ],
)
def test_rekomendasi_cacat_ditolak_dengan_pesan_dan_isian_kembali(client, staf, kasus, ubah, pesan):
    if ubah.get("instansi") == []:
        ubah["instansi"] = ""
    client.force_login(staf)
    r = _kirim(client, kasus, temuan="Temuan yang tetap ada", **ubah)
    assert r.status_code == 400
    html = r.content.decode()
    assert pesan in html
    assert "Temuan yang tetap ada" in html
    kasus.refresh_from_db()
    assert kasus.status == Status.KLARIFIKASI and not Rekomendasi.objects.exists()


def test_instansi_nonaktif_ditolak_dan_wilayah_lain_404(client, staf, kasus):
    kasn = Instansi.objects.get(singkatan="KASN")
    client.force_login(staf)
    assert _kirim(client, kasus, instansi=[kasn.pk]).status_code == 400
    with pytest.raises(TransisiDitolak, match="tidak aktif"):
        tindak_lanjut.teruskan(
            pengaduan=kasus,
            peran=Peran.BAWASLU_KABKOTA,
            oleh=staf,
            **data_rekomendasi(instansi=[kasn]),
        )
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "32.73"))
    assert client.get(_halaman(kasus)).status_code == 404
    assert _kirim(client, kasus).status_code == 404
    kasus.refresh_from_db()
    assert kasus.status == Status.KLARIFIKASI

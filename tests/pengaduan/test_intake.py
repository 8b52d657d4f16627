"""Citizen intake on /lapor/: the whole report in one transaction, the code shown once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pengaduan import kode as kode_pelacakan
from pengaduan.models import (
    Bukti,
    Notifikasi,
    Pengaduan,
    PeristiwaPengaduan,
    Status,
    StatusThumbnail,
    UnggahanSementara,
)
from tests.factories import NIK_SAH, NIP_PNS_SAH, jpeg

pytestmark = pytest.mark.django_db
URL = "/lapor/"


def data_sah(client, **ubah):
    """A complete, valid identified report as the form posts it."""
    hari_ini = timezone.localdate()
    halaman = client.get(URL)
    token = halaman.context["form"].fields["token_pengajuan"].initial
    data = {
        "token_pengajuan": str(token),
        "sumber": "laporan",
        "nama": "Sri Wahyuni",
        "nik": NIK_SAH,
        "alamat": "Jl. Merdeka 10, Kepanjen",
        "telepon": "0812 3456 7890",
        "email": "",
        "jenis_pemilihan": "pilkada",
        "kategori": "kampanye-media-sosial",
        "kategori_lainnya": "",
        "tanggal_kejadian": (hari_ini - datetime.timedelta(days=3)).isoformat(),
        "tanggal_diketahui": (hari_ini - datetime.timedelta(days=2)).isoformat(),
        "provinsi": "35",
        "kabupaten": "35.07",
        "kecamatan": "35.07.13",
        "desa": "35.07.13.1007",
        "alamat_kejadian": "Kantor kecamatan",
        "kronologi": "Terlapor mengunggah foto bersama pasangan calon dengan ajakan memilih.",
        "tautan": "https://www.facebook.com/contoh/posts/123\nhttps://x.com/contoh/status/9",
        "pernyataan": "on",
        "terlapor-TOTAL_FORMS": "1",
        "terlapor-INITIAL_FORMS": "0",
        "terlapor-MIN_NUM_FORMS": "1",
        "terlapor-MAX_NUM_FORMS": "10",
        "terlapor-0-nama": "Drs. Bambang",
        "terlapor-0-nip": NIP_PNS_SAH,
        "terlapor-0-jabatan": "Camat",
        "terlapor-0-instansi_teks": "Pemerintah Kabupaten Malang",
        "terlapor-0-jenis_asn": "pns",
        "saksi-TOTAL_FORMS": "0",
        "saksi-INITIAL_FORMS": "0",
        "saksi-MIN_NUM_FORMS": "0",
        "saksi-MAX_NUM_FORMS": "10",
        "kirim": "1",
    }
    data.update(ubah)
    return data


def test_laporan_lengkap_tersimpan_dan_kode_tampil_sekali(client, django_capture_on_commit_callbacks):
    data = data_sah(client, email="pelapor@contoh.id", berkas=[jpeg(nama="a.jpg"), jpeg(nama="b.jpg")])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data)
    assert r.status_code == 302, r.context and r.context["form"].errors
    assert r["Location"] == reverse("pengaduan:tanda_terima")

    p = Pengaduan.objects.get()
    assert p.status == Status.DIAJUKAN
    assert p.kantor_wilayah_id == "35.07" and p.wilayah_id == "35.07.13.1007"
    assert p.terlapor.get().nip == NIP_PNS_SAH
    assert p.tautan.count() == 2
    assert p.bukti.count() == 2
    assert all(b.status_thumbnail == StatusThumbnail.SIAP for b in Bukti.objects.all())
    assert p.pelapor.nik == NIK_SAH
    assert PeristiwaPengaduan.objects.filter(pengaduan=p, ke_status=Status.DIAJUKAN, publik=True).exists()
    assert not UnggahanSementara.objects.exists()

    tanda_terima = client.get(reverse("pengaduan:tanda_terima"))
    kode = tanda_terima.context["kode"]
    assert kode and kode_pelacakan.hash_kode(kode_pelacakan.normalkan(kode)) == p.kode_hash
    assert kode.encode() in tanda_terima.content
    assert tanda_terima["Cache-Control"].startswith("no-store")
    assert tanda_terima["Referrer-Policy"] == "no-referrer"

    ulang = client.get(reverse("pengaduan:tanda_terima"))
    assert ulang.context["kode"] is None
    assert kode.encode() not in ulang.content

    # The receipt e-mail carries the code; its body is erased from the outbox once sent.
    assert any(kode in m.body for m in mail.outbox)
    n = Notifikasi.objects.get(jenis="tanda_terima")
    assert n.status == "terkirim" and n.isi_teks == "" and n.isi_html == ""


def test_kirim_ulang_formulir_yang_sama_tidak_membuat_laporan_kedua(client):
    data = data_sah(client)
    assert client.post(URL, data).status_code == 302
    client.get(reverse("pengaduan:tanda_terima"))
    r = client.post(URL, data)
    assert r.status_code == 302
    assert Pengaduan.objects.count() == 1
    assert client.get(reverse("pengaduan:tanda_terima")).context["kode"] is None

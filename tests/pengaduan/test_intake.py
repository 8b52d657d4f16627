"""Citizen intake on /lapor/: the whole report in one transaction, the code shown once."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pengaduan import kode as kode_pelacakan
from pengaduan import workflow
from pengaduan.models import (
    Bukti,
    KategoriPelanggaran,
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
    token = re.search(r'name="token_pengajuan" value="([0-9a-f-]{36})"', halaman.content.decode()).group(1)
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


def teks_halaman(r) -> str:
    """What a reader sees: the page without its tags (the code is drawn in groups of four)."""
    return re.sub(r"<[^>]+>", "", r.content.decode())


def test_laporan_lengkap_tersimpan_dan_tanda_terima_tampil(client, django_capture_on_commit_callbacks):
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
    assert kode in teks_halaman(tanda_terima)
    assert tanda_terima["Cache-Control"].startswith("no-store")
    assert tanda_terima["Referrer-Policy"] == "same-origin"

    # The receipt e-mail carries the code; its body is erased from the outbox once sent.
    assert any(kode in m.body for m in mail.outbox)
    n = Notifikasi.objects.get(jenis="tanda_terima")
    assert n.status == "terkirim" and n.isi_teks == "" and n.isi_html == ""


def test_kode_dikelompokkan_empat_dan_hanya_boleh_terputus_di_antara_kelompok(client):
    """A 320 px screen breaks the code over two lines: never inside a group of four (the browser test
    in tests/e2e measures it; this pins the structure that makes it so)."""
    assert client.post(URL, data_sah(client)).status_code == 302
    r = client.get(reverse("pengaduan:tanda_terima"))
    kode = r.context["kode"]
    blok = re.search(r'<p[^>]*id="kode-pelacakan"[^>]*>(.*?)</p>', r.content.decode(), re.S).group(1)
    kelompok = re.findall(r'<span class="kode-kelompok">([^<]*)</span>', blok)
    assert kelompok == [g + "-" for g in kode.split("-")[:-1]] + [kode.split("-")[-1]]
    # Between groups, and only there, a line may end.
    assert re.sub(r'<span class="kode-kelompok">[^<]*</span>', "G", blok) == "G<wbr>G<wbr>G<wbr>G"
    css = (settings.BASE_DIR / "static" / "css" / "posko.css").read_text()
    assert re.search(r"\.kode-kelompok\s*\{[^}]*white-space:\s*nowrap", css)
    assert "break-all" not in re.search(r"\.kode-pelacakan\s*\{[^}]*\}", css).group(0)


def test_kirim_ulang_formulir_yang_sama_tidak_membuat_laporan_kedua_dan_tidak_menghapus_kode(client):
    data = data_sah(client)
    assert client.post(URL, data).status_code == 302
    kode = client.get(reverse("pengaduan:tanda_terima")).context["kode"]
    r = client.post(URL, data)  # a double tap, or a retry after the first answer was slow
    assert r.status_code == 302
    assert Pengaduan.objects.count() == 1
    # The first answer's receipt still shows the code.
    assert client.get(reverse("pengaduan:tanda_terima")).context["kode"] == kode

    # A browser whose first answer never arrived learns the report is in, without a code.
    lain = type(client)()
    r = lain.post(URL, data, follow=True)
    assert r.context["pengaduan"].pk == Pengaduan.objects.get().pk and r.context["kode"] is None
    assert "sudah diterima sebelumnya" in teks_halaman(r)
    assert Pengaduan.objects.count() == 1


def test_bukti_laporan_yang_sah_disimpan_sekali_dan_kiriman_ulang_tidak_meninggalkan_berkas(client, monkeypatch):
    penyimpanan = UnggahanSementara._meta.get_field("berkas").storage
    disimpan = []
    simpan = penyimpanan.save

    def catat(name, content, *args, **kwargs):
        disimpan.append(simpan(name, content, *args, **kwargs))
        return disimpan[-1]

    monkeypatch.setattr(penyimpanan, "save", catat)
    data = data_sah(client, berkas=[jpeg(nama="bukti.jpg")])
    assert client.post(URL, data).status_code == 302
    bukti = Pengaduan.objects.get().bukti.get()
    assert disimpan == [bukti.berkas.name] and penyimpanan.exists(bukti.berkas.name)
    assert not UnggahanSementara.objects.exists()

    # The same form again with its photo (a double tap): nothing new is kept, not even the file.
    data["berkas"] = [jpeg(nama="bukti.jpg")]
    assert client.post(URL, data).status_code == 302
    assert Pengaduan.objects.count() == 1 and not UnggahanSementara.objects.exists()
    assert len(disimpan) == 2 and not penyimpanan.exists(disimpan[1])
    assert penyimpanan.exists(bukti.berkas.name)


def test_berkas_yang_sudah_diterima_tetap_tersimpan_saat_isian_lain_salah(client):
    data = data_sah(client, nik="123", berkas=[jpeg(nama="bukti-penting.jpg")])
    r = client.post(URL, data)
    assert r.status_code == 400
    assert "NIK harus 16 angka" in r.content.decode()
    assert not Pengaduan.objects.exists()
    token = [u.token for u in r.context["unggahan"]]
    assert len(token) == 1 and "bukti-penting.jpg" in r.content.decode()
    # The entries come back as typed.
    assert r.context["form"]["nama"].value() == "Sri Wahyuni"

    perbaikan = dict(data, nik=NIK_SAH, unggahan=token)
    perbaikan.pop("berkas")
    r = client.post(URL, perbaikan)
    assert r.status_code == 302
    assert Pengaduan.objects.get().bukti.get().nama_asli == "bukti-penting.jpg"


def test_unggahan_sementara_bisa_dihapus_sebelum_dikirim(client):
    r = client.post(URL, data_sah(client, nik="1", berkas=[jpeg()]))
    token = r.context["unggahan"][0].token
    r = client.post(URL, data_sah(client, unggahan=[token], hapus_unggahan=[token]))
    assert r.status_code == 302
    assert Pengaduan.objects.get().bukti.count() == 0
    assert not UnggahanSementara.objects.exists()


def test_token_unggahan_palsu_diabaikan(client):
    r = client.post(URL, data_sah(client, unggahan=["x" * 43, "<script>", ""]))
    assert r.status_code == 302
    assert Pengaduan.objects.get().bukti.count() == 0


@pytest.mark.parametrize(
    "nama,isi,pesan",
    [
        ("halaman.jpg", b"<html><script>alert(1)</script></html>", "tidak dikenali"),
        ("shell.jpg", b"<?php system($_GET['c']); ?>", "tidak dikenali"),
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "tidak dikenali"),
        ("kosong.jpg", b"", "kosong"),
    ],
)
def test_berkas_berbahaya_ditolak_dengan_pesan_dan_isian_tetap(client, nama, isi, pesan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(URL, data_sah(client, berkas=[SimpleUploadedFile(nama, isi, content_type="image/jpeg")]))
    assert r.status_code == 400
    halaman = r.content.decode()
    assert pesan in halaman.lower() or pesan in halaman
    assert not Pengaduan.objects.exists()
    assert r.context["form"]["kronologi"].value().startswith("Terlapor mengunggah")


def test_jpeg_terpotong_ditolak(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    utuh = jpeg(lebar=400, tinggi=300).read()
    r = client.post(URL, data_sah(client, berkas=[SimpleUploadedFile("potong.jpg", utuh[: len(utuh) // 2])]))
    assert r.status_code == 400
    assert "tidak dikenali" in r.content.decode()


def test_berkas_keenam_ditolak(client):
    r = client.post(URL, data_sah(client, berkas=[jpeg(nama=f"{i}.jpg") for i in range(6)]))
    assert r.status_code == 400
    assert "paling banyak 5 berkas" in r.content.decode()
    assert len(r.context["unggahan"]) == 5


def test_berkas_melebihi_batas_ukuran_ditolak(client, settings):
    settings.BUKTI_MAKS_UKURAN_MB = 0
    r = client.post(URL, data_sah(client, berkas=[jpeg()]))
    assert r.status_code == 400
    assert "terlalu besar" in r.content.decode()


def test_informasi_awal_tidak_menyimpan_identitas(client):
    r = client.post(URL, data_sah(client, sumber="informasi_awal", nik="bukan nik", nama="Nama Tetap Dibuang"))
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert p.sumber == "informasi_awal"
    assert not hasattr(p, "pelapor") or p.pelapor is None


def test_laporan_beridentitas_wajib_nama_nik_alamat_dan_kontak(client):
    r = client.post(URL, data_sah(client, nama="", nik="", alamat="", telepon="", email=""))
    assert r.status_code == 400
    galat = r.context["form"].errors
    assert {"nama", "nik", "alamat", "telepon"} <= set(galat)


def test_tanggal_masa_depan_ditolak(client):
    besok = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = client.post(URL, data_sah(client, tanggal_kejadian=besok))
    assert r.status_code == 400
    assert "masa depan" in r.context["form"].errors["tanggal_kejadian"][0]


def test_laporan_terlambat_tetap_diterima_dan_ditandai(client):
    lama = timezone.localdate() - datetime.timedelta(days=30)
    r = client.post(URL, data_sah(client, tanggal_kejadian=lama.isoformat(), tanggal_diketahui=lama.isoformat()))
    assert r.status_code == 302
    assert Pengaduan.objects.get().terlambat is True
    assert "tetap diterima" in client.get(reverse("pengaduan:tanda_terima")).content.decode()


def test_laporan_tepat_waktu_tidak_ditandai(client):
    assert client.post(URL, data_sah(client)).status_code == 302
    assert Pengaduan.objects.get().terlambat is False


def test_nip_pns_dengan_bulan_pengangkatan_salah_ditolak_di_samping_kolomnya(client):
    r = client.post(URL, data_sah(client, **{"terlapor-0-nip": "198503152010131002"}))
    assert r.status_code == 400
    assert "Bulan pengangkatan" in r.context["terlapor"].forms[0].errors["nip"][0]


def test_kategori_lainnya_wajib_diuraikan(client):
    r = client.post(URL, data_sah(client, kategori="lainnya"))
    assert r.status_code == 400
    assert "kategori_lainnya" in r.context["form"].errors


def test_wilayah_yang_tidak_cocok_dengan_induknya_ditolak(client):
    r = client.post(URL, data_sah(client, kabupaten="32.73", kecamatan="35.07.13"))
    assert r.status_code == 400
    assert not Pengaduan.objects.exists()


def test_pelanggaran_daring_cukup_sampai_kabupaten(client):
    r = client.post(URL, data_sah(client, kecamatan="", desa=""))
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert p.wilayah_id == "35.07" and p.kantor_wilayah_id == "35.07"


def test_tombol_pilih_tanpa_javascript_memuat_tingkat_berikutnya_tanpa_pesan_galat(client):
    data = data_sah(client, kabupaten="", kecamatan="", desa="", pilih_wilayah="provinsi", nama="")
    data.pop("kirim")
    r = client.post(URL, data)
    assert r.status_code == 200
    pilihan = dict(r.context["form"].fields["kabupaten"].choices)
    assert "35.07" in pilihan and "32.73" not in pilihan
    assert not r.context["form"].errors
    assert not Pengaduan.objects.exists()


def test_tambah_terlapor_menambah_satu_baris(client):
    data = data_sah(client, tambah_terlapor="1")
    data.pop("kirim")
    r = client.post(URL, data)
    assert r.status_code == 200
    assert r.context["terlapor"].total_form_count() == 2
    assert not Pengaduan.objects.exists()


def test_dua_terlapor_dan_saksi_tersimpan(client):
    r = client.post(
        URL,
        data_sah(
            client,
            **{
                "terlapor-TOTAL_FORMS": "2",
                "terlapor-1-nama": "Pejabat Kedua",
                "terlapor-1-nip": "",
                "terlapor-1-instansi_teks": "Dinas Kesehatan",
                "terlapor-1-jenis_asn": "pppk",
                "saksi-TOTAL_FORMS": "1",
                "saksi-0-nama": "Saksi Satu",
                "saksi-0-kontak": "0811111111",
            },
        ),
    )
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert p.terlapor.count() == 2 and p.saksi.get().nama == "Saksi Satu"


def test_honeypot_terisi_tidak_membuat_laporan(client):
    r = client.post(URL, data_sah(client, situs_web="http://spam.example"))
    assert r.status_code == 400
    assert not Pengaduan.objects.exists()


def test_teks_berisi_script_ditampilkan_ter_escape_di_tanda_terima(client):
    jahat = "<script>alert('x')</script>"
    data = data_sah(client, alamat_kejadian=jahat, **{"terlapor-0-nama": jahat})
    assert client.post(URL, data).status_code == 302
    halaman = client.get(reverse("pengaduan:tanda_terima")).content.decode()
    assert jahat not in halaman
    assert "&lt;script&gt;" in halaman


def test_batas_kiriman_per_alamat_memberi_pesan_dan_menyimpan_isian(client, settings):
    settings.RATELIMIT_LAPOR = "1/m"
    assert client.post(URL, data_sah(client)).status_code == 302
    r = client.post(URL, data_sah(client, nama="Isian Tetap"))
    assert r.status_code == 429
    assert "Terlalu banyak pengiriman" in r.content.decode()
    assert r.context["form"]["nama"].value() == "Isian Tetap"
    assert Pengaduan.objects.count() == 1


def test_laporan_tetap_tersimpan_saat_broker_mati(client, django_capture_on_commit_callbacks, request):
    """A broker that refuses connections: the report is saved, the e-mail and thumbnail wait."""
    data = data_sah(client, email="pelapor@contoh.id", berkas=[jpeg()])
    request.getfixturevalue("broker_mati")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data)
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert p.bukti.get().status_thumbnail == StatusThumbnail.MENUNGGU
    assert Notifikasi.objects.get(jenis="tanda_terima").status == "menunggu"
    assert client.get(reverse("pengaduan:tanda_terima")).context["kode"]

    # Later the beat task catches up (eagerly here): both are done, the e-mail exactly once.
    from netralitas.celery import app
    from pengaduan.tasks import proses_tertunda
    from tests.conftest import _reset_pool

    app.conf.update(task_always_eager=True)
    _reset_pool(app)

    hasil = proses_tertunda(umur_detik=0)
    assert hasil == {"notifikasi": 1, "bukti": 1, "salinan": 0, "ekspor": 0}
    assert p.bukti.get().status_thumbnail == StatusThumbnail.SIAP
    assert Notifikasi.objects.get(jenis="tanda_terima").status == "terkirim"
    assert len([m for m in mail.outbox if "Tanda terima" in m.subject]) == 1
    assert proses_tertunda(umur_detik=0) == {"notifikasi": 0, "bukti": 0, "salinan": 0, "ekspor": 0}


def test_halaman_kosong_dirender_sekali_tetapi_token_tiap_kunjungan_baru(client, django_assert_max_num_queries):
    client.get(URL)
    with django_assert_max_num_queries(1):  # the category version lives in the cache
        a = client.get(URL).content.decode()
    b = client.get(URL).content.decode()
    token = re.compile(r'name="token_pengajuan" value="([0-9a-f-]{36})"')
    assert token.search(a).group(1) != token.search(b).group(1)
    assert "penanda-csrf" not in a and client.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in a


def test_kategori_yang_diubah_langsung_tampil_di_formulir(client):
    client.get(URL)
    k = KategoriPelanggaran.objects.get(kode="kampanye-media-sosial")
    k.nama = "Kampanye calon di media sosial (diperbarui)"
    k.save()
    assert "Kampanye calon di media sosial (diperbarui)" in client.get(URL).content.decode()


def cache_seperti_pengaturan(settings, *, url: str = "", sentinel=()) -> dict:
    """settings.CACHES["default"] exactly as settings.py builds it for REDIS_URL (or REDIS_SENTINELS),
    pointed elsewhere."""
    from netralitas import cache_redis

    return cache_redis.pengaturan(
        url=url,
        sentinel=list(sentinel),
        master=settings.REDIS_SENTINEL_MASTER,
        db=settings.REDIS_SENTINEL_DB,
        opsi_soket=settings.REDIS_OPSI_SOKET,
        opsi_sentinel=settings.REDIS_OPSI_SOKET_SENTINEL,
    )


@pytest.fixture
def cache_mati(settings):
    """The cache pointed at a port where no Redis listens (a real refused connection, no mock)."""
    from netralitas import versi_cache
    from pengaduan import tenggat

    settings.CACHES = {"default": cache_seperti_pengaturan(settings, url="redis://127.0.0.1:1/0")}
    versi_cache._lokal.clear()
    tenggat._lokal.clear()


def test_laporan_tetap_masuk_dan_dapat_dilacak_saat_redis_cache_mati(client, request):
    """Redis holds the cache and the rate-limit counters; with it gone the form still takes the
    report, the receipt still shows the code, and the code still opens /lacak/."""
    request.getfixturevalue("cache_mati")
    data = data_sah(client, nama="Tetap Tersimpan")
    r = client.post(URL, data)
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert p.pelapor.nama == "Tetap Tersimpan"
    kode = client.get(reverse("pengaduan:tanda_terima")).context["kode"]
    assert kode
    r = client.post(reverse("pengaduan:lacak"), {"kode": kode}, follow=True)
    assert r.status_code == 200
    assert workflow.LABEL_PUBLIK[Status.DIAJUKAN] in r.content.decode()  # /lacak/ reads public labels
    assert r.redirect_chain == [(reverse("pengaduan:lacak"), 302)]


def test_redis_cache_mati_satu_peringatan_di_log_dan_jeda(client, request, caplog):
    """Two reports with the cache gone: one warning in the log for both (not one per cache call),
    and while the process rests from the failure it does not try Redis again."""
    from netralitas import cache_redis

    request.getfixturevalue("cache_mati")
    cache_redis.lupakan_gangguan()
    with caplog.at_level("WARNING", logger="netralitas.cache_redis"):
        for nama in ("Pertama", "Kedua"):
            assert client.post(URL, data_sah(client, nama=nama)).status_code == 302
    peringatan = [r for r in caplog.records if r.name == "netralitas.cache_redis"]
    assert len(peringatan) == 1
    assert "Cache Redis tidak terjangkau" in peringatan[0].getMessage()
    assert len(cache_redis._istirahat_sampai) == 1
    assert Pengaduan.objects.count() == 2


def test_admin_tetap_bekerja_saat_redis_cache_mati(client, request):
    from netralitas.akun.models import Peran
    from tests.factories import buat_pengaduan, buat_staf

    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    request.getfixturevalue("cache_mati")
    client.force_login(staf)
    assert client.get(reverse("admin:pengaduan_pengaduan_changelist")).status_code == 200
    assert client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


# --- The form on a phone: marks, the error summary, the region reload, links, long file names ----


def test_isian_identitas_wajib_bertanda(client):
    halaman = client.get(URL).content.decode()
    for kolom in ("nama", "nik", "alamat"):
        label = re.search(rf'<label[^>]*for="id_{kolom}"[^>]*>(.*?)</label>', halaman, re.S).group(1)
        assert '<span class="asteriskField">*</span>' in label, kolom
    assert "salah satu wajib" in halaman  # telephone or e-mail
    assert "Isian bertanda * wajib diisi" in halaman


def test_informasi_awal_tanpa_identitas_tetap_diterima_walau_isian_identitas_bertanda(client):
    r = client.post(URL, data_sah(client, sumber="informasi_awal", nama="", nik="", alamat="", telepon=""))
    assert r.status_code == 302


def test_ringkasan_galat_mendaftar_setiap_galat_dengan_tautan_ke_isiannya(client):
    data = data_sah(
        client,
        nama="",
        nik="123",
        kronologi="pendek",
        tautan="ftp://contoh.id/berkas",
        pernyataan="",
        **{"terlapor-0-nama": "", "terlapor-0-nip": "198503152010131002"},
    )
    r = client.post(URL, data)
    assert r.status_code == 400
    halaman = r.content.decode()
    ringkasan = re.search(r'<div[^>]*id="ringkasan-galat".*?</ul>', halaman, re.S).group(0)
    tautan = re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', ringkasan)
    sasaran = [t for t, _ in tautan]
    # Every error once, in the order of the page, each a link to a control that exists on the page.
    assert sasaran == [
        "id_nama",
        "id_nik",
        "id_terlapor-0-nama",
        "id_terlapor-0-nip",
        "id_kronologi",
        "id_tautan",
        "id_pernyataan",
    ]
    for s in sasaran:
        assert f'id="{s}"' in halaman, s
    pesan = dict(tautan)
    assert pesan["id_nama"].startswith("Nama lengkap: Nama wajib diisi")
    assert pesan["id_terlapor-0-nip"].startswith("Terlapor 1 — NIP (jika tahu): Bulan pengangkatan")
    assert pesan["id_pernyataan"] == "Pernyataan: Centang pernyataan ini untuk mengirim laporan."
    # And the entries are all still there.
    assert r.context["form"]["kronologi"].value() == "pendek"


def test_ringkasan_galat_menautkan_galat_radio_dan_berkas(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = data_sah(client, berkas=[SimpleUploadedFile("a.jpg", b"<html>")])
    data.pop("jenis_pemilihan")
    r = client.post(URL, data)
    halaman = r.content.decode()
    assert 'href="#id_jenis_pemilihan_0"' in halaman and 'id="id_jenis_pemilihan_0"' in halaman
    assert re.search(r'href="#bukti">a\.jpg: [^<]*tidak dikenali', halaman)
    assert 'id="bukti"' in halaman


def test_tombol_pilih_tanpa_javascript_kembali_ke_bagian_wilayah(client):
    for halaman in (client.get(URL).content.decode(), client.get(URL, {"x": "1"}).content.decode()):
        tombol = re.findall(r'<button[^>]*name="pilih_wilayah"[^>]*>', halaman)
        assert len(tombol) == 3
        assert all('formaction="/lapor/#wilayah"' in t for t in tombol)
        assert 'id="wilayah"' in halaman
        # The main submission lands on the top of the page, where the error summary is.
        assert re.search(r'<form method="post" action="/lapor/" [^>]*id="form-lapor"', halaman)
    data = data_sah(client, kabupaten="", kecamatan="", desa="", pilih_wilayah="provinsi")
    data.pop("kirim")
    r = client.post(URL, data)
    assert r.status_code == 200 and not r.context["ringkasan_galat"]


def test_tautan_tanpa_skema_diterima_dan_diberi_https(client):
    tautan = (
        "facebook.com/contoh/posts/123\nwww.tiktok.com/@contoh/video/9\n//x.com/contoh/status/1\nhttp://contoh.id/a"
    )
    assert client.post(URL, data_sah(client, tautan=tautan)).status_code == 302
    assert sorted(Pengaduan.objects.get().tautan.values_list("url", flat=True)) == [
        "http://contoh.id/a",
        "https://facebook.com/contoh/posts/123",
        "https://www.tiktok.com/@contoh/video/9",
        "https://x.com/contoh/status/1",
    ]


@pytest.mark.parametrize("tautan", ["ftp://contoh.id/a", "javascript:alert(1)", "bukan tautan"])
def test_tautan_yang_tidak_dapat_dibaca_ditolak_dengan_pesan_dan_isian_tetap(client, tautan):
    r = client.post(URL, data_sah(client, tautan=tautan))
    assert r.status_code == 400
    assert "Tautan tidak dapat dibaca" in r.context["form"].errors["tautan"][0]
    assert r.context["form"]["tautan"].value() == tautan
    assert not Pengaduan.objects.exists()


def berkas_bernama(nama: str):
    """A file whose name reaches the server whole (SimpleUploadedFile would cut it to 255)."""
    import io

    f = io.BytesIO(jpeg().read())
    f.name = nama
    return f


@pytest.mark.parametrize(
    "nama", ["a" * 1100 + ".jpg", "ф" * 1500 + ".jpg", '"' * 300 + "foto.jpg"], ids=["1kb", "3kb-kiril", "kutip"]
)
def test_nama_berkas_panjang_tidak_menggagalkan_laporan(client, nama):
    """More than 1 KiB of part headers made Django refuse the whole POST with a bare 400."""
    r = client.post(URL, data_sah(client, berkas=[berkas_bernama(nama)]))
    assert r.status_code == 302
    b = Pengaduan.objects.get().bukti.get()
    assert b.nama_asli.endswith(".jpg") and len(b.nama_asli) <= 120


def test_nama_berkas_melebihi_batas_mana_pun_mendapat_pesan_indonesia(client):
    client.raise_request_exception = False
    r = client.post(URL, data_sah(client, berkas=[berkas_bernama("a" * 9000 + ".jpg")]))
    assert r.status_code == 400
    teks = teks_halaman(r)
    assert "Kiriman tidak dapat dibaca" in teks and "nama berkas" in teks and "Kembali" in teks
    assert 'lang="id"' in r.content.decode()
    assert not Pengaduan.objects.exists()


def test_terlapor_kosong_disebut_sekali_per_isian_di_ringkasan(client):
    r = client.post(URL, data_sah(client, **{"terlapor-0-nama": "", "terlapor-0-instansi_teks": ""}))
    pesan = [p for _, p in r.context["ringkasan_galat"] if p.startswith("Terlapor")]
    assert pesan == [
        "Terlapor 1 — Nama terlapor: Bidang ini tidak boleh kosong.",
        "Terlapor 1 — Instansi/tempat bekerja: Bidang ini tidak boleh kosong.",
    ]
    # With no row at all, the list itself says what is missing.
    r = client.post(URL, data_sah(client, **{"terlapor-TOTAL_FORMS": "0"}))
    assert ("#terlapor", "Terlapor: Isi paling tidak satu terlapor: nama dan instansinya.") in r.context[
        "ringkasan_galat"
    ]

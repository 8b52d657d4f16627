"""The public side of the tanya jawab: asking on /tanya/ajukan/ (anonymous or not, to a region or
to Bawaslu RI), hostile and broken input, the published list, its search and the answer pages."""

import re

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Peran
from netralitas.tanya.models import Pertanyaan
from pengaduan.models import Notifikasi
from tests.factories import buat_staf
from tests.tanya.alat import ajukan, terbitkan

pytestmark = pytest.mark.django_db
URL = "/tanya/ajukan/"


def data_sah(client, **ubah):
    halaman = client.get(URL)
    token = re.search(r'name="token_pengajuan" value="([0-9a-f-]{36})"', halaman.content.decode()).group(1)
    data = {
        "token_pengajuan": token,
        "kategori": "interaksi-media-sosial",
        "isi": "Bolehkah ASN menyukai unggahan calon bupati di Facebook?",
        "provinsi": "35",
        "kabupaten": "35.11",
        "nama": "",
        "instansi": "",
        "email": "",
        "kirim": "1",
    }
    data.update(ubah)
    return data


def test_pertanyaan_anonim_tersimpan_tanpa_ip_dan_staf_wilayah_diberi_tahu(client, django_capture_on_commit_callbacks):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.11", email="bondowoso@bawaslu.go.id")
    buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email="malang@bawaslu.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data_sah(client), REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 302 and r["Location"] == "/tanya/ajukan/terkirim/"
    p = Pertanyaan.objects.get()
    assert (p.wilayah_id, p.kode_provinsi, p.nama, p.email, p.terbit) == ("35.11", "35", "", "", False)
    # No address of the asker anywhere in the row.
    assert "203.0.113.9" not in str([getattr(p, f.attname) for f in Pertanyaan._meta.concrete_fields])
    n = Notifikasi.objects.get()
    assert n.penerima == staf and n.pengaduan is None and n.tautan == f"/admin/tanya/pertanyaan/{p.pk}/change/"
    assert [m.to for m in mail.outbox] == [["bondowoso@bawaslu.go.id"]]
    # The e-mail says who is asked and about what, never the question.
    assert "Bawaslu Kabupaten Bondowoso" in mail.outbox[0].subject and "Facebook" not in mail.outbox[0].body
    halaman = client.get(r["Location"])
    assert halaman.status_code == 200 and "tidak mengisi e-mail" in halaman.content.decode()
    assert "no-store" in halaman["Cache-Control"]


def test_tanpa_staf_kabupaten_pertanyaan_naik_ke_provinsi_lalu_ri(client):
    ri = buat_staf(Peran.BAWASLU_RI, None, email="ri@bawaslu.go.id")
    ajukan("35.11")
    assert list(Notifikasi.objects.values_list("penerima", flat=True)) == [ri.pk]
    jatim = buat_staf(Peran.BAWASLU_PROVINSI, "35", email="jatim@bawaslu.go.id")
    ajukan("35.11")
    assert Notifikasi.objects.filter(penerima=jatim).count() == 1


def test_tanpa_provinsi_ditujukan_ke_bawaslu_ri_dan_provinsi_saja_ke_provinsi(client):
    assert client.post(URL, data_sah(client, provinsi="", kabupaten="")).status_code == 302
    assert client.post(URL, data_sah(client, kabupaten="")).status_code == 302
    a, b = Pertanyaan.objects.order_by("pk")
    assert (a.wilayah_id, a.tujuan) == (None, "Bawaslu RI")
    assert (b.wilayah_id, b.tujuan) == ("35", "Bawaslu Provinsi Jawa Timur")


def test_identitas_dan_email_opsional_tersimpan_lalu_konfirmasi_menyebut_email(client):
    r = client.post(URL, data_sah(client, nama="Dwi", instansi="SDN 2", email="dwi@contoh.id"))
    assert r["Location"] == "/tanya/ajukan/terkirim/?surel=1"
    assert [(p.nama, p.email) for p in Pertanyaan.objects.filter(instansi="SDN 2")] == [("Dwi", "dwi@contoh.id")]
    assert "dikirim ke e-mail" in client.get(r["Location"]).content.decode()


def test_kiriman_ganda_satu_pertanyaan(client):
    data = data_sah(client)
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Pertanyaan.objects.count() == 1


@pytest.mark.parametrize(
    "ubah, kolom, pesan",
    [
        ({"isi": ""}, "isi", "Pertanyaan wajib diisi."),
        ({"isi": "   "}, "isi", "Pertanyaan wajib diisi."),
        ({"isi": "boleh?"}, "isi", "terlalu pendek"),
        ({"isi": "x" * 4001}, "isi", "paling banyak 4000 karakter"),
        ({"kategori": ""}, "kategori", "Pilih topik pertanyaan."),
        ({"kategori": "tidak-ada"}, "kategori", "Topik tidak dikenali"),
        ({"email": "bukan-email"}, "email", "Alamat e-mail tidak sah"),
        ({"nama": "n" * 151}, "nama", "paling banyak 150"),
        ({"kabupaten": "32.73"}, "kabupaten", "Wilayah tidak dikenali"),
        ({"provinsi": "99"}, "provinsi", "Wilayah tidak dikenali"),
    ],
)
def test_isian_salah_ditolak_dengan_pesan_dan_isian_tetap(client, ubah, kolom, pesan):
    data = data_sah(client, instansi="Dinas Tetap", **ubah)
    r = client.post(URL, data)
    assert r.status_code == 400
    assert pesan in " ".join(r.context["form"].errors[kolom])
    assert "Ada isian yang perlu diperbaiki" in r.content.decode()
    assert r.context["form"]["instansi"].value() == "Dinas Tetap"
    assert not Pertanyaan.objects.exists()
    assert "no-store" in r["Cache-Control"]


def test_honeypot_terisi_tidak_membuat_pertanyaan(client):
    r = client.post(URL, data_sah(client, situs_web="http://spam.example"))
    assert r.status_code == 400 and not Pertanyaan.objects.exists()
    assert "Formulir tidak dapat diproses" in r.content.decode()


def test_batas_kiriman_memberi_pesan_dan_menyimpan_isian(client, settings):
    settings.RATELIMIT_TANYA = "1/m"
    assert client.post(URL, data_sah(client)).status_code == 302
    r = client.post(URL, data_sah(client, isi="Pertanyaan kedua yang tetap tersimpan di halaman."))
    assert r.status_code == 429 and "Terlalu banyak pengiriman" in r.content.decode()
    assert r.context["form"]["isi"].value() == "Pertanyaan kedua yang tetap tersimpan di halaman."
    assert Pertanyaan.objects.count() == 1


def test_pilih_provinsi_tanpa_javascript_memuat_kabupaten_tanpa_galat(client):
    r = client.post(URL, {"pilih_wilayah": "provinsi", "provinsi": "35", "isi": "tetap"})
    html = r.content.decode()
    assert r.status_code == 200 and "Kabupaten Bondowoso" in html and "Ada isian" not in html
    assert r.context["form"]["isi"].value() == "tetap" and not Pertanyaan.objects.exists()


def test_skrip_di_pertanyaan_tampil_sebagai_teks_di_admin_dan_halaman_publik(client):
    jahat = "<script>alert('x')</script> bolehkah ASN ikut kampanye?"
    assert client.post(URL, data_sah(client, isi=jahat, nama=jahat)).status_code == 302
    p = Pertanyaan.objects.get()
    assert p.isi == jahat
    staf = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    client.force_login(staf)
    html = client.get(f"/admin/tanya/pertanyaan/{p.pk}/change/").content.decode()
    assert jahat not in html and "&lt;script&gt;" in html
    terbitkan(p, staf, isi_publik=jahat.replace("'x'", "1"), jawaban="<b>Tidak</b> boleh.")
    html = client.get(f"/tanya/{p.pk}/").content.decode() + client.get("/tanya/").content.decode()
    assert "<script>alert" not in html and "<b>Tidak</b>" not in html and "&lt;script&gt;" in html


def test_halaman_formulir_memilih_topik_dari_tautan(client):
    r = client.get(URL + "?topik=foto-bersama")
    assert r.context["form"]["kategori"].value() == "foto-bersama"
    assert client.get(URL + "?topik=%3Cscript%3E").status_code == 200


# --- The published list -------------------------------------------------------------------------


@pytest.fixture
def terbit():
    staf = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    a = terbitkan(
        ajukan("35.11", nama="Dwi Lestari", isi="Saya Dwi dari SDN Tamanan 2, bolehkah like unggahan calon?"),
        staf,
        isi_publik="Bolehkah ASN menyukai unggahan calon bupati di Facebook?",
        jawaban="Tidak boleh; memberi tanda suka termasuk interaksi media sosial yang dilarang.",
    )
    b = terbitkan(
        ajukan("35.11", kategori="foto-bersama", isi="Bolehkah berfoto dengan petahana di upacara?"),
        staf,
        isi_publik="Bolehkah berfoto bersama petahana pada acara resmi?",
        jawaban="Boleh, tanpa gestur keberpihakan.",
    )
    ajukan("35.11", isi="Pertanyaan yang belum dijawab tentang grup WhatsApp relawan.")
    return a, b


def test_daftar_publik_hanya_yang_terbit_tanpa_teks_asli(client, terbit):
    a, b = terbit
    r = client.get("/tanya/")
    html = r.content.decode()
    assert r.status_code == 200 and r.context["halaman"].paginator.count == 2
    assert "menyukai unggahan calon bupati" in html and "Tamanan" not in html and "Dwi" not in html
    assert "grup WhatsApp" not in html
    assert "public" in r["Cache-Control"] and "max-age=60" in r["Cache-Control"]
    assert client.head("/tanya/").status_code == 200 and client.head(f"/tanya/{a.pk}/").status_code == 200
    assert client.post("/tanya/").status_code == 405
    d = client.get(f"/tanya/{a.pk}/")
    assert d.status_code == 200 and "Tamanan" not in d.content.decode() and "max-age=60" in d["Cache-Control"]


@pytest.mark.parametrize(
    "query, jumlah",
    [
        ("q=facebook", 1),
        ("q=FACEBOOK+suka", 1),  # every word, any case; "suka" is in the answer ("tanda suka")
        ("q=petahana", 1),
        ("q=boleh", 2),
        ("q=tidak+ada+kata+ini", 0),
        ("topik=foto-bersama", 1),
        ("topik=foto-bersama&q=facebook", 0),
        ("q=Foto+bersama", 1),  # the topic's name counts
    ],
)
def test_cari_kata_dan_topik(client, terbit, query, jumlah):
    r = client.get("/tanya/?" + query)
    assert r.status_code == 200 and r.context["halaman"].paginator.count == jumlah


def test_topik_dari_bantuan_lapor_menerangkan_kategori(client, terbit):
    html = client.get("/tanya/?topik=interaksi-media-sosial").content.decode()
    assert 'id="keterangan-topik"' in html and "suka" in html


def test_penyaring_salah_diabaikan_bukan_500(client, terbit):
    for q in ["topik=tidak-ada", "q=" + "x" * 500, "halaman=abc", "halaman=999", "topik=%00", "q=%25%25_"]:
        r = client.get("/tanya/?" + q)
        assert r.status_code == 200, q


def test_halaman_belum_terbit_dan_yang_ditarik_404(client, terbit):
    from netralitas.tanya import services

    a, _ = terbit
    belum = Pertanyaan.objects.get(terbit=False)
    assert client.get(f"/tanya/{belum.pk}/").status_code == 404
    assert client.get("/tanya/987654321/").status_code == 404
    assert client.get("/tanya/" + "9" * 30 + "/").status_code == 404
    services.batalkan_terbit(pertanyaan=a, oleh=None)
    assert client.get(f"/tanya/{a.pk}/").status_code == 404
    assert client.get("/tanya/").context["halaman"].paginator.count == 1


def test_paginasi(client):
    staf = buat_staf(Peran.BAWASLU_RI, None)
    for i in range(12):
        terbitkan(ajukan(None), staf, isi_publik=f"Pertanyaan nomor {i} tentang netralitas?")
    r = client.get("/tanya/?q=nomor")
    assert len(r.context["halaman"].object_list) == 10
    assert "halaman=2" in r.content.decode()
    assert len(client.get("/tanya/?q=nomor&halaman=2").context["halaman"].object_list) == 2


def test_tautan_bantuan_kategori_di_lapor_membuka_tab_baru(client):
    html = client.get("/lapor/").content.decode()
    tautan = re.search(r'<a href="/tanya/[^"]*"[^>]*>Lihat tanya jawab: apa yang termasuk pelanggaran</a>', html)
    assert tautan and 'target="_blank"' in tautan.group(0) and 'rel="noopener"' in tautan.group(0)
    # After a reload with a category chosen (no JavaScript), the link names it.
    r = client.post("/lapor/", {"pilih_wilayah": "provinsi", "provinsi": "35", "kategori": "foto-bersama"})
    assert 'href="/tanya/?topik=foto-bersama"' in r.content.decode()


teks = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "9" * 5000, "35", "35.11", "35.11.01"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            k: teks
            for k in ("token_pengajuan", "kategori", "isi", "provinsi", "kabupaten", "nama", "instansi", "email")
            + ("situs_web", "pilih_wilayah")
        },
    )
)
def test_isian_acak_tidak_pernah_500(client, data):
    r = client.post(URL, data)
    assert r.status_code in (200, 302, 400, 429)
    if r.status_code == 302:
        p = Pertanyaan.objects.get(token_pengajuan=data["token_pengajuan"])
        assert p.isi == data["isi"].strip() and len(p.isi) <= 4000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=teks, topik=teks, halaman=teks)
def test_pencarian_acak_tidak_pernah_500(client, q, topik, halaman):
    assert client.get("/tanya/", {"q": q, "topik": topik, "halaman": halaman}).status_code == 200


def test_jumlah_kueri_daftar_tidak_bertambah_dengan_jumlah_hasil(client, django_assert_max_num_queries):
    staf = buat_staf(Peran.BAWASLU_RI, None)
    terbitkan(ajukan(None), staf, isi_publik="Pertanyaan pertama tentang netralitas?")
    client.get("/tanya/")  # warms the per-process category cache
    with django_assert_max_num_queries(3) as sedikit:
        client.get("/tanya/?q=netralitas")
    for i in range(9):
        terbitkan(ajukan(None), staf, isi_publik=f"Pertanyaan {i} tentang netralitas?")
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        assert client.get("/tanya/?q=netralitas").context["halaman"].paginator.count == 10


def test_setiap_halaman_tanya_membawa_csp_tanpa_skrip_inline(client):
    from tests import kebijakan_konten

    staf = buat_staf(Peran.BAWASLU_RI, None)
    p = terbitkan(ajukan(None), staf)
    belum = ajukan("35.11")
    jawaban = {u: client.get(u) for u in ["/tanya/", "/tanya/?topik=foto-bersama&q=x", f"/tanya/{p.pk}/", URL]}
    jawaban["POST (galat)"] = client.post(URL, {"kirim": "1"})
    jawaban["terkirim"] = client.get("/tanya/ajukan/terkirim/")
    client.force_login(staf)
    for nama in ("change", "jawab", "terbitkan", "batal_terbit"):
        jawaban[nama] = client.get(
            f"/admin/tanya/pertanyaan/{p.pk}/"
            + {"change": "change/", "jawab": "jawab/", "terbitkan": "terbitkan/", "batal_terbit": "tarik/"}[nama]
        )
    jawaban["changelist"] = client.get("/admin/tanya/pertanyaan/")
    jawaban["jawab (galat)"] = client.post(f"/admin/tanya/pertanyaan/{belum.pk}/jawab/", {"jawaban": ""})
    masalah = [f"{u} ({r.status_code}): {m}" for u, r in jawaban.items() for m in kebijakan_konten.pelanggaran(r)]
    assert {r.status_code for r in jawaban.values()} == {200, 400}
    assert not masalah, "\n".join(masalah)


def test_dua_kiriman_serentak_dengan_token_sama_satu_pertanyaan(monkeypatch):
    """The second post of a double tap passes the existence check before the first commits: the
    unique token refuses its row, and it answers with the first."""
    import uuid

    token = uuid.uuid4()
    pertama = ajukan("35.11", token_pengajuan=token)
    asli = Pertanyaan.objects.filter

    def belum_terlihat(*args, **kwargs):
        qs = asli(*args, **kwargs)
        return qs.none() if kwargs == {"token_pengajuan": token} else qs

    monkeypatch.setattr(Pertanyaan.objects, "filter", belum_terlihat)
    kedua = ajukan("35.11", token_pengajuan=token)
    assert kedua.pk == pertama.pk and Pertanyaan.objects.count() == 1

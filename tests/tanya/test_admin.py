"""Bawaslu's side of the tanya jawab: who sees which question (the office asked, the province
above it, national staff; nobody else), every admin URL of the app walked for every role and
region, and the three actions — answer, publish with redacted texts, withdraw — with their
e-mail, audit rows and refusals."""

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Instansi, Peran
from netralitas.audit.models import Aksi, LogAudit
from netralitas.tanya.models import Pertanyaan
from tests.factories import UserFactory, buat_peninjau, buat_staf
from tests.tanya.alat import ajukan, terbitkan

pytestmark = pytest.mark.django_db
TIDAK_ADA = "987654321"


@pytest.fixture
def dunia():
    """A question to each kind of office, and a user of every role and region."""
    pertanyaan = {
        kode: ajukan(kode, isi=f"Pertanyaan untuk {kode or 'RI'}: bolehkah ASN ikut grup pemenangan?")
        for kode in ("35.11", "35.07", "35", "32.73", None)
    }
    # One answered and published, so the withdraw page exists for it.
    ri = buat_staf(Peran.BAWASLU_RI, None)
    terbitkan(pertanyaan["35.11"], ri)
    peran = {
        "Bawaslu Kab. Bondowoso": buat_staf(Peran.BAWASLU_KABKOTA, "35.11"),
        "Bawaslu Kab. Malang": buat_staf(Peran.BAWASLU_KABKOTA, "35.07"),
        "Bawaslu Kota Bandung": buat_staf(Peran.BAWASLU_KABKOTA, "32.73"),
        "Bawaslu Jawa Timur": buat_staf(Peran.BAWASLU_PROVINSI, "35"),
        "Bawaslu RI": ri,
        "administrator": buat_staf(Peran.ADMINISTRATOR, None),
        "superuser": UserFactory(is_superuser=True),
        "Panwascam Kepanjen": buat_staf(Peran.PANWASCAM, "35.07.13"),
        "pemda Bondowoso": buat_staf(Peran.PEMDA, "35.11"),
        "peninjau Pemda Bondowoso": buat_peninjau(Instansi.objects.get(wilayah_id="35.11")),
    }
    return pertanyaan, peran


# The promise, written out: which questions each role answers.
TERLIHAT = {
    "Bawaslu Kab. Bondowoso": {"35.11"},
    "Bawaslu Kab. Malang": {"35.07"},
    "Bawaslu Kota Bandung": {"32.73"},
    "Bawaslu Jawa Timur": {"35.11", "35.07", "35"},
    "Bawaslu RI": {"35.11", "35.07", "35", "32.73", None},
    "administrator": {"35.11", "35.07", "35", "32.73", None},
    "superuser": {"35.11", "35.07", "35", "32.73", None},
    "Panwascam Kepanjen": set(),
    "pemda Bondowoso": set(),
    "peninjau Pemda Bondowoso": set(),
}


def _pola_tanya():
    """Every admin URL pattern of the app that names a question, read from the registry."""
    model_admin = admin.site._registry[Pertanyaan]
    return [p for p in model_admin.get_urls() if isinstance(p, URLPattern) and "object_id" in p.pattern.converters]


def test_setiap_url_admin_tanya_404_di_luar_lingkup_untuk_setiap_peran(client, dunia):
    pertanyaan, peran = dunia
    pola = _pola_tanya()
    nama = {p.name for p in pola}
    assert {"tanya_pertanyaan_jawab", "tanya_pertanyaan_terbitkan", "tanya_pertanyaan_batal_terbit"} <= nama
    assert {"tanya_pertanyaan_change", "tanya_pertanyaan_delete", "tanya_pertanyaan_history"} <= nama
    # Django's old change URL (<id>/, a redirect) is walked too.
    assert None in nama
    gagal, diminta = [], 0
    client.raise_request_exception = False
    for nama_peran, user in peran.items():
        client.force_login(user)
        for p in pola:
            for kode, q in [*pertanyaan.items(), ("tidak ada", None)]:
                pk = q.pk if q is not None else TIDAK_ADA
                url = "/admin/tanya/pertanyaan/" + str(p.pattern).replace("<path:object_id>", str(pk))
                r = client.get(url)
                diminta += 1
                boleh = q is not None and kode in TERLIHAT[nama_peran]
                if boleh and r.status_code == 404 or not boleh and r.status_code != 404 or r.status_code >= 500:
                    gagal.append(f"{nama_peran}: GET {url} ({kode}) → {r.status_code}")
    assert not gagal, "\n".join(gagal)
    assert diminta == len(peran) * len(pola) * 6


def test_daftar_admin_hanya_pertanyaan_dalam_lingkup(client, dunia):
    pertanyaan, peran = dunia
    for nama_peran, user in peran.items():
        client.force_login(user)
        r = client.get(reverse("admin:tanya_pertanyaan_changelist"))
        if not TERLIHAT[nama_peran]:
            assert r.status_code == 403, nama_peran
            continue
        dilihat = {p.wilayah_id for p in r.context["cl"].result_list}
        assert dilihat == TERLIHAT[nama_peran], nama_peran


def test_staf_tidak_dapat_menambah_pertanyaan_di_admin(client, dunia):
    client.force_login(dunia[1]["Bawaslu RI"])
    assert client.get(reverse("admin:tanya_pertanyaan_add")).status_code == 403


def test_hapus_lewat_post_di_luar_lingkup_tidak_ditemukan(client, dunia):
    pertanyaan, peran = dunia
    client.force_login(peran["Bawaslu Kab. Malang"])
    r = client.post(reverse("admin:tanya_pertanyaan_delete", args=[pertanyaan["35.11"].pk]), {"post": "yes"})
    assert r.status_code == 404 and Pertanyaan.objects.filter(pk=pertanyaan["35.11"].pk).exists()
    r = client.post(reverse("admin:tanya_pertanyaan_jawab", args=[pertanyaan["35.11"].pk]), {"jawaban": "x" * 20})
    assert r.status_code == 404


# --- Answer, publish, withdraw ---------------------------------------------------------------------


@pytest.fixture
def staf_bondowoso():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.11", email="bondowoso@bawaslu.go.id")


def test_jawab_mengirim_jawaban_ke_email_penanya_lalu_menghapus_alamatnya(
    client, staf_bondowoso, django_capture_on_commit_callbacks
):
    p = ajukan("35.11", nama="Dwi", email="dwi@contoh.id", isi="Saya Dwi, bolehkah like unggahan calon bupati?")
    client.force_login(staf_bondowoso)
    url = reverse("admin:tanya_pertanyaan_jawab", args=[p.pk])
    assert "Saya Dwi" in client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"jawaban": "Tidak boleh: SKB 2022 Lampiran II & PP 94/2021."})
    assert r.status_code == 302 and r["Location"] == reverse("admin:tanya_pertanyaan_change", args=[p.pk])
    p.refresh_from_db()
    assert p.jawaban.startswith("Tidak boleh") and p.dijawab_oleh == staf_bondowoso and p.email == ""
    (surel,) = mail.outbox
    assert surel.to == ["dwi@contoh.id"] and "SKB 2022 Lampiran II & PP 94/2021." in surel.body
    # The answer, not the question (an address typed wrongly must not receive what was asked).
    assert "Saya Dwi" not in surel.body and "like unggahan" not in surel.body
    from pengaduan.models import Notifikasi

    # The body is not kept in the outbox once sent.
    assert Notifikasi.objects.get(jenis="tanya_dijawab").isi_teks == ""
    log = LogAudit.objects.get(aksi=Aksi.JAWAB_PERTANYAAN)
    assert log.aktor == staf_bondowoso and log.objek == f"pertanyaan #{p.pk}"
    # A correction is saved and logged, and mails nobody.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"jawaban": "Tidak boleh (diperbaiki)."})
    assert len(mail.outbox) == 1 and LogAudit.objects.filter(aksi=Aksi.JAWAB_PERTANYAAN).count() == 2


@pytest.mark.parametrize(
    "jawaban, pesan",
    [("", "Jawaban wajib diisi."), ("   ", "Jawaban wajib diisi."), ("x" * 8001, "paling banyak 8000")],
)
def test_jawaban_kosong_atau_terlalu_panjang_ditolak(client, staf_bondowoso, jawaban, pesan):
    p = ajukan("35.11")
    client.force_login(staf_bondowoso)
    r = client.post(reverse("admin:tanya_pertanyaan_jawab", args=[p.pk]), {"jawaban": jawaban})
    assert r.status_code == 400 and pesan in r.content.decode()
    p.refresh_from_db()
    assert p.jawaban == "" and not LogAudit.objects.exists()


def test_terbitkan_sebelum_dijawab_dialihkan_dengan_pesan(client, staf_bondowoso):
    p = ajukan("35.11")
    client.force_login(staf_bondowoso)
    r = client.get(reverse("admin:tanya_pertanyaan_terbitkan", args=[p.pk]), follow=True)
    assert "belum dijawab" in r.content.decode()
    assert client.get(reverse("admin:tanya_pertanyaan_batal_terbit", args=[p.pk])).status_code == 302


def test_terbitkan_menolak_teks_yang_masih_mengenali_penanya_dan_menyimpan_isian(client, staf_bondowoso):
    p = ajukan("35.11", nama="Dwi Lestari", instansi="SDN Tamanan 2", isi="Saya Dwi Lestari dari SDN Tamanan 2.")
    client.force_login(staf_bondowoso)
    client.post(reverse("admin:tanya_pertanyaan_jawab", args=[p.pk]), {"jawaban": "Ibu Dwi Lestari, tidak boleh."})
    url = reverse("admin:tanya_pertanyaan_terbitkan", args=[p.pk])
    # The form starts from the private texts, for the staff to rewrite.
    assert client.get(url).context["form"]["isi_publik"].value() == p.isi
    data = {
        "isi_publik": "Guru di sdn tamanan 2 bertanya, hubungi 0812 3456 7890 atau dwi@contoh.id",
        "jawaban_publik": "Ibu Dwi Lestari, tidak boleh. Lihat https://contoh.id",
        "yakin": "on",
    }
    r = client.post(url, data)
    html = r.content.decode()
    assert r.status_code == 400
    for pesan in (
        "masih memuat instansi penanya",
        "deretan angka panjang",
        "alamat e-mail",
        "masih memuat nama penanya",
        "memuat tautan",
    ):
        assert pesan in html, pesan
    assert r.context["form"]["isi_publik"].value() == data["isi_publik"]
    p.refresh_from_db()
    assert not p.terbit and not LogAudit.objects.filter(aksi=Aksi.TERBITKAN_PERTANYAAN).exists()
    # Without the confirmation box: refused too.
    r = client.post(url, {"isi_publik": "Bolehkah guru menyukai unggahan calon?", "jawaban_publik": "Tidak boleh."})
    assert r.status_code == 400 and "Centang pernyataan" in r.content.decode()


def test_terbitkan_lalu_tarik_dengan_log_audit(client, staf_bondowoso):
    p = ajukan("35.11", nama="Dwi", isi="Saya Dwi dari Tamanan, bolehkah like unggahan calon?")
    client.force_login(staf_bondowoso)
    client.post(reverse("admin:tanya_pertanyaan_jawab", args=[p.pk]), {"jawaban": "Bu Dwi, tidak boleh."})
    r = client.post(
        reverse("admin:tanya_pertanyaan_terbitkan", args=[p.pk]),
        {"isi_publik": "Bolehkah ASN menyukai unggahan calon?", "jawaban_publik": "Tidak boleh.", "yakin": "on"},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.terbit and p.diterbitkan_oleh == staf_bondowoso and p.isi.startswith("Saya Dwi")
    publik = client.get(f"/tanya/{p.pk}/").content.decode()
    assert "Bolehkah ASN menyukai unggahan calon?" in publik and "Dwi" not in publik and "Tamanan" not in publik
    halaman = client.get(reverse("admin:tanya_pertanyaan_change", args=[p.pk])).content.decode()
    assert "Tarik dari halaman publik" in halaman and f'href="/tanya/{p.pk}/"' in halaman

    r = client.post(reverse("admin:tanya_pertanyaan_batal_terbit", args=[p.pk]), {"alasan": "Perlu ditinjau ulang."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert not p.terbit and p.isi_publik  # the texts are kept for publishing again
    assert client.get(f"/tanya/{p.pk}/").status_code == 404
    aksi = list(LogAudit.objects.order_by("waktu", "pk").values_list("aksi", "keterangan"))
    assert [a for a, _ in aksi] == [Aksi.JAWAB_PERTANYAAN, Aksi.TERBITKAN_PERTANYAAN, Aksi.BATAL_TERBIT_PERTANYAAN]
    assert aksi[-1][1] == "Perlu ditinjau ulang."


def test_peran_dengan_lingkup_tanpa_izin_ubah_ditolak(client, staf_bondowoso):
    from django.contrib.auth.models import Permission

    p = ajukan("35.11")
    hanya_lihat = buat_staf(Peran.BAWASLU_KABKOTA, "35.11")
    hanya_lihat.groups.clear()
    hanya_lihat.user_permissions.add(Permission.objects.get(codename="view_pertanyaan"))
    client.force_login(hanya_lihat)
    assert client.get(reverse("admin:tanya_pertanyaan_change", args=[p.pk])).status_code == 200
    assert client.get(reverse("admin:tanya_pertanyaan_jawab", args=[p.pk])).status_code == 403


teks = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["<script>alert(1)</script>", "Dwi Lestari", "081234567890", "a@b.co", "x" * 9000, "\x00"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(isi_publik=teks, jawaban_publik=teks, yakin=st.sampled_from(["", "on"]), jawaban=teks)
def test_isian_acak_staf_tidak_pernah_500_dan_tidak_menerbitkan_nama(
    client, isi_publik, jawaban_publik, yakin, jawaban
):
    staf = Pertanyaan.objects.none() or buat_staf(Peran.BAWASLU_RI, None)
    p = ajukan(None, nama="Dwi Lestari", isi="Saya Dwi Lestari bertanya tentang grup pemenangan calon.")
    client.force_login(staf)
    r = client.post(reverse("admin:tanya_pertanyaan_jawab", args=[p.pk]), {"jawaban": jawaban})
    assert r.status_code in (302, 400)
    r = client.post(
        reverse("admin:tanya_pertanyaan_terbitkan", args=[p.pk]),
        {"isi_publik": isi_publik, "jawaban_publik": jawaban_publik, "yakin": yakin},
    )
    assert r.status_code in (200, 302, 400)
    p.refresh_from_db()
    if p.terbit:
        assert "dwi lestari" not in (p.isi_publik + p.jawaban_publik).casefold()

"""Bawaslu invites a reviewer account for an agency: the e-mailed single-use link, the password and
the second factor, re-send and revocation, scope, audit, and the token kept out of every store."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from netralitas.akun.dua_faktor import aturan
from netralitas.akun.models import Instansi, Peran, StatusUndangan, UndanganPeninjau
from netralitas.akun.undangan import services
from netralitas.audit.models import Aksi, LogAudit
from netralitas.surel import samarkan
from pengaduan import transisi
from pengaduan.models import Notifikasi, PenerimaanRekomendasi, Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from tests.factories import buat_pengaduan, buat_peninjau, buat_staf, data_rekomendasi, majukan_waktu

pytestmark = pytest.mark.django_db

KATA_SANDI_BARU = "Peninjau-BKN-2026-aman"
TAUTAN = re.compile(r"https://posko\.uji(/akun/undangan/([A-Za-z0-9_\-]+)/)")
UNDANG = "admin:akun_undanganpeninjau_undang"


@pytest.fixture(autouse=True)
def _kirim_seketika(monkeypatch, settings):
    """The e-mail task runs at once, as after a commit (tests run inside one transaction); the rate
    limit is out of the way except where a test sets it."""
    from django.db import transaction

    settings.RATELIMIT_UNDANGAN = "10000/m"
    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


@pytest.fixture
def bkn():
    return Instansi.objects.get(singkatan="BKN")


@pytest.fixture
def ri():
    return buat_staf(Peran.BAWASLU_RI, None, username="bawaslu.ri.uji")


def _undang(client, staf, instansi, email="peninjau@bkn.go.id", **ubah):
    client.force_login(staf)
    data = {"instansi": instansi.pk, "nama": "Dewi Peninjau", "email": email, "nip": "", **ubah}
    return client.post(reverse(UNDANG), data)


def _tautan(email="peninjau@bkn.go.id") -> tuple[str, str]:
    pesan = [m for m in mail.outbox if email in m.to][-1]
    cocok = TAUTAN.search(pesan.body)
    assert cocok, pesan.body
    return cocok.group(1), cocok.group(2)


def _diteruskan_ke(instansi, staf_kabkota):
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf_kabkota)
    tindak_lanjut.teruskan(
        pengaduan=p, peran=Peran.BAWASLU_KABKOTA, oleh=staf_kabkota, **data_rekomendasi(instansi=[instansi])
    )
    p.refresh_from_db()
    return p


def _terima(client, jalur, kata_sandi=KATA_SANDI_BARU):
    r = client.get(jalur)
    assert r.status_code == 302 and r["Location"] == reverse("akun:undangan_kata_sandi")
    return client.post(r["Location"], {"new_password1": kata_sandi, "new_password2": kata_sandi})


# --- Inviting ---------------------------------------------------------------------------------------


def test_bawaslu_ri_mengundang_peninjau_bkn_akun_nonaktif_dan_email_tanpa_rincian_kasus(client, ri, bkn):
    kmalang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p = _diteruskan_ke(bkn, kmalang)
    mail.outbox.clear()
    r = _undang(client, ri, bkn, nip="198503152010011002")
    assert r.status_code == 302
    user = get_user_model().objects.get(email="peninjau@bkn.go.id")
    assert not user.is_active and user.is_staff and not user.has_usable_password()
    assert user.profil_staf.peran == Peran.PENINJAU and user.profil_staf.instansi == bkn
    assert user.profil_staf.nip == "198503152010011002" and user.profil_staf.wajib_dua_langkah
    assert user.groups.filter(name="Inspektorat/PPK").exists()

    assert len(mail.outbox) == 1
    pesan = mail.outbox[0]
    assert pesan.to == ["peninjau@bkn.go.id"] and "Badan Kepegawaian Negara" in pesan.subject
    assert "Bawaslu RI" in pesan.body and "7 hari" not in pesan.subject
    jalur, token = _tautan()
    assert token in pesan.alternatives[0].content
    # Nothing of any case: no code, no registration number, no finding, no name.
    for rahasia in (p.kode_akhir, p.nomor_registrasi or "—", "Pejabat Uji", "Warga Uji", "Terlapor terbukti"):
        assert rahasia not in pesan.body

    u = UndanganPeninjau.objects.get(user=user)
    assert u.status == StatusUndangan.MENUNGGU and u.diundang_oleh == ri and u.kedaluwarsa
    assert u.sidik_token == services.sidik(token) and token not in u.sidik_token
    audit = LogAudit.objects.get(aksi=Aksi.UNDANG_PENINJAU)
    assert (
        audit.aktor == ri
        and "Badan Kepegawaian Negara" in audit.keterangan
        and "peninjau@bkn.go.id" in audit.keterangan
    )


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"email": ""}, "Bidang ini tidak boleh kosong"),
        ({"email": "bukan-email"}, "alamat email yang valid"),
        ({"nama": "<script>alert(1)</script>"}, "tanpa tanda"),
        ({"nama": "x" * 500}, "paling banyak 150"),
        ({"nip": "123"}, "NIP harus 18 angka"),
    ],
)
def test_isian_undangan_cacat_ditolak_dengan_pesan(client, ri, bkn, ubah, pesan):
    r = _undang(client, ri, bkn, **ubah)
    assert r.status_code == 400
    assert pesan in r.content.decode()
    assert not UndanganPeninjau.objects.exists() and not mail.outbox


def test_email_yang_sudah_dipakai_ditolak(client, ri, bkn):
    buat_staf(Peran.BAWASLU_RI, None, username="lama", email="peninjau@bkn.go.id")
    r = _undang(client, ri, bkn)
    assert r.status_code == 400 and "sudah dipakai akun lain" in r.content.decode()


# --- Accepting --------------------------------------------------------------------------------------


def test_tautan_membuat_kata_sandi_lalu_ke_pendaftaran_dua_langkah_dan_sekali_pakai(client, ri, bkn):
    _undang(client, ri, bkn)
    jalur, token = _tautan()
    client.logout()
    r = client.get(jalur)
    assert r.status_code == 302
    assert r["Referrer-Policy"] == "no-referrer" and "no-store" in r["Cache-Control"]
    halaman = client.get(r["Location"])
    assert halaman.status_code == 200 and "Badan Kepegawaian Negara" in halaman.content.decode()
    assert token not in halaman.content.decode() and halaman["Referrer-Policy"] == "same-origin"

    lemah = client.post(r["Location"], {"new_password1": "12345678", "new_password2": "12345678"})
    assert lemah.status_code == 400
    isi = lemah.content.decode()
    assert "terlalu pendek" in isi or "terlalu umum" in isi

    selesai = client.post(r["Location"], {"new_password1": KATA_SANDI_BARU, "new_password2": KATA_SANDI_BARU})
    assert selesai.status_code == 302 and selesai["Location"].startswith(reverse("admin:dua_langkah_daftar"))
    user = get_user_model().objects.get(email="peninjau@bkn.go.id")
    assert user.is_active and user.check_password(KATA_SANDI_BARU) and aturan.wajib(user)
    # The admin lets the new reviewer nowhere before the second factor.
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:dua_langkah_daftar"))
    assert client.get(selesai["Location"]).status_code == 200
    assert LogAudit.objects.filter(aksi=Aksi.TERIMA_UNDANGAN, aktor=user).exists()

    client.logout()
    lagi = client.get(jalur)
    assert lagi.status_code == 410 and "sudah dipakai" in lagi.content.decode()
    assert lagi["Referrer-Policy"] == "no-referrer"


def test_tautan_kedaluwarsa_setelah_tujuh_hari(client, ri, bkn, monkeypatch):
    _undang(client, ri, bkn)
    jalur, _ = _tautan()
    client.logout()
    majukan_waktu(monkeypatch, 8)
    r = client.get(jalur)
    assert r.status_code == 410 and "kedaluwarsa" in r.content.decode()
    assert not get_user_model().objects.get(email="peninjau@bkn.go.id").is_active


def test_kedaluwarsa_di_antara_membuka_tautan_dan_menyimpan_kata_sandi(client, ri, bkn, monkeypatch):
    _undang(client, ri, bkn)
    jalur, _ = _tautan()
    client.logout()
    assert client.get(jalur).status_code == 302
    majukan_waktu(monkeypatch, 8)
    r = client.post(
        reverse("akun:undangan_kata_sandi"), {"new_password1": KATA_SANDI_BARU, "new_password2": KATA_SANDI_BARU}
    )
    assert r.status_code == 410 and "kedaluwarsa" in r.content.decode()


def test_cabut_dan_kirim_ulang_tautan_lama_mati(client, ri, bkn):
    _undang(client, ri, bkn)
    jalur_lama, _ = _tautan()
    u = UndanganPeninjau.objects.get()
    r = client.post(reverse("admin:akun_undanganpeninjau_cabut", args=[u.pk]))
    assert r.status_code == 302
    client.logout()
    dicabut = client.get(jalur_lama)
    assert dicabut.status_code == 410 and "dicabut" in dicabut.content.decode()

    client.force_login(ri)
    client.post(reverse("admin:akun_undanganpeninjau_kirim_ulang", args=[u.pk]))
    jalur_baru, _ = _tautan()
    assert jalur_baru != jalur_lama
    client.logout()
    lama = client.get(jalur_lama)
    assert lama.status_code == 404 and "tidak dikenal" in lama.content.decode()
    assert _terima(client, jalur_baru).status_code == 302
    aksi = set(LogAudit.objects.values_list("aksi", flat=True))
    assert {Aksi.UNDANG_PENINJAU, Aksi.CABUT_UNDANGAN, Aksi.KIRIM_ULANG_UNDANGAN, Aksi.TERIMA_UNDANGAN} <= aksi


def test_kirim_ulang_sesudah_membuka_tautan_lama_menolak_sesi_itu(client, ri, bkn):
    _undang(client, ri, bkn)
    jalur, _ = _tautan()
    u = UndanganPeninjau.objects.get()
    services.kirim_ulang(undangan=u, oleh=ri)
    client.logout()
    assert client.get(jalur).status_code == 404


def test_halaman_kata_sandi_tanpa_tautan_menjelaskan(client):
    r = client.get(reverse("akun:undangan_kata_sandi"))
    assert r.status_code == 400 and "Buka tautan dari e-mail undangan" in r.content.decode()


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.one_of(st.text(min_size=1, max_size=300), st.from_regex(r"[A-Za-z0-9_\-]{43}", fullmatch=True)))
def test_token_sembarang_tidak_pernah_500(client, token):
    from urllib.parse import quote

    r = client.get("/akun/undangan/" + quote(token, safe="") + "/")
    assert r.status_code == 404


def test_token_tidak_pernah_tercatat_di_log(client, ri, bkn, caplog, settings):
    _undang(client, ri, bkn)
    jalur, token = _tautan()
    client.logout()
    salah = "A" * 43
    with caplog.at_level(logging.DEBUG):
        client.get(f"/akun/undangan/{salah}/")
        _terima(client, jalur)
        client.get(jalur)  # used: 410
        settings.RATELIMIT_UNDANGAN = "1/m"
        client.get(jalur)  # 429
    teks = "\n".join(r.getMessage() for r in caplog.records)
    assert "/akun/undangan/" in teks  # Django did log the 404 and 410: masked
    assert token not in teks and salah not in teks


def test_token_tidak_tersimpan_di_basis_data_maupun_sesi(client, ri, bkn):
    _undang(client, ri, bkn)
    jalur, token = _tautan()
    client.logout()
    client.get(jalur)
    for s in Session.objects.all():
        assert token not in str(s.get_decoded())
    for baris in UndanganPeninjau.objects.values():
        assert token not in str(baris)
    assert not LogAudit.objects.filter(keterangan__contains=token).exists()
    assert not Notifikasi.objects.filter(isi_teks__contains=token).exists()


def test_salinan_email_di_konsol_menyamarkan_token():
    teks = "Buka https://posko.uji/akun/undangan/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde/ sekarang."
    assert "AbCdEf" not in samarkan(teks) and "/akun/undangan/[disamarkan]/" in samarkan(teks)


def test_halaman_tautan_dibatasi_per_alamat(client, settings):
    settings.RATELIMIT_UNDANGAN = "3/m"
    kode = [client.get(f"/akun/undangan/{'B' * 43}/").status_code for _ in range(5)]
    assert kode[:3] == [404, 404, 404] and kode[3:] == [429, 429]


# --- Scope ------------------------------------------------------------------------------------------


def test_bawaslu_kabkota_hanya_mengundang_instansi_wilayahnya(client, bkn):
    malang = Instansi.objects.get(wilayah_id="35.07")
    bandung = Instansi.objects.get(wilayah_id="32.73")
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    assert _undang(client, staf, bkn).status_code == 400
    assert _undang(client, staf, bandung).status_code == 400
    assert not UndanganPeninjau.objects.exists()
    assert _undang(client, staf, malang, email="inspektorat@malangkab.go.id").status_code == 302
    # The service refuses the same, whatever form calls it.
    with pytest.raises(services.UndanganDitolak):
        services.undang_peninjau(oleh=staf, instansi=bkn, nama="X Y Z", email="x@bkn.go.id")


def test_provinsi_mengundang_pemda_kabupaten_di_provinsinya(client):
    malang = Instansi.objects.get(wilayah_id="35.07")
    staf = buat_staf(Peran.BAWASLU_PROVINSI, "35")
    assert _undang(client, staf, malang, email="a@malangkab.go.id").status_code == 302
    bandung = Instansi.objects.get(wilayah_id="32.73")
    assert _undang(client, staf, bandung, email="b@bandung.go.id").status_code == 400


def test_wilayah_lain_404_di_setiap_url_undangan(client, ri):
    malang = Instansi.objects.get(wilayah_id="35.07")
    kmalang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    _undang(client, kmalang, malang, email="inspektorat@malangkab.go.id")
    u = UndanganPeninjau.objects.get()
    bandung = buat_staf(Peran.BAWASLU_KABKOTA, "32.73")
    client.force_login(bandung)
    for nama in ("change", "kirim_ulang", "cabut", "history"):
        url = reverse(f"admin:akun_undanganpeninjau_{nama}", args=[u.pk])
        assert client.post(url).status_code == 404, nama
        assert client.get(url).status_code in (404, 405), nama
    daftar = client.get(reverse("admin:akun_undanganpeninjau_changelist"))
    assert daftar.status_code == 200 and "inspektorat@malangkab.go.id" not in daftar.content.decode()
    u.refresh_from_db()
    assert u.status == StatusUndangan.MENUNGGU


@pytest.mark.parametrize(
    "peran, wilayah", [(Peran.PANWASCAM, "35.07.13"), (Peran.PEMDA, "35.07"), (Peran.PENINJAU, None)]
)
def test_peninjau_pemda_dan_panwascam_tidak_dapat_mengundang(client, bkn, peran, wilayah):
    malang = Instansi.objects.get(wilayah_id="35.07")
    kmalang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    u = services.undang_peninjau(oleh=kmalang, instansi=malang, nama="Ani Inspektur", email="ani@malangkab.go.id")
    staf = buat_peninjau(malang) if peran == Peran.PENINJAU else buat_staf(peran, wilayah)
    client.force_login(staf)
    assert client.get(reverse(UNDANG)).status_code in (403, 404)
    assert client.post(reverse(UNDANG), {"instansi": malang.pk, "nama": "A B C", "email": "z@x.id"}).status_code in (
        403,
        404,
    )
    assert client.get(reverse("admin:akun_undanganpeninjau_changelist")).status_code == 403
    for nama in ("change", "kirim_ulang", "cabut"):
        assert client.post(reverse(f"admin:akun_undanganpeninjau_{nama}", args=[u.pk])).status_code in (403, 404)
    assert UndanganPeninjau.objects.count() == 1
    with pytest.raises(services.UndanganDitolak):
        services.undang_peninjau(oleh=staf, instansi=malang, nama="A B C", email="z@x.id")


# --- The agency's cases ----------------------------------------------------------------------------


def test_peninjau_baru_diberi_tahu_kasus_terbuka_dan_penerusan_baru_berpeninjau(client, ri, bkn):
    kmalang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p = _diteruskan_ke(bkn, kmalang)
    assert PenerimaanRekomendasi.objects.get(rekomendasi__pengaduan=p).tanpa_peninjau
    _undang(client, ri, bkn)
    jalur, _ = _tautan()
    client.logout()
    _terima(client, jalur)
    user = get_user_model().objects.get(email="peninjau@bkn.go.id")
    n = Notifikasi.objects.get(penerima=user)
    assert n.pengaduan == p and n.jenis == "rekomendasi_masuk"
    assert n.tautan == reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])
    # Forwarding time's fact stays; the weekly reminder stops when the reviewer opens the case.
    assert PenerimaanRekomendasi.objects.get(rekomendasi__pengaduan=p).tanpa_peninjau
    p2 = _diteruskan_ke(bkn, kmalang)
    assert not PenerimaanRekomendasi.objects.get(rekomendasi__pengaduan=p2).tanpa_peninjau


def test_demo_mencetak_tautan_undangan_bkn_yang_berlaku(client):
    import io

    from netralitas.akun.undangan.demo import isi_demo_undangan

    buat_staf(Peran.BAWASLU_RI, None, username="bawaslu.ri")
    keluaran = io.StringIO()
    isi_demo_undangan(keluaran)
    isi_demo_undangan(keluaran)  # run again: one invitation
    assert UndanganPeninjau.objects.count() == 1 and not mail.outbox
    jalur = re.search(r"https?://[^/]+(/akun/undangan/[A-Za-z0-9_\-]+/)", keluaran.getvalue()).group(1)
    assert client.get(jalur).status_code == 302

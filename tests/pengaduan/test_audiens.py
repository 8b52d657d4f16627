"""Staff text has an audience (DESIGN.md §3, issue 11 A.1): a reason typed with a status change is
internal; the reporter reads on /lacak/ only the public status labels and the messages written to
them, word for word; the reporter's e-mail carries neither; the agency's reviewers read neither."""

import importlib
import re
import secrets

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas.akun.models import Instansi, Peran
from pengaduan import transisi, workflow
from pengaduan.models import CatatanPengaduan, PeristiwaPengaduan, Pesan, Status, TingkatKantor
from pengaduan.pelaporan import services as pelaporan
from pengaduan.triase import forms as formulir
from tests.factories import buat_pengaduan, buat_peninjau, buat_staf, notifikasi_ke, pdf

pytestmark = pytest.mark.django_db

LACAK = reverse("pengaduan:lacak")
EMAIL_PELAPOR = "pelapor@contoh.id"


def tindakan(p, aksi):
    return reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, aksi])


def halaman_lacak(kode) -> str:
    """/lacak/ as the reporter opens it: a browser of its own, the code typed in."""
    pelapor = Client()
    assert pelapor.post(LACAK, {"aksi": "cari", "kode": kode}).status_code == 302
    r = pelapor.get(LACAK)
    assert r.status_code == 200
    return r.content.decode()


def surat_pelapor(p) -> str:
    """Everything the reporter's e-mails of this case carry (what the outbox sends)."""
    return "\n".join(
        f"{s}\n{t}\n{h}"
        for s, t, h in ((n.subjek, n.isi_teks, n.isi_html) for n in notifikasi_ke(EMAIL_PELAPOR, pengaduan=p))
    )


@pytest.fixture
def staf():
    return buat_staf(Peran.BAWASLU_KABKOTA, "35.07", first_name="Bawaslu")


@pytest.fixture
def kasus():
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email=EMAIL_PELAPOR)
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    return p, kode


def _limpahkan(client, p, **isian):
    return client.post(
        tindakan(p, "status"),
        {
            "versi": p.versi,
            "ke": Status.DILIMPAHKAN,
            "kantor_tingkat_tujuan": TingkatKantor.PROVINSI,
            "kantor_tujuan": "35",
            **isian,
        },
    )


ALASAN_INTERNAL = "Terlapor ternyata ipar Komisioner Suharyanto; sebaiknya provinsi menangani, jangan bocorkan."


def test_pelimpahan_dengan_alasan_internal_tanpa_pesan_tidak_terbaca_pelapor(client, staf, kasus):
    p, kode = kasus
    client.force_login(staf)
    assert _limpahkan(client, p, alasan=ALASAN_INTERNAL).status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DILIMPAHKAN
    html = halaman_lacak(kode)
    assert workflow.LABEL_PUBLIK[Status.DILIMPAHKAN] in html
    for kata in re.findall(r"\w{5,}", ALASAN_INTERNAL):
        assert kata not in html, kata
    # Nor the office names the service adds to the internal record of a hand-over.
    assert "Bawaslu Provinsi" not in html
    assert "Suharyanto" not in surat_pelapor(p) and "provinsi" not in surat_pelapor(p).lower()
    # Bawaslu still reads it, as an internal reason, on the case page of the office now handling it.
    client.force_login(buat_staf(Peran.BAWASLU_PROVINSI, "35"))
    halaman = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk])).content.decode()
    assert "Suharyanto" in halaman and "Alasan internal" in halaman


def test_pelimpahan_dengan_pesan_terbaca_pelapor_kata_demi_kata(client, staf, kasus):
    p, kode = kasus
    pesan = "Laporan Anda kini ditangani Bawaslu Provinsi Jawa Timur.\nTerima kasih & mohon bersabar <3"
    client.force_login(staf)
    assert _limpahkan(client, p, alasan=ALASAN_INTERNAL, pesan_pelapor=pesan).status_code == 302
    html = halaman_lacak(kode)
    assert escape(pesan) in html
    assert "Suharyanto" not in html
    # The e-mail only says something changed: the message is read on /lacak/.
    assert "mohon bersabar" not in surat_pelapor(p) and "Suharyanto" not in surat_pelapor(p)
    e = PeristiwaPengaduan.objects.get(pengaduan=p, ke_status=Status.DILIMPAHKAN)
    assert (e.pesan_pelapor, ALASAN_INTERNAL in e.alasan) == (pesan, True)


def test_alasan_wajib_tetap_internal_dan_kosong_ditolak_dengan_isian_kembali(client, staf, kasus):
    p, _ = kasus
    client.force_login(staf)
    r = _limpahkan(client, p, alasan="", pesan_pelapor="Pesan saya tetap di sini.")
    assert r.status_code == 400
    html = r.content.decode()
    assert "Alasan wajib diisi" in html and "Pesan saya tetap di sini." in html
    p.refresh_from_db()
    assert p.status == Status.KAJIAN_AWAL


def test_formulir_memisahkan_alasan_internal_dan_pesan_serta_menampilkan_pratinjau(client, staf, kasus):
    p, _ = kasus
    client.force_login(staf)
    r = client.get(tindakan(p, "status"), {"ke": Status.TIDAK_DIREGISTRASI})
    html = r.content.decode()
    assert formulir.LABEL_ALASAN_INTERNAL.replace("(", "(wajib; ", 1) in html
    assert escape(formulir.LABEL_PESAN_PELAPOR) in html
    assert 'id="pratinjau-pelapor"' in html and workflow.LABEL_PUBLIK[Status.TIDAK_DIREGISTRASI] in html
    # The preview redraws the page with the message as /lacak/ will show it, and saves nothing.
    versi = p.versi
    r = client.post(
        tindakan(p, "status"),
        {
            "versi": versi,
            "ke": Status.TIDAK_DIREGISTRASI,
            "alasan": "Catatan internal rahasia.",
            "pesan_pelapor": "Laporan belum memenuhi syarat <formal>.",
            "pratinjau": "1",
        },
    )
    assert r.status_code == 200
    pratinjau = r.content.decode().split('id="pratinjau-pelapor"', 1)[1].split("</fieldset>", 1)[0]
    assert escape("Laporan belum memenuhi syarat <formal>.") in pratinjau
    assert workflow.LABEL_PUBLIK[Status.TIDAK_DIREGISTRASI] in pratinjau
    assert "Catatan internal rahasia." not in pratinjau
    p.refresh_from_db()
    assert (p.status, p.versi) == (Status.KAJIAN_AWAL, versi)


def test_permintaan_kelengkapan_ditujukan_kepada_pelapor(client, staf, kasus):
    p, kode = kasus
    client.force_login(staf)
    html = client.get(tindakan(p, "status"), {"ke": Status.PERLU_PERBAIKAN}).content.decode()
    assert escape(formulir.LABEL_PERMINTAAN) in html
    # Without a message to the reporter there is no request: an internal reason alone is refused.
    r = client.post(tindakan(p, "status"), {"versi": p.versi, "ke": Status.PERLU_PERBAIKAN, "alasan": "Internal."})
    assert r.status_code == 400 and "Tuliskan apa yang harus dilengkapi pelapor" in r.content.decode()
    permintaan = "Lampirkan tangkapan layar unggahan yang memuat tanggalnya."
    r = client.post(
        tindakan(p, "status"),
        {
            "versi": p.versi,
            "ke": Status.PERLU_PERBAIKAN,
            "alasan": "Bukti lemah, calon tidak diregistrasi.",
            "pesan_pelapor": permintaan,
        },
    )
    assert r.status_code == 302
    html = halaman_lacak(kode)
    assert permintaan in html and "Bukti lemah" not in html
    assert html.count(permintaan) == 1  # in the request's box, not repeated in the timeline


def test_catatan_internal_bawaan_dan_pilihan_publik_disengaja(client, staf, kasus):
    p, kode = kasus
    client.force_login(staf)
    html = client.get(tindakan(p, "catatan")).content.decode()
    assert re.search(r'value="internal"[^>]*checked', html)
    # A form that does not say who reads the note saves nothing.
    r = client.post(tindakan(p, "catatan"), {"versi": p.versi, "teks": "Tanpa pilihan."})
    assert r.status_code == 400 and "Pilih siapa yang membaca catatan ini." in r.content.decode()
    assert not CatatanPengaduan.objects.filter(pengaduan=p, teks="Tanpa pilihan.").exists()
    client.post(
        tindakan(p, "catatan"), {"versi": p.versi, "teks": "Saksi kunci belum dihubungi.", "audiens": "internal"}
    )
    client.post(
        tindakan(p, "catatan"), {"versi": p.versi, "teks": "Laporan Anda sedang kami pelajari.", "audiens": "pelapor"}
    )
    html = halaman_lacak(kode)
    assert "Laporan Anda sedang kami pelajari." in html and "Saksi kunci" not in html


def test_alasan_sistem_memilih_audiensnya(kasus):
    """The lapsed completion window: the system says why to Bawaslu and to the reporter, each explicitly."""
    p, kode = kasus
    transisi.ubah_status(pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.PANWASCAM, pesan_pelapor="Lengkapi.")
    p.refresh_from_db()
    assert pelaporan.kedaluwarsakan_perbaikan(hari_ini=p.tenggat + timezone.timedelta(days=1)) == 1
    e = PeristiwaPengaduan.objects.get(pengaduan=p, ke_status=Status.TIDAK_DIREGISTRASI)
    assert e.alasan and e.pesan_pelapor == pelaporan.PESAN_PERBAIKAN_LEWAT
    html = halaman_lacak(kode)
    assert pelaporan.PESAN_PERBAIKAN_LEWAT in html and e.alasan not in html


# --- Random text never leaks -----------------------------------------------------------------------

TEKS_ACAK = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.just("\n")), min_size=0, max_size=120
)


def _teruskan_lewat_admin(client, p, instansi, *, alasan, pesan):
    return client.post(
        tindakan(p, "teruskan"),
        {
            "versi": p.versi,
            "instansi": [instansi.pk],
            "temuan": "Terbukti mengunggah dukungan.",
            "jalur": "keduanya",
            "nomor_surat": f"001/PM/{p.pk}",
            "tanggal_surat": timezone.localdate().isoformat(),
            "surat": pdf(),
            "alasan": alasan,
            "pesan_pelapor": pesan,
        },
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(awal=TEKS_ACAK, akhir=TEKS_ACAK, pesan_acak=TEKS_ACAK)
def test_alasan_acak_tidak_pernah_bocor_ke_lacak_email_atau_peninjau(awal, akhir, pesan_acak):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    malang = Instansi.objects.get(wilayah_id="35.07")
    peninjau = buat_peninjau(malang)
    p, kode = buat_pengaduan(wilayah="35.07.13.1007", email=EMAIL_PELAPOR)
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    transisi.ubah_status(pengaduan=p, ke=Status.DIREGISTRASI, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    # A marker inside random text: whatever surrounds it, it must never be shown where it does not belong.
    penanda = f"INTERNAL{secrets.token_hex(6)}"
    alasan = f"{awal} {penanda} {akhir}"
    admin = Client()
    admin.force_login(staf)
    r = admin.post(tindakan(p, "status"), {"versi": p.versi, "ke": Status.KLARIFIKASI, "alasan": alasan})
    assert r.status_code == 302
    p.refresh_from_db()
    penanda_pesan = f"PESAN{secrets.token_hex(6)}"
    pesan = f"{pesan_acak} {penanda_pesan}"
    assert _teruskan_lewat_admin(admin, p, malang, alasan=alasan, pesan=pesan).status_code == 302

    lacak = halaman_lacak(kode)
    assert penanda not in lacak and escape(alasan.strip()) not in lacak
    assert escape(pesan.strip()) in lacak  # the message, word for word
    email = surat_pelapor(p)
    assert email and penanda not in email and penanda_pesan not in email
    peninjau_klien = Client()
    peninjau_klien.force_login(peninjau)
    halaman = peninjau_klien.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk]))
    assert halaman.status_code == 200
    isi = halaman.content.decode()
    assert penanda not in isi and penanda_pesan not in isi


def test_halaman_peninjau_tidak_membaca_pesan_atau_alasan_instansi_sendiri_maupun_bawaslu(client, staf):
    """The reviewer's timeline is statuses only: the text of the agency's own events is the
    reporter's message and Bawaslu's record, both read elsewhere."""
    malang = Instansi.objects.get(wilayah_id="35.07")
    peninjau = buat_peninjau(malang)
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    client.force_login(staf)
    assert (
        _teruskan_lewat_admin(client, p, malang, alasan="Ada intervensi bupati.", pesan="Terima kasih.").status_code
        == 302
    )
    client.force_login(peninjau)
    isi = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])).content.decode()
    assert "intervensi bupati" not in isi and "Terima kasih." not in isi


# --- Existing events --------------------------------------------------------------------------------


def test_migrasi_memindahkan_alasan_lama_ke_internal_kecuali_permintaan_kelengkapan(staf, kasus):
    p, kode = kasus
    transisi.ubah_status(pengaduan=p, ke=Status.PERLU_PERBAIKAN, peran=Peran.PANWASCAM, pesan_pelapor="Lampirkan foto.")
    pelaporan.tambah_kelengkapan(pengaduan=p, teks="Ini fotonya.", unggahan=[])
    transisi.ubah_status(
        pengaduan=p,
        ke=Status.TIDAK_DIREGISTRASI,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        alasan="Pelapor kerabat terlapor.",
    )
    # The rows as they stood before migration 0010, when every text was `alasan` and shown on /lacak/:
    # no service writes that shape any more, so the test puts it back for the migration to read.
    from django.db.models import F

    PeristiwaPengaduan.objects.filter(pengaduan=p, ke_status=Status.PERLU_PERBAIKAN).update(
        alasan=F("pesan_pelapor"), pesan_pelapor=""
    )
    migrasi = importlib.import_module("pengaduan.migrations.0010_peristiwa_pesan_pelapor")
    migrasi.pisahkan_audiens(django_apps, None)
    permintaan = PeristiwaPengaduan.objects.get(pengaduan=p, ke_status=Status.PERLU_PERBAIKAN)
    assert (permintaan.alasan, permintaan.pesan_pelapor) == ("", "Lampirkan foto.")
    ditolak = PeristiwaPengaduan.objects.get(pengaduan=p, ke_status=Status.TIDAK_DIREGISTRASI)
    assert (ditolak.alasan, ditolak.pesan_pelapor) == ("Pelapor kerabat terlapor.", "")
    html = halaman_lacak(kode)
    assert "Lampirkan foto." in html and "kerabat" not in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ke=st.sampled_from([*Status.values, "", "bukan-status", "ke\x00"]),
    alasan=st.one_of(TEKS_ACAK, st.text(min_size=4001, max_size=4100, alphabet="ab\n")),
    pesan=st.one_of(TEKS_ACAK, st.text(min_size=4001, max_size=4100, alphabet="cd\n")),
    audiens=st.sampled_from(["internal", "pelapor", "", "publik", "1"]),
    pratinjau=st.booleans(),
)
def test_formulir_status_dan_catatan_tahan_isian_liar(ke, alasan, pesan, audiens, pratinjau):
    """Whatever is posted, staff get the page back with a message and their entries, never a 500."""
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=workflow.Aktor.SISTEM)
    admin = Client()
    admin.force_login(staf)
    data = {"versi": p.versi, "ke": ke, "alasan": alasan, "pesan_pelapor": pesan}
    if pratinjau:
        data["pratinjau"] = "1"
    r = admin.post(tindakan(p, "status"), data)
    assert r.status_code in (200, 302, 400)
    if r.status_code == 400:
        html = r.content.decode()
        assert 'class="errornote"' in html or "errorlist" in html
        if pesan.strip() and "\x00" not in ke:
            assert escape(pesan) in html  # the entry comes back
    if r.status_code != 302:
        p.refresh_from_db()
        assert p.status == Status.KAJIAN_AWAL
    r = admin.post(tindakan(p, "catatan"), {"versi": p.versi, "teks": pesan, "audiens": audiens})
    assert r.status_code in (302, 400)
    dicatat = CatatanPengaduan.objects.filter(pengaduan=p, penulis=staf)
    dikirim = Pesan.objects.filter(pengaduan=p, penulis=staf)
    if r.status_code == 302:
        assert audiens in ("internal", "pelapor")
        assert (dicatat.count(), dikirim.count()) == ((0, 1) if audiens == "pelapor" else (1, 0))
    else:
        assert not dicatat.exists() and not dikirim.exists()

"""Out of scope looks like absent, on every admin page, for every role (DESIGN.md §4: one visibility
rule per role; ISSUE 11 B.8, B.9).

The pages are not listed by hand: the walker reads the admin's URL registry, and every pattern that
names an object is requested, as each role, with objects that exist but lie outside what the role
may see (another region's case, event or distribution, a case not forwarded to the reviewer's
agency, another user's export or notification, a row of a model the role has no permission on)
and with ids that do not exist. Both must answer 404. A pattern whose parameter the walker cannot
fill fails the test until the walker is taught what it names.

What the role may see is decided here from the promises, not from the code under test: a case by
its handling office's code prefix, an event by its region's, a reviewer's case by the agencies its
recommendation names, the rest by the owner or Django's model permissions."""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, resolve, reverse
from django.utils import timezone

from netralitas.akun.models import PERAN_BAWASLU, Instansi, Peran, UndanganPeninjau
from netralitas.akun.undangan.services import undang_peninjau
from netralitas.audit.models import LogAudit
from netralitas.tanya.models import Pertanyaan
from pengaduan import bukti, transisi
from pengaduan.ekspor import services as ekspor
from pengaduan.models import (
    Bukti,
    DokumenPengaduan,
    Ekspor,
    HasilKlarifikasi,
    KasusInstansi,
    LampiranPesan,
    Notifikasi,
    PaketRekomendasi,
    Pengaduan,
    SalinanBukti,
    Sanksi,
    Status,
)
from pengaduan.pelaporan import services as pelaporan
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.triase import paket as paket_rekomendasi
from pengaduan.triase import services as triase
from pengaduan.triase.entri.services import unggah_dokumen
from sosialisasi.models import DistribusiBahan, Kegiatan, SuratImbauan, UnggahanMedsos
from tests import kebijakan_konten
from tests.factories import buat_pengaduan, buat_peninjau, buat_staf, data_rekomendasi, jpeg, pdf, pdf_halaman
from tests.sosialisasi.test_lingkup import catat_kegiatan
from tests.tanya.alat import ajukan as ajukan_pertanyaan

pytestmark = pytest.mark.django_db

PERAN_PENCATAT = PERAN_BAWASLU | {Peran.PEMDA, Peran.ADMINISTRATOR}
TIDAK_ADA = "987654321"  # an id no row has
# A `pk` in a custom URL names a row of this model; every custom pattern with a `pk` is listed, so
# that a new one fails the walker until it is taught what the id is.
MODEL_PK = {
    "notifikasi_buka": Notifikasi,
    "pengaduan_ekspor_unduh": Ekspor,
    "pengaduan_salinan_lepas": SalinanBukti,
    "pengaduan_sk_unduh": Sanksi,
    "pengaduan_bukti_unduh": Bukti,
    "pengaduan_bukti_thumbnail": Bukti,
    "pengaduan_klarifikasi_unduh": HasilKlarifikasi,
    "pengaduan_lampiranpesan_unduh": LampiranPesan,
    "pengaduan_pengaduan_identitas": Pengaduan,
    "pengaduan_pengaduan_tindakan": Pengaduan,
    "pengaduan_pengaduan_dokumen_unggah": Pengaduan,
    "pengaduan_dokumen_unduh": DokumenPengaduan,
    "pengaduan_pengaduan_formulir": Pengaduan,
    "pengaduan_pengaduan_tanda_terima": Pengaduan,
    "pengaduan_pengaduan_pemberitahuan": Pengaduan,
    "pengaduan_pengaduan_paket": Pengaduan,
    "pengaduan_pengaduan_paket_unduh": Pengaduan,
    "pengaduan_kasusinstansi_tindakan": KasusInstansi,
    "pengaduan_kasusinstansi_salinan": KasusInstansi,
    "pengaduan_kasusinstansi_surat": KasusInstansi,
    "pengaduan_kasusinstansi_sk": KasusInstansi,
    "sosialisasi_kegiatan_impor_peserta": Kegiatan,
}
# Parameters that name no object: the app of an app index, the catch-all's path.
BUKAN_OBJEK = {"app_label", "url"}


# --- The world: two regions' cases, forwarded and sanctioned; events; exports; every role ------------


@pytest.fixture(autouse=True)
def _antrean_segera(monkeypatch):
    # The test transaction never commits: what the services enqueue on commit (evidence copies,
    # notifications, the export file) runs at once, as a worker would after the commit.
    monkeypatch.setattr(transaction, "on_commit", lambda f, using=None, robust=False: f())


def _kasus_diteruskan(wilayah_desa, kode_kabkota, client):
    staf = buat_staf(Peran.BAWASLU_KABKOTA, kode_kabkota, email=f"staf-{kode_kabkota}@contoh.go.id")
    pemda = Instansi.objects.get(wilayah_id=kode_kabkota)
    peninjau = buat_peninjau(pemda, nip="", email=f"peninjau-{kode_kabkota}@contoh.go.id")
    p, _ = buat_pengaduan(wilayah=wilayah_desa, unggahan=[jpeg(), jpeg(nama="kedua.jpg")])
    unggah_dokumen(pengaduan=p, oleh=staf, berkas=pdf(nama="formulir-bertanda-tangan.pdf"))
    # The reporter writes with a file (kept with the message, Bawaslu's only); the office answers.
    pelaporan.kirim_pesan_pelapor(
        pengaduan=p,
        teks="Ada unggahan baru.",
        unggahan=[bukti.simpan_unggahan_sementara(berkas=jpeg(nama="pesan.jpg"))],
    )
    triase.kirim_pesan_ke_pelapor(pengaduan=p, oleh=staf, teks="Terima kasih.")
    for ke in (Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI):
        transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=staf)
    triase.catat_klarifikasi(
        pengaduan=p,
        oleh=staf,
        pihak="Pejabat Uji",
        kedudukan="terlapor",
        tanggal=timezone.localdate(),
        ringkasan="Terlapor mengakui unggahan itu.",
        dokumen=pdf_halaman(nama="berita-acara.pdf"),
    )
    tindak_lanjut.teruskan(
        pengaduan=p,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        alasan="Rekomendasi diteruskan.",
        **data_rekomendasi(instansi=[pemda], surat=pdf_halaman(nama="surat.pdf")),
    )
    p.refresh_from_db()
    paket_rekomendasi.buat_paket(pengaduan=p, oleh=staf, instansi=pemda, cara_kirim="pos")
    p.refresh_from_db()
    tindak_lanjut.mulai_pemeriksaan(pengaduan=p, oleh=peninjau, tanggal_mulai=timezone.localdate(), pemeriksa="x")
    tindak_lanjut.catat_sanksi(
        pengaduan=p,
        oleh=peninjau,
        data={
            "terlapor": p.terlapor.get(),
            "jalur": "disiplin",
            "tingkat": "ringan",
            "jenis": "teguran_lisan",
            "nomor_sk": "800/1/2026",
            "tanggal_sk": timezone.localdate(),
            "pejabat": "Kepala daerah",
            "dasar_hukum": "",
            "dokumen_sk": pdf_halaman(),
        },
    )
    # The reporter's identity, looked at: an audit row.
    client.force_login(staf)
    assert client.get(reverse("admin:pengaduan_pengaduan_identitas", args=[p.pk])).status_code == 200
    ekspor.minta_ekspor(user=staf, format="csv", parameter="", dengan_identitas=False)
    return staf, peninjau


def catat_register(client, user, kode, desa):
    """A letter, a post and a loose distribution, recorded through the admin's add pages."""
    client.force_login(user)
    kemarin = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    isian = {
        "suratimbauan": {
            "nomor": f"001/{kode}",
            "tanggal": kemarin,
            "perihal": "Imbauan netralitas ASN",
            "wilayah": kode,
            "penerima_lain": "Kepala OPD",
            "berkas": pdf(nama="imbauan.pdf"),
        },
        "unggahanmedsos": {"platform": "instagram", "tautan": "https://x.id/p", "tanggal": kemarin, "wilayah": kode},
        "distribusibahan": {"desa": desa, "jenis": "brosur", "jumlah": "10", "tanggal": kemarin, "tempat": "Balai"},
    }
    for model, data in isian.items():
        r = client.post(reverse(f"admin:sosialisasi_{model}_add"), data)
        assert r.status_code == 302, (model, r.content.decode()[:2000])


@pytest.fixture
def dunia(client):
    """Every role, and rows of every admin's model inside and outside each role's scope, made
    through the services and pages staff use."""
    staf_malang, peninjau_malang = _kasus_diteruskan("35.07.13.1007", "35.07", client)
    staf_bandung, _ = _kasus_diteruskan("32.73.01.1001", "32.73", client)
    ri = buat_staf(Peran.BAWASLU_RI, None)
    catat_kegiatan(client, ri, "35.07.13.2001", "Sosialisasi Desa Kemiri", [("35.07.13.2001", 100)])
    catat_kegiatan(client, ri, "35.07.12", "Sosialisasi Sumberpucung")
    catat_kegiatan(client, ri, "32.73", "Sosialisasi Kota Bandung", [("32.73.01.1001", 50)])
    # The imbauan register: a letter, a post and a loose distribution in each region.
    for kode, desa in (("35.07.13", "35.07.13.2001"), ("35.07.12", "35.07.12.2001"), ("32.73", "32.73.01.1001")):
        catat_register(client, ri, kode, desa)
    for kode in ("35.07", "35", "32.73", None):  # tanya jawab: to a kabupaten/kota, a province, Bawaslu RI
        ajukan_pertanyaan(kode)
    # Reviewer invitations: a pemda's by its kabupaten's Bawaslu, BKN's by Bawaslu RI.
    undang_peninjau(
        oleh=staf_malang, instansi=Instansi.objects.get(wilayah_id="35.07"), nama="Ani Inspektur", email="ani@x.id"
    )
    undang_peninjau(oleh=ri, instansi=Instansi.objects.get(singkatan="BKN"), nama="Budi Peninjau", email="budi@x.id")
    # The login guard's rows: a login (its access log), then a wrong password (an attempt; kept,
    # as a success resets it). Failure logs are switched off (AXES_ENABLE_ACCESS_FAILURE_LOG).
    # The wrong password comes from another address: the whole logins below (password and second
    # step) clear the attempts of theirs.
    client.logout()
    client.post(reverse("admin:login"), {"username": ri.username, "password": "kata-sandi-uji-123"})
    client.logout()
    client.post(reverse("admin:login"), {"username": ri.username, "password": "salah"}, REMOTE_ADDR="192.0.2.7")
    peran = {
        # The incident's Panwascam sees Kab. Malang's case; its neighbour in the same kabupaten does not.
        "panwascam Kepanjen": buat_staf(Peran.PANWASCAM, "35.07.13"),
        "panwascam Sumberpucung": buat_staf(Peran.PANWASCAM, "35.07.12"),
        "Bawaslu Kab. Malang": staf_malang,
        "Bawaslu Kota Bandung": staf_bandung,
        "Bawaslu Jawa Timur": buat_staf(Peran.BAWASLU_PROVINSI, "35"),
        "Bawaslu RI": ri,
        "peninjau Pemda Malang": peninjau_malang,
        "pemda Malang": buat_staf(Peran.PEMDA, "35.07"),
        "administrator": buat_staf(Peran.ADMINISTRATOR, None),
    }
    assert Notifikasi.objects.filter(penerima=staf_malang).exists() and LogAudit.objects.exists()
    return peran


# --- Who may see what, from the promises --------------------------------------------------------


def _dalam(lingkup, kode):
    return lingkup is None or kode == lingkup or (kode or "").startswith(lingkup + ".")


def _bawaslu_melihat(user, p) -> bool:
    """A case: Bawaslu staff (and the administrator) whose scope prefixes its handling office, and
    the Panwascam of the kecamatan where it took place."""
    profil = user.profil_staf
    kecamatan = profil.peran == Peran.PANWASCAM and _dalam(profil.wilayah_id, p.wilayah_id)
    return (
        profil.peran in PERAN_BAWASLU | {Peran.ADMINISTRATOR}
        and user.has_perm("pengaduan.view_pengaduan")
        and (_dalam(profil.wilayah_id, p.kantor_wilayah_id) or kecamatan)
    )


def terlihat(user, model, obj) -> bool:
    profil = user.profil_staf
    if model is Pengaduan:
        return _bawaslu_melihat(user, obj)
    if model in (Bukti, Sanksi, HasilKlarifikasi, DokumenPengaduan):
        return _bawaslu_melihat(user, obj.pengaduan)
    if model is LampiranPesan:
        return _bawaslu_melihat(user, obj.pesan.pengaduan)
    if model is SalinanBukti:
        return _bawaslu_melihat(user, obj.bukti.pengaduan)
    if model is KasusInstansi:
        return profil.peran == Peran.PENINJAU and obj.rekomendasi.instansi.filter(pk=profil.instansi_id).exists()
    if model is Kegiatan:
        return profil.peran in PERAN_PENCATAT and _dalam(profil.wilayah_id, obj.wilayah_id)
    if model in (SuratImbauan, UnggahanMedsos):
        return profil.peran in PERAN_PENCATAT and _dalam(profil.wilayah_id, obj.wilayah_id)
    if model is DistribusiBahan:
        return profil.peran in PERAN_PENCATAT and _dalam(profil.wilayah_id, obj.desa_id)
    if model is Ekspor:
        return obj.pengguna_id == user.pk
    if model is Notifikasi:
        return obj.penerima_id == user.pk and user.has_perm("pengaduan.view_notifikasi")
    if model is Pertanyaan:
        # The office asked (a province also its kabupaten/kota's); Bawaslu RI and the administrator all.
        return (
            profil.peran in {Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI, Peran.ADMINISTRATOR}
            and user.has_perm("tanya.view_pertanyaan")
            and (profil.wilayah_id is None or _dalam(profil.wilayah_id, obj.wilayah_id))
        )
    if model is UndanganPeninjau:
        # The inviting roles, for the agencies of their region; national agencies for national staff.
        return (
            profil.peran in {Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI, Peran.ADMINISTRATOR}
            and user.has_perm("akun.view_undanganpeninjau")
            and (
                profil.wilayah_id is None
                or (obj.instansi.wilayah_id and _dalam(profil.wilayah_id, obj.instansi.wilayah_id))
            )
        )
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _contoh(model):
    """Rows of a model to request: all of them for the few scoped ones, two of the others."""
    if model is KasusInstansi:
        return list(KasusInstansi.objects.filter(rekomendasi__isnull=False))
    qs = model._default_manager.order_by("pk")
    dilingkup = (
        Pengaduan,
        Bukti,
        DokumenPengaduan,
        SalinanBukti,
        Sanksi,
        HasilKlarifikasi,
        Kegiatan,
        SuratImbauan,
        UnggahanMedsos,
        DistribusiBahan,
        Ekspor,
        Notifikasi,
        LampiranPesan,
        Pertanyaan,
        UndanganPeninjau,
    )
    return list(qs) if model in dilingkup else list(qs[:2])


# --- The registry -------------------------------------------------------------------------------------


def _pola_admin():
    """(route, URL name, its ModelAdmin or None, parameter names) of every admin URL pattern."""
    akar = reverse("admin:index")
    per_awalan = {f"{m._meta.app_label}/{m._meta.model_name}/": ma for m, ma in admin.site._registry.items()}

    def jalan(pola, awalan, model_admin):
        for p in pola:
            rute = awalan + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from jalan(p.url_patterns, rute, per_awalan.get(rute, model_admin))
            elif isinstance(p, URLPattern):
                nama = list(getattr(p.pattern, "converters", {})) or list(p.pattern.regex.groupindex)
                yield akar + rute, p.name, model_admin, nama

    return list(jalan(admin.site.get_urls(), "", None))


def _isi(rute, nilai: dict) -> str:
    return re.sub(r"<(?:[a-z]+:)?(\w+)>", lambda m: str(nilai[m.group(1)]), rute)


def _permintaan(rute, nama_url, model_admin, parameter, user, pertama: bool):
    """Yield (URL, why, whether the object exists) for objects the role must not find on this pattern: up to two that exist
    outside its scope, an id no row has, and (for the first role) ids that are no number or
    overflow every integer column."""
    param = set(parameter) - BUKAN_OBJEK
    if param == {"content_type_id", "object_id"}:  # the site's "view on site" redirect
        for model in sorted({*MODEL_PK.values(), *admin.site._registry}, key=lambda m: m._meta.label):
            for obj in _contoh(model)[:1]:
                ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
                yield _isi(rute, {"content_type_id": ct.pk, "object_id": obj.pk}), f"{model.__name__} #{obj.pk}", True
        yield _isi(rute, {"content_type_id": TIDAK_ADA, "object_id": TIDAK_ADA}), "tidak ada", False
        return
    if "pk" in param:
        assert nama_url in MODEL_PK, f"Ajari walker: parameter pk pada {rute} ({nama_url}) menamai model apa?"
        model, kunci = MODEL_PK[nama_url], "pk"
    elif param & {"object_id", "id"}:
        model, kunci = model_admin.model, next(iter(param & {"object_id", "id"}))
    else:
        raise AssertionError(f"Ajari walker: parameter {sorted(param)} pada {rute}")
    lain = param - {kunci}
    assert lain <= {"aksi", "salinan_pk", "sanksi_pk", "paket_pk", "jenis"}, (
        f"Ajari walker: parameter {sorted(lain)} pada {rute}"
    )
    # Notifications on the site's own page are the recipient's, whatever the model permissions.
    boleh = (
        (lambda o: o.penerima_id == user.pk) if nama_url == "notifikasi_buka" else (lambda o: terlihat(user, model, o))
    )

    def anak(p):
        """The sub-objects a case's URL takes, of the given case (an id no row has for none)."""
        return {
            "salinan_pk": [s.pk for s in SalinanBukti.objects.filter(bukti__pengaduan_id=p)][:1] or [TIDAK_ADA],
            "sanksi_pk": [s.pk for s in Sanksi.objects.filter(pengaduan_id=p)][:1] or [TIDAK_ADA],
            "paket_pk": [k.pk for k in PaketRekomendasi.objects.filter(pengaduan_id=p)][:1] or [TIDAK_ADA],
            "jenis": ["pdf"],
        }

    contoh = _contoh(model)
    luar = [o.pk for o in contoh if not boleh(o)]
    # One outside object per case (the first two): a case of each region, not two rows of one.
    sasaran = [(pk, f"{model.__name__} #{pk} di luar lingkup", True) for pk in luar[:: max(1, len(luar) // 2)][:2]]
    sasaran.append((TIDAK_ADA, "tidak ada", False))
    if pertama:
        sasaran += [("x", "bukan angka", False), ("9" * 30, "terlalu besar", False)]
    for pk, alasan, nyata in sasaran:
        sub = anak(pk if nyata else None) if lain - {"aksi"} else {}
        for a in sorted(model_admin.tindakan)[: None if nyata else 1] if "aksi" in lain else [None]:
            yield _isi(rute, {kunci: pk, "aksi": a, **{n: sub[n][0] for n in lain - {"aksi"}}}), alasan, nyata
    # A case the role may see, with a sub-object of a case it may not: still not found.
    for pk in [o.pk for o in contoh if boleh(o)] if lain & {"salinan_pk", "sanksi_pk", "paket_pk"} else []:
        for q in luar:
            sub = anak(q)
            yield (
                _isi(rute, {kunci: pk, **{n: sub[n][0] for n in lain}}),
                f"kasus #{pk} dengan anak kasus lain #{q}",
                True,
            )


def test_setiap_url_objek_admin_404_di_luar_lingkup_untuk_setiap_peran(client, dunia):
    pola = _pola_admin()
    dengan_objek = [p for p in pola if set(p[3]) - BUKAN_OBJEK]
    gagal, diminta, pasangan, di_luar = [], 0, set(), set()
    client.raise_request_exception = False  # a 500 is listed with the rest, not the end of the walk
    for i, (nama_peran, user) in enumerate(dunia.items()):
        client.force_login(user)
        for rute, nama_url, model_admin, parameter in dengan_objek:
            for url, alasan, nyata in _permintaan(rute, nama_url, model_admin, parameter, user, pertama=i == 0):
                r = client.get(url)
                diminta += 1
                pasangan.add((rute, nama_peran))
                if nyata:
                    di_luar.add(rute)
                if r.status_code != 404:
                    gagal.append(f"{nama_peran}: GET {url} ({alasan}) → {r.status_code}")
    assert not gagal, f"{len(gagal)} dari {diminta} permintaan tidak 404:\n" + "\n".join(gagal)
    assert len(pasangan) == len(dengan_objek) * len(dunia)
    # Every pattern was tried with a real object outside some role's scope, not only missing ids,
    # save those of a model no door creates a row of (the login guard's failure log).
    tanpa_baris = {p[0] for p in dengan_objek if p[2] is not None and not p[2].model._default_manager.exists()}
    assert {p[0] for p in dengan_objek} - di_luar == tanpa_baris
    assert all("accessfailurelog" in r for r in tanpa_baris)
    print(f"\n{len(dengan_objek)} pola URL objek × {len(dunia)} peran, {diminta} permintaan, semua 404")
    assert _dalam_lingkup_terbuka(client, dunia) > 20


def _dalam_lingkup_terbuka(client, dunia) -> int:
    """The other side of the rule: the change page of what the role may see opens (200), so the
    404s are the scope, not a page broken for everyone. Returns how many were opened."""
    dibuka = 0
    for user in dunia.values():
        client.force_login(user)
        for model in admin.site._registry:
            opts = model._meta
            try:
                halaman = f"admin:{opts.app_label}_{opts.model_name}_change"
                reverse(halaman, args=[1])
            except NoReverseMatch:
                continue  # no change page (the exports list)
            for obj in _contoh(model):
                if terlihat(user, model, obj):
                    r = client.get(reverse(halaman, args=[obj.pk]))
                    assert r.status_code == 200, (user.profil_staf.peran, model.__name__, obj.pk, r.status_code)
                    dibuka += 1
    return dibuka


def test_hapus_kegiatan_wilayah_lain_lewat_post_tidak_ditemukan(client):
    bandung = catat_kegiatan(client, buat_staf(Peran.BAWASLU_KABKOTA, "32.73"), "32.73", "Sosialisasi Kota Bandung")
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    r = client.post(reverse("admin:sosialisasi_kegiatan_delete", args=[bandung.pk]), {"post": "yes"})
    assert r.status_code == 404 and Kegiatan.objects.filter(pk=bandung.pk).exists()
    r = client.post(reverse("admin:sosialisasi_kegiatan_change", args=[bandung.pk]), {"judul": "diubah"})
    assert r.status_code == 404 and Kegiatan.objects.get(pk=bandung.pk).judul == "Sosialisasi Kota Bandung"


def test_url_objek_tanpa_login_tetap_ke_halaman_masuk(client):
    """A link from an e-mail, opened logged out, leads to the login page (not a 404)."""
    p, _ = buat_pengaduan()
    r = client.get(reverse("admin:pengaduan_pengaduan_history", args=[p.pk]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("admin:login"))


# --- Every page a role is offered opens -------------------------------------------------------------


class _Tautan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.href += [v for k, v in attrs if k == "href" and v]


def _tautan_admin(html: str) -> list[str]:
    p = _Tautan()
    p.feed(html)
    akar = reverse("admin:index")
    return [h.split("#")[0] for h in p.href if h.startswith(akar) and not h.startswith(akar + "logout")]


def _jenis_halaman(url: str):
    """A page's kind: its URL pattern and the names (not values) of its query parameters. Every
    row's change page is one kind, every value of one filter another: one of each is opened."""
    jalur, _, query = url.partition("?")
    try:
        rute = resolve(jalur).route
    except Resolver404:
        rute = jalur
    return rute, frozenset(k for k, _ in parse_qsl(query, keep_blank_values=True))


def test_setiap_peran_membuka_setiap_halaman_admin_yang_ditawarkan(client, dunia):
    """Each role walks the admin as a person would: the index, every app and list and add page it
    links to, and every link on those (filters, sorting, the rows' pages, the case's action pages).
    None answers 500, and every one carries the Content-Security-Policy and holds nothing it would
    block (tests/kebijakan_konten.py): Django's own admin pages as much as the project's."""
    gagal, csp, dikunjungi = [], [], 0
    client.raise_request_exception = False
    for nama_peran, user in dunia.items():
        client.force_login(user)
        antrean = deque([(reverse("admin:index"), 0)])
        sudah = set()
        while antrean:
            url, kedalaman = antrean.popleft()
            if _jenis_halaman(url) in sudah:
                continue
            sudah.add(_jenis_halaman(url))
            r = client.get(url)
            dikunjungi += 1
            if r.status_code >= 500:
                gagal.append(f"{nama_peran}: GET {url} → {r.status_code}")
                continue
            csp += [f"{nama_peran}: GET {url}: {m}" for m in kebijakan_konten.pelanggaran(r)]
            if kedalaman < 3 and r.status_code == 200 and "html" in r.get("Content-Type", ""):
                antrean.extend((u, kedalaman + 1) for u in _tautan_admin(r.content.decode()))
        assert len(sudah) > 3, (nama_peran, sudah)
    assert not gagal, "\n".join(gagal)
    assert not csp, "\n".join(csp)
    print(f"\n{dikunjungi} halaman admin dibuka oleh {len(dunia)} peran, tidak satu pun 500")

"""An agency without a reviewer account (BKN today) answers Bawaslu by letter. Bawaslu's handling
office records that answer on the agency's behalf, from the received letter: the examination, the
conclusion that nothing was proven, or the sanction. Every such record is marked "dicatat oleh
Bawaslu atas nama instansi" (`atas_nama_instansi`, with the letter as `SuratInstansi`), and its
status change is made by a distinct actor of the workflow table (`Aktor.ATAS_NAMA_INSTANSI`),
so the agency's own transitions are not opened to Bawaslu's roles.

Only for an agency the case was forwarded to that has no reviewer account: where the agency has
reviewers, they record it themselves. The sanction is written by the same function the agency's
reviewer's sanction goes through (`services._buat_sanksi`: the law's table, the SK checks)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from netralitas import berkas as cek_berkas
from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .. import sanksi as tabel_sanksi
from .. import transisi
from ..models import PemeriksaanInstansi, PenerimaanRekomendasi, Pengaduan, Sanksi, Status, SuratInstansi
from ..transisi import TransisiDitolak
from ..workflow import BAWASLU_PENANGANAN, Aktor
from . import services
from .selectors import instansi_berpeninjau

ATAS_NAMA = Aktor.ATAS_NAMA_INSTANSI


def instansi_atas_nama(p: Pengaduan):
    """The agencies of the case's recommendation Bawaslu may record for: those without a reviewer."""
    r = getattr(p, "rekomendasi", None)
    if r is None:
        return r
    berpeninjau = instansi_berpeninjau(p)
    return r.instansi.exclude(pk__in=berpeninjau).order_by("nama")


def _periksa_pencatat(oleh, p: Pengaduan, instansi) -> None:
    profil = getattr(oleh, "profil_staf", None)
    if profil is None or profil.peran not in BAWASLU_PENANGANAN or profil.peran == Peran.PENINJAU:
        raise TransisiDitolak("Hanya Bawaslu yang menangani pengaduan ini yang dapat mencatat atas nama instansi.")
    r = getattr(p, "rekomendasi", None)
    if r is None or not r.instansi.filter(pk=instansi.pk).exists():
        raise TransisiDitolak("Pengaduan ini tidak diteruskan ke instansi itu.")
    if instansi.pk in instansi_berpeninjau(p, [instansi.pk]):
        raise TransisiDitolak(
            f"{instansi.nama} memiliki akun peninjau: hasil pemeriksaan dan sanksinya dicatat oleh peninjau instansi itu."
        )


def _simpan_surat(p: Pengaduan, *, oleh, instansi, surat: dict) -> SuratInstansi:
    """The received letter: its number, date (not before the recommendation, not in the future)
    and PDF, checked by content, with its SHA-256."""
    nomor = " ".join((surat.get("nomor") or "").split())
    if not nomor:
        raise TransisiDitolak("Nomor surat instansi wajib diisi.")
    tanggal = surat["tanggal"]
    if tanggal > timezone.localdate():
        raise TransisiDitolak("Tanggal surat instansi tidak boleh di masa depan.")
    if tanggal < p.rekomendasi.tanggal_surat:
        raise TransisiDitolak(
            "Tanggal surat instansi tidak boleh sebelum tanggal surat rekomendasi "
            f"({date_format(p.rekomendasi.tanggal_surat, 'j F Y')})."
        )
    berkas = surat["berkas"]
    try:
        cek_berkas.periksa_pdf(berkas, "Surat instansi")
    except ValidationError as e:
        raise TransisiDitolak(" ".join(e.messages))
    s = SuratInstansi(
        pengaduan=p,
        instansi=instansi,
        nomor=nomor[:120],
        tanggal=tanggal,
        sha256=cek_berkas.sha256_berkas(berkas),
        dicatat_oleh=oleh,
    )
    berkas.seek(0)
    s.berkas.save("surat.pdf", berkas, save=False)
    s.save()
    catat_audit(
        aktor=oleh,
        aksi=Aksi.UBAH_PENGADUAN,
        pengaduan=p,
        objek=f"Surat instansi #{s.pk}",
        keterangan=f"Jawaban {instansi.nama} (surat {s.nomor}) dicatat oleh Bawaslu atas nama instansi.",
    )
    # The agency answered: it has the recommendation, so the weekly reminder for it ends.
    PenerimaanRekomendasi.objects.filter(
        rekomendasi__pengaduan=p, instansi=instansi, diterima_pada__isnull=True
    ).update(diterima_pada=timezone.now(), diterima_oleh=oleh)
    return s


def _keterangan(instansi, s: SuratInstansi) -> str:
    return (
        f"Dicatat oleh Bawaslu atas nama {instansi.nama} berdasarkan surat Nomor {s.nomor} "
        f"tanggal {date_format(s.tanggal, 'j F Y')}."
    )


def _pindah(p, ke: str, teks: str, *, instansi, s: SuratInstansi, oleh, salin_ke):
    """The agency's change, in the system's words to the reporter as the agency's own would be;
    Bawaslu's timeline also says who recorded it and from which letter."""
    perubahan = transisi.periksa(
        p, ke, peran=ATAS_NAMA, alasan=f"{teks} {_keterangan(instansi, s)}", pesan_pelapor=teks
    )
    return transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=salin_ke)


def _mulai(p, *, oleh, instansi, s: SuratInstansi, tanggal_mulai, pemeriksa: str, catatan: str, salin_ke):
    if tanggal_mulai > timezone.localdate() or tanggal_mulai < p.rekomendasi.tanggal_surat:
        raise TransisiDitolak("Tanggal mulai pemeriksaan tidak boleh di masa depan atau sebelum surat rekomendasi.")
    pemeriksa = " ".join((pemeriksa or "").split())
    if not pemeriksa:
        raise TransisiDitolak("Tim atau pejabat pemeriksa wajib diisi.")
    PemeriksaanInstansi.objects.create(
        pengaduan=p,
        instansi=instansi,
        tanggal_mulai=tanggal_mulai,
        pemeriksa=pemeriksa[:200],
        catatan=(catatan or "").strip(),
        dicatat_oleh=oleh,
        atas_nama_instansi=True,
        surat_instansi=s,
    )
    return _pindah(
        p,
        Status.PEMERIKSAAN_INSTANSI,
        "Instansi memulai pemeriksaan.",
        instansi=instansi,
        s=s,
        oleh=oleh,
        salin_ke=salin_ke,
    )


def _pemeriksaan_berjalan(p, *, oleh, instansi, s, tanggal_mulai, pemeriksa, salin_ke):
    """A letter that concludes may be the first Bawaslu hears of the examination: the examination
    is recorded from it first (started on the letter's date), then the conclusion."""
    if p.status == Status.DITERUSKAN:
        p = _mulai(
            p,
            oleh=oleh,
            instansi=instansi,
            s=s,
            tanggal_mulai=tanggal_mulai or s.tanggal,
            pemeriksa=pemeriksa or instansi.nama,
            catatan="",
            salin_ke=salin_ke,
        )
    return p


@transaction.atomic
def catat_pemeriksaan_atas_nama(
    *, pengaduan, oleh, instansi, surat: dict, tanggal_mulai, pemeriksa: str, catatan: str = "", versi=None
):
    p = transisi.kunci_pengaduan(pengaduan, versi)
    if p.status != Status.DITERUSKAN:
        raise TransisiDitolak("Pemeriksaan instansi dicatat ketika rekomendasi berstatus diteruskan.")
    _periksa_pencatat(oleh, p, instansi)
    s = _simpan_surat(p, oleh=oleh, instansi=instansi, surat=surat)
    return _mulai(
        p,
        oleh=oleh,
        instansi=instansi,
        s=s,
        tanggal_mulai=tanggal_mulai,
        pemeriksa=pemeriksa,
        catatan=catatan,
        salin_ke=pengaduan,
    )


@transaction.atomic
def catat_tidak_terbukti_atas_nama(*, pengaduan, oleh, instansi, surat: dict, alasan: str, tanggal, versi=None):
    p = transisi.kunci_pengaduan(pengaduan, versi)
    if p.status not in (Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI):
        raise TransisiDitolak("Kesimpulan instansi dicatat selama rekomendasi diteruskan atau diperiksa instansi.")
    _periksa_pencatat(oleh, p, instansi)
    if not (alasan or "").strip():
        raise TransisiDitolak("Alasan tidak terbukti wajib diisi.")
    s = _simpan_surat(p, oleh=oleh, instansi=instansi, surat=surat)
    p = _pemeriksaan_berjalan(
        p, oleh=oleh, instansi=instansi, s=s, tanggal_mulai=None, pemeriksa="", salin_ke=pengaduan
    )
    pem = PemeriksaanInstansi.objects.select_for_update().get(pengaduan=p)
    if tanggal > timezone.localdate() or tanggal < pem.tanggal_mulai:
        raise TransisiDitolak("Tanggal kesimpulan tidak boleh di masa depan atau sebelum mulai pemeriksaan.")
    pem.tidak_terbukti_alasan, pem.tanggal_selesai = alasan.strip(), tanggal
    pem.save(update_fields=["tidak_terbukti_alasan", "tanggal_selesai"])
    return _pindah(
        p,
        Status.TIDAK_TERBUKTI_INSTANSI,
        "Instansi menyatakan pelanggaran tidak terbukti.",
        instansi=instansi,
        s=s,
        oleh=oleh,
        salin_ke=pengaduan,
    )


@transaction.atomic
def catat_sanksi_atas_nama(*, pengaduan, oleh, instansi, surat: dict, data: dict, versi=None) -> Sanksi:
    """A sanction from the agency's letter (its SK attached), on one terlapor, once."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    if p.status not in (Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI, Status.SANKSI_DIJATUHKAN):
        raise TransisiDitolak("Sanksi instansi dicatat setelah rekomendasi diteruskan.")
    _periksa_pencatat(oleh, p, instansi)
    if Sanksi.objects.filter(pengaduan=p, terlapor=data["terlapor"], diganti_oleh__isnull=True).exists():
        raise TransisiDitolak("Terlapor ini sudah dijatuhi sanksi; perubahan hanya lewat putusan keberatan.")
    s = _simpan_surat(p, oleh=oleh, instansi=instansi, surat=surat)
    p = _pemeriksaan_berjalan(
        p, oleh=oleh, instansi=instansi, s=s, tanggal_mulai=None, pemeriksa="", salin_ke=pengaduan
    )
    sanksi = services._buat_sanksi(p, oleh=oleh, instansi=instansi, data=data)
    Sanksi.objects.filter(pk=sanksi.pk).update(atas_nama_instansi=True, surat_instansi=s)
    sanksi.atas_nama_instansi, sanksi.surat_instansi = True, s
    PemeriksaanInstansi.objects.filter(pengaduan=p, tanggal_selesai__isnull=True).update(
        tanggal_selesai=data["tanggal_sk"]
    )
    ringkas = tabel_sanksi.ringkasan_publik(data["jenis"], data["jalur"])
    if p.status == Status.PEMERIKSAAN_INSTANSI:
        _pindah(
            p,
            Status.SANKSI_DIJATUHKAN,
            f"Instansi menjatuhkan sanksi. {ringkas}.",
            instansi=instansi,
            s=s,
            oleh=oleh,
            salin_ke=pengaduan,
        )
    else:
        transisi.ubah_pengaduan(
            pengaduan=pengaduan,
            oleh=oleh,
            teks=f"Sanksi dicatat untuk terlapor lain. {ringkas}. {_keterangan(instansi, s)}",
        )
    return sanksi

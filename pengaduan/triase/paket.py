"""The recommendation package for an agency that does not log in (BKN today): Bawaslu makes one
PDF (the signed letter and a summary without the reporter's identity, `dokumen.paket`) and a ZIP
of the evidence copies stripped of metadata, delivers them by post, e-mail or by hand, and the
package is recorded on the case: who made it, when, for which agency, sent how, its SHA-256s.

Only stripped copies (`SalinanBukti` ready) go in the ZIP, never an original: while a copy is
still being made or was withheld, no package is made and the page names the file and why. A file
Bawaslu released unstripped (dilepas) is not put in the ZIP either; the summary lists it as
delivered apart, at Bawaslu's decision."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .. import transisi
from ..dokumen.paket import gabungkan, render_ringkasan
from ..models import CaraKirim, PaketRekomendasi, PenerimaanRekomendasi, Pengaduan, SalinanBukti, StatusSalinan
from ..transisi import TransisiDitolak


@dataclass(frozen=True)
class BerkasTertunda:
    """One evidence file that keeps the package from being made."""

    nomor: int
    nama: str
    status: str
    alasan: str
    salinan_pk: int | None


def _salinan_urut(p: Pengaduan) -> list[tuple[int, object, SalinanBukti | None]]:
    """Each evidence file with its copy, numbered as the agency's page numbers them ("Bukti 1")."""
    bukti = list(p.bukti.select_related("salinan").order_by("dibuat", "id"))
    return [(i, b, getattr(b, "salinan", None)) for i, b in enumerate(bukti, start=1)]


def berkas_tertunda(p: Pengaduan) -> list[BerkasTertunda]:
    """The files whose stripped copy is missing, still being made, or withheld: named, with why."""
    tertunda = []
    for i, b, s in _salinan_urut(p):
        if s is None:
            tertunda.append(
                BerkasTertunda(i, b.nama_asli, "belum ada", "Salinan belum dijadwalkan untuk dibuat.", None)
            )
        elif s.status == StatusSalinan.MENUNGGU:
            tertunda.append(
                BerkasTertunda(
                    i,
                    b.nama_asli,
                    s.get_status_display(),
                    "Salinan tanpa metadata sedang dibuat; tunggu sebentar.",
                    s.pk,
                )
            )
        elif s.status == StatusSalinan.DITAHAN:
            tertunda.append(
                BerkasTertunda(
                    i,
                    b.nama_asli,
                    s.get_status_display(),
                    s.galat or "Berkas tidak dapat dibersihkan dari metadata.",
                    s.pk,
                )
            )
    return tertunda


def instansi_paket(p: Pengaduan):
    """The agencies of the case's recommendation: a package is made for one of them."""
    r = getattr(p, "rekomendasi", None)
    return r.instansi.order_by("nama") if r is not None else []


def _nama_di_zip(i: int, s: SalinanBukti) -> str:
    # Numbers, never the reporter's file names, which may name the reporter.
    return f"bukti-{i:02d}{s.ekstensi}"


@transaction.atomic
def buat_paket(*, pengaduan: Pengaduan, oleh, instansi, cara_kirim: str, referensi_kirim: str = "") -> PaketRekomendasi:
    p = transisi.kunci_pengaduan(pengaduan)
    r = getattr(p, "rekomendasi", None)
    if r is None:
        raise TransisiDitolak("Paket rekomendasi dibuat setelah rekomendasi diteruskan.")
    if not r.instansi.filter(pk=instansi.pk).exists():
        raise TransisiDitolak("Instansi itu bukan tujuan rekomendasi pengaduan ini.")
    if cara_kirim not in CaraKirim.values:
        raise TransisiDitolak("Pilih cara pengiriman paket.")
    if p.bukti.filter(salinan_dihapus_pada__isnull=False).exists():
        raise TransisiDitolak(
            "Salinan bukti pengaduan ini sudah dihapus sesuai aturan retensi, jadi paket baru tidak dapat dibuat. "
            "Paket yang tercatat tetap dapat diunduh PDF-nya."
        )
    tertunda = berkas_tertunda(p)
    if tertunda:
        raise TransisiDitolak(
            "Paket belum dapat dibuat: "
            + "; ".join(f"Bukti {t.nomor} “{t.nama}” {t.status.lower()} — {t.alasan}" for t in tertunda)
        )
    referensi_kirim = " ".join((referensi_kirim or "").split())[:120]

    urut = _salinan_urut(p)
    salinan = [(_nama_di_zip(i, s), s) for i, _, s in urut if s.status == StatusSalinan.SIAP]
    dilepas = [f"Bukti {i}" for i, _, s in urut if s.status == StatusSalinan.DILEPAS]
    try:
        pdf = gabungkan(
            r.surat,
            render_ringkasan(p, rekomendasi=r, instansi=instansi, salinan=salinan, dilepas=dilepas),
            judul=f"Rekomendasi {r.nomor_surat}",
        )
    except (pikepdf.PdfError, FileNotFoundError, ValueError):
        raise TransisiDitolak(
            "Surat rekomendasi yang tersimpan tidak dapat dibaca sebagai PDF berhalaman, jadi paket tidak dibuat. "
            "Kirim surat itu terpisah atau hubungi administrator."
        ) from None
    zbuf = io.BytesIO()
    dibuat = timezone.localtime()
    with zipfile.ZipFile(zbuf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for nama, s in salinan:
            with s.berkas.open("rb") as f:
                data = f.read()
            if hashlib.sha256(data).hexdigest() != s.sha256:
                raise TransisiDitolak(f"Salinan {nama} tidak cocok dengan SHA-256 yang tercatat; paket tidak dibuat.")
            info = zipfile.ZipInfo(nama, date_time=dibuat.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    zdata = zbuf.getvalue()

    paket = PaketRekomendasi(
        pengaduan=p,
        rekomendasi=r,
        instansi=instansi,
        cara_kirim=cara_kirim,
        referensi_kirim=referensi_kirim,
        sha256_pdf=hashlib.sha256(pdf).hexdigest(),
        sha256_zip=hashlib.sha256(zdata).hexdigest(),
        jumlah_salinan=len(salinan),
        dibuat_oleh=oleh,
    )
    paket.berkas_pdf.save("paket.pdf", ContentFile(pdf), save=False)
    paket.berkas_zip.save("paket.zip", ContentFile(zdata), save=False)
    paket.save()
    teks = (
        f"Paket rekomendasi untuk {instansi.nama} dibuat ({len(salinan)} salinan bukti) dan dikirim melalui "
        f"{CaraKirim(cara_kirim).label.lower()}"
        + (f", referensi {referensi_kirim}" if referensi_kirim else "")
        + f". SHA-256 PDF {paket.sha256_pdf}; ZIP {paket.sha256_zip}."
    )
    transisi.ubah_pengaduan(pengaduan=pengaduan, oleh=oleh, teks=teks)
    return paket


def paket_pengaduan(p: Pengaduan):
    return PaketRekomendasi.objects.filter(pengaduan=p).select_related("instansi", "dibuat_oleh")


def penerimaan_tanpa_peninjau(p: Pengaduan) -> set[int]:
    return set(
        PenerimaanRekomendasi.objects.filter(rekomendasi__pengaduan=p, tanpa_peninjau=True).values_list(
            "instansi_id", flat=True
        )
    )


def catat_audit_unduh_paket(oleh, paket: PaketRekomendasi, jenis: str) -> None:
    catat_audit(
        aktor=oleh,
        aksi=Aksi.UNDUH_DOKUMEN,
        pengaduan=paket.pengaduan,
        objek=f"Paket rekomendasi #{paket.pk} ({jenis}) untuk {paket.instansi}",
    )

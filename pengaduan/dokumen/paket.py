"""The recommendation package's PDF: the signed recommendation letter as Bawaslu uploaded it,
followed by a summary of the case for an agency that does not log in (category, place, dates,
terlapor, chronology, the finding and its track, the evidence copies with their SHA-256).

Never the reporter: no name, NIK, address, phone or e-mail is printed, and since the chronology
and the finding are free text that may name the reporter, every occurrence of the reporter's
identity in them is blacked out (`samarkan`) before printing. The pages are joined with pikepdf
(reportlab writes PDFs but cannot read one), and the joined file's metadata is the portal's own:
the letter's author or producer fields do not travel."""

import io
import re

import pikepdf
from reportlab.lib.units import mm

from ..models import Pengaduan, Sumber
from .dasar import Penulis, kop_kantor, nama_kantor, tanggal, waktu

JUDUL = "RINGKASAN PERKARA UNTUK INSTANSI"
SAMARAN = "[identitas pelapor]"


def _pola_identitas(p: Pengaduan) -> list[re.Pattern]:
    """What of the reporter may appear in the staff's and the reporter's free text: the full name
    and each part of it of four letters or more (as words), the NIK, the phone number (as digits,
    with or without the leading 0/62), the e-mail."""
    pelapor = getattr(p, "pelapor", None) if p.sumber == Sumber.LAPORAN else None
    if pelapor is None:
        return []
    return pola_orang(pelapor.nama, (pelapor.nik, pelapor.telepon), pelapor.email)


def pola_orang(nama: str, nomor=(), email: str = "") -> list[re.Pattern]:
    """The patterns of one person's identity in free text (see _pola_identitas); also what the
    retention job (pengaduan.retensi) erases from a case's free text with the identity itself."""
    pola = []
    nama = " ".join((nama or "").split())
    if nama:
        pola.append(re.compile(r"\s+".join(re.escape(b) for b in nama.split()), re.IGNORECASE))
        pola += [re.compile(rf"\b{re.escape(b)}\b", re.IGNORECASE) for b in nama.split() if len(b) >= 4]
    for angka in nomor:
        digit = re.sub(r"\D", "", angka or "")
        if digit.startswith("62"):
            digit = digit[2:]
        digit = digit.lstrip("0")
        if len(digit) >= 6:
            # Digits as typed: "0812-3456 789", "+62 812 3456789".
            pola.append(re.compile(r"(?:\+?62|0)?[\s.-]*" + r"[\s.-]*".join(digit)))
    if email:
        pola.append(re.compile(re.escape(email), re.IGNORECASE))
    return pola


def samarkan(teks: str, pola: list[re.Pattern]) -> str:
    for pl in pola:
        teks = pl.sub(SAMARAN, teks)
    return teks


def render_ringkasan(
    p: Pengaduan, *, rekomendasi, instansi, salinan: list[tuple[str, object]], dilepas: list[str] = ()
) -> bytes:
    """`salinan`: (name in the ZIP, SalinanBukti) for each copy sent, in the ZIP's order;
    `dilepas`: the files Bawaslu released unstripped ("Bukti 3"), which the ZIP does not hold."""
    pola = _pola_identitas(p)
    kantor = nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    d = Penulis(
        judul=f"Ringkasan perkara — rekomendasi {rekomendasi.nomor_surat}",
        kop=kop_kantor(p.kantor_tingkat, p.kantor_wilayah),
        subjek=f"Lampiran surat rekomendasi {rekomendasi.nomor_surat}",
    )
    d.kepala(JUDUL, nomor=f"Lampiran surat rekomendasi Nomor {rekomendasi.nomor_surat}")
    d.tambah(
        d.p(
            f"Kepada Yth. {instansi.nama}. Ringkasan ini melampiri surat rekomendasi {kantor} tanggal "
            f"{tanggal(rekomendasi.tanggal_surat)}. Identitas pelapor tidak dimuat, sesuai kewajiban "
            "melindungi pelapor; salinan bukti dalam berkas ZIP telah dibersihkan dari metadata."
        )
    )
    d.bagian("A. Perkara")
    d.isian(
        [
            ("Nomor registrasi", p.nomor_registrasi or "-"),
            ("Jenis pemilihan", p.get_jenis_pemilihan_display()),
            (
                "Dugaan pelanggaran",
                p.kategori.nama + (f" — {samarkan(p.kategori_lainnya, pola)}" if p.kategori_lainnya else ""),
            ),
            ("Tempat kejadian", f"{p.wilayah.nama} ({p.wilayah_id})"),
            ("Tanggal kejadian", tanggal(p.tanggal_kejadian)),
            ("Tanggal diketahui", tanggal(p.tanggal_diketahui)),
            ("Diterima Bawaslu", waktu(p.diterima_pada or p.dibuat)),
            ("Kantor penanganan", kantor),
        ],
        lebar_label=45 * mm,
    )
    d.bagian("B. Terlapor")
    d.tabel(
        ["Nama", "NIP", "Jabatan", "Instansi", "Jenis ASN"],
        [
            [t.nama, t.nip or "-", t.jabatan or "-", str(t.instansi or t.instansi_teks), t.get_jenis_asn_display()]
            for t in p.terlapor.select_related("instansi")
        ],
        lebar=[38 * mm, 32 * mm, 35 * mm, 40 * mm, 25 * mm],
    )
    d.bagian("C. Kronologi")
    d.tambah(d.p(samarkan(p.kronologi, pola)))
    d.bagian("D. Temuan dan rekomendasi Bawaslu")
    d.isian(
        [
            ("Surat rekomendasi", f"{rekomendasi.nomor_surat}, {tanggal(rekomendasi.tanggal_surat)}"),
            ("Jalur", rekomendasi.get_jalur_display()),
            ("SHA-256 surat", rekomendasi.sha256_surat),
        ],
        lebar_label=45 * mm,
    )
    d.tambah(d.p(samarkan(rekomendasi.temuan, pola)))
    d.bagian("E. Salinan bukti (berkas ZIP)")
    if salinan:
        d.tabel(
            ["Berkas dalam ZIP", "Jenis", "Ukuran", "SHA-256 salinan"],
            [[nama, s.bukti.get_jenis_display(), f"{s.ukuran or 0} bita", s.sha256] for nama, s in salinan],
            lebar=[32 * mm, 22 * mm, 24 * mm, 92 * mm],
        )
    else:
        d.tambah(d.p("Tidak ada salinan bukti dalam berkas ZIP."))
    for nama in dilepas:
        d.tambah(
            d.p(
                f"{nama}: tidak dapat dibersihkan dari metadata dan dilepas Bawaslu setelah diperiksa; "
                "tidak dimuat dalam berkas ZIP dan disampaikan terpisah bila diperlukan."
            )
        )
    return d.pdf(kaki=f"Ringkasan perkara · rekomendasi {rekomendasi.nomor_surat}")


def gabungkan(surat, ringkasan: bytes, *, judul: str) -> bytes:
    """The signed letter's pages, then the summary's, as one PDF with the portal's metadata only."""
    keluar = pikepdf.new()
    surat.open("rb")
    try:
        with pikepdf.open(io.BytesIO(surat.read())) as asli, pikepdf.open(io.BytesIO(ringkasan)) as lampiran:
            keluar.pages.extend(asli.pages)
            keluar.pages.extend(lampiran.pages)
            buf = io.BytesIO()
            with keluar.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta["dc:title"] = judul
            keluar.docinfo = keluar.make_indirect(
                pikepdf.Dictionary(Title=pikepdf.String(judul), Creator=pikepdf.String("Posko Netralitas ASN"))
            )
            keluar.save(buf)
    finally:
        surat.close()
    return buf.getvalue()

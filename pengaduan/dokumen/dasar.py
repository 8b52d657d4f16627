"""What every document shares: A4 pages, the office's letterhead, dates as Indonesians write them
(Asia/Jakarta), text made safe to print, and the layout pieces (numbered fields, tables, signature
blocks).

Fonts. reportlab's built-in Helvetica is a Type 1 font with a Latin-1 encoding: a name in another
script would print as black boxes or fail. The package ships Bitstream Vera (TrueType, free licence,
283 characters: all of Latin-1 and Latin Extended-A, the Indonesian and European letters, dashes,
quotes, the euro sign), which is embedded, subset, in each PDF, so the document reads the same on
any computer and its text can be searched and copied. Characters Vera lacks (emoji, Arabic, Chinese,
Javanese script...) are printed as "?", and the document says so: the case keeps the text as the
reporter wrote it. Shipping a font with wider coverage (DejaVu, Noto) would mean a font file in the
repository or a system package; this keeps the dependency to one pure-Python wheel."""

import datetime
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import reportlab
from django.http import HttpResponse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from netralitas.waktu import NAMA_BULAN, ZONA_WAKTU
from netralitas.wilayah.models import Wilayah

from ..pilihan import JenisPemilihan, TingkatKantor

FONT = "PoskoVera"
FONT_TEBAL = "PoskoVera-Tebal"
FONT_MIRING = "PoskoVera-Miring"
_BERKAS_FONT = {FONT: "Vera.ttf", FONT_TEBAL: "VeraBd.ttf", FONT_MIRING: "VeraIt.ttf"}
_glif: frozenset[int] = frozenset()

NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
PENGGANTI = "?"
# Printable control characters are none; a tab reads as a space, a line break stays a line break.
_KENDALI = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _daftarkan_font() -> frozenset[int]:
    """Register the Vera faces once per process; the characters all three can print."""
    global _glif
    if not _glif:
        folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        bersama = None
        for nama, berkas in _BERKAS_FONT.items():
            font = TTFont(nama, os.path.join(folder, berkas))
            pdfmetrics.registerFont(font)
            peta = set(font.face.charToGlyph)
            bersama = peta if bersama is None else bersama & peta
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_TEBAL, italic=FONT_MIRING, boldItalic=FONT_TEBAL)
        _glif = frozenset(bersama)
    return _glif


def respons_pdf(isi: bytes, *, nama: str) -> HttpResponse:
    """A document as an attachment that no cache keeps and no browser sniffs into something else."""
    r = HttpResponse(isi, content_type="application/pdf")
    r["Content-Disposition"] = f'attachment; filename="{nama}"'
    r["Cache-Control"] = "no-store"
    r["X-Content-Type-Options"] = "nosniff"
    r["Referrer-Policy"] = "no-referrer"
    return r


# --- Dates, as Indonesians write them, in Jakarta time -------------------------------------------


def tanggal(d: datetime.date | datetime.datetime | None) -> str:
    """'7 Desember 2026'."""
    if d is None:
        return "-"
    if isinstance(d, datetime.datetime):
        d = timezone.localtime(d, ZONA_WAKTU).date()
    return f"{d.day} {NAMA_BULAN[d.month - 1]} {d.year}"


def hari_tanggal(d: datetime.date | datetime.datetime | None) -> str:
    """'Senin, 7 Desember 2026'."""
    if d is None:
        return "-"
    if isinstance(d, datetime.datetime):
        d = timezone.localtime(d, ZONA_WAKTU).date()
    return f"{NAMA_HARI[d.weekday()]}, {tanggal(d)}"


def pukul(w: datetime.datetime | None) -> str:
    """'10.15 WIB'."""
    if w is None:
        return "-"
    return f"{timezone.localtime(w, ZONA_WAKTU):%H.%M} WIB"


def waktu(w: datetime.datetime | None) -> str:
    """'7 Desember 2026 pukul 10.15 WIB'."""
    return "-" if w is None else f"{tanggal(w)} pukul {pukul(w)}"


# --- The office and its letterhead -----------------------------------------------------------------


def kop_kantor(tingkat: str, wilayah: Wilayah | None) -> list[str]:
    """The letterhead's lines for an office: Bawaslu of a kabupaten/kota, a province or the
    republic, or the Panwaslu of a kecamatan with its kabupaten/kota below it."""
    if tingkat == TingkatKantor.RI or wilayah is None:
        return ["BADAN PENGAWAS PEMILIHAN UMUM", "REPUBLIK INDONESIA"]
    if tingkat == TingkatKantor.PROVINSI:
        return ["BADAN PENGAWAS PEMILIHAN UMUM", f"PROVINSI {wilayah.nama.upper()}"]
    if tingkat == TingkatKantor.PANWASCAM:
        kabkota = Wilayah.objects.filter(kode=wilayah.kode[:5]).values_list("nama", flat=True).first() or ""
        return [f"PANITIA PENGAWAS PEMILIHAN UMUM KECAMATAN {wilayah.nama.upper()}", kabkota.upper()]
    return ["BADAN PENGAWAS PEMILIHAN UMUM", wilayah.nama.upper()]


def nama_kantor(tingkat: str, wilayah: Wilayah | None) -> str:
    """As a sentence names it: 'Bawaslu Kabupaten Bondowoso', 'Panwaslu Kecamatan Maesan'."""
    if tingkat == TingkatKantor.RI or wilayah is None:
        return "Bawaslu Republik Indonesia"
    if tingkat == TingkatKantor.PROVINSI:
        return f"Bawaslu Provinsi {wilayah.nama}"
    if tingkat == TingkatKantor.PANWASCAM:
        return f"Panwaslu Kecamatan {wilayah.nama}"
    return f"Bawaslu {wilayah.nama}"


def tempat_tanda_tangan(wilayah: Wilayah | None) -> str:
    """Where a letter is dated: 'Bondowoso', 'Malang', 'Maesan' (the region without its kind)."""
    if wilayah is None:
        return "Jakarta"
    for awalan in ("Kabupaten ", "Kota "):
        if wilayah.nama.startswith(awalan):
            return wilayah.nama[len(awalan) :]
    return wilayah.nama


def nama_staf(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def kantor_penerima(p) -> tuple[str, Wilayah | None]:
    """The office that received the report: the one that entered it at its desk, else (a report
    typed on /lapor/) the handling office."""
    if p.diterima_kantor_tingkat:
        return p.diterima_kantor_tingkat, p.diterima_kantor_wilayah
    return p.kantor_tingkat, p.kantor_wilayah


# --- The law each election follows -------------------------------------------------------------------


@dataclass(frozen=True)
class DasarHukum:
    """The regulation of handling reports for one kind of election."""

    peraturan: str
    singkat: str
    undang_undang: str


DASAR_HUKUM = {
    JenisPemilihan.PEMILU: DasarHukum(
        peraturan=(
            "Peraturan Badan Pengawas Pemilihan Umum Nomor 7 Tahun 2022 tentang Penanganan Temuan dan "
            "Laporan Pelanggaran Pemilihan Umum"
        ),
        singkat="Perbawaslu Nomor 7 Tahun 2022",
        undang_undang="Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum, Pasal 454 dan Pasal 455",
    ),
    JenisPemilihan.PILKADA: DasarHukum(
        peraturan=(
            "Peraturan Badan Pengawas Pemilihan Umum Nomor 8 Tahun 2020 tentang Penanganan Pelanggaran "
            "Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil "
            "Wali Kota, sebagaimana diubah dengan Peraturan Badan Pengawas Pemilihan Umum Nomor 9 Tahun 2024"
        ),
        singkat="Perbawaslu Nomor 8 Tahun 2020 jo. Perbawaslu Nomor 9 Tahun 2024",
        undang_undang="Undang-Undang Nomor 10 Tahun 2016, Pasal 134",
    ),
}


# --- Text made safe to print --------------------------------------------------------------------------


def _gaya() -> dict[str, ParagraphStyle]:
    dasar = ParagraphStyle("dasar", fontName=FONT, fontSize=10, leading=13.5, splitLongWords=True)
    return {
        "dasar": dasar,
        "kecil": ParagraphStyle("kecil", parent=dasar, fontSize=8, leading=10.5),
        "kop": ParagraphStyle("kop", parent=dasar, fontName=FONT_TEBAL, fontSize=13, leading=16, alignment=TA_CENTER),
        "judul": ParagraphStyle(
            "judul", parent=dasar, fontName=FONT_TEBAL, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=2
        ),
        "tengah": ParagraphStyle("tengah", parent=dasar, alignment=TA_CENTER),
        "bagian": ParagraphStyle(
            "bagian", parent=dasar, fontName=FONT_TEBAL, spaceBefore=8, spaceAfter=3, keepWithNext=1
        ),
        "model": ParagraphStyle("model", parent=dasar, fontName=FONT_TEBAL, fontSize=8, leading=10, alignment=2),
        "kode": ParagraphStyle(
            "kode", parent=dasar, fontName=FONT_TEBAL, fontSize=18, leading=24, alignment=TA_CENTER, spaceBefore=4
        ),
    }


@dataclass
class Penulis:
    """Builds one document: safe text, the pieces of the layout, and the bytes at the end. Every
    text from the case goes through `teks`, which escapes markup (a `<script>` prints as typed),
    drops control characters and replaces what the font cannot print."""

    judul: str
    kop: list[str]
    subjek: str = ""
    isi: list = field(default_factory=list)
    diganti: bool = False

    def __post_init__(self):
        self._glif = _daftarkan_font()
        self.gaya = _gaya()

    def polos(self, nilai, *, kosong: str = "-") -> str:
        """Plain text the font can print: control characters dropped, line breaks kept, what the
        font lacks replaced by "?" (and remembered, so the document can say so)."""
        s = "" if nilai is None else str(nilai)
        s = unicodedata.normalize("NFC", s).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        s = _KENDALI.sub("", s).strip()
        if not s:
            return kosong
        keluar = []
        for c in s:
            if c != "\n" and ord(c) not in self._glif:
                self.diganti = True
                # A character and the marks or joiners combined with it become one "?".
                if unicodedata.combining(c) or (keluar and keluar[-1] == PENGGANTI and ord(c) in (0x200D, 0xFE0F)):
                    continue
                c = PENGGANTI
            keluar.append(c)
        return "".join(keluar)

    def teks(self, nilai, *, kosong: str = "-") -> str:
        """Case text as Paragraph markup: `polos`, escaped (a `<script>` prints as typed), line
        breaks as breaks."""
        return escape(self.polos(nilai, kosong=kosong)).replace("\n", "<br/>")

    # --- Pieces ------------------------------------------------------------------------------------

    def p(self, nilai, gaya: str = "dasar", *, markup: bool = False) -> Paragraph:
        """A paragraph of case text (escaped), or of this module's own markup when `markup`."""
        return Paragraph(nilai if markup else self.teks(nilai), self.gaya[gaya])

    def tambah(self, *flowable) -> None:
        self.isi.extend(flowable)

    def kepala(self, judul: str, *, nomor: str = "", model: str = "") -> None:
        """Letterhead, a rule, the form's model at the right, the title and its number."""
        if model:
            self.tambah(self.p(model, "model"))
        for baris in self.kop:
            self.tambah(self.p(baris, "kop"))
        self.tambah(HRFlowable(width="100%", thickness=1.6, color=colors.black, spaceBefore=3, spaceAfter=1))
        self.tambah(HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=10))
        self.tambah(self.p(judul, "judul"))
        if nomor:
            self.tambah(self.p(nomor, "tengah"))
        self.tambah(Spacer(1, 8))

    def bagian(self, judul: str) -> None:
        self.tambah(self.p(judul, "bagian"))

    def isian(self, baris: list[tuple[str, object]], *, lebar_label: float = 56 * mm) -> None:
        """Numbered fields as the law's forms print them: 'a. Nama : ...'. The values are case
        text; each row may wrap, and the table breaks between rows across pages."""
        if not baris:
            return
        data = [
            [self.p(f"{chr(ord('a') + i)}." if i < 26 else "-"), self.p(label), self.p(":"), self.p(nilai)]
            for i, (label, nilai) in enumerate(baris)
        ]
        t = Table(data, colWidths=[7 * mm, lebar_label, 4 * mm, None], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        self.tambah(t, Spacer(1, 4))

    def tabel(self, judul_kolom: list[str], baris: list[list], lebar: list | None = None) -> None:
        """A ruled table of case rows, its header repeated on each page."""
        data = [[self.p(j, "kecil") for j in judul_kolom]]
        data += [[self.p(nilai, "kecil") for nilai in b] for b in baris]
        t = Table(data, colWidths=lebar, repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.tambah(t, Spacer(1, 6))

    def tanda_tangan(self, kolom: list[tuple[str, str]], *, tempat_tanggal: str = "") -> None:
        """Signature blocks side by side: (role, name printed under the space to sign)."""
        atas = [
            Paragraph(self.teks(tempat_tanggal, kosong="") if i == len(kolom) - 1 else "", self.gaya["tengah"])
            for i in range(len(kolom))
        ]
        peran = [self.p(f"{r},", "tengah") for r, _ in kolom]
        ruang = [Spacer(1, 20 * mm) for _ in kolom]
        nama = [self.p(f"( {self.teks(n, kosong='.' * 40)} )", "tengah", markup=True) for _, n in kolom]
        t = Table([atas, peran, ruang, nama], colWidths=[170 * mm / len(kolom)] * len(kolom))
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        self.tambah(Spacer(1, 10), KeepTogether([t]))

    # --- The bytes ---------------------------------------------------------------------------------

    def pdf(self, *, kaki: str) -> bytes:
        """A4 with 20 mm margins; each page's foot names the document and the page. When a
        character could not be printed, a note at the end says so."""
        if self.diganti:
            self.tambah(
                Spacer(1, 8),
                self.p(
                    "Catatan cetak: sebagian karakter (misalnya emoji atau aksara selain Latin) tidak dapat "
                    f"dicetak dan ditulis sebagai “{PENGGANTI}”. Teks aslinya tersimpan utuh di Posko Netralitas.",
                    "kecil",
                ),
            )
        buf = io.BytesIO()
        dicetak = f"Dicetak {waktu(timezone.now())}"
        kaki_polos = " ".join(self.polos(kaki).split())

        def halaman(canvas, doc):
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.setFillColor(colors.grey)
            canvas.drawString(20 * mm, 12 * mm, f"{kaki_polos} · {dicetak}")
            canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Halaman {doc.page}")
            canvas.restoreState()

        doc = SimpleDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=self.judul,
            subject=self.subjek,
            author="Posko Netralitas ASN",
            creator="Posko Netralitas ASN",
        )
        doc.build(self.isi, onFirstPage=halaman, onLaterPages=halaman)
        return buf.getvalue()

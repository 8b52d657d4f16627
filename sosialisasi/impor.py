"""Attendance lists (daftar hadir) imported from CSV or XLSX into an event's participants.

A problem with the file as a whole (unreadable, hostile, wrong header, too big) imports nothing
and says why; a problem with one row skips only that row and names its line. Importing the same
file twice adds nobody twice: rows whose key already exists for the event are counted, not added.

Files are judged by their content as well as their name: a ZIP is read as XLSX, an OLE container
is refused as old Excel, anything else is read as CSV text.
"""

import csv
import io
import logging
import math
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from netralitas.identitas import normalkan_nama, validasi_nip

from .models import Kegiatan, Peserta

logger = logging.getLogger(__name__)

BATAS_UKURAN_MB = 5
BATAS_UKURAN = BATAS_UKURAN_MB * 1024 * 1024
BATAS_BARIS = 20_000
# ZIP bomb guards, from the central directory before anything is decompressed. Python's zipfile
# never returns more than an entry's declared size (it stops there and fails the CRC check), so
# the declared sizes bound what openpyxl can be made to read. Openpyxl parses every cell of a row,
# even beyond the columns asked for: 30 MB of sheet is about 7 s of CPU at worst, and room for
# 20,000 rows of some 30 columns as Excel writes them.
BATAS_ZIP_TOTAL = 30 * 1024 * 1024
BATAS_ZIP_RASIO = 100
BATAS_ZIP_ENTRI = 1000
# Rows read in all, blank ones included. Openpyxl fills gaps between row numbers with empty rows,
# so a forged row number (r="999999999999") would otherwise keep it counting for ever; a CSV of
# nothing but line breaks is millions of rows too.
BATAS_BARIS_LEMBAR = 100_000
# The header is looked for in the first rows only, and read across this many columns at most.
BATAS_CARI_JUDUL = 50
BATAS_KOLOM = 200

JUDUL_KOLOM = "nama, NIP, jabatan, instansi"
# Header names as normalised by _kunci_judul (case, spaces and punctuation dropped).
KOLOM = {
    "nama": {"nama", "namalengkap", "namapeserta"},
    "nip": {"nip", "nipbaru"},
    "jabatan": {"jabatan"},
    "instansi": {"instansi", "unitkerja", "instansiunitkerja", "unitkerjainstansi", "asalinstansi"},
}
KOLOM_WAJIB = ("nama", "nip")
LABEL_KOLOM = {"nama": "nama", "nip": "NIP", "jabatan": "jabatan", "instansi": "instansi"}

KEPALA_ZIP = b"PK\x03\x04"
KEPALA_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EKSTENSI = {".csv", ".xlsx"}

# "1.98503E+17" or "1,98503E+17": what Excel writes to CSV for a NIP typed into a number cell.
NOTASI_ILMIAH = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+]?[0-9]+")
AWALAN_NIP = re.compile(r"^(?:NIP\s*[.:]?\s*|')", re.IGNORECASE)
# Cells that mean "none" in hand-made Indonesian lists.
TANDA_KOSONG = frozenset({"-", "--", "\u2013", "\u2014"})
NIP_KOSONG = TANDA_KOSONG | {""}
# Invisible characters that survive str.split(): zero-width spaces and joiners, stray BOMs.
TAK_TERLIHAT = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


PESAN_NIP_ANGKA = (
    "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom NIP sebagai Teks, "
    "ketik ulang NIP-nya, lalu unggah lagi."
)
PESAN_TERLALU_PANJANG = (
    f"Berkas memiliki terlalu banyak baris (lebih dari {_ribuan(BATAS_BARIS_LEMBAR)}, termasuk baris kosong). "
    "Hapus baris kosong di bawah data, lalu simpan ulang."
)
PESAN_XLSX_RUSAK = "Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, lalu simpan ulang sebagai .xlsx."
PESAN_TERLALU_BANYAK = (
    f"Berkas berisi lebih dari {_ribuan(BATAS_BARIS)} baris peserta (terlalu banyak baris). "
    "Pecah daftar hadir menjadi beberapa berkas."
)


@dataclass
class GalatBaris:
    baris: int  # as the user sees it: the header is line 1
    alasan: str


@dataclass
class HasilImpor:
    ditambahkan: int = 0
    sudah_ada: int = 0
    galat: list[GalatBaris] = field(default_factory=list)
    galat_berkas: str | None = None  # set: nothing was imported


class _BerkasDitolak(Exception):
    """A problem with the whole file; its message is shown to the user as it is."""


@dataclass
class _Calon:
    baris: int
    nama: str
    nip: str
    jabatan: str
    instansi: str
    kunci: str


def impor_peserta(*, kegiatan: Kegiatan, berkas, nama_berkas: str) -> HasilImpor:
    """Read the whole file first, then write the good rows in one transaction: a file-level
    problem found anywhere leaves the event untouched."""
    try:
        calon, galat = _baca(berkas, nama_berkas)
    except _BerkasDitolak as e:
        return HasilImpor(galat_berkas=str(e))
    ditambahkan, sudah_ada = _simpan(kegiatan, calon)
    return HasilImpor(ditambahkan=ditambahkan, sudah_ada=sudah_ada, galat=galat)


def _simpan(kegiatan: Kegiatan, calon: list[_Calon]) -> tuple[int, int]:
    """Existing keys in one query; the event row is locked (PostgreSQL) so two imports of the same
    list at once count correctly; ignore_conflicts absorbs a participant added by hand meanwhile."""
    with transaction.atomic():
        list(Kegiatan.objects.select_for_update().filter(pk=kegiatan.pk).values_list("pk", flat=True))
        ada = set(Peserta.objects.filter(kegiatan=kegiatan).values_list("kunci", flat=True))
        baru = [
            Peserta(kegiatan=kegiatan, nama=c.nama, nip=c.nip, jabatan=c.jabatan, instansi=c.instansi, kunci=c.kunci)
            for c in calon
            if c.kunci not in ada
        ]
        Peserta.objects.bulk_create(baru, batch_size=1000, ignore_conflicts=True)
    return len(baru), len(calon) - len(baru)


def _baca(berkas, nama_berkas: str) -> tuple[list[_Calon], list[GalatBaris]]:
    data = _isi(berkas)
    ekstensi = os.path.splitext((nama_berkas or "").lower())[1]
    if data.startswith(KEPALA_OLE) or ekstensi == ".xls":
        raise _BerkasDitolak(
            "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di Excel, lalu simpan "
            "sebagai Excel Workbook (.xlsx) tanpa kata sandi atau sebagai CSV."
        )
    if ekstensi not in EKSTENSI:
        raise _BerkasDitolak("Jenis berkas tidak didukung. Unggah daftar hadir dalam format .xlsx atau .csv.")
    if data.startswith(KEPALA_ZIP):
        # Openpyxl warns about what it does not understand in a file (styles, extensions, dates out
        # of range): the user's file, not our code, so not for the log.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _proses(_TabelXlsx(data))
    if ekstensi == ".xlsx":
        raise _BerkasDitolak(
            "Berkas ini bukan berkas Excel (.xlsx) yang sah; mungkin berkas lain yang namanya diganti. "
            "Simpan ulang daftar hadir dari Excel sebagai .xlsx atau .csv."
        )
    return _proses(_TabelCsv(data))


def _isi(berkas) -> bytes:
    """At most the size limit plus one byte is read, whatever the object claims its size is."""
    ukuran = getattr(berkas, "size", None)
    if isinstance(ukuran, int) and ukuran > BATAS_UKURAN:
        raise _BerkasDitolak(_pesan_terlalu_besar(ukuran))
    try:
        berkas.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    data = berkas.read(BATAS_UKURAN + 1) or b""
    if len(data) > BATAS_UKURAN:
        raise _BerkasDitolak(_pesan_terlalu_besar(None))
    if not data.strip():
        raise _BerkasDitolak("Berkas kosong. Pilih berkas daftar hadir yang berisi data peserta.")
    return data


def _pesan_terlalu_besar(ukuran: int | None) -> str:
    if ukuran is None:
        return f"Berkas terlalu besar. Batasnya {BATAS_UKURAN_MB} MB; pecah daftar hadir menjadi beberapa berkas."
    # Rounded up, so a file just over the limit never reads as exactly the limit (as netralitas.berkas).
    mb = f"{math.ceil(ukuran / 1048576 * 10) / 10:.1f}".replace(".", ",")
    return f"Berkas terlalu besar ({mb} MB). Batasnya {BATAS_UKURAN_MB} MB; pecah daftar hadir menjadi beberapa berkas."


# --- Reading cells ---------------------------------------------------------------------------


def _teks(nilai) -> str:
    """One line of visible text: control characters and runs of whitespace (Alt+Enter in Excel,
    non-breaking spaces) become single spaces."""
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    teks = str(nilai).translate(TAK_TERLIHAT)
    teks = "".join(" " if unicodedata.category(c) == "Cc" else c for c in teks) if not teks.isprintable() else teks
    return " ".join(teks.split())


def _kunci_judul(nilai) -> str:
    return re.sub(r"[\W_]+", "", _teks(nilai).casefold())


def _nip(nilai) -> tuple[str, str | None]:
    """The NIP as 18 digits (or empty), and the reason it is refused, if it is."""
    if isinstance(nilai, bool):
        nilai = str(nilai)
    if isinstance(nilai, float):
        return "", PESAN_NIP_ANGKA
    if isinstance(nilai, int):
        nilai = str(nilai)
    teks = _teks(nilai)
    if teks in TANDA_KOSONG:
        return "", None
    # "NIP. 19850315 201001 1 002", as written on letters, is the same NIP.
    nip = "".join(AWALAN_NIP.sub("", teks).split())
    if not nip:
        return "", None
    if NOTASI_ILMIAH.fullmatch(nip):
        return "", PESAN_NIP_ANGKA
    try:
        return validasi_nip(nip), None
    except ValidationError as e:
        return "", " ".join(e.messages)


# --- Tables ----------------------------------------------------------------------------------


class _TabelCsv:
    def __init__(self, data: bytes):
        teks = self._dekode(data)
        baris = teks.splitlines()
        # Excel's "sep=;" hint line names the delimiter; the header follows it.
        self._lewati = 0
        pertama = next((b for b in baris if b.strip()), "")
        if baris and len(baris[0]) == 5 and baris[0].lower().startswith("sep="):
            pemisah, self._lewati = baris[0][4], 1
        else:
            pemisah = max(",;\t", key=lambda p: (pertama.count(p), p == ","))
        self._pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
        self._nomor = 0

    @staticmethod
    def _dekode(data: bytes) -> str:
        """UTF-8 (with or without BOM), then Windows-1252, both strictly; UTF-16 only with a BOM."""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            kodek = ["utf-16"]
        elif b"\x00" in data:
            raise _BerkasDitolak(
                "Berkas ini bukan CSV (berisi data biner). Simpan daftar hadir dari Excel sebagai CSV, "
                "atau unggah berkas .xlsx-nya."
            )
        else:
            kodek = ["utf-8-sig", "cp1252"]
        for nama in kodek:
            try:
                teks = data.decode(nama)
            except UnicodeDecodeError:
                continue
            if "\x00" not in teks:
                return teks
        raise _BerkasDitolak(
            "Pengodean karakter berkas CSV tidak dikenali. Di Excel, simpan ulang sebagai "
            "\u201cCSV UTF-8 (Comma delimited)\u201d, lalu unggah lagi."
        )

    def _rekaman(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for rekaman in self._pembaca:
                self._nomor += 1
                if self._nomor > self._lewati:
                    yield self._nomor, rekaman
        except csv.Error:
            raise _BerkasDitolak(
                f"Format CSV rusak di sekitar baris {self._nomor + 1} (periksa tanda kutip atau sel yang sangat panjang)."
            )

    def baris(self, lebar: int | None = None) -> Iterator[tuple[int, list]]:
        """Records numbered as a spreadsheet shows them (a quoted line break stays in its row)."""
        return self._rekaman()


class _TabelXlsx:
    def __init__(self, data: bytes):
        self._periksa_zip(data)
        from openpyxl import load_workbook

        try:
            self._buku = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception:  # openpyxl raises many kinds of errors on hostile or broken files
            logger.info("XLSX daftar hadir tidak terbaca", exc_info=True)
            raise _BerkasDitolak(PESAN_XLSX_RUSAK) from None
        lembar = [ws for ws in self._buku.worksheets if hasattr(ws, "reset_dimensions")]
        if not lembar:
            self._buku.close()
            raise _BerkasDitolak("Berkas XLSX tidak berisi lembar kerja.")
        aktif = self._buku.active
        self._lembar = aktif if aktif in lembar else lembar[0]
        # The declared dimension may be wrong or hostile (A1:XFD1048576): rows would be padded to it.
        self._lembar.reset_dimensions()
        self._mulai = 1

    @staticmethod
    def _periksa_zip(data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as arsip:
                entri = arsip.infolist()
        except Exception:  # a forged central directory fails in many ways
            raise _BerkasDitolak(PESAN_XLSX_RUSAK) from None
        total = sum(e.file_size for e in entri)
        if total > BATAS_ZIP_TOTAL:
            raise _BerkasDitolak(
                f"Isi berkas XLSX terlalu besar setelah diekstrak (lebih dari {BATAS_ZIP_TOTAL // 1048576} MB). "
                "Berkas tidak diproses; pecah daftar hadir menjadi beberapa berkas."
            )
        terkompres = sum(e.compress_size for e in entri)
        # The ratio only for more than 1 MB: a tiny part may compress very well without harm.
        if len(entri) > BATAS_ZIP_ENTRI or (total > 1048576 and total > BATAS_ZIP_RASIO * max(terkompres, 1)):
            raise _BerkasDitolak(
                "Berkas XLSX ini tidak wajar (tingkat kompresi atau jumlah komponennya di luar batas) "
                "dan tidak diproses. Simpan ulang daftar hadir dari Excel sebagai .xlsx atau .csv."
            )

    def baris(self, lebar: int | None = None) -> Iterator[tuple[int, list]]:
        lebar = min(lebar or BATAS_KOLOM, BATAS_KOLOM)
        nomor = self._mulai - 1
        try:
            for nilai in self._lembar.iter_rows(min_row=self._mulai, max_col=lebar, values_only=True):
                nomor += 1
                yield nomor, list(nilai)
        except Exception:
            logger.info("XLSX daftar hadir tidak terbaca", exc_info=True)
            raise _BerkasDitolak(PESAN_XLSX_RUSAK) from None

    def lanjut_dari(self, nomor: int) -> None:
        """Data rows are read in a second pass, only as wide as the columns the header names."""
        self._mulai = nomor

    def tutup(self) -> None:
        self._buku.close()


def _judul(
    tabel, kolom_dikenal=None, wajib=KOLOM_WAJIB, label=None, judul_kolom=JUDUL_KOLOM
) -> tuple[int, dict[str, int], int]:
    """The first non-blank row, among the first few, names the columns: their positions by field.
    The attendance list's columns unless another import names its own."""
    kolom_map = kolom_dikenal or KOLOM
    label_map = label or LABEL_KOLOM
    for nomor, nilai in tabel.baris():
        if not any(_teks(v) for v in nilai):
            if nomor >= BATAS_CARI_JUDUL:
                break
            continue
        posisi: dict[str, int] = {}
        for i, v in enumerate(nilai[:BATAS_KOLOM]):
            kunci = _kunci_judul(v)
            for kolom, nama in kolom_map.items():
                if kunci in nama:
                    if kolom in posisi:
                        raise _BerkasDitolak(
                            f"Kolom {label_map[kolom]} muncul lebih dari sekali pada judul kolom "
                            f"(kolom ke-{posisi[kolom] + 1} dan ke-{i + 1}). Sisakan satu saja."
                        )
                    posisi[kolom] = i
        hilang = [label_map[k] for k in wajib if k not in posisi]
        if hilang:
            isi = ", ".join(f"\u201c{_teks(v)[:40]}\u201d" for v in nilai[:8] if _teks(v))
            raise _BerkasDitolak(
                f"Judul kolom tidak dikenali: kolom {' dan '.join(hilang)} tidak ditemukan. Baris pertama harus "
                f"berisi judul kolom {judul_kolom} (urutan bebas; hapus baris judul atau kop di atasnya)."
                + (f" Baris {nomor} berisi: {isi}." if isi else "")
            )
        return nomor, posisi, max(posisi.values()) + 1
    raise _BerkasDitolak(f"Tidak ada judul kolom. Baris pertama harus berisi judul kolom {judul_kolom}.")


def _proses(tabel) -> tuple[list[_Calon], list[GalatBaris]]:
    try:
        return _proses_baris(tabel)
    finally:
        if hasattr(tabel, "tutup"):
            tabel.tutup()


def _proses_baris(tabel) -> tuple[list[_Calon], list[GalatBaris]]:
    nomor_judul, posisi, lebar = _judul(tabel)
    if hasattr(tabel, "lanjut_dari"):
        tabel.lanjut_dari(nomor_judul + 1)
        baris = tabel.baris(lebar)
    else:
        baris = tabel.baris()  # the CSV reader continues after the header
    panjang = {k: Peserta._meta.get_field(k).max_length for k in ("nama", "jabatan", "instansi")}
    calon: list[_Calon] = []
    galat: list[GalatBaris] = []
    pertama: dict[str, int] = {}
    jumlah = 0
    for nomor, nilai in baris:
        if nomor > BATAS_BARIS_LEMBAR:
            raise _BerkasDitolak(PESAN_TERLALU_PANJANG)
        if all(v is None or v == "" for v in nilai):
            continue
        sel = {k: (nilai[i] if i < len(nilai) else None) for k, i in posisi.items()}
        teks = {k: _teks(sel.get(k)) for k in ("nama", "jabatan", "instansi")}
        # A row with only extra columns filled (a pre-numbered template's unused rows) is blank too.
        if not any(teks.values()) and _teks(sel["nip"]) in NIP_KOSONG:
            continue
        nip, alasan_nip = _nip(sel["nip"])
        jumlah += 1
        if jumlah > BATAS_BARIS:
            raise _BerkasDitolak(PESAN_TERLALU_BANYAK)
        alasan = []
        if not normalkan_nama(teks["nama"]):
            alasan.append("Nama kosong.")
        for kolom, batas in panjang.items():
            if len(teks[kolom]) > batas:
                alasan.append(
                    f"{LABEL_KOLOM[kolom].capitalize()} terlalu panjang ({len(teks[kolom])} karakter; paling banyak {batas})."
                )
        if alasan_nip:
            alasan.append(alasan_nip)
        if alasan:
            galat.append(GalatBaris(nomor, " ".join(alasan)))
            continue
        kunci = Peserta.buat_kunci(teks["nama"], nip, teks["instansi"])
        if kunci in pertama:
            sama = "NIP-nya sama" if nip else "nama dan instansinya sama"
            galat.append(GalatBaris(nomor, f"Sama dengan baris {pertama[kunci]} ({sama})."))
            continue
        pertama[kunci] = nomor
        calon.append(_Calon(nomor, teks["nama"], nip, teks["jabatan"], teks["instansi"], kunci))
    if not jumlah:
        raise _BerkasDitolak("Tidak ada data peserta di bawah judul kolom.")
    return calon, galat

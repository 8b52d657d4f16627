"""Distributions of banners and brochures imported from CSV or XLSX into the imbauan register, with
the attendance import's machinery (`impor.py`): a problem with the file as a whole imports nothing
and says why; a bad row is skipped and named by its line; the good rows are kept. A row already in
the register (same desa, kind, quantity, date and place, outside any event) is counted, not added
again, so importing the same file twice adds nothing twice.

Columns: desa (the Kemendagri code, e.g. 35.07.13.2001), jenis (spanduk, brosur, stiker, poster,
lainnya), jumlah, tanggal (2026-12-07, 07/12/2026 or 7 Desember 2026), tempat (optional)."""

import datetime
import re
import warnings
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from netralitas.akun.lingkup import kode_dalam_lingkup
from netralitas.waktu import NAMA_BULAN
from netralitas.wilayah.models import Tingkat, Wilayah

from .impor import (
    BATAS_BARIS,
    BATAS_BARIS_LEMBAR,
    KEPALA_OLE,
    KEPALA_ZIP,
    PESAN_TERLALU_BANYAK,
    PESAN_TERLALU_PANJANG,
    GalatBaris,
    HasilImpor,
    _BerkasDitolak,
    _isi,
    _judul,
    _TabelCsv,
    _TabelXlsx,
    _teks,
)
from .models import DistribusiBahan, JenisBahan

JUDUL_KOLOM = "desa, jenis, jumlah, tanggal, tempat"
KOLOM = {
    "desa": {"desa", "kodedesa", "desakelurahan", "kodedesakelurahan", "kodewilayah", "kode"},
    "jenis": {"jenis", "jenisbahan", "bahan"},
    "jumlah": {"jumlah", "banyaknya", "eksemplar"},
    "tanggal": {"tanggal", "tanggaldistribusi", "tgl"},
    "tempat": {"tempat", "lokasi"},
}
WAJIB = ("desa", "jenis", "jumlah", "tanggal")
LABEL = {"desa": "desa", "jenis": "jenis", "jumlah": "jumlah", "tanggal": "tanggal", "tempat": "tempat"}
KODE_DESA = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
JENIS = {**{j.value: j.value for j in JenisBahan}, **{j.label.casefold(): j.value for j in JenisBahan}}
BULAN = {b.casefold(): i + 1 for i, b in enumerate(NAMA_BULAN)}
BATAS_JUMLAH = 1_000_000
PANJANG_TEMPAT = 200


@dataclass
class _Calon:
    baris: int
    desa: str
    jenis: str
    jumlah: int
    tanggal: datetime.date
    tempat: str

    @property
    def kunci(self):
        return (self.desa, self.jenis, self.jumlah, self.tanggal, self.tempat)


def impor_distribusi(*, lingkup: str | None, pengguna, berkas, nama_berkas: str) -> HasilImpor:
    """Read the whole file, check every row against the user's region (`lingkup`, from
    selectors.lingkup_pencatat), then write the good rows in one transaction."""
    try:
        calon, galat = _baca(berkas, nama_berkas, lingkup)
    except _BerkasDitolak as e:
        return HasilImpor(galat_berkas=str(e))
    with transaction.atomic():
        ada = set(
            DistribusiBahan.objects.filter(kegiatan__isnull=True, desa_id__in={c.desa for c in calon}).values_list(
                "desa_id", "jenis", "jumlah", "tanggal", "tempat"
            )
        )
        baru = [
            DistribusiBahan(
                desa_id=c.desa,
                jenis=c.jenis,
                jumlah=c.jumlah,
                tanggal=c.tanggal,
                tempat=c.tempat,
                dicatat_oleh=pengguna,
            )
            for c in calon
            if c.kunci not in ada
        ]
        DistribusiBahan.objects.bulk_create(baru, batch_size=1000)
    return HasilImpor(ditambahkan=len(baru), sudah_ada=len(calon) - len(baru), galat=galat)


def _baca(berkas, nama_berkas: str, lingkup):
    data = _isi(berkas)
    ekstensi = (nama_berkas or "").lower().rsplit(".", 1)[-1]
    if data.startswith(KEPALA_OLE) or ekstensi == "xls":
        raise _BerkasDitolak(
            "Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi. Simpan sebagai .xlsx tanpa "
            "kata sandi atau sebagai CSV."
        )
    if ekstensi not in ("csv", "xlsx"):
        raise _BerkasDitolak("Jenis berkas tidak didukung. Unggah daftar distribusi dalam format .xlsx atau .csv.")
    if data.startswith(KEPALA_ZIP):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tabel = _TabelXlsx(data)
    elif ekstensi == "xlsx":
        raise _BerkasDitolak("Berkas ini bukan berkas Excel (.xlsx) yang sah. Simpan ulang sebagai .xlsx atau .csv.")
    else:
        tabel = _TabelCsv(data)
    try:
        return _proses(tabel, lingkup)
    finally:
        if hasattr(tabel, "tutup"):
            tabel.tutup()


def _tanggal(nilai) -> datetime.date | None:
    if isinstance(nilai, datetime.datetime):
        return nilai.date()
    if isinstance(nilai, datetime.date):
        return nilai
    teks = _teks(nilai)
    m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", teks)
    if m:
        t, b, h = (int(x) for x in m.groups())
    else:
        m = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", teks)
        if m:
            h, b, t = (int(x) for x in m.groups())
        else:
            m = re.fullmatch(r"([0-9]{1,2}) ([^\W\d_]+) ([0-9]{4})", teks)
            if not m or m.group(2).casefold() not in BULAN:
                return None
            h, b, t = int(m.group(1)), BULAN[m.group(2).casefold()], int(m.group(3))
    try:
        return datetime.date(t, b, h)
    except ValueError:
        return None


def _jumlah(nilai) -> int | None:
    if isinstance(nilai, bool):
        return None
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    if isinstance(nilai, int):
        return nilai
    teks = _teks(nilai).replace(".", "")  # "1.500" as Indonesians write thousands
    return int(teks) if teks.isascii() and teks.isdigit() and len(teks) < 10 else None


def _proses(tabel, lingkup):
    nomor_judul, posisi, lebar = _judul(tabel, KOLOM, WAJIB, LABEL, JUDUL_KOLOM)
    if hasattr(tabel, "lanjut_dari"):
        tabel.lanjut_dari(nomor_judul + 1)
        baris = tabel.baris(lebar)
    else:
        baris = tabel.baris()
    mentah = []
    for nomor, nilai in baris:
        if nomor > BATAS_BARIS_LEMBAR:
            raise _BerkasDitolak(PESAN_TERLALU_PANJANG)
        sel = {k: (nilai[i] if i < len(nilai) else None) for k, i in posisi.items()}
        if not any(_teks(v) for v in sel.values()):
            continue
        mentah.append((nomor, sel))
        if len(mentah) > BATAS_BARIS:
            raise _BerkasDitolak(PESAN_TERLALU_BANYAK)
    if not mentah:
        raise _BerkasDitolak("Tidak ada data distribusi di bawah judul kolom.")
    kode = {_teks(s["desa"]) for _, s in mentah}
    desa = {
        w.kode: w
        for w in Wilayah.objects.filter(kode__in=[k for k in kode if KODE_DESA.fullmatch(k)]).only("kode", "tingkat")
    }
    hari_ini = timezone.localdate()
    calon, galat, pertama = [], [], {}
    for nomor, s in mentah:
        alasan = []
        k = _teks(s["desa"])
        w = desa.get(k)
        if not k:
            alasan.append("Kode desa kosong.")
        elif not KODE_DESA.fullmatch(k):
            alasan.append(f"Kode desa “{k[:30]}” tidak sah; tulis kode Kemendagri, mis. 35.07.13.2001.")
        elif w is None:
            alasan.append(f"Desa dengan kode {k} tidak dikenal.")
        elif w.tingkat != Tingkat.DESA:
            alasan.append(f"Kode {k} bukan desa atau kelurahan.")
        elif not kode_dalam_lingkup(lingkup, k):
            alasan.append(f"Desa {k} di luar wilayah tugas Anda.")
        jenis = JENIS.get(_teks(s["jenis"]).casefold())
        if jenis is None:
            alasan.append("Jenis bahan tidak dikenal; pilih spanduk, brosur, stiker, poster, atau lainnya.")
        jumlah = _jumlah(s["jumlah"])
        if jumlah is None or not 1 <= jumlah <= BATAS_JUMLAH:
            alasan.append("Jumlah harus bilangan bulat 1 sampai 1.000.000.")
        tanggal = _tanggal(s["tanggal"])
        if tanggal is None:
            alasan.append("Tanggal tidak terbaca; tulis mis. 2026-12-07, 07/12/2026, atau 7 Desember 2026.")
        elif tanggal > hari_ini:
            alasan.append("Tanggal distribusi tidak boleh di masa depan.")
        tempat = _teks(s.get("tempat"))
        if len(tempat) > PANJANG_TEMPAT:
            alasan.append(f"Tempat terlalu panjang ({len(tempat)} karakter; paling banyak {PANJANG_TEMPAT}).")
        if alasan:
            galat.append(GalatBaris(nomor, " ".join(alasan)))
            continue
        c = _Calon(nomor, k, jenis, jumlah, tanggal, tempat)
        if c.kunci in pertama:
            galat.append(GalatBaris(nomor, f"Sama dengan baris {pertama[c.kunci]}."))
            continue
        pertama[c.kunci] = nomor
        calon.append(c)
    return calon, galat

"""Indonesian identity formats, used by both apps: NIK, NIP and phone numbers (validation with
messages for citizens) and how a person's name is normalised for search and for matching.

The app's models keep the derived columns (`nama_cari`, `nama_inti`); this module only says how a
name reads once normalised, so a case's terlapor and an event's participant are matched alike."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from netralitas.wilayah.selectors import kode_provinsi_resmi

# ASCII only: `\d` would also take Arabic-Indic or full-width digits, which int() then reads happily.
ANGKA = re.compile(r"[0-9]+")


def _tanggal(tahun: int, bulan: int, hari: int) -> datetime.date | None:
    try:
        return datetime.date(tahun, bulan, hari)
    except ValueError:
        return None


def validasi_nik(nilai: str) -> str:
    """16 digits: province (2), regency (2), district (2), birth date DDMMYY (women: day + 40), serial (4)."""
    nik = (nilai or "").strip().replace(" ", "")
    if len(nik) != 16 or not ANGKA.fullmatch(nik):
        raise ValidationError("NIK harus 16 angka, sesuai KTP.", code="format")
    if nik[:2] not in kode_provinsi_resmi():
        raise ValidationError("Dua angka pertama NIK bukan kode provinsi yang sah.", code="provinsi")
    hari, bulan, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if hari > 40:
        hari -= 40
    hari_ini = timezone.localdate()
    tahun = 2000 + yy if 2000 + yy <= hari_ini.year else 1900 + yy
    lahir = _tanggal(tahun, bulan, hari)
    if lahir is None or lahir > hari_ini:
        raise ValidationError("Bagian tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak sah.", code="tanggal")
    if nik[12:] == "0000":
        raise ValidationError("Nomor urut NIK (empat angka terakhir) tidak sah.", code="urut")
    return nik


def validasi_nip(nilai: str, *, pns: bool = False) -> str:
    """18 digits: birth date YYYYMMDD, appointment YYYYMM (PPPK: year and a code), gender (1/2), serial (3).
    `pns`: the official is known to be a PNS, whose appointment digits are a real month."""
    nip = (nilai or "").strip().replace(" ", "")
    if len(nip) != 18 or not ANGKA.fullmatch(nip):
        raise ValidationError("NIP harus 18 angka.", code="format")
    hari_ini = timezone.localdate()
    lahir = _tanggal(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None or lahir > hari_ini or lahir.year < 1930:
        raise ValidationError("Tanggal lahir pada NIP (8 angka pertama) tidak sah.", code="tanggal_lahir")
    tahun_angkat, bulan_angkat = int(nip[8:12]), int(nip[12:14])
    if not (lahir.year + 15 <= tahun_angkat <= hari_ini.year):
        raise ValidationError("Tahun pengangkatan pada NIP (angka ke-9 sampai ke-12) tidak sah.", code="tahun_angkat")
    if pns:
        if not 1 <= bulan_angkat <= 12 or (tahun_angkat, bulan_angkat) > (hari_ini.year, hari_ini.month):
            raise ValidationError("Bulan pengangkatan pada NIP (angka ke-13 dan ke-14) tidak sah.", code="bulan_angkat")
    if nip[14] not in "12":
        raise ValidationError("Angka jenis kelamin pada NIP (angka ke-15) harus 1 atau 2.", code="kelamin")
    return nip


# Mobile: 08 then 8–12 digits; landline: area code 2–7 or 9 (never 8, which is mobile) then the number.
TELEPON = re.compile(r"(\+62|62|0)8[0-9]{8,12}|(\+62|62|0)[2-79][0-9]{6,10}")


def validasi_telepon(nilai: str) -> str:
    telepon = re.sub(r"[\s\-().]", "", nilai or "")
    if not TELEPON.fullmatch(telepon):
        raise ValidationError("Nomor telepon tidak sah. Contoh: 0812 3456 7890.", code="telepon")
    return telepon


def normalkan_nama(nama: str) -> str:
    """How a name is searched: upper case, single spaces, no titles' dots ("Drs. Bambang" → "DRS BAMBANG")."""
    return " ".join((nama or "").replace(".", " ").replace(",", " ").upper().split())


# Titles written before a civil servant's name (academic, religious, professional): a search for
# "bambang" must find "Drs. H. Bambang Sutrisno".
GELAR_DEPAN = frozenset({"DR", "DRS", "DRA", "H", "HJ", "IR", "PROF", "KH", "HAJI", "HAJJAH", "USTADZ", "UST"})


def inti_nama(nama_cari: str) -> str:
    """A normalised name without the titles before it ("DRS H BAMBANG SUTRISNO" → "BAMBANG SUTRISNO")."""
    kata = nama_cari.split(" ")
    i = 0
    while i < len(kata) - 1 and kata[i] in GELAR_DEPAN:
        i += 1
    return " ".join(kata[i:])

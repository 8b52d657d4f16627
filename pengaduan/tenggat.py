"""Deadline arithmetic: day counts are rows of AturanTenggat; working days skip weekends and HariLibur."""

import datetime

from .models import AturanTenggat, HariLibur, JenisHari, LangkahTenggat


def tambah_hari(mulai: datetime.date, jumlah: int, jenis_hari: str) -> datetime.date:
    if jenis_hari == JenisHari.KALENDER:
        return mulai + datetime.timedelta(days=jumlah)
    libur = set(
        HariLibur.objects.filter(
            tanggal__gt=mulai, tanggal__lte=mulai + datetime.timedelta(days=jumlah * 3 + 30)
        ).values_list("tanggal", flat=True)
    )
    tanggal, sisa = mulai, jumlah
    while sisa > 0:
        tanggal += datetime.timedelta(days=1)
        if tanggal.weekday() < 5 and tanggal not in libur:
            sisa -= 1
    return tanggal


def aturan(jenis_pemilihan: str, langkah: str) -> AturanTenggat | None:
    return AturanTenggat.objects.filter(jenis_pemilihan=jenis_pemilihan, langkah=langkah).first()


def tenggat_langkah(jenis_pemilihan: str, langkah: str, mulai: datetime.date) -> datetime.date | None:
    a = aturan(jenis_pemilihan, langkah)
    return tambah_hari(mulai, a.jumlah_hari, a.jenis_hari) if a else None


def batas_melapor(jenis_pemilihan: str, tanggal_diketahui: datetime.date) -> datetime.date | None:
    return tenggat_langkah(jenis_pemilihan, LangkahTenggat.PELAPORAN, tanggal_diketahui)

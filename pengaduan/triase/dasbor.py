"""The admin index dashboard: case counts within one user's scope.

Every number comes from `pengaduan_visible_to(user)`. The table is meant to hold a million cases, so
the counts are one grouped aggregate (status × region one level down) plus one query for region
names, and the result is cached per scope for a minute; the page shows when it was computed."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from netralitas.akun.models import PERAN_BAWASLU, Peran
from netralitas.waktu import ZONA_WAKTU
from netralitas.wilayah.models import Wilayah

from ..models import STATUS_TERMINAL, Status
from ..selectors import pengaduan_visible_to

# Deadlines are calendar dates in Bawaslu's working time; "today" and "this week" are read there,
# whatever time zone a request happens to run in.
UMUR_CACHE = 60
# Bump when the cached shape changes, so a deploy never reads the previous release's entries.
VERSI_CACHE = 1

# The field that splits a scope one level down, by the length of the scope's region code.
RINCIAN_NASIONAL = "kantor_provinsi"
RINCIAN_PER_PANJANG_KODE = {2: "kantor_kabkota", 5: "kantor_wilayah"}
JUDUL_RINCIAN = {
    "kantor_provinsi": "Per provinsi",
    "kantor_kabkota": "Per kabupaten/kota",
    "kantor_wilayah": "Per kantor kecamatan",
}


@dataclass(frozen=True)
class Lingkup:
    """Whose numbers: the cache key of a scope, its region code (None: national) and the field that
    splits it one level down (None: a Panwascam has nothing below it)."""

    kunci: str
    kode: str | None
    rincian: str | None


def lingkup_dasbor(user) -> Lingkup | None:
    """The dashboard scope of a user, or None for users who handle no cases (pemda staff,
    inspektorat/PPK, staff without a profile or without a region).

    It mirrors the branches of `pengaduan_visible_to`, which alone decides which rows are counted;
    this only names the scope so that users who see the same rows share one cache entry (a
    Panwascam's key is its kecamatan: the cases its office handles and those that took place there)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    if user.is_superuser:
        return Lingkup(kunci="superuser", kode=None, rincian=RINCIAN_NASIONAL)
    profil = getattr(user, "profil_staf", None)
    if profil is None or profil.peran not in PERAN_BAWASLU | {Peran.ADMINISTRATOR}:
        return None
    if profil.nasional:
        return Lingkup(kunci=f"{profil.peran}:nasional", kode=None, rincian=RINCIAN_NASIONAL)
    if not profil.wilayah_id:
        return None
    kode = profil.wilayah_id
    return Lingkup(kunci=f"{profil.peran}:{kode}", kode=kode, rincian=RINCIAN_PER_PANJANG_KODE.get(len(kode)))


def kunci_cache(lingkup: Lingkup) -> str:
    return f"dasbor:v{VERSI_CACHE}:{lingkup.kunci}"


def awal_minggu(sekarang: datetime.datetime) -> datetime.datetime:
    """Monday 00:00 in Asia/Jakarta of the week `sekarang` falls in."""
    lokal = timezone.localtime(sekarang, ZONA_WAKTU)
    senin = lokal.date() - datetime.timedelta(days=lokal.weekday())
    return datetime.datetime.combine(senin, datetime.time.min, tzinfo=ZONA_WAKTU)


@dataclass(frozen=True)
class BarisStatus:
    status: str
    label: str
    jumlah: int
    persen: int
    terminal: bool


@dataclass(frozen=True)
class BarisWilayah:
    kode: str  # the grouped value: "" for cases held by the scope's own office (or Bawaslu RI)
    nama: str
    # Cases the scope's own office handles, not an office below it: no region filter isolates them.
    kantor_sendiri: bool
    jumlah: int
    dalam_proses: int
    terlambat: int
    persen: int


@dataclass(frozen=True)
class Dasbor:
    nama_lingkup: str
    dihitung: datetime.datetime
    jumlah: int
    dalam_proses: int
    terlambat: int
    segera: int
    baru: int
    per_status: list[BarisStatus]
    judul_rincian: str
    per_wilayah: list[BarisWilayah]


def dasbor_untuk(user, *, sekarang: datetime.datetime | None = None) -> Dasbor | None:
    """The dashboard of `user`, from the cache when it was computed in the last minute (`sekarang`, the
    moment to count at, then changes nothing)."""
    lingkup = lingkup_dasbor(user)
    if lingkup is None:
        return None
    kunci = kunci_cache(lingkup)
    angka = cache.get(kunci)
    if angka is None:
        angka = hitung_angka(user, lingkup, sekarang=sekarang or timezone.now())
        cache.set(kunci, angka, UMUR_CACHE)
    return _susun(angka, lingkup)


def hitung_angka(user, lingkup: Lingkup, *, sekarang: datetime.datetime) -> dict:
    """The numbers of one scope as plain data (what the cache holds): one grouped aggregate over the
    visible cases, one query for the names of the regions present."""
    hari_ini = timezone.localtime(sekarang, ZONA_WAKTU).date()
    terbuka = ~Q(status__in=STATUS_TERMINAL)
    kolom = ["status", lingkup.rincian] if lingkup.rincian else ["status"]
    baris = (
        pengaduan_visible_to(user)
        .order_by()
        .values(*kolom)
        # Each count reads only the columns it filters on (not `id`), so that an index holding the
        # scope columns, status, tenggat and dibuat can answer without touching the table.
        .annotate(
            jumlah=Count("*"),
            terlambat=Count("tenggat", filter=terbuka & Q(tenggat__lt=hari_ini)),
            # Due today or tomorrow: what must be handled before the next working day ends.
            segera=Count(
                "tenggat", filter=terbuka & Q(tenggat__gte=hari_ini, tenggat__lte=hari_ini + datetime.timedelta(days=1))
            ),
            baru=Count("dibuat", filter=Q(dibuat__gte=awal_minggu(sekarang), dibuat__lte=sekarang)),
        )
    )
    per_status: dict[str, int] = {}
    per_wilayah: dict[str, dict[str, int]] = {}
    total = {"jumlah": 0, "dalam_proses": 0, "terlambat": 0, "segera": 0, "baru": 0}
    for b in baris:
        dalam_proses = 0 if b["status"] in STATUS_TERMINAL else b["jumlah"]
        per_status[b["status"]] = per_status.get(b["status"], 0) + b["jumlah"]
        total["jumlah"] += b["jumlah"]
        total["dalam_proses"] += dalam_proses
        total["terlambat"] += b["terlambat"]
        total["segera"] += b["segera"]
        total["baru"] += b["baru"]
        if lingkup.rincian:
            w = per_wilayah.setdefault(b[lingkup.rincian] or "", {"jumlah": 0, "dalam_proses": 0, "terlambat": 0})
            w["jumlah"] += b["jumlah"]
            w["dalam_proses"] += dalam_proses
            w["terlambat"] += b["terlambat"]
    kode_nama = {k for k in per_wilayah if k} | ({lingkup.kode} if lingkup.kode else set())
    nama = (
        {w.kode: w.nama_lengkap for w in Wilayah.objects.filter(kode__in=kode_nama).only("kode", "nama", "tingkat")}
        if kode_nama
        else {}
    )
    return {"dihitung": sekarang, **total, "per_status": per_status, "per_wilayah": per_wilayah, "nama": nama}


def _persen(bagian: int, total: int) -> int:
    """A bar's width: whole percent, and at least 1 for a non-zero count so that it stays visible."""
    if not bagian or not total:
        return 0
    return max(1, round(100 * bagian / total))


def _nama_kantor(kode: str, lingkup: Lingkup, nama: dict[str, str]) -> str:
    if kode and kode != lingkup.kode:
        return nama.get(kode, kode)
    if lingkup.kode is None:
        return "Bawaslu RI"
    provinsi = "Provinsi " if len(lingkup.kode) == 2 else ""
    return f"Kantor Bawaslu {provinsi}{nama.get(lingkup.kode, lingkup.kode)}"


def _susun(angka: dict, lingkup: Lingkup) -> Dasbor:
    total = angka["jumlah"]
    per_status = [
        BarisStatus(
            status=s.value,
            label=s.label,
            jumlah=angka["per_status"][s.value],
            persen=_persen(angka["per_status"][s.value], total),
            terminal=s in STATUS_TERMINAL,
        )
        for s in Status
        if angka["per_status"].get(s.value)
    ]
    per_wilayah = sorted(
        (
            BarisWilayah(
                kode=kode,
                nama=_nama_kantor(kode, lingkup, angka["nama"]),
                kantor_sendiri=not kode or kode == lingkup.kode,
                persen=_persen(w["jumlah"], total),
                **w,
            )
            for kode, w in angka["per_wilayah"].items()
        ),
        # The scope's own office first, then the busiest regions.
        key=lambda b: (not b.kantor_sendiri, -b.jumlah, b.nama),
    )
    return Dasbor(
        nama_lingkup=angka["nama"].get(lingkup.kode, lingkup.kode) if lingkup.kode else "Nasional",
        dihitung=angka["dihitung"],
        jumlah=total,
        dalam_proses=angka["dalam_proses"],
        terlambat=angka["terlambat"],
        segera=angka["segera"],
        baru=angka["baru"],
        per_status=per_status,
        judul_rincian=JUDUL_RINCIAN.get(lingkup.rincian, ""),
        per_wilayah=per_wilayah,
    )

"""Benchmark data of the socialization register: events over the last two years and the next four
months (some unpublished) with the materials handed out in villages, for the public /sosialisasi/
and /statistik/ pages of the load test (bench/README.md; the cases are pengaduan's `seed_bench`).

Safety: every event made here carries a `uid` in a namespace the admin never issues (UUID version 0;
events get uuid4), and the command refuses to run on a database holding any event outside it, or
any real row of the other app (`netralitas.uji_beban`): it never adds to, or deletes from, a live
register, whatever DEBUG says.
"""

import datetime
import random
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from netralitas import uji_beban
from netralitas.uji_beban import UID_KEGIATAN
from netralitas.wilayah.models import Tingkat, Wilayah
from sosialisasi.models import DistribusiBahan, JenisBahan, JenisKegiatan, Kegiatan, Moda

# Past events are spread over the same two years as the benchmark's cases.
HARI_RENTANG = 730


# Where events are held (by region level) and what kind they are: mostly kabupaten/kota and
# kecamatan sosialisasi, some province-wide meetings, village-level declarations.
SEBARAN_TINGKAT_KEGIATAN = {Tingkat.PROVINSI: 8, Tingkat.KABUPATEN_KOTA: 42, Tingkat.KECAMATAN: 35, Tingkat.DESA: 15}
SEBARAN_JENIS_KEGIATAN = {
    JenisKegiatan.SOSIALISASI: 55,
    JenisKegiatan.RAPAT_KOORDINASI: 15,
    JenisKegiatan.APEL_IKRAR: 12,
    JenisKegiatan.DEKLARASI: 10,
    JenisKegiatan.PAKTA_INTEGRITAS: 8,
}
JUDUL_KEGIATAN = {
    JenisKegiatan.SOSIALISASI: "Sosialisasi netralitas ASN di {tempat}",
    JenisKegiatan.RAPAT_KOORDINASI: "Rapat koordinasi pengawasan netralitas ASN {tempat}",
    JenisKegiatan.APEL_IKRAR: "Apel dan ikrar netralitas ASN {tempat}",
    JenisKegiatan.DEKLARASI: "Deklarasi netralitas ASN {tempat}",
    JenisKegiatan.PAKTA_INTEGRITAS: "Penandatanganan pakta integritas netralitas ASN {tempat}",
}


class PembuatKegiatan:
    """Socialization events over the last two years and the next four months (one in seven still
    to come), one in ten unpublished; past ones have participants, and a third of those handed out
    materials in one to three villages of their kabupaten/kota."""

    def __init__(self, rng: random.Random, sekarang: datetime.datetime):
        self.rng = rng
        self.sekarang = sekarang
        self.tz = timezone.get_current_timezone()
        self.per_tingkat: dict[int, list[str]] = {t: [] for t in SEBARAN_TINGKAT_KEGIATAN}
        self.nama = {}
        self.desa_di: dict[str, list[str]] = {}
        for kode, nama, tingkat in Wilayah.objects.values_list("kode", "nama", "tingkat"):
            self.per_tingkat[tingkat].append(kode)
            self.nama[kode] = nama
            if tingkat == Tingkat.DESA:
                self.desa_di.setdefault(kode[:5], []).append(kode)
        self.tingkat = [t for t in SEBARAN_TINGKAT_KEGIATAN if self.per_tingkat[t]]
        if not self.tingkat:
            raise CommandError("Belum ada wilayah. Jalankan dulu: python manage.py load_wilayah")
        self.bobot_tingkat = [SEBARAN_TINGKAT_KEGIATAN[t] for t in self.tingkat]

    def buat(self, jumlah: int) -> tuple[list[Kegiatan], list[DistribusiBahan]]:
        r = self.rng
        kegiatan, distribusi = [], []
        for _ in range(jumlah):
            kode = r.choice(self.per_tingkat[r.choices(self.tingkat, weights=self.bobot_tingkat)[0]])
            jenis = r.choices(list(SEBARAN_JENIS_KEGIATAN), weights=list(SEBARAN_JENIS_KEGIATAN.values()))[0]
            lewat = r.random() < 6 / 7
            # Past events at least a day back: one placed later today would be upcoming with attendance.
            hari = -r.uniform(1, HARI_RENTANG) if lewat else r.uniform(1, 120)
            tanggal = (self.sekarang + datetime.timedelta(days=hari)).astimezone(self.tz).date()
            mulai = datetime.datetime.combine(tanggal, datetime.time(r.randint(8, 15), r.choice((0, 30))), self.tz)
            moda = r.choices([Moda.LURING, Moda.DARING, Moda.HIBRIDA], weights=[70, 15, 15])[0]
            kab = kode[:5] if len(kode) >= 5 else ""
            tempat = self.nama[kode] if len(kode) <= 5 else f"{self.nama[kode]}, {self.nama[kab]}"
            k = Kegiatan(
                jenis=jenis,
                judul=JUDUL_KEGIATAN[jenis].format(tempat=tempat)[:200],
                mulai=mulai,
                selesai=mulai + datetime.timedelta(hours=r.choice((2, 3, 4))),
                wilayah_id=kode,
                # What Kegiatan.save() derives: bulk_create must write it itself.
                provinsi=kode[:2],
                kabkota=kab,
                tempat=f"Aula {self.nama[kode]}",
                moda=moda,
                tautan_daring="https://vidcon.contoh.id/netralitas" if moda != Moda.LURING else "",
                penyelenggara=f"Bawaslu {self.nama[kab or kode[:2]]}",
                deskripsi="Materi: larangan dan sanksi pelanggaran netralitas ASN, cara melapor ke Bawaslu.",
                peserta_luring=r.randint(20, 300) if lewat and moda != Moda.DARING else 0,
                peserta_daring=r.randint(10, 500) if lewat and moda != Moda.LURING else 0,
                terbit=r.random() < 0.9,
                urutan_revisi=1,
                uid=uuid.UUID(int=UID_KEGIATAN[0].int | r.getrandbits(64)),
                dibuat=min(self.sekarang, mulai - datetime.timedelta(days=r.uniform(3, 30))),
            )
            kegiatan.append(k)
            if lewat and kab and r.random() < 1 / 3 and self.desa_di.get(kab):
                pilihan = [kode] if len(kode) > 8 else self.desa_di[kab]
                for desa in r.sample(pilihan, min(len(pilihan), r.randint(1, 3))):
                    distribusi.append(
                        DistribusiBahan(
                            kegiatan=k,
                            desa_id=desa,
                            provinsi=desa[:2],
                            kabkota=desa[:5],
                            jenis=r.choice(JenisBahan.values),
                            jumlah=r.randint(10, 500),
                            tanggal=tanggal,
                        )
                    )
        return kegiatan, distribusi


class Command(BaseCommand):
    help = (
        "Membuat kegiatan sosialisasi realistis untuk uji beban. Hanya berjalan pada basis data yang tidak "
        "memuat kegiatan atau pengaduan selain buatan uji beban."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kegiatan",
            type=int,
            required=True,
            help="Jadikan kegiatan sosialisasi uji beban berjumlah N (ditambah, atau dibuat ulang bila lebih).",
        )

    def handle(self, *args, kegiatan, **options):
        if uji_beban.ada_data_sungguhan():
            raise CommandError(
                "Basis data ini memuat pengaduan atau kegiatan yang bukan buatan uji beban; seed_bench_sosialisasi "
                "menolak berjalan. Pakai basis data khusus uji beban (mis. BENCH_DATABASE_URL di `make bench`)."
            )
        self._kegiatan(kegiatan)
        self._analyze()

    def _kegiatan(self, jumlah: int):
        """Top the benchmark's socialization events up to `jumlah` (more than that: start over)."""
        seed = Kegiatan.objects.filter(uid__range=UID_KEGIATAN)
        ada = seed.count()
        if ada > jumlah:
            # The events' materials, photos, speakers... go with them (CASCADE).
            DistribusiBahan.objects.filter(kegiatan__in=seed).delete()
            seed.delete()
            self.stdout.write(f"{ada} kegiatan uji beban dihapus.")
            ada = 0
        if ada == jumlah:
            return
        mulai = time.monotonic()
        kegiatan, distribusi = PembuatKegiatan(random.Random(), timezone.now()).buat(jumlah - ada)
        with transaction.atomic():
            objek = Kegiatan.objects.bulk_create(kegiatan, batch_size=2000)
            for d in distribusi:
                d.kegiatan_id = d.kegiatan.pk
            DistribusiBahan.objects.bulk_create(distribusi, batch_size=2000)
        self.stdout.write(
            f"{len(objek)} kegiatan sosialisasi uji beban dan {len(distribusi)} distribusi bahan dibuat "
            f"({time.monotonic() - mulai:.1f} detik)."
        )

    def _analyze(self):
        tabel = [connection.ops.quote_name(m._meta.db_table) for m in (Kegiatan, DistribusiBahan)]
        with connection.cursor() as c:
            for t in tabel:
                if connection.vendor == "postgresql" and not connection.in_atomic_block:
                    # As seed_bench: freshly written pages are not yet all-visible until a VACUUM.
                    c.execute(f"VACUUM (ANALYZE) {t}")
                else:
                    c.execute(f"ANALYZE {t}")

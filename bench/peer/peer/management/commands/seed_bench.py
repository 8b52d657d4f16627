"""Seed the peer's benchmark database: N tickets in a few public queues, as citizens would have
filed them through the public form (an opening follow-up each, staff replies on some).

    python manage.py seed_bench --periksa                    # only the guard (before migrate)
    python manage.py seed_bench --sampai 100000 --data DIR   # top up to N; write DIR/peer-data.lua

Every ticket the benchmark makes has a submitter address under BENCH_DOMAIN: seeded ones under
`seed.`, those the wrk runs file under `kiriman.`. The command refuses a database holding any other
ticket, or any table that is not this project's (the portal's database, say), so it cannot add to or
delete from a real helpdesk. `--sampai` first deletes what earlier runs filed, so each run measures
the same N.
"""

import random
import string
import sys
import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from helpdesk.models import FollowUp, Queue, Ticket

BENCH_DOMAIN = "bench.invalid"
SEED_EMAIL = f"@seed.{BENCH_DOMAIN}"
KIRIMAN_EMAIL = f"@kiriman.{BENCH_DOMAIN}"
ANTRIAN = [
    ("bench-pns", "Netralitas PNS"),
    ("bench-pppk", "Netralitas PPPK"),
    ("bench-tni-polri", "Netralitas TNI/Polri"),
    ("bench-desa", "Kepala dan perangkat desa"),
    ("bench-lain", "Lainnya"),
]
BATCH = 5000
SAMPLE = 1000

JABATAN = ["Camat", "Lurah", "Kepala Dinas Pendidikan", "Sekretaris Desa", "Kepala Sekolah", "Guru", "Bidan Desa"]
PERBUATAN = [
    "mengunggah foto bersama pasangan calon dengan ajakan memilih di grup WhatsApp pegawai",
    "hadir dalam kampanye terbuka memakai atribut partai pada jam kerja",
    "mengarahkan perangkat desa untuk mendukung salah satu calon dalam rapat koordinasi",
    "membagikan bahan kampanye kepada warga saat kegiatan posyandu",
    "memberi komentar dukungan pada unggahan akun resmi calon di media sosial",
]
NAMA = ["Sri Wahyuni", "Bambang Sutrisno", "Dewi Lestari", "Agus Salim", "Rina Marlina", "Joko Susilo", "Siti Aminah"]


def _bukan_milik_bench() -> str | None:
    """Why this database is not the peer's own benchmark database, or None when it is."""
    milik = {m._meta.db_table for m in apps.get_models(include_auto_created=True)} | {"django_migrations"}
    asing = sorted(set(connection.introspection.table_names()) - milik)
    if asing:
        return f"tabel yang bukan milik proyek pembanding: {', '.join(asing[:5])}"
    if "helpdesk_ticket" in connection.introspection.table_names():
        if Ticket.objects.exclude(submitter_email__endswith=f".{BENCH_DOMAIN}").exists():
            return "tiket yang bukan buatan uji beban"
        if Queue.objects.exclude(slug__startswith="bench-").exists():
            return "antrean yang bukan buatan uji beban"
    return None


def _deskripsi(rng: random.Random) -> tuple[str, str]:
    jabatan, perbuatan = rng.choice(JABATAN), rng.choice(PERBUATAN)
    judul = f"Dugaan pelanggaran netralitas: {jabatan} {rng.choice(NAMA).split()[1]}"
    isi = (
        f"Pada {rng.randint(1, 28)} Oktober sekitar pukul {rng.randint(7, 21):02d}.00, terlapor ({jabatan}) "
        f"{perbuatan}. Kejadian di balai desa dan diketahui dari unggahan warga. "
        f"Tautan: https://www.facebook.com/contoh/posts/{rng.randint(10**8, 10**9)}. "
        f"Saksi: {rng.choice(NAMA)} dan {rng.choice(NAMA)}."
    )
    return judul, isi


class Command(BaseCommand):
    help = "Isi basis data pembanding (django-helpdesk) dengan tiket uji beban."

    def add_arguments(self, parser):
        parser.add_argument("--periksa", action="store_true", help="hanya periksa bahwa ini basis data uji beban")
        parser.add_argument("--sampai", type=int, help="jumlah tiket tepat N (kiriman run sebelumnya dihapus)")
        parser.add_argument("--data", type=Path, help="folder untuk peer-data.lua (sampel tiket untuk wrk)")

    def handle(self, *args, periksa, sampai, data, **options):
        alasan = _bukan_milik_bench()
        if alasan:
            sys.exit(f"Basis data {connection.settings_dict['NAME']} memuat {alasan}; berhenti.")
        if periksa:
            return
        antrean = [
            Queue.objects.update_or_create(
                slug=slug,
                defaults={"title": judul, "email_address": f"{slug}@{BENCH_DOMAIN}", "allow_public_submission": True},
            )[0]
            for slug, judul in ANTRIAN
        ]
        # What the wrk runs filed: deleted through the ORM (follow-ups, attachments, changes cascade).
        dihapus, _ = Ticket.objects.filter(submitter_email__endswith=KIRIMAN_EMAIL).delete()
        if sampai is not None:
            ada = Ticket.objects.count()
            if ada > sampai:
                Ticket.objects.all().delete()
                ada = 0
            mulai = time.monotonic()
            baris = self._isi(antrean, sampai - ada)
            self.stdout.write(
                f"{sampai - ada} tiket ({baris} baris) dalam {time.monotonic() - mulai:.1f} detik; "
                f"{Ticket.objects.count()} tiket ada; {dihapus} baris kiriman run sebelumnya dihapus."
            )
        if data:
            self._data(data, antrean)

    def _isi(self, antrean, jumlah: int) -> int:
        rng = random.Random()
        sekarang = timezone.now()
        baris = 0
        for awal in range(0, jumlah, BATCH):
            n = min(BATCH, jumlah - awal)
            with transaction.atomic():
                tiket = []
                for _ in range(n):
                    judul, isi = _deskripsi(rng)
                    status = rng.choices(
                        [Ticket.OPEN_STATUS, Ticket.REOPENED_STATUS, Ticket.RESOLVED_STATUS, Ticket.CLOSED_STATUS],
                        weights=[45, 5, 20, 30],
                    )[0]
                    nama = "".join(rng.choices(string.ascii_lowercase, k=8))
                    tiket.append(
                        Ticket(
                            title=judul,
                            queue=rng.choice(antrean),
                            submitter_email=f"{nama}{rng.randint(1, 999)}{SEED_EMAIL}",
                            status=status,
                            description=isi,
                            resolution="Laporan ditindaklanjuti; terlapor diberi teguran tertulis."
                            if status in (Ticket.RESOLVED_STATUS, Ticket.CLOSED_STATUS)
                            else "",
                            priority=rng.choice([2, 3, 3, 3, 4]),
                        )
                    )
                tiket = Ticket.objects.bulk_create(tiket)
                # The form's opening follow-up for every ticket, a public staff reply for a third.
                tindak = []
                for t in tiket:
                    tindak.append(FollowUp(ticket=t, title="Ticket Opened Via Web", comment=t.description, public=True))
                    if rng.random() < 0.35:
                        tindak.append(
                            FollowUp(
                                ticket=t,
                                title="Comment",
                                comment="Terima kasih, laporan Anda sedang dikaji oleh pengawas di wilayah Anda. "
                                "Kami akan menghubungi Anda bila diperlukan keterangan tambahan.",
                                public=True,
                                new_status=t.status if t.status != Ticket.OPEN_STATUS else None,
                            )
                        )
                FollowUp.objects.bulk_create(tindak)
                baris += len(tiket) + len(tindak)
        if jumlah > 0:
            # Spread over the last two years, as a backlog would be (auto_now_add set them all to now).
            with connection.cursor() as c:
                c.execute(
                    "UPDATE helpdesk_ticket SET created = %s - (id %% 730) * interval '1 day', "
                    "modified = %s - (id %% 365) * interval '1 day' WHERE submitter_email LIKE %s",
                    [sekarang, sekarang, f"%{SEED_EMAIL}"],
                )
                c.execute("VACUUM (ANALYZE) helpdesk_ticket")
                c.execute("VACUUM (ANALYZE) helpdesk_followup")
        return baris

    def _data(self, folder: Path, antrean) -> None:
        """What the wrk scripts send: the public queues, and SAMPLE seeded tickets to look up."""
        rng = random.Random()
        batas = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ids = rng.sample(range(1, batas + 1), min(batas, 3 * SAMPLE))
        tiket = list(
            Ticket.objects.filter(id__in=ids, submitter_email__endswith=SEED_EMAIL)
            .select_related("queue")
            .order_by("?")[:SAMPLE]
        )
        lihat = [f"/view/?ticket={t.ticket_for_url}&email={t.submitter_email}&key={t.secret_key}" for t in tiket]
        isi = (
            "return {\n"
            f"  antrean = {{{', '.join(str(q.id) for q in antrean)}}},\n"
            f'  domain = "{KIRIMAN_EMAIL}",\n'
            "  lihat = {\n" + "".join(f'    "{p}",\n' for p in lihat) + "  },\n}\n"
        )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "peer-data.lua").write_text(isi)
        self.stdout.write(f"{len(lihat)} tiket contoh untuk /view/ ditulis ke {folder / 'peer-data.lua'}")

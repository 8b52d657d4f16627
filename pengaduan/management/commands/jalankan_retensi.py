"""Run the retention job now (what the Celery beat runs every six hours), or, with --uji, print what
it would erase now and in the next days without erasing anything: the administrators' report."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from pengaduan import retensi
from pengaduan.models import AturanRetensi


class Command(BaseCommand):
    help = "Hapus data pribadi pengaduan yang masa retensinya habis (UU 27/2022); --uji hanya menampilkan rencananya."

    def add_arguments(self, parser):
        parser.add_argument("--uji", action="store_true", help="Tampilkan yang akan dihapus, tanpa menghapus.")
        parser.add_argument("--hari", type=int, default=30, help="Rentang rencana untuk --uji (hari ke depan).")
        parser.add_argument("--batas", type=int, default=500, help="Jumlah pengaduan per batch.")
        parser.add_argument("--maks", type=int, default=None, help="Paling banyak sekian pengaduan dalam satu jalan.")

    def handle(self, *args, uji, hari, batas, maks, **options):
        mulai = time.monotonic()
        if uji:
            self._rencana(hari)
        else:
            hasil = retensi.jalankan(batas=batas, maks=maks)
            detik = time.monotonic() - mulai
            for jenis, n in sorted(hasil.per_aturan.items()):
                self.stdout.write(f"  {AturanRetensi(jenis=jenis).get_jenis_display()}: {n} pengaduan")
            laju = hasil.kasus / detik if detik else 0
            self.stdout.write(
                f"Retensi selesai: {hasil.kasus} pengaduan dihapus datanya, {hasil.dilewati} dilewati "
                f"(sedang diproses pekerja lain), {detik:.1f} detik ({laju:.0f} pengaduan/detik)."
            )
        self.stderr.write(f"({time.monotonic() - mulai:.2f} detik)")

    def _rencana(self, hari):
        sekarang = timezone.now()
        jumlah = {}
        for r in retensi.rencana(hari=hari, sekarang=sekarang):
            if r.aturan.jenis not in jumlah:
                self.stdout.write(f"\n== {r.aturan} ==")
                jumlah[r.aturan.jenis] = 0
            jumlah[r.aturan.jenis] += 1
            jatuh = (
                "sudah jatuh tempo" if r.jatuh_tempo <= sekarang else f"{timezone.localtime(r.jatuh_tempo):%d/%m/%Y}"
            )
            self.stdout.write(
                f"  {r.nomor:<40} {r.status:<22} ditutup {timezone.localtime(r.ditutup):%d/%m/%Y}  dihapus: {jatuh}"
            )
        self.stdout.write(f"\nRencana penghapusan {hari} hari ke depan (tanpa pengaduan dalam penahanan hukum):")
        for a in AturanRetensi.objects.filter(aktif=True):
            self.stdout.write(f"  {a.get_jenis_display()}: {jumlah.get(a.jenis, 0)} pengaduan")
        self.stdout.write("Tidak ada yang dihapus (--uji).")

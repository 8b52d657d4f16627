"""Demo questions of the tanya jawab (netralitas.tanya.demo). Refuses to run when DEBUG is off.
seed_demo calls it after making the demo staff."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netralitas.wilayah.models import Wilayah

from ...demo import isi_demo


class Command(BaseCommand):
    help = "Membuat tanya jawab contoh untuk pemakaian lokal (hanya saat DEBUG menyala)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo_tanya hanya untuk pemakaian lokal: DEBUG harus menyala.")
        if not Wilayah.objects.filter(kode="35.11").exists():
            raise CommandError("Muat wilayah dulu: python manage.py load_wilayah")
        isi_demo(self.stdout.write)

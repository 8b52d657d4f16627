"""Demo data of the documents (issue 14, item 5), loaded by `seed_demo` (which refuses to run with
DEBUG off): the case waiting for the reporter's completion gets a status notice from its office,
so /lacak/ offers the PDF and the case page lists it."""

from django.contrib.auth import get_user_model

from netralitas.akun.models import Peran

from .models import PemberitahuanStatus, Pengaduan, Status
from .triase.services import kirim_pemberitahuan_status


def isi_demo_dokumen(stdout) -> None:
    p = Pengaduan.objects.filter(status=Status.PERLU_PERBAIKAN).order_by("pk").first()
    if p is None or PemberitahuanStatus.objects.filter(pengaduan=p).exists():
        return
    staf = (
        get_user_model()
        .objects.filter(profil_staf__wilayah_id=p.kantor_wilayah_id, profil_staf__peran=Peran.BAWASLU_KABKOTA)
        .order_by("pk")
        .first()
    )
    if staf is None:
        return
    kirim_pemberitahuan_status(pengaduan=p, oleh=staf)
    stdout.write(f"Pemberitahuan status laporan #{p.pk} dikirim ke pelapor (unduh di /lacak/ dengan kodenya).")

"""Demo data for retention (`seed_demo`, a laptop only): two reports Bawaslu Kabupaten Malang closed
(dihentikan) almost two years ago, so the administrators' 30-day report (Aturan retensi → Rencana
penghapusan) lists the first one's reporter identity as due in about two weeks; the second is under
a legal hold, so the report leaves it out and its case page shows the hold.

The cases are written through the services now, then their times are moved back: demo only. The
services never backdate, and the case events are otherwise append-only."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

from netralitas.akun.models import Peran

from . import retensi, transisi
from .demo_panwascam import _lapor
from .models import AturanRetensi, JenisDataRetensi, Pengaduan, PeristiwaPengaduan, Status

LAPORAN = [
    (
        "35.07.13.1007",
        "foto-bersama",
        "Yusuf Hidayat",
        "Dinas Pertanian Kabupaten Malang",
        "Pegawai dinas berfoto dengan gestur dukungan bersama calon bupati dan mengunggahnya.",
    ),
    (
        "35.07.13.2005",
        "kampanye-media-sosial",
        "Lilik Suryani",
        "Puskesmas Kepanjen",
        "Pegawai puskesmas mengunggah ajakan memilih calon bupati di akun pribadinya.",
    ),
]
# Closed this many days ago: the identity rule's period less two weeks.
SISA_HARI = 15


def seed(stdout=None) -> list[Pengaduan]:
    if not settings.DEBUG:
        raise RuntimeError("Data contoh hanya untuk pemakaian lokal: DEBUG harus menyala.")
    kabupaten = get_user_model().objects.get(username="bawaslu.malang")
    aturan = AturanRetensi.objects.get(jenis=JenisDataRetensi.IDENTITAS_PELAPOR)
    mundur = datetime.timedelta(days=aturan.hari_setelah_ditutup - SISA_HARI)
    kasus = []
    for baris in LAPORAN:
        p = _lapor(*baris, hari_lalu=1)
        for ke, alasan in (
            (Status.KAJIAN_AWAL, ""),
            (Status.DIREGISTRASI, ""),
            (Status.KLARIFIKASI, ""),
            (Status.DIHENTIKAN, "Hasil klarifikasi: unggahan tidak dapat dipastikan milik terlapor."),
        ):
            transisi.ubah_status(pengaduan=p, ke=ke, peran=Peran.BAWASLU_KABKOTA, oleh=kabupaten, alasan=alasan)
        for e in PeristiwaPengaduan.objects.filter(pengaduan=p):
            PeristiwaPengaduan.objects.filter(pk=e.pk).update(waktu=e.waktu - mundur)
        Pengaduan.objects.filter(pk=p.pk).update(dibuat=p.dibuat - mundur)
        kasus.append(p)
    retensi.pasang_tahanan(
        pengaduan=kasus[1],
        oleh=kabupaten,
        alasan="Terlapor menggugat keputusan sanksi terkait ke PTUN; identitas pelapor masih diperlukan.",
    )
    if stdout is not None:
        stdout.write(
            f"Retensi: #{kasus[0].pk} ditutup {aturan.hari_setelah_ditutup - SISA_HARI} hari lalu (identitas "
            f"pelapor dihapus {SISA_HARI} hari lagi, tampil di rencana penghapusan); #{kasus[1].pk} ditahan."
        )
    return kasus

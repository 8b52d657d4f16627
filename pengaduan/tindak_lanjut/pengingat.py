"""The follow-up's reminders (beat, hourly; each written once per case or agency, recipient and
period through `Notifikasi.kunci`): recommendations past their deadline, and agencies that had no
reviewer account when the case was forwarded and have not opened it since."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import workflow
from ..models import PenerimaanRekomendasi
from ..notifikasi import antrekan_notifikasi, beri_tahu_staf, penerima_kantor
from ..selectors import staf_wilayah_pengaduan
from .selectors import peninjau_instansi, rekomendasi_lewat_tenggat
from .services import tautan_kasus_instansi, tautan_pengaduan


def ingatkan_tenggat_tindak_lanjut(*, hari_ini=None) -> int:
    """Daily (beat): each overdue recommendation reminds the agency's reviewers and the Bawaslu
    staff of the region. One reminder per case, recipient and day, however often the beat runs."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    for p in rekomendasi_lewat_tenggat(hari_ini=hari_ini).select_related("kantor_wilayah").iterator():
        lewat = (hari_ini - p.tenggat).days
        judul = f"Tindak lanjut rekomendasi lewat tenggat {lewat} hari"
        try:
            n += _ingatkan(p, judul, hari_ini)
        except IntegrityError:
            continue  # another beat run wrote today's reminder for this case first
    return n


def _ingatkan(p, judul: str, hari_ini) -> int:
    def kunci(uid):
        return f"pengingat:{p.pk}:{hari_ini:%Y%m%d}:{uid}"

    with transaction.atomic():
        instansi = list(p.rekomendasi.instansi.values_list("pk", flat=True))
        baris = beri_tahu_staf(
            p,
            peninjau_instansi(p, instansi).values_list("pk", "email"),
            jenis="pengingat_tenggat",
            judul=judul,
            tautan=tautan_kasus_instansi(p),
            kunci=kunci,
        )
        baris += beri_tahu_staf(
            p,
            staf_wilayah_pengaduan(p).values_list("pk", "email"),
            jenis="pengingat_tenggat",
            judul=judul,
            tautan=tautan_pengaduan(p),
            kunci=kunci,
        )
        antrekan_notifikasi(baris)
        return len(baris)


def ingatkan_instansi_tanpa_peninjau(*, hari_ini=None) -> int:
    """Weekly reminders (beat; written once per agency, recipient and week since forwarding, through
    Notifikasi.kunci, however often the beat runs): an agency that had no reviewer account when
    the case was forwarded, and whose reviewers have not acknowledged it yet, keeps the handling
    office (and the assigned officer) reminded, and any reviewer the agency has been given since.
    It stops when a reviewer of that agency opens the case or starts the examination
    (`terima_rekomendasi`), or when the follow-up is over."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    belum = PenerimaanRekomendasi.objects.filter(
        tanpa_peninjau=True,
        diterima_pada__isnull=True,
        rekomendasi__pengaduan__status__in=workflow.STATUS_TINDAK_LANJUT,
    ).select_related("instansi", "rekomendasi__pengaduan__kantor_wilayah")
    for pr in belum.iterator():
        minggu = (hari_ini - timezone.localtime(pr.rekomendasi.dibuat).date()).days // 7
        if minggu < 1:
            continue  # the office was warned when it forwarded the case
        try:
            n += _ingatkan_tanpa_peninjau(pr, minggu)
        except IntegrityError:
            continue  # another beat run wrote this week's reminder first
    return n


def _ingatkan_tanpa_peninjau(pr: PenerimaanRekomendasi, minggu: int) -> int:
    p = pr.rekomendasi.pengaduan

    def kunci(uid):
        return f"tanpa-peninjau:{pr.pk}:{minggu}:{uid}"

    with transaction.atomic():
        baris = beri_tahu_staf(
            p,
            penerima_kantor(p),
            jenis="pengingat_tanpa_peninjau",
            judul=f"Rekomendasi untuk {pr.instansi.nama} belum diterima instansi itu sejak {minggu} minggu: "
            "belum ada peninjaunya yang membuka",
            tautan=tautan_pengaduan(p),
            kunci=kunci,
        )
        baris += beri_tahu_staf(
            p,
            peninjau_instansi(p, [pr.instansi_id]).values_list("pk", "email"),
            jenis="pengingat_tanpa_peninjau",
            judul="Rekomendasi Bawaslu menunggu dibuka oleh instansi Anda",
            tautan=tautan_kasus_instansi(p),
            kunci=kunci,
        )
        antrekan_notifikasi(baris)
        return len(baris)

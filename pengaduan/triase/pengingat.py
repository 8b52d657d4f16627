"""Daily deadline digests: each handling office is told, once a day, which of its cases fall due
tomorrow and which are overdue; the office one level up is told of those overdue by more than
`TENGGAT_ESKALASI_HARI` days. In the admin's notifications and by e-mail.

The beat runs this every hour; each digest is written once per office, recipient and day
(`Notifikasi.kunci`), so a worker that was down in the morning still sends it that day. The
agency's follow-up (forwarded cases) has its own daily reminder (tindak_lanjut), not repeated here.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netralitas.akun.models import PERAN_BAWASLU, Peran
from netralitas.wilayah.models import Wilayah

from .. import workflow
from ..models import STATUS_TERMINAL, Pengaduan, TingkatKantor
from ..notifikasi import antrekan_notifikasi, buat_notifikasi
from ..transisi import nama_kantor

# Digests are written from this hour (Asia/Jakarta) on: staff read them when the office opens.
JAM_MULAI = 6
TINGKAT_ATAS = {
    TingkatKantor.PANWASCAM: TingkatKantor.KABKOTA,
    TingkatKantor.KABKOTA: TingkatKantor.PROVINSI,
    TingkatKantor.PROVINSI: TingkatKantor.RI,
}
PERAN_KANTOR = {
    TingkatKantor.PANWASCAM: Peran.PANWASCAM,
    TingkatKantor.KABKOTA: Peran.BAWASLU_KABKOTA,
    TingkatKantor.PROVINSI: Peran.BAWASLU_PROVINSI,
    TingkatKantor.RI: Peran.BAWASLU_RI,
}


def kode_kantor_atas(tingkat: str, kode: str | None) -> str | None:
    """The region code of the office above (None for Bawaslu RI)."""
    atas = TINGKAT_ATAS[tingkat]
    return {TingkatKantor.KABKOTA: (kode or "")[:5], TingkatKantor.PROVINSI: (kode or "")[:2]}.get(atas)


def staf_kantor(tingkat: str, kode: str | None):
    """(id, e-mail) of the active staff of one office with an e-mail: who reads its digest."""
    qs = get_user_model().objects.filter(is_active=True, is_staff=True, profil_staf__peran__in=PERAN_BAWASLU)
    if tingkat == TingkatKantor.RI:
        qs = qs.filter(profil_staf__wilayah__isnull=True, profil_staf__peran=Peran.BAWASLU_RI)
    else:
        qs = qs.filter(profil_staf__wilayah_id=kode, profil_staf__peran=PERAN_KANTOR[tingkat])
    return list(qs.exclude(email="").order_by("pk").values_list("pk", "email"))


def _pengaduan_bertenggat(hari_ini: datetime.date):
    """Open cases in Bawaslu's hands whose deadline is tomorrow or has passed."""
    return (
        Pengaduan.objects.exclude(status__in=STATUS_TERMINAL)
        .exclude(status__in=workflow.STATUS_TINDAK_LANJUT)
        .filter(tenggat__isnull=False, tenggat__lte=hari_ini + datetime.timedelta(days=1))
        .order_by("tenggat", "pk")
        .values(
            "pk",
            "nomor_registrasi",
            "kode_akhir",
            "status",
            "tenggat",
            "kantor_tingkat",
            "kantor_wilayah_id",
            "perbaikan_diberitahu",
        )
    )


def _baris(k: dict, hari_ini: datetime.date) -> dict:
    return {
        "nomor": k["nomor_registrasi"] or f"#{k['pk']}",
        "kode_akhir": k["kode_akhir"],
        "status": workflow.S(k["status"]).label
        # The office's own step within perlu perbaikan: the reporter is still to be told.
        + (
            ": pelapor belum diberi tahu"
            if k["status"] == workflow.S.PERLU_PERBAIKAN and k["perbaikan_diberitahu"] is None
            else ""
        ),
        "tenggat": k["tenggat"],
        "lewat": (hari_ini - k["tenggat"]).days,
        "tautan": settings.SITE_URL + reverse("admin:pengaduan_pengaduan_change", args=[k["pk"]]),
    }


def kirim_ringkasan_tenggat(*, sekarang: datetime.datetime | None = None) -> int:
    """Write today's digests (handling offices, then escalations); returns how many were written."""
    sekarang = timezone.localtime(sekarang)
    if sekarang.hour < JAM_MULAI:
        return 0
    hari_ini = sekarang.date()
    eskalasi_hari = settings.TENGGAT_ESKALASI_HARI
    per_kantor, per_atasan = defaultdict(list), defaultdict(list)
    for k in _pengaduan_bertenggat(hari_ini).iterator():
        kantor = (k["kantor_tingkat"], k["kantor_wilayah_id"])
        baris = _baris(k, hari_ini)
        per_kantor[kantor].append(baris)
        if baris["lewat"] > eskalasi_hari and k["kantor_tingkat"] in TINGKAT_ATAS:
            atas = TINGKAT_ATAS[k["kantor_tingkat"]]
            per_atasan[(atas, kode_kantor_atas(*kantor))].append({**baris, "kantor_asal": kantor})
    # The offices below, named once per run for the escalation digests (one query, not one per case).
    nama = _nama_kantor({b["kantor_asal"] for kasus in per_atasan.values() for b in kasus})
    for kasus in per_atasan.values():
        for b in kasus:
            b["kantor"] = nama[b.pop("kantor_asal")]
    n = 0
    for (tingkat, kode), kasus in per_kantor.items():
        n += _tulis(tingkat, kode, hari_ini, jenis="ringkasan_tenggat", judul=_judul_ringkasan(kasus), kasus=kasus)
    for (tingkat, kode), kasus in per_atasan.items():
        judul = f"{len(kasus)} pengaduan di kantor bawahan lewat tenggat lebih dari {eskalasi_hari} hari"
        n += _tulis(tingkat, kode, hari_ini, jenis="eskalasi_tenggat", judul=judul, kasus=kasus)
    return n


def _judul_ringkasan(kasus: list[dict]) -> str:
    lewat = sum(1 for k in kasus if k["lewat"] > 0)
    jatuh_tempo = len(kasus) - lewat
    bagian = []
    if lewat:
        bagian.append(f"{lewat} lewat tenggat")
    if jatuh_tempo:
        bagian.append(f"{jatuh_tempo} jatuh tempo hari ini atau besok")
    return "Ringkasan tenggat: " + ", ".join(bagian)


def _nama_kantor(kantor: set[tuple[str, str | None]]) -> dict:
    """{(tingkat, kode): "Bawaslu Kabupaten/Kota Kabupaten Malang"}, as the case timeline names offices."""
    wilayah = Wilayah.objects.in_bulk([kode for _, kode in kantor if kode])
    return {(tingkat, kode): nama_kantor(tingkat, wilayah.get(kode)) for tingkat, kode in kantor}


def _tulis(tingkat, kode, hari_ini, *, jenis, judul, kasus) -> int:
    tautan = reverse("admin:pengaduan_pengaduan_changelist") + "?tenggat=lewat"
    baris = []
    for user_id, email in staf_kantor(tingkat, kode):
        try:
            with transaction.atomic():
                n = buat_notifikasi(
                    pengaduan=None,
                    penerima_id=user_id,
                    email=email,
                    jenis=jenis,
                    template="ringkasan_tenggat",
                    konteks={
                        "judul": judul,
                        "kasus": kasus,
                        "hari_ini": hari_ini,
                        "tautan": settings.SITE_URL + tautan,
                    },
                    tautan=tautan,
                    kunci=f"{jenis}:{tingkat}:{kode or 'RI'}:{hari_ini:%Y%m%d}:{user_id}",
                    antre=False,
                )
        except IntegrityError:
            continue  # a concurrent beat run wrote this one first
        if n is not None:
            baris.append(n)
    antrekan_notifikasi(baris)
    return len(baris)

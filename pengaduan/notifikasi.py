"""The outbox: every message the portal sends is a row written in the same transaction as the
change that causes it, and sent by a worker after the commit. A broker outage loses nothing: the
beat's sweep (`kirim_ulang_tertunda`) enqueues what is still pending."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from netralitas.antrean import antrekan, kirim_sekarang

from .models import Notifikasi, Pengaduan, StatusNotifikasi
from .selectors import penerima_kantor_penanganan

KIRIM = "pengaduan.tasks.kirim_notifikasi"
KIRIM_BANYAK = "pengaduan.tasks.kirim_notifikasi_banyak"


def buat_notifikasi(
    *,
    pengaduan,
    email,
    jenis,
    template,
    konteks,
    penerima_id=None,
    hapus_isi=False,
    antre=True,
    tautan="",
    kunci=None,
) -> Notifikasi | None:
    """An outbox row, written in the caller's transaction. With antre=False the caller enqueues it,
    with others of the same change, through `antrekan_notifikasi`. A `kunci` already written
    (a reminder sent today) writes nothing and returns None."""
    if kunci and Notifikasi.objects.filter(kunci=kunci).exists():
        return None
    konteks = {"situs": settings.SITE_URL, "tautan_lacak": settings.SITE_URL + reverse("pengaduan:lacak"), **konteks}
    subjek = render_to_string(f"email/{template}_subjek.txt", konteks).strip()
    n = Notifikasi.objects.create(
        pengaduan=pengaduan,
        penerima_id=penerima_id,
        email=email,
        jenis=jenis,
        subjek=" ".join(subjek.split())[:200],
        isi_teks=render_to_string(f"email/{template}.txt", konteks),
        isi_html=render_to_string(f"email/{template}.html", konteks),
        hapus_isi_setelah_terkirim=hapus_isi,
        tautan=tautan,
        kunci=kunci,
    )
    if antre:
        antrekan(KIRIM, n.pk)
    return n


def antrekan_notifikasi(notifikasi: list[Notifikasi]) -> None:
    """The notifications of one change as one task message: a new case in a busy region notifies
    every staff member there, and a message each would cost the reporter's request a broker round
    trip per recipient."""
    if len(notifikasi) == 1:
        antrekan(KIRIM, notifikasi[0].pk)
    elif notifikasi:
        antrekan(KIRIM_BANYAK, [n.pk for n in notifikasi])


def message_id(n: Notifikasi) -> str:
    """Stable per notification, so a repeat in the crash window is recognisable as the same mail."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "posko-netralitas.local"
    return f"<notifikasi-{n.pk}@{domain}>"


# After this many attempts a notification is failed for good: the admin shows it, the beat leaves it.
MAKS_PERCOBAAN_NOTIFIKASI = 20


# How long a row that failed waits before the beat sends it again: the task's own retries (with
# back-off) come first; the beat is for rows whose task was lost (broker down, worker killed).
JEDA_KIRIM_ULANG = timezone.timedelta(minutes=10)


UKURAN_BATCH_KIRIM_ULANG = 10


def kirim_notifikasi(notifikasi_id: int) -> bool:
    """Send one outbox row. Idempotent: a row already sent is not sent again (the row is locked
    across the send, so two workers never both send it). Raises on SMTP failure so the task retries
    with back-off; the failure is recorded outside the rolled-back transaction."""
    try:
        with transaction.atomic():
            n = Notifikasi.objects.select_for_update().filter(pk=notifikasi_id).first()
            if n is None or n.status != StatusNotifikasi.MENUNGGU:
                return False
            n.percobaan += 1
            n.dicoba_pada = timezone.now()
            n.message_id = message_id(n)
            pesan = EmailMultiAlternatives(
                subject=n.subjek, body=n.isi_teks, to=[n.email], headers={"Message-ID": n.message_id}
            )
            if n.isi_html:
                pesan.attach_alternative(n.isi_html, "text/html")
            pesan.send()
            n.status = StatusNotifikasi.TERKIRIM
            n.terkirim_pada = timezone.now()
            n.galat = ""
            if n.hapus_isi_setelah_terkirim:
                n.isi_teks = n.isi_html = ""
            n.save()
        return True
    except Exception as e:
        catat_gagal_kirim(notifikasi_id, e)
        raise


def catat_gagal_kirim(notifikasi_id: int, galat: Exception) -> None:
    """Count the failed attempt and keep its error; past the limit the row is failed for good."""
    qs = Notifikasi.objects.filter(pk=notifikasi_id, status=StatusNotifikasi.MENUNGGU)
    qs.update(percobaan=F("percobaan") + 1, galat=str(galat)[:2000], dicoba_pada=timezone.now())
    qs.filter(percobaan__gte=MAKS_PERCOBAAN_NOTIFIKASI).update(status=StatusNotifikasi.GAGAL)


def penerima_kantor(pengaduan: Pengaduan) -> list[tuple[int, str]]:
    """(user id, e-mail) of the handling office's staff and of the officer the case is assigned
    to, each once: who is told when something needs the office."""
    penerima = list(penerima_kantor_penanganan(pengaduan))
    if pengaduan.ditugaskan_id and all(pk != pengaduan.ditugaskan_id for pk, _ in penerima):
        email = (
            get_user_model()
            .objects.filter(pk=pengaduan.ditugaskan_id, is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .first()
        )
        if email:
            penerima.append((pengaduan.ditugaskan_id, email))
    return penerima


def beri_tahu_staf(pengaduan, penerima, *, jenis: str, judul: str, tautan: str = "", kunci=None) -> list:
    """Staff notifications (the admin's list and an e-mail) of one change or one reminder, written in
    the caller's transaction; the caller enqueues them with `antrekan_notifikasi`. The e-mail says
    what happened and links to the case; the case itself is read only after logging in.
    `kunci(user_id)`, for a scheduled reminder, makes it once per recipient and period."""
    tautan = tautan or reverse("admin:pengaduan_pengaduan_change", args=[pengaduan.pk])
    baris = [
        buat_notifikasi(
            pengaduan=pengaduan,
            penerima_id=user_id,
            email=email,
            jenis=jenis,
            template="staf",
            konteks={"pengaduan": pengaduan, "judul": judul, "tautan": settings.SITE_URL + tautan},
            tautan=tautan,
            kunci=kunci(user_id) if kunci else None,
            antre=False,
        )
        for user_id, email in penerima
    ]
    return [n for n in baris if n is not None]


# What /readyz and /metrics report of the outbox. Every count walks one range of the (status,
# dibuat) index and stops at this many rows, so a probe every few seconds stays cheap even after a
# long outage has piled up rows.
BATAS_HITUNG_OUTBOX = 10_000


def ringkasan_outbox(*, tertunda_menit: int, gagal_jam: int) -> dict[str, int]:
    """Rows waiting to be sent (all, and those older than `tertunda_menit`: the beat re-sends every
    two minutes, so an old row means sending has been failing for several sweeps) and rows failed
    for good (all, and those given up on in the last `gagal_jam` hours). Counted up to
    BATAS_HITUNG_OUTBOX each."""
    sekarang = timezone.now()
    menunggu = Notifikasi.objects.filter(status=StatusNotifikasi.MENUNGGU).order_by()
    gagal = Notifikasi.objects.filter(status=StatusNotifikasi.GAGAL).order_by()

    def hitung(qs) -> int:
        return qs.values("pk")[:BATAS_HITUNG_OUTBOX].count()

    return {
        "menunggu": hitung(menunggu),
        "menunggu_lama": hitung(menunggu.filter(dibuat__lte=sekarang - timezone.timedelta(minutes=tertunda_menit))),
        "gagal": hitung(gagal),
        "gagal_baru": hitung(gagal.filter(dicoba_pada__gte=sekarang - timezone.timedelta(hours=gagal_jam))),
    }


def kirim_ulang_tertunda(*, umur_detik: int = 60) -> int:
    """Rows whose task was lost (broker down, worker killed), the oldest first so a backlog never
    starves its head, in batches as a change's notifications go: after an outage the backlog is
    sent at the batched rate (bench/README.md: about three times the one-task-per-row rate)."""
    batas = timezone.now() - timezone.timedelta(seconds=umur_detik)
    tertunda = list(
        Notifikasi.objects.filter(status=StatusNotifikasi.MENUNGGU, dibuat__lte=batas)
        .filter(Q(dicoba_pada__isnull=True) | Q(dicoba_pada__lte=timezone.now() - JEDA_KIRIM_ULANG))
        .order_by("dibuat", "pk")
        .values_list("pk", flat=True)[:500]
    )
    for i in range(0, len(tertunda), UKURAN_BATCH_KIRIM_ULANG):
        kirim_sekarang(KIRIM_BANYAK, tertunda[i : i + UKURAN_BATCH_KIRIM_ULANG])
    return len(tertunda)

"""Every write about a complaint: one function per action, atomic, writes the case event,
enqueues tasks on commit."""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from netralitas import berkas as cek_berkas

from . import kode as kode_pelacakan
from . import workflow
from .models import (
    Bukti,
    Kelengkapan,
    Notifikasi,
    Pelapor,
    Pengaduan,
    PeristiwaPengaduan,
    Saksi,
    Status,
    StatusNotifikasi,
    StatusThumbnail,
    Sumber,
    Tautan,
    Terlapor,
    TingkatKantor,
    UnggahanSementara,
)
from .selectors import staf_wilayah_kasus
from .tenggat import batas_melapor, tenggat_langkah

log = logging.getLogger(__name__)


class TransisiDitolak(Exception):
    """A transition the workflow table does not allow, or one missing its required reason."""


# --- Task queueing -------------------------------------------------------------------------------


def antrekan(task, *args):
    """Enqueue after commit. A broker outage must never fail the request: the row stays pending
    and the beat task (`proses_tertunda`) picks it up later."""

    def kirim():
        try:
            task.delay(*args)
        except Exception:  # kombu raises several kinds when the broker is down
            log.warning("Broker tidak terjangkau; %s%r menunggu beat.", task.name, args, exc_info=True)

    transaction.on_commit(kirim)


# --- Uploads -------------------------------------------------------------------------------------


def simpan_unggahan_sementara(*, berkas) -> UnggahanSementara:
    """Check a file by its content and keep it against the form; raises ValidationError."""
    hasil = cek_berkas.periksa_berkas(berkas)
    u = UnggahanSementara(
        token=secrets.token_urlsafe(32),
        nama_asli=cek_berkas.nama_tampilan(getattr(berkas, "name", "")),
        jenis=hasil.jenis,
        mime=hasil.mime,
        ekstensi=hasil.ekstensi,
        ukuran=berkas.size,
        sha256=cek_berkas.sha256_berkas(berkas),
    )
    u.berkas.save("x", berkas, save=False)
    u.save()
    return u


def _bukti_dari_unggahan(*, pengaduan, unggahan, kelengkapan=None) -> Bukti:
    b = Bukti.objects.create(
        pengaduan=pengaduan,
        kelengkapan=kelengkapan,
        berkas=unggahan.berkas.name,
        nama_asli=unggahan.nama_asli,
        jenis=unggahan.jenis,
        mime=unggahan.mime,
        ekstensi=unggahan.ekstensi,
        ukuran=unggahan.ukuran,
        sha256=unggahan.sha256,
    )
    # The file now belongs to the evidence row; only the staging row goes.
    UnggahanSementara.objects.filter(pk=unggahan.pk).delete()
    antrekan(_task("buat_thumbnail"), b.pk)
    return b


def _task(nama):
    from . import tasks

    return getattr(tasks, nama)


# --- Intake --------------------------------------------------------------------------------------


def kantor_dari_wilayah(wilayah) -> tuple[str, str | None]:
    """DESIGN.md §3: intake hands a case to the Bawaslu of the incident's kabupaten/kota."""
    return TingkatKantor.KABKOTA, wilayah.kode_kabupaten_kota


@transaction.atomic
def create_pengaduan(
    *,
    token_pengajuan,
    sumber: str,
    jenis_pemilihan: str,
    kategori,
    kategori_lainnya: str,
    tanggal_kejadian,
    tanggal_diketahui,
    wilayah,
    alamat_kejadian: str,
    kronologi: str,
    pelapor: dict | None,
    terlapor: list[dict],
    saksi: list[dict],
    tautan: list[str],
    unggahan: list[UnggahanSementara],
) -> tuple[Pengaduan, str]:
    """File a report with everything it carries, in one transaction. Returns the case and its code,
    which exists nowhere else after this call but the reporter's receipt (and e-mail copy)."""
    if sumber not in (Sumber.LAPORAN, Sumber.INFORMASI_AWAL):
        raise ValueError("Publik hanya dapat mengajukan laporan atau informasi awal.")
    kode = kode_pelacakan.buat_kode()
    normal = kode_pelacakan.normalkan(kode)
    kantor_tingkat, kantor_kode = kantor_dari_wilayah(wilayah)
    hari_ini = timezone.localdate()
    batas = batas_melapor(jenis_pemilihan, tanggal_diketahui)
    p = Pengaduan.objects.create(
        kode_hash=kode_pelacakan.hash_kode(normal),
        kode_akhir=normal[-4:],
        token_pengajuan=token_pengajuan,
        sumber=sumber,
        status=Status.DIAJUKAN,
        jenis_pemilihan=jenis_pemilihan,
        kategori=kategori,
        kategori_lainnya=kategori_lainnya if kategori.perlu_uraian else "",
        tanggal_kejadian=tanggal_kejadian,
        tanggal_diketahui=tanggal_diketahui,
        terlambat=bool(batas and hari_ini > batas),
        wilayah=wilayah,
        alamat_kejadian=alamat_kejadian,
        kantor_tingkat=kantor_tingkat,
        kantor_wilayah_id=kantor_kode,
        kronologi=kronologi,
        pernyataan_benar=True,
        tenggat=tenggat_langkah(jenis_pemilihan, workflow.LANGKAH_TENGGAT[Status.DIAJUKAN], hari_ini),
    )
    if sumber == Sumber.LAPORAN and pelapor:
        Pelapor.objects.create(pengaduan=p, **pelapor)
    Terlapor.objects.bulk_create([Terlapor(pengaduan=p, **t) for t in terlapor])
    Saksi.objects.bulk_create([Saksi(pengaduan=p, **s) for s in saksi])
    Tautan.objects.bulk_create([Tautan(pengaduan=p, url=u) for u in tautan])
    for u in unggahan:
        _bukti_dari_unggahan(pengaduan=p, unggahan=u)
    PeristiwaPengaduan.objects.create(
        pengaduan=p,
        dari_status="",
        ke_status=Status.DIAJUKAN,
        peran_aktor=workflow.Aktor.SISTEM,
        publik=True,
        alasan="Pengaduan diterima melalui formulir daring.",
    )
    if sumber == Sumber.LAPORAN and pelapor and pelapor.get("email"):
        _notifikasi(
            pengaduan=p,
            email=pelapor["email"],
            jenis="tanda_terima",
            template="tanda_terima",
            konteks={"kode": kode, "pengaduan": p},
            hapus_isi=True,
        )
    for staf in staf_wilayah_kasus(p):
        _notifikasi(
            pengaduan=p,
            penerima=staf,
            email=staf.email,
            jenis="pengaduan_baru",
            template="pengaduan_baru",
            konteks={
                "pengaduan": p,
                "tautan": settings.SITE_URL + reverse("admin:pengaduan_pengaduan_change", args=[p.pk]),
            },
        )
    return p, kode


def pengaduan_dari_token(token_pengajuan) -> Pengaduan | None:
    return Pengaduan.objects.filter(token_pengajuan=token_pengajuan).first()


def create_pengaduan_sekali(**kwargs) -> tuple[Pengaduan, str | None]:
    """A repeated submission of the same form returns the first case and no code."""
    try:
        return create_pengaduan(**kwargs)
    except IntegrityError:
        ada = pengaduan_dari_token(kwargs["token_pengajuan"])
        if ada is None:
            raise
        return ada, None


# --- The transition service -----------------------------------------------------------------------


@transaction.atomic
def ubah_status(*, pengaduan: Pengaduan, ke: str, peran: str, aktor=None, alasan: str = "") -> Pengaduan:
    """The only way a status changes: checks the workflow table, writes the case event, recomputes
    the deadline and enqueues the reporter's notification on commit."""
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    t = workflow.transisi(p.status, ke)
    if t is None or peran not in t.oleh:
        raise TransisiDitolak(
            f"Perubahan dari “{Status(p.status).label}” ke “{Status(ke).label}” tidak diizinkan untuk peran ini."
        )
    alasan = (alasan or "").strip()
    if t.alasan_wajib and not alasan:
        raise TransisiDitolak(f"Alasan wajib diisi untuk perubahan ke “{Status(ke).label}”.")
    dari = p.status
    p.status = ke
    langkah = workflow.LANGKAH_TENGGAT.get(ke)
    p.tenggat = tenggat_langkah(p.jenis_pemilihan, langkah, timezone.localdate()) if langkah else None
    p.save(update_fields=["status", "tenggat", "diperbarui"])
    PeristiwaPengaduan.objects.create(
        pengaduan=p, dari_status=dari, ke_status=ke, aktor=aktor, peran_aktor=peran, alasan=alasan, publik=t.publik
    )
    email = getattr(getattr(p, "pelapor", None), "email", "") if p.sumber == Sumber.LAPORAN else ""
    if t.publik and email and peran != workflow.Aktor.PELAPOR:
        _notifikasi(
            pengaduan=p, email=email, jenis="status_berubah", template="status_berubah", konteks={"pengaduan": p}
        )
    pengaduan.status, pengaduan.tenggat = p.status, p.tenggat
    return p


def permintaan_perbaikan(pengaduan: Pengaduan) -> PeristiwaPengaduan | None:
    """What Bawaslu asked the reporter to complete: the reason of the latest move to perlu perbaikan."""
    return (
        PeristiwaPengaduan.objects.filter(pengaduan=pengaduan, ke_status=Status.PERLU_PERBAIKAN)
        .order_by("-waktu", "-id")
        .first()
    )


@transaction.atomic
def tambah_kelengkapan(*, pengaduan: Pengaduan, teks: str, unggahan: list[UnggahanSementara]) -> Kelengkapan:
    """The reporter answers a request for completion; the case goes back to kajian awal."""
    if pengaduan.status != Status.PERLU_PERBAIKAN:
        raise TransisiDitolak("Pengaduan ini sedang tidak meminta kelengkapan.")
    k = Kelengkapan.objects.create(pengaduan=pengaduan, teks=teks.strip())
    for u in unggahan:
        _bukti_dari_unggahan(pengaduan=pengaduan, unggahan=u, kelengkapan=k)
    ubah_status(
        pengaduan=pengaduan,
        ke=Status.KAJIAN_AWAL,
        peran=workflow.Aktor.PELAPOR,
        alasan="Pelapor melengkapi pengaduan.",
    )
    return k


def cabut_pengaduan(*, pengaduan: Pengaduan, alasan: str = "") -> Pengaduan:
    if pengaduan.status not in workflow.STATUS_BOLEH_DICABUT:
        raise TransisiDitolak("Pengaduan yang sudah diregistrasi atau selesai tidak dapat dicabut.")
    return ubah_status(
        pengaduan=pengaduan,
        ke=Status.DICABUT,
        peran=workflow.Aktor.PELAPOR,
        alasan=alasan.strip() or "Dicabut oleh pelapor.",
    )


# --- Notifications (outbox) ----------------------------------------------------------------------


def _notifikasi(*, pengaduan, email, jenis, template, konteks, penerima=None, hapus_isi=False) -> Notifikasi:
    konteks = {"situs": settings.SITE_URL, "tautan_lacak": settings.SITE_URL + reverse("pengaduan:lacak"), **konteks}
    subjek = render_to_string(f"email/{template}_subjek.txt", konteks).strip()
    n = Notifikasi.objects.create(
        pengaduan=pengaduan,
        penerima=penerima,
        email=email,
        jenis=jenis,
        subjek=" ".join(subjek.split())[:200],
        isi_teks=render_to_string(f"email/{template}.txt", konteks),
        isi_html=render_to_string(f"email/{template}.html", konteks),
        hapus_isi_setelah_terkirim=hapus_isi,
    )
    antrekan(_task("kirim_notifikasi"), n.pk)
    return n


def message_id(n: Notifikasi) -> str:
    """Stable per notification, so a repeat in the crash window is recognisable as the same mail."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "posko-netralitas.local"
    return f"<notifikasi-{n.pk}@{domain}>"


def kirim_notifikasi(notifikasi_id: int) -> bool:
    """Send one outbox row. Idempotent: a row already sent is not sent again. Raises on SMTP failure
    so the task retries with back-off."""
    with transaction.atomic():
        n = Notifikasi.objects.select_for_update().filter(pk=notifikasi_id).first()
        if n is None or n.status != StatusNotifikasi.MENUNGGU:
            return False
        n.percobaan += 1
        n.message_id = message_id(n)
        pesan = EmailMultiAlternatives(
            subject=n.subjek, body=n.isi_teks, to=[n.email], headers={"Message-ID": n.message_id}
        )
        if n.isi_html:
            pesan.attach_alternative(n.isi_html, "text/html")
        try:
            pesan.send()
        except Exception as e:
            Notifikasi.objects.filter(pk=n.pk).update(percobaan=n.percobaan, galat=str(e)[:2000])
            raise
        n.status = StatusNotifikasi.TERKIRIM
        n.terkirim_pada = timezone.now()
        n.galat = ""
        if n.hapus_isi_setelah_terkirim:
            n.isi_teks = n.isi_html = ""
        n.save()
    return True


# --- Evidence thumbnails --------------------------------------------------------------------------


def buat_thumbnail(bukti_id: int) -> str | None:
    """A metadata-free preview: Pillow for photos, ffmpeg for video posters, an icon for the rest."""
    b = Bukti.objects.filter(pk=bukti_id).first()
    if b is None or b.status_thumbnail != StatusThumbnail.MENUNGGU:
        return None
    data = None
    try:
        if b.jenis == "foto":
            with b.berkas.open("rb") as f:
                data = cek_berkas.thumbnail_gambar(f)
        elif b.jenis == "video":
            data = cek_berkas.poster_video(b.berkas.path)
    except Exception:
        log.exception("Thumbnail bukti %s gagal dibuat.", b.pk)
        Bukti.objects.filter(pk=b.pk).update(status_thumbnail=StatusThumbnail.GAGAL)
        return StatusThumbnail.GAGAL
    if data is None:
        Bukti.objects.filter(pk=b.pk).update(status_thumbnail=StatusThumbnail.IKON)
        return StatusThumbnail.IKON
    b.thumbnail.save("x.jpg", ContentFile(data), save=False)
    Bukti.objects.filter(pk=b.pk).update(thumbnail=b.thumbnail.name, status_thumbnail=StatusThumbnail.SIAP)
    return StatusThumbnail.SIAP


def proses_tertunda(*, umur_detik: int = 60) -> dict:
    """Re-enqueue what a broker outage or a crashed worker left behind."""
    from . import tasks

    batas = timezone.now() - timezone.timedelta(seconds=umur_detik)
    notifikasi = list(
        Notifikasi.objects.filter(status=StatusNotifikasi.MENUNGGU, dibuat__lte=batas, percobaan__lt=20).values_list(
            "pk", flat=True
        )[:500]
    )
    bukti = list(
        Bukti.objects.filter(status_thumbnail=StatusThumbnail.MENUNGGU, dibuat__lte=batas).values_list("pk", flat=True)[
            :500
        ]
    )
    for pk in notifikasi:
        tasks.kirim_notifikasi.delay(pk)
    for pk in bukti:
        tasks.buat_thumbnail.delay(pk)
    return {"notifikasi": len(notifikasi), "bukti": len(bukti)}


def bersihkan_unggahan_sementara(*, umur_jam: int = 24) -> int:
    batas = timezone.now() - timezone.timedelta(hours=umur_jam)
    lama = list(UnggahanSementara.objects.filter(dibuat__lt=batas))
    for u in lama:
        u.berkas.delete(save=False)
        u.delete()
    return len(lama)


def validasi_unggahan_baru(*, berkas_baru, sudah_ada: int) -> tuple[list[UnggahanSementara], list[str]]:
    """Check and stage the files of one POST; refuse those beyond the limit. Returns (staged, errors)."""
    diterima, galat = [], []
    for f in berkas_baru:
        nama = cek_berkas.nama_tampilan(getattr(f, "name", ""))
        if sudah_ada + len(diterima) >= settings.BUKTI_MAKS_BERKAS:
            galat.append(f"{nama}: paling banyak {settings.BUKTI_MAKS_BERKAS} berkas per pengiriman.")
            continue
        try:
            diterima.append(simpan_unggahan_sementara(berkas=f))
        except ValidationError as e:
            galat.append(f"{nama}: {' '.join(e.messages)}")
    return diterima, galat

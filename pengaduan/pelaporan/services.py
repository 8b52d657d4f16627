"""The public's writes: a report filed through /lapor/, the reporter's answer to a completion
request and the withdrawal through /lacak/, and the system closing a request nobody answered.
Nothing here is reachable by staff code: the public package imports no other audience's."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .. import kode as kode_pelacakan
from .. import penerimaan, transisi, workflow
from ..bukti import bukti_dari_unggahan, lampiran_dari_unggahan
from ..kantor import kantor_dari_wilayah
from ..models import (
    STATUS_TERMINAL,
    ArahPesan,
    Kelengkapan,
    Pengaduan,
    Pesan,
    Status,
    Sumber,
    UnggahanSementara,
)
from ..notifikasi import antrekan_notifikasi, beri_tahu_staf, penerima_kantor
from ..tenggat import batas_melapor, tenggat_langkah


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
    kantor_tingkat, kantor_kode = kantor_dari_wilayah(wilayah, jenis_pemilihan)
    hari_ini = timezone.localdate()
    batas = batas_melapor(jenis_pemilihan, tanggal_diketahui)
    p = penerimaan.simpan_pengaduan(
        kode=kode,
        token_pengajuan=token_pengajuan,
        sumber=sumber,
        jenis_pemilihan=jenis_pemilihan,
        kategori=kategori,
        kategori_lainnya=kategori_lainnya,
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
        pelapor=pelapor if sumber == Sumber.LAPORAN else None,
        terlapor=terlapor,
        saksi=saksi,
        tautan=tautan,
        unggahan=unggahan,
        alasan_masuk="Pengaduan diterima melalui formulir daring.",
    )
    penerimaan.kabari_pengaduan_baru(p, kode=kode, email=(pelapor or {}).get("email", ""))
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


@transaction.atomic
def tambah_kelengkapan(*, pengaduan: Pengaduan, teks: str, unggahan: list[UnggahanSementara]) -> Kelengkapan:
    """The reporter answers a request for completion; the case goes back to kajian awal, and the
    handling office (and the assigned officer) is told: the case needs them again."""
    if pengaduan.status != Status.PERLU_PERBAIKAN:
        raise transisi.TransisiDitolak("Pengaduan ini sedang tidak meminta kelengkapan.")
    k = Kelengkapan.objects.create(pengaduan=pengaduan, teks=teks.strip())
    for u in unggahan:
        bukti_dari_unggahan(pengaduan=pengaduan, unggahan=u, kelengkapan=k)
    transisi.ubah_status(
        pengaduan=pengaduan,
        ke=Status.KAJIAN_AWAL,
        peran=workflow.Aktor.PELAPOR,
        alasan="Pelapor melengkapi pengaduan.",
    )
    antrekan_notifikasi(
        beri_tahu_staf(
            pengaduan,
            penerima_kantor(pengaduan),
            jenis="kelengkapan_masuk",
            judul="Pelapor melengkapi pengaduan; kajian awal berjalan lagi",
        )
    )
    return k


PESAN_KASUS_DITUTUP = (
    "Laporan ini sudah selesai ditangani (status “{status}”), jadi pesan tidak dapat dikirim lagi. "
    "Untuk kejadian baru, buat laporan baru di halaman Lapor."
)


PESAN_MEMUAT_KODE = (
    "Pesan Anda memuat kode pelacakan laporan ini. Hapus kode itu dari pesan lalu kirim lagi: "
    "Bawaslu tidak memerlukannya, dan kode tidak pernah disimpan di server."
)


@transaction.atomic
def kirim_pesan_pelapor(*, pengaduan: Pengaduan, teks: str, unggahan: list[UnggahanSementara]) -> Pesan:
    """The reporter writes to the handling office from /lacak/, at any stage until the case is
    closed. The office's staff and the assigned officer are told (the admin's list and an e-mail
    without case details). Attachments are kept with the message, not as evidence: the agency
    never receives them (DESIGN.md §3, the reporter's messages are Bawaslu's only)."""
    p = transisi.kunci_pengaduan(pengaduan)  # a case closed meanwhile refuses the message
    if p.status in STATUS_TERMINAL or p.dicabut_pelapor:
        status = Status.DICABUT if p.dicabut_pelapor else p.status
        raise transisi.TransisiDitolak(PESAN_KASUS_DITUTUP.format(status=workflow.LABEL_PUBLIK[status]))
    teks = (teks or "").strip()
    if not teks and not unggahan:
        raise transisi.TransisiDitolak("Tulis pesan atau lampirkan berkas.")
    if kode_pelacakan.memuat_kode(teks, p.kode_hash):
        raise transisi.TransisiDitolak(PESAN_MEMUAT_KODE)
    pesan = Pesan.objects.create(pengaduan=p, arah=ArahPesan.DARI_PELAPOR, teks=teks)
    for u in unggahan:
        lampiran_dari_unggahan(pesan=pesan, unggahan=u)
    antrekan_notifikasi(
        beri_tahu_staf(
            p,
            penerima_kantor(p),
            jenis="pesan_pelapor",
            judul="Pelapor mengirim pesan",
            tautan=reverse("admin:pengaduan_pengaduan_change", args=[p.pk]) + "#percakapan",
        )
    )
    return pesan


def cabut_pengaduan(*, pengaduan: Pengaduan, alasan: str = "") -> Pengaduan:
    if pengaduan.status not in workflow.STATUS_BOLEH_DICABUT:
        raise transisi.TransisiDitolak("Pengaduan yang sudah diregistrasi atau selesai tidak dapat dicabut.")
    return transisi.ubah_status(
        pengaduan=pengaduan,
        ke=Status.DICABUT,
        peran=workflow.Aktor.PELAPOR,
        alasan=alasan.strip() or "Dicabut oleh pelapor.",
    )


PESAN_PERBAIKAN_LEWAT = (
    "Laporan tidak dapat diregistrasi karena kelengkapan yang diminta tidak diterima sampai batas waktunya."
)


def kedaluwarsakan_perbaikan(*, hari_ini=None) -> int:
    """Requests for completion whose window has passed: the case is not registered (beat, daily)."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    # While the notice of the request is still owed, `tenggat` is the office's deadline, not the
    # reporter's: the reporter cannot miss a window they were never told of.
    for pk in Pengaduan.objects.filter(
        status=Status.PERLU_PERBAIKAN, tenggat__lt=hari_ini, perbaikan_diberitahu__isnull=False
    ).values_list("pk", flat=True):
        with transaction.atomic():
            try:
                # The system's own words, for both audiences, each said explicitly.
                transisi.ubah_status(
                    pengaduan=Pengaduan(pk=pk),
                    ke=Status.TIDAK_DIREGISTRASI,
                    peran=workflow.Aktor.SISTEM,
                    alasan="Batas waktu melengkapi laporan telah lewat tanpa kelengkapan dari pelapor.",
                    pesan_pelapor=PESAN_PERBAIKAN_LEWAT,
                )
                n += 1
            except transisi.TransisiDitolak:
                continue  # the reporter answered meanwhile
    return n

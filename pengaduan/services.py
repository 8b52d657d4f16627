"""Every write about a complaint: one function per action, atomic, writes the case event,
enqueues tasks on commit."""

import logging
import secrets
import time
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from netralitas import berkas as cek_berkas
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from netralitas.wilayah.models import Tingkat, Wilayah

from . import kode as kode_pelacakan
from . import workflow
from .models import (
    Bukti,
    CatatanPengaduan,
    JenisPemilihan,
    KajianAwal,
    Kelengkapan,
    Notifikasi,
    Pelapor,
    Pengaduan,
    PeristiwaPengaduan,
    Rekomendasi,
    Saksi,
    SalinanBukti,
    Status,
    StatusNotifikasi,
    StatusSalinan,
    StatusThumbnail,
    Sumber,
    Tautan,
    Terlapor,
    TingkatKantor,
    UnggahanSementara,
    UrutanRegistrasi,
)
from .selectors import penerima_kasus_baru, staf_lingkup_kasus
from .tenggat import batas_melapor, perpanjang, tenggat_langkah

log = logging.getLogger(__name__)


class TransisiDitolak(Exception):
    """A transition the workflow table does not allow, or one missing its required reason."""


class KonflikVersi(TransisiDitolak):
    """The case changed since the caller's form was drawn: nothing is overwritten silently."""


# --- Task queueing -------------------------------------------------------------------------------


# After a failed publish this process leaves that broker alone for a while: a report enqueues a task
# per photo and one per e-mail, and a hanging broker would otherwise cost each its own timeout.
BROKER_JEDA_SETELAH_GAGAL = 30.0
_broker_istirahat_sampai: dict[str, float] = {}


def antrekan(task, *args):
    """Enqueue after commit. A broker outage must never fail the request: the row stays pending
    and the beat task (`proses_tertunda`) picks it up later."""

    def kirim():
        conf = task.app.conf
        broker = str(conf.broker_write_url or conf.broker_url)
        if not conf.task_always_eager and time.monotonic() < _broker_istirahat_sampai.get(broker, 0.0):
            log.info("Broker baru saja gagal; %s%r menunggu beat.", task.name, args)
            return
        try:
            task.delay(*args)
        except Exception:  # kombu raises several kinds when the broker is down
            _broker_istirahat_sampai[broker] = time.monotonic() + BROKER_JEDA_SETELAH_GAGAL
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
    notifikasi = []
    if sumber == Sumber.LAPORAN and pelapor and pelapor.get("email"):
        notifikasi.append(
            _notifikasi(
                pengaduan=p,
                email=pelapor["email"],
                jenis="tanda_terima",
                template="tanda_terima",
                konteks={"kode": kode, "pengaduan": p},
                hapus_isi=True,
                antre=False,
            )
        )
    tautan_admin = reverse("admin:pengaduan_pengaduan_change", args=[p.pk])
    for penerima_id, email in penerima_kasus_baru(p):
        notifikasi.append(
            _notifikasi(
                pengaduan=p,
                penerima_id=penerima_id,
                email=email,
                jenis="pengaduan_baru",
                template="pengaduan_baru",
                konteks={"pengaduan": p, "tautan": settings.SITE_URL + tautan_admin},
                tautan=tautan_admin,
                antre=False,
            )
        )
    antrekan_notifikasi(notifikasi)
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
def ubah_status(
    *,
    pengaduan: Pengaduan,
    ke: str,
    peran: str,
    aktor=None,
    alasan: str = "",
    pesan_pelapor: str = "",
    versi: int | None = None,
    kantor_tujuan: Wilayah | None = None,
    kantor_tingkat_tujuan: str | None = None,
    rekomendasi: dict | None = None,
    catat=None,
) -> Pengaduan:
    """The only way a status changes: checks the workflow table and the version the caller saw,
    writes the case event, does what the target status needs (a nomor registrasi, a new handling
    office), recomputes the deadline and enqueues the reporter's notification on commit.

    `catat(p)` writes the record a status needs (workflow.STATUS_DENGAN_CATATAN) under the row
    lock, after the checks and before the change; it raises TransisiDitolak to refuse.

    Staff text has an audience (DESIGN.md §3): `alasan` is internal, for Bawaslu only; the reporter
    reads the public status label and `pesan_pelapor`, word for word, and nothing else."""
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if versi is not None and p.versi != versi:
        raise KonflikVersi(
            "Pengaduan ini baru saja diubah oleh petugas lain (kini berstatus "
            f"“{Status(p.status).label}”). Periksa keadaan terbarunya, lalu ulangi bila masih perlu."
        )
    t = workflow.transisi(p.status, ke)
    if t is None or peran not in t.oleh:
        raise TransisiDitolak(
            f"Perubahan dari “{Status(p.status).label}” ke “{Status(ke).label}” tidak diizinkan untuk peran ini."
        )
    alasan = (alasan or "").strip()
    pesan_pelapor = (pesan_pelapor or "").strip()
    if t.alasan_wajib and not alasan:
        raise TransisiDitolak(f"Alasan wajib diisi untuk perubahan ke “{Status(ke).label}”.")
    if t.pesan_wajib and not pesan_pelapor:
        raise TransisiDitolak(
            f"Pesan untuk pelapor wajib diisi untuk perubahan ke “{Status(ke).label}”: "
            "tuliskan apa yang harus dilengkapi pelapor."
        )
    if pesan_pelapor and not t.publik:
        raise TransisiDitolak(
            "Perubahan ini tidak terlihat oleh pelapor, jadi tidak dapat membawa pesan untuk pelapor."
        )
    dari = p.status
    diubah = {"status", "tenggat", "tenggat_diperpanjang", "versi", "diperbarui"}
    if ke == Status.DILIMPAHKAN:
        alasan = _limpahkan(p, kantor_tujuan=kantor_tujuan, tingkat=kantor_tingkat_tujuan, alasan=alasan)
        diubah |= {"kantor_tingkat", "kantor_wilayah"}
    if rekomendasi is not None:
        catat = _catat_rekomendasi(aktor, rekomendasi)
    if ke in workflow.STATUS_DENGAN_CATATAN:
        # Forwarded means a recommendation went out, a sanction means an SK: never a bare change.
        if catat is None:
            raise TransisiDitolak(
                f"“{Status(ke).label}” dicatat lewat formulirnya sendiri, dengan berkas dan isiannya."
            )
        catat(p)
    if ke == Status.DIREGISTRASI:
        if dari == Status.INFORMASI_AWAL:
            p.sumber = Sumber.TEMUAN  # an anonymous tip is registered as the supervisor's own finding
            diubah.add("sumber")
        p.nomor_registrasi = _nomor_registrasi(p)
        diubah.add("nomor_registrasi")
    p.status = ke
    p.versi += 1
    if (dari, ke) not in workflow.TENGGAT_BERLANJUT:
        langkah = workflow.LANGKAH_TENGGAT.get(ke)
        p.tenggat = tenggat_langkah(p.jenis_pemilihan, langkah, timezone.localdate()) if langkah else None
        p.tenggat_diperpanjang = False
    p.save(update_fields=diubah)
    PeristiwaPengaduan.objects.create(
        pengaduan=p,
        dari_status=dari,
        ke_status=ke,
        aktor=aktor,
        peran_aktor=peran,
        alasan=alasan,
        pesan_pelapor=pesan_pelapor,
        publik=t.publik,
    )
    email = getattr(getattr(p, "pelapor", None), "email", "") if p.sumber == Sumber.LAPORAN else ""
    if t.publik and email and peran != workflow.Aktor.PELAPOR:
        # The e-mail carries neither the reason nor the message: only that something changed (or,
        # for a completion request, that one was made and by when), and the way to /lacak/.
        template = "permintaan_perbaikan" if ke == Status.PERLU_PERBAIKAN else "status_berubah"
        _notifikasi(pengaduan=p, email=email, jenis=template, template=template, konteks={"pengaduan": p})
    for field in ("status", "tenggat", "tenggat_diperpanjang", "versi", "sumber", "nomor_registrasi"):
        setattr(pengaduan, field, getattr(p, field))
    pengaduan.kantor_tingkat, pengaduan.kantor_wilayah_id = p.kantor_tingkat, p.kantor_wilayah_id
    return p


def _catat_rekomendasi(aktor, data: dict):
    def catat(p):
        _buat_rekomendasi(p, oleh=aktor, **data)

    return catat


def _buat_rekomendasi(p: Pengaduan, *, oleh, instansi, temuan, jalur, nomor_surat, tanggal_surat, surat) -> Rekomendasi:
    instansi = list(instansi)
    if not instansi:
        raise TransisiDitolak("Pilih sedikitnya satu instansi tujuan rekomendasi.")
    if any(not i.aktif for i in instansi):
        raise TransisiDitolak("Instansi tujuan yang tidak aktif tidak dapat dipilih.")
    if not (temuan or "").strip() or not (nomor_surat or "").strip():
        raise TransisiDitolak("Temuan dan nomor surat rekomendasi wajib diisi.")
    if tanggal_surat > timezone.localdate() or tanggal_surat < timezone.localtime(p.dibuat).date():
        raise TransisiDitolak("Tanggal surat tidak boleh di masa depan atau sebelum pengaduan diterima.")
    try:
        cek_berkas.periksa_pdf(surat, "Surat rekomendasi")
    except ValidationError as e:
        raise TransisiDitolak(" ".join(e.messages))
    r = Rekomendasi(
        pengaduan=p,
        temuan=temuan.strip(),
        jalur=jalur,
        nomor_surat=" ".join(nomor_surat.split()),
        tanggal_surat=tanggal_surat,
        sha256_surat=cek_berkas.sha256_berkas(surat),
        dibuat_oleh=oleh,
    )
    surat.seek(0)
    r.surat.save("surat.pdf", surat, save=False)
    r.save()
    r.instansi.set(instansi)
    from .tindak_lanjut import setelah_diteruskan

    setelah_diteruskan(p, r)
    return r


TINGKAT_KANTOR_WILAYAH = {
    TingkatKantor.PANWASCAM: Tingkat.KECAMATAN,
    TingkatKantor.KABKOTA: Tingkat.KABUPATEN_KOTA,
    TingkatKantor.PROVINSI: Tingkat.PROVINSI,
}
URUTAN_TINGKAT = [TingkatKantor.PANWASCAM, TingkatKantor.KABKOTA, TingkatKantor.PROVINSI, TingkatKantor.RI]


def kantor_tujuan_sah(p: Pengaduan) -> list[tuple[str, str | None]]:
    """Where a case may be handed: the office one level up (the parent region's), or one level down
    (an office inside the current one's region). Returns (tingkat, kode or None for RI) for 'up';
    'down' targets are any child region of the right level and are checked by `_limpahkan`."""
    i = URUTAN_TINGKAT.index(p.kantor_tingkat)
    if i + 1 >= len(URUTAN_TINGKAT):
        return []
    naik = URUTAN_TINGKAT[i + 1]
    kode = p.kantor_wilayah_id or ""
    return [(naik, {TingkatKantor.KABKOTA: kode[:5], TingkatKantor.PROVINSI: kode[:2]}.get(naik))]


def _limpahkan(p: Pengaduan, *, kantor_tujuan, tingkat, alasan) -> str:
    """Dilimpahkan changes only the handling office, one level up or down; the incident place stays."""
    asal = _nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    i = URUTAN_TINGKAT.index(p.kantor_tingkat)
    if tingkat not in URUTAN_TINGKAT or abs(URUTAN_TINGKAT.index(tingkat) - i) != 1:
        raise TransisiDitolak("Pelimpahan hanya ke kantor satu tingkat di atas atau di bawah kantor sekarang.")
    if tingkat == TingkatKantor.RI:
        kantor_tujuan = None
    elif kantor_tujuan is None or kantor_tujuan.tingkat != TINGKAT_KANTOR_WILAYAH[tingkat]:
        raise TransisiDitolak("Pilih wilayah kantor tujuan pada tingkat yang sesuai.")
    elif URUTAN_TINGKAT.index(tingkat) > i:
        # Up: the office whose region contains the current one.
        if not (p.kantor_wilayah_id or "").startswith(kantor_tujuan.kode):
            raise TransisiDitolak("Kantor tujuan harus kantor atasan langsung dari kantor sekarang.")
    elif p.kantor_wilayah_id and not kantor_tujuan.kode.startswith(p.kantor_wilayah_id + "."):
        raise TransisiDitolak("Kantor tujuan harus berada di wilayah kantor sekarang.")
    p.kantor_tingkat, p.kantor_wilayah = tingkat, kantor_tujuan
    return f"Dilimpahkan dari {asal} ke {_nama_kantor(tingkat, kantor_tujuan)}. {alasan}".strip()


def _nama_kantor(tingkat: str, wilayah) -> str:
    if tingkat == TingkatKantor.RI or wilayah is None:
        return "Bawaslu RI"
    return f"{TingkatKantor(tingkat).label} {wilayah.nama}"


BULAN_ROMAWI = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
SINGKATAN_TINGKAT = {
    TingkatKantor.PANWASCAM: "Kec",
    TingkatKantor.KABKOTA: "Kab",
    TingkatKantor.PROVINSI: "Prov",
    TingkatKantor.RI: "RI",
}


def _nomor_registrasi(p: Pengaduan) -> str:
    """`{no}/Reg/{LP|TM}/{PL|PB}/{Kab|Prov|RI}/{kode wilayah}/{bulan romawi}/{tahun}`; the number
    runs per office and year. The counter row is locked for the rest of the transaction, so two
    registrations at once get consecutive numbers and a rolled-back one leaves no gap."""
    hari_ini = timezone.localdate()
    kode = p.kantor_wilayah_id or ""
    UrutanRegistrasi.objects.bulk_create(
        [UrutanRegistrasi(kantor_tingkat=p.kantor_tingkat, kantor_kode=kode, tahun=hari_ini.year)],
        ignore_conflicts=True,
    )
    urutan = UrutanRegistrasi.objects.select_for_update().get(
        kantor_tingkat=p.kantor_tingkat, kantor_kode=kode, tahun=hari_ini.year
    )
    urutan.terakhir += 1
    urutan.save(update_fields=["terakhir"])
    jenis = "TM" if p.sumber == Sumber.TEMUAN else "LP"
    pemilihan = "PL" if p.jenis_pemilihan == JenisPemilihan.PEMILU else "PB"
    return "/".join(
        [
            f"{urutan.terakhir:03d}",
            "Reg",
            jenis,
            pemilihan,
            SINGKATAN_TINGKAT[p.kantor_tingkat],
            kode or "00",
            BULAN_ROMAWI[hari_ini.month - 1],
            str(hari_ini.year),
        ]
    )


@transaction.atomic
def perpanjang_tenggat(*, pengaduan: Pengaduan, aktor, alasan: str, versi: int | None = None) -> Pengaduan:
    """Extend the running step's deadline once, by the rule's extension (handling after registration)."""
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if versi is not None and p.versi != versi:
        raise KonflikVersi("Pengaduan ini baru saja diubah oleh petugas lain. Periksa keadaan terbarunya.")
    langkah = workflow.LANGKAH_TENGGAT.get(p.status)
    baru = perpanjang(p.jenis_pemilihan, langkah, p.tenggat) if langkah else None
    if baru is None:
        raise TransisiDitolak("Tenggat langkah ini tidak dapat diperpanjang.")
    if p.tenggat_diperpanjang:
        raise TransisiDitolak("Tenggat langkah ini sudah pernah diperpanjang.")
    if not (alasan or "").strip():
        raise TransisiDitolak("Alasan perpanjangan wajib diisi.")
    lama, p.tenggat = p.tenggat, baru
    p.tenggat_diperpanjang = True
    p.versi += 1
    p.save(update_fields=["tenggat", "tenggat_diperpanjang", "versi", "diperbarui"])
    CatatanPengaduan.objects.create(
        pengaduan=p,
        penulis=aktor,
        teks=f"Tenggat diperpanjang dari {lama:%d/%m/%Y} menjadi {p.tenggat:%d/%m/%Y}. {alasan.strip()}",
    )
    return p


# --- Triage: assignment, notes, checklist, duplicates ------------------------------------------


@transaction.atomic
def tugaskan(*, pengaduan: Pengaduan, kepada, oleh) -> Pengaduan:
    """Assign a case to a Bawaslu staff member whose scope covers it (or unassign with None). The
    assignee is told (in the admin and by e-mail), unless they assigned it to themselves or
    already held it."""
    if kepada is not None and not staf_lingkup_kasus(pengaduan).filter(pk=kepada.pk).exists():
        raise TransisiDitolak("Petugas itu tidak bertugas di wilayah pengaduan ini.")
    sebelumnya = Pengaduan.objects.filter(pk=pengaduan.pk).values_list("ditugaskan_id", flat=True).first()
    teks = f"Ditugaskan kepada {kepada.get_full_name() or kepada.username}." if kepada else "Penugasan dicabut."
    p = _ubah_kasus(pengaduan=pengaduan, oleh=oleh, teks=teks, ditugaskan=kepada)
    if kepada is not None and kepada.pk not in (sebelumnya, getattr(oleh, "pk", None)) and kepada.email:
        antrekan_notifikasi(
            beri_tahu_staf(p, [(kepada.pk, kepada.email)], jenis="penugasan", judul="Pengaduan ditugaskan kepada Anda")
        )
    return p


def tetapkan_instansi(*, pengaduan: Pengaduan, pilihan: dict, oleh) -> Pengaduan:
    """Resolve each terlapor's free-text agency to an Instansi ({terlapor id: Instansi or None}):
    the agency a recommendation goes to. Only the case's own terlapor; an inactive agency only
    when it is already the one set."""
    terlapor = {t.pk: t for t in pengaduan.terlapor.select_related("instansi")}
    diubah = []
    for pk, instansi in pilihan.items():
        t = terlapor.get(pk)
        if t is None:
            raise TransisiDitolak("Terlapor itu bukan bagian dari pengaduan ini.")
        if instansi is not None and not instansi.aktif and instansi.pk != t.instansi_id:
            raise TransisiDitolak(f"{instansi} tidak aktif lagi; pilih instansi lain.")
        if t.instansi_id != (instansi.pk if instansi else None):
            t.instansi = instansi
            diubah.append(t)
    if not diubah:
        raise TransisiDitolak("Tidak ada yang berubah.")
    Terlapor.objects.bulk_update(diubah, ["instansi"])
    teks = "Instansi terlapor ditetapkan: " + "; ".join(
        f"{t.nama} → {t.instansi.nama if t.instansi else '(belum ditetapkan)'}" for t in diubah
    )
    return _ubah_kasus(pengaduan=pengaduan, oleh=oleh, teks=teks[:4000])


def _ubah_kasus(*, pengaduan: Pengaduan, oleh, teks: str, **kolom) -> Pengaduan:
    """A change of the case that is not a status change: under the row lock, with a new version,
    an internal note saying what changed, and an audit row."""
    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    for nama, nilai in kolom.items():
        setattr(p, nama, nilai)
        setattr(pengaduan, nama, nilai)
    p.versi += 1
    p.save(update_fields=[*kolom, "versi", "diperbarui"])
    CatatanPengaduan.objects.create(pengaduan=p, penulis=oleh, teks=teks)
    catat_audit(aktor=oleh, aksi=Aksi.UBAH_PENGADUAN, pengaduan=p, keterangan=teks)
    pengaduan.versi = p.versi
    return p


def tambah_catatan(*, pengaduan: Pengaduan, penulis, teks: str, publik: bool = False) -> CatatanPengaduan:
    """Internal notes stay with Bawaslu; public ones appear on /lacak/ for the reporter, word for
    word. Internal unless the caller says otherwise (DESIGN.md §3, "Staff text has an audience")."""
    teks = (teks or "").strip()
    if not teks:
        raise TransisiDitolak("Catatan tidak boleh kosong.")
    return CatatanPengaduan.objects.create(pengaduan=pengaduan, penulis=penulis, teks=teks, publik=publik)


@transaction.atomic
def simpan_kajian_awal(*, pengaduan: Pengaduan, oleh, **syarat) -> KajianAwal:
    """Record the formal and material requirements checklist of the kajian awal."""
    if pengaduan.status not in (Status.KAJIAN_AWAL, Status.DIAJUKAN, Status.DILIMPAHKAN):
        raise TransisiDitolak("Daftar periksa kajian awal hanya diisi selama kajian awal.")
    bidang = set(KajianAwal.SYARAT_FORMAL + KajianAwal.SYARAT_MATERIIL) | {"catatan"}
    k, _ = KajianAwal.objects.get_or_create(pengaduan=pengaduan)
    for nama, nilai in syarat.items():
        if nama in bidang:
            setattr(k, nama, nilai)
    k.diperiksa_oleh = oleh
    k.save()
    return k


@transaction.atomic
def tandai_duplikat(*, pengaduan: Pengaduan, asli: Pengaduan | None, oleh) -> Pengaduan:
    """Link a case to the original it repeats (or unlink with None). Never deletes anything."""
    if asli is not None:
        while asli.duplikat_dari_id:  # always point at the root, never at another duplicate
            asli = asli.duplikat_dari
        if asli.pk == pengaduan.pk:
            raise TransisiDitolak("Pengaduan tidak dapat menjadi duplikat dari dirinya sendiri.")
    teks = f"Ditandai sebagai duplikat dari pengaduan #{asli.pk}." if asli else "Tanda duplikat dicabut."
    return _ubah_kasus(pengaduan=pengaduan, oleh=oleh, teks=teks, duplikat_dari=asli)


PESAN_PERBAIKAN_LEWAT = (
    "Laporan tidak dapat diregistrasi karena kelengkapan yang diminta tidak diterima sampai batas waktunya."
)


def kedaluwarsakan_perbaikan(*, hari_ini=None) -> int:
    """Requests for completion whose window has passed: the case is not registered (beat, daily)."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    for pk in Pengaduan.objects.filter(status=Status.PERLU_PERBAIKAN, tenggat__lt=hari_ini).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            try:
                # The system's own words, for both audiences, each said explicitly.
                ubah_status(
                    pengaduan=Pengaduan(pk=pk),
                    ke=Status.TIDAK_DIREGISTRASI,
                    peran=workflow.Aktor.SISTEM,
                    alasan="Batas waktu melengkapi laporan telah lewat tanpa kelengkapan dari pelapor.",
                    pesan_pelapor=PESAN_PERBAIKAN_LEWAT,
                )
                n += 1
            except TransisiDitolak:
                continue  # the reporter answered meanwhile
    return n


def permintaan_perbaikan(pengaduan: Pengaduan) -> PeristiwaPengaduan | None:
    """What Bawaslu asked the reporter to complete: the reporter message (`pesan_pelapor`) of the
    latest move to perlu perbaikan."""
    return (
        PeristiwaPengaduan.objects.filter(pengaduan=pengaduan, ke_status=Status.PERLU_PERBAIKAN)
        .order_by("-waktu", "-id")
        .first()
    )


class EntriLinimasa(NamedTuple):
    """One line of the reporter's timeline: nothing in it is internal."""

    waktu: object
    ke_status: str
    label: str
    pesan: str


def linimasa_pelapor(pengaduan: Pengaduan) -> list[EntriLinimasa]:
    """The timeline as the reporter reads it on /lacak/: for each change the reporter sees, its
    public label and the message written to them. The internal reason is not even read. The open
    completion request is shown in its own box above, so its entry carries no second copy."""
    baris = list(
        PeristiwaPengaduan.objects.filter(pengaduan=pengaduan, publik=True)
        .order_by("waktu", "id")
        .values_list("waktu", "ke_status", "pesan_pelapor")
    )
    linimasa = [EntriLinimasa(w, ke, workflow.LABEL_PUBLIK[ke], pesan) for w, ke, pesan in baris]
    if linimasa and pengaduan.status == Status.PERLU_PERBAIKAN and baris[-1][1] == Status.PERLU_PERBAIKAN:
        linimasa[-1] = linimasa[-1]._replace(pesan="")
    return linimasa


def penerima_kantor(pengaduan: Pengaduan) -> list[tuple[int, str]]:
    """(user id, e-mail) of the handling office's staff and of the officer the case is assigned
    to, each once: who is told when something needs the office."""
    from django.contrib.auth import get_user_model

    penerima = list(penerima_kasus_baru(pengaduan))
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
        _notifikasi(
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


@transaction.atomic
def tambah_kelengkapan(*, pengaduan: Pengaduan, teks: str, unggahan: list[UnggahanSementara]) -> Kelengkapan:
    """The reporter answers a request for completion; the case goes back to kajian awal, and the
    handling office (and the assigned officer) is told: the case needs them again."""
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
    antrekan_notifikasi(
        beri_tahu_staf(
            pengaduan,
            penerima_kantor(pengaduan),
            jenis="kelengkapan_masuk",
            judul="Pelapor melengkapi pengaduan; kajian awal berjalan lagi",
        )
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


def _notifikasi(
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
        antrekan(_task("kirim_notifikasi"), n.pk)
    return n


def antrekan_notifikasi(notifikasi: list[Notifikasi]) -> None:
    """The notifications of one change as one task message: a new case in a busy region notifies
    every staff member there, and a message each would cost the reporter's request a broker round
    trip per recipient."""
    if len(notifikasi) == 1:
        antrekan(_task("kirim_notifikasi"), notifikasi[0].pk)
    elif notifikasi:
        antrekan(_task("kirim_notifikasi_banyak"), [n.pk for n in notifikasi])


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
        Notifikasi.objects.filter(status=StatusNotifikasi.MENUNGGU, dibuat__lte=batas)
        .filter(Q(dicoba_pada__isnull=True) | Q(dicoba_pada__lte=timezone.now() - JEDA_KIRIM_ULANG))
        .order_by("dibuat", "pk")  # the oldest first: a backlog never starves its head
        .values_list("pk", flat=True)[:500]
    )
    bukti = list(
        Bukti.objects.filter(status_thumbnail=StatusThumbnail.MENUNGGU, dibuat__lte=batas).values_list("pk", flat=True)[
            :500
        ]
    )
    salinan = list(
        SalinanBukti.objects.filter(status=StatusSalinan.MENUNGGU, dibuat__lte=batas).values_list("pk", flat=True)[:500]
    )
    # In batches, as a change's notifications go: after an outage the backlog is sent at the
    # batched rate (bench/README.md: about three times the one-task-per-row rate).
    for i in range(0, len(notifikasi), UKURAN_BATCH_KIRIM_ULANG):
        tasks.kirim_notifikasi_banyak.delay(notifikasi[i : i + UKURAN_BATCH_KIRIM_ULANG])
    for pk in bukti:
        tasks.buat_thumbnail.delay(pk)
    for pk in salinan:
        tasks.buat_salinan_bukti.delay(pk)
    from .ekspor import antrekan_ulang_ekspor_tertunda

    return {
        "notifikasi": len(notifikasi),
        "bukti": len(bukti),
        "salinan": len(salinan),
        "ekspor": antrekan_ulang_ekspor_tertunda(),
    }


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


def _berkas_di(storage, folder: str):
    """Every file name under a storage folder, recursively."""
    try:
        subfolder, berkas = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for nama in berkas:
        yield f"{folder}/{nama}"
    for sub in subfolder:
        yield from _berkas_di(storage, f"{folder}/{sub}")


def bersihkan_berkas_yatim(*, umur_jam: int = 24) -> int:
    """Files stored by a form whose transaction then rolled back (a letter or an SK saved before
    the row was refused) have no row pointing at them: remove those older than a day. Evidence
    and its staging files have their own life cycle and are not touched here."""
    from django.core.files.storage import default_storage

    from .models import Sanksi

    batas = timezone.now() - timezone.timedelta(hours=umur_jam)
    rujukan = {
        "rekomendasi": (Rekomendasi, "surat"),
        "sk": (Sanksi, "dokumen_sk"),
        "salinan": (SalinanBukti, "berkas"),
    }
    dihapus = 0
    for folder, (model, field) in rujukan.items():
        calon = [n for n in _berkas_di(default_storage, folder) if default_storage.get_modified_time(n) < batas]
        for i in range(0, len(calon), 500):
            potongan = calon[i : i + 500]
            dipakai = set(model.objects.filter(**{f"{field}__in": potongan}).values_list(field, flat=True))
            for nama in potongan:
                if nama not in dipakai:
                    default_storage.delete(nama)
                    dihapus += 1
    return dihapus

"""The agency's side of a forwarded case: the evidence copies without metadata, who is told, the
examination, the conclusion (not proven, or a sanction), the objection, the follow-up deadline and
its reminders. Every write is a service here, atomic, through `services.ubah_status`."""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from netralitas import berkas as cek_berkas
from netralitas.akun.models import Peran
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from . import sanksi as tabel_sanksi
from . import services, workflow
from .models import (
    Bukti,
    HasilKeberatan,
    Keberatan,
    PemeriksaanInstansi,
    PenerimaanRekomendasi,
    Pengaduan,
    SalinanBukti,
    Sanksi,
    Status,
    StatusSalinan,
)
from .selectors import staf_wilayah_kasus
from .services import TransisiDitolak

log = logging.getLogger(__name__)
PENINJAU = Peran.PENINJAU


# --- Who acts and who is told --------------------------------------------------------------------


def nip_terlapor(pengaduan) -> set[str]:
    return {n for n in pengaduan.terlapor.values_list("nip", flat=True) if n}


def peninjau_instansi(pengaduan, instansi_ids):
    """Active reviewers of the given agencies with an e-mail, none of whom is a terlapor of the case."""
    qs = (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            profil_staf__peran=PENINJAU,
            profil_staf__instansi_id__in=list(instansi_ids),
        )
        .exclude(email="")
    )
    nip = nip_terlapor(pengaduan)
    if nip:
        qs = qs.exclude(profil_staf__nip__in=nip)
    return qs.order_by("pk")


def instansi_peninjau(user, p: Pengaduan):
    """The reviewer's agency, if the case was forwarded to it and the reviewer is not a terlapor
    of it; refused otherwise. The views check the same through `kasus_instansi_visible_to`; this
    keeps the rule in the service for any other caller."""
    profil = getattr(user, "profil_staf", None)
    r = getattr(p, "rekomendasi", None)
    if (
        profil is None
        or profil.peran != PENINJAU
        or r is None
        or not r.instansi.filter(pk=profil.instansi_id).exists()
        or (profil.nip and profil.nip in nip_terlapor(p))
    ):
        raise TransisiDitolak("Pengaduan ini tidak diteruskan ke instansi Anda.")
    return profil.instansi


def _tautan_kasus_instansi(p) -> str:
    return reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])


def _tautan_kasus_bawaslu(p) -> str:
    return reverse("admin:pengaduan_pengaduan_change", args=[p.pk])


def _beri_tahu(p, penerima, *, jenis: str, judul: str, tautan: str, kunci=None) -> list:
    """Staff notifications of one change (or one reminder), written in the caller's transaction."""
    return services.beri_tahu_staf(p, penerima, jenis=jenis, judul=judul, tautan=tautan, kunci=kunci)


def instansi_berpeninjau(pengaduan, instansi_ids=None) -> set[int]:
    """The agencies (of those given, or any) with a reviewer who would be told of this case."""
    qs = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, profil_staf__peran=PENINJAU)
        .exclude(email="")
        .exclude(profil_staf__instansi__isnull=True)
    )
    if instansi_ids is not None:
        qs = qs.filter(profil_staf__instansi_id__in=list(instansi_ids))
    nip = nip_terlapor(pengaduan)
    if nip:
        qs = qs.exclude(profil_staf__nip__in=nip)
    return set(qs.values_list("profil_staf__instansi_id", flat=True).distinct())


def setelah_diteruskan(p: Pengaduan, rekomendasi) -> None:
    """Called inside the forwarding transaction: the copies the agency will see are queued, and
    the agency's reviewers are told. An agency without a reviewer account (BKN today) has nobody
    to tell in the portal: its official e-mail address gets a notice without case details, and
    its receipt is marked so that the handling office is reminded weekly until a reviewer of the
    agency acknowledges it (`ingatkan_instansi_tanpa_peninjau`)."""
    bukti = list(Bukti.objects.filter(pengaduan=p).values_list("pk", flat=True))
    SalinanBukti.objects.bulk_create([SalinanBukti(bukti_id=pk) for pk in bukti], ignore_conflicts=True)
    for s in SalinanBukti.objects.filter(bukti__pengaduan=p, status=StatusSalinan.MENUNGGU).values_list(
        "pk", flat=True
    ):
        services.antrekan(services._task("buat_salinan_bukti"), s)
    instansi = list(rekomendasi.instansi.all())
    berpeninjau = instansi_berpeninjau(p, [i.pk for i in instansi])
    PenerimaanRekomendasi.objects.bulk_create(
        [
            PenerimaanRekomendasi(rekomendasi=rekomendasi, instansi=i, tanpa_peninjau=i.pk not in berpeninjau)
            for i in instansi
        ]
    )
    penerima = peninjau_instansi(p, [i.pk for i in instansi]).values_list("pk", "email")
    baris = _beri_tahu(
        p,
        penerima,
        jenis="rekomendasi_masuk",
        judul="Rekomendasi Bawaslu baru diteruskan ke instansi Anda",
        tautan=_tautan_kasus_instansi(p),
    )
    kantor = services._nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    for i in instansi:
        if i.pk not in berpeninjau and i.email:
            baris.append(
                services._notifikasi(
                    pengaduan=p,
                    email=i.email,
                    jenis="rekomendasi_tanpa_peninjau",
                    template="rekomendasi_tanpa_peninjau",
                    # Addressed to a mailbox nobody vetted: no names, no case content, no code.
                    konteks={"instansi": i, "kantor": kantor},
                    antre=False,
                )
            )
    services.antrekan_notifikasi(baris)


def instansi_tanpa_peninjau(p: Pengaduan) -> list:
    """The agencies a case was forwarded to that had no reviewer to tell: what the staff member
    who forwarded it is warned about."""
    return [
        pr.instansi
        for pr in PenerimaanRekomendasi.objects.filter(rekomendasi__pengaduan=p, tanpa_peninjau=True)
        .select_related("instansi")
        .order_by("instansi__nama")
    ]


def terima_rekomendasi(user, p: Pengaduan) -> int:
    """The agency acknowledges the recommendation: the first time one of its reviewers opens the
    case (or starts the examination). Ends the weekly reminder for that agency. Idempotent."""
    profil = getattr(user, "profil_staf", None)
    if profil is None or profil.peran != PENINJAU or not profil.instansi_id:
        return 0
    return PenerimaanRekomendasi.objects.filter(
        rekomendasi__pengaduan=p, instansi_id=profil.instansi_id, diterima_pada__isnull=True
    ).update(diterima_pada=timezone.now(), diterima_oleh=user)


def _beri_tahu_bawaslu(p, judul: str) -> None:
    penerima = list(staf_wilayah_kasus(p).values_list("pk", "email"))
    if p.ditugaskan_id and p.ditugaskan.email and all(pk != p.ditugaskan_id for pk, _ in penerima):
        penerima.append((p.ditugaskan_id, p.ditugaskan.email))
    services.antrekan_notifikasi(
        _beri_tahu(p, penerima, jenis="hasil_instansi", judul=judul, tautan=_tautan_kasus_bawaslu(p))
    )


# --- Evidence copies --------------------------------------------------------------------------------


def buat_salinan_bukti(salinan_id: int) -> str | None:
    """Strip one evidence file into its copy (the Celery task's body). Idempotent: a copy already
    made, withheld or released is left alone. A file that cannot be stripped is withheld."""
    from netralitas import pembersih

    s = SalinanBukti.objects.select_related("bukti").filter(pk=salinan_id).first()
    if s is None or s.status != StatusSalinan.MENUNGGU:
        return None
    b = s.bukti
    try:
        hasil = pembersih.bersihkan(b.berkas.path, b.jenis)
    except pembersih.GagalDibersihkan as e:
        SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
            status=StatusSalinan.DITAHAN, galat=str(e)[:2000]
        )
        return StatusSalinan.DITAHAN
    except FileNotFoundError:
        SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
            status=StatusSalinan.DITAHAN, galat="Berkas asli tidak ditemukan di penyimpanan."
        )
        return StatusSalinan.DITAHAN
    s.ekstensi, s.mime, s.ukuran = hasil.ekstensi, hasil.mime, len(hasil.data)
    s.sha256 = hashlib.sha256(hasil.data).hexdigest()
    s.berkas.save("x", ContentFile(hasil.data), save=False)
    n = SalinanBukti.objects.filter(pk=s.pk, status=StatusSalinan.MENUNGGU).update(
        status=StatusSalinan.SIAP,
        berkas=s.berkas.name,
        ekstensi=s.ekstensi,
        mime=s.mime,
        ukuran=s.ukuran,
        sha256=s.sha256,
    )
    if not n:  # another worker finished first: keep its copy, drop ours
        s.berkas.storage.delete(s.berkas.name)
        return None
    return StatusSalinan.SIAP


@transaction.atomic
def lepaskan_salinan(*, salinan: SalinanBukti, oleh, alasan: str) -> SalinanBukti:
    """Bawaslu releases a withheld file by hand, after looking at it: the agency then receives the
    original as it is. Written to the case's notes and the audit log."""
    s = SalinanBukti.objects.select_for_update().select_related("bukti").get(pk=salinan.pk)
    if s.status != StatusSalinan.DITAHAN:
        raise TransisiDitolak("Hanya berkas yang ditahan yang dapat dilepas.")
    alasan = (alasan or "").strip()
    if not alasan:
        raise TransisiDitolak("Tuliskan mengapa berkas ini aman diberikan kepada instansi.")
    s.status, s.dilepas_oleh, s.alasan_dilepas = StatusSalinan.DILEPAS, oleh, alasan
    s.save(update_fields=["status", "dilepas_oleh", "alasan_dilepas", "diperbarui"])
    services._ubah_kasus(
        pengaduan=s.bukti.pengaduan,
        oleh=oleh,
        teks=f"Bukti “{s.bukti.nama_asli}” dilepas ke instansi tanpa dibersihkan: {alasan}",
    )
    return s


def berkas_salinan(s: SalinanBukti):
    """(file field, extension, mime) the agency downloads: the stripped copy, or the original once
    Bawaslu released it."""
    if s.status == StatusSalinan.SIAP:
        return s.berkas, s.ekstensi, s.mime
    if s.status == StatusSalinan.DILEPAS:
        return s.bukti.berkas, s.bukti.ekstensi, s.bukti.mime
    return None


# --- The agency's decisions -------------------------------------------------------------------------


def _periksa_tanggal(tanggal, *, sejak, nama: str, label_sejak: str) -> None:
    if tanggal > timezone.localdate():
        raise TransisiDitolak(f"{nama} tidak boleh di masa depan.")
    if sejak and tanggal < sejak:
        raise TransisiDitolak(f"{nama} tidak boleh sebelum {label_sejak} ({date_format(sejak, 'j F Y')}).")


def _oleh_instansi(pengaduan, ke, *, oleh, catat, alasan: str, versi=None):
    """A status change of the agency's: its record written by `catat` under the case's lock. The
    text is the system's words, never the officer's (whose reasoning may name people and stays in
    the record), so it serves both audiences, each given it explicitly: Bawaslu's event log, and
    the reporter on /lacak/."""
    return services.ubah_status(
        pengaduan=pengaduan,
        ke=ke,
        peran=PENINJAU,
        aktor=oleh,
        versi=versi,
        catat=catat,
        alasan=alasan,
        pesan_pelapor=alasan,
    )


def mulai_pemeriksaan(*, pengaduan, oleh, tanggal_mulai, pemeriksa: str, catatan: str = "", versi=None):
    instansi = None

    def catat(p):
        nonlocal instansi
        instansi = instansi_peninjau(oleh, p)
        _periksa_tanggal(
            tanggal_mulai,
            sejak=p.rekomendasi.tanggal_surat,
            nama="Tanggal mulai pemeriksaan",
            label_sejak="tanggal surat rekomendasi",
        )
        if not (pemeriksa or "").strip():
            raise TransisiDitolak("Tim atau pejabat pemeriksa wajib diisi.")
        PemeriksaanInstansi.objects.create(
            pengaduan=p,
            instansi=instansi,
            tanggal_mulai=tanggal_mulai,
            pemeriksa=" ".join(pemeriksa.split()),
            catatan=(catatan or "").strip(),
            dicatat_oleh=oleh,
        )
        terima_rekomendasi(oleh, p)

    return _oleh_instansi(
        pengaduan,
        Status.PEMERIKSAAN_INSTANSI,
        oleh=oleh,
        versi=versi,
        catat=catat,
        alasan="Instansi memulai pemeriksaan.",
    )


@transaction.atomic
def nyatakan_tidak_terbukti(*, pengaduan, oleh, alasan: str, tanggal, versi=None):
    def catat(p):
        instansi_peninjau(oleh, p)
        pem = PemeriksaanInstansi.objects.select_for_update().get(pengaduan=p)
        if not (alasan or "").strip():
            raise TransisiDitolak("Alasan tidak terbukti wajib diisi.")
        _periksa_tanggal(tanggal, sejak=pem.tanggal_mulai, nama="Tanggal kesimpulan", label_sejak="mulai pemeriksaan")
        pem.tidak_terbukti_alasan, pem.tanggal_selesai = alasan.strip(), tanggal
        pem.save(update_fields=["tidak_terbukti_alasan", "tanggal_selesai"])

    p = _oleh_instansi(
        # The reporter reads this on /lacak/: the conclusion, not the agency's reasoning, which may
        # name people. Bawaslu reads the reason on its case page.
        pengaduan,
        Status.TIDAK_TERBUKTI_INSTANSI,
        oleh=oleh,
        versi=versi,
        catat=catat,
        alasan="Instansi menyatakan pelanggaran tidak terbukti.",
    )
    _beri_tahu_bawaslu(p, "Instansi menyatakan pelanggaran tidak terbukti")
    return p


def _buat_sanksi(p, *, oleh, instansi, data: dict) -> Sanksi:
    galat = tabel_sanksi.periksa(
        jenis=data["jenis"], jalur=data["jalur"], tingkat=data["tingkat"], jalur_rekomendasi=p.rekomendasi.jalur
    )
    if not " ".join((data.get("nomor_sk") or "").split()):
        galat.append("Nomor SK wajib diisi.")
    if not (data.get("pejabat") or "").strip():
        galat.append("Pejabat yang menetapkan wajib diisi.")
    tanggal = data["tanggal_sk"]
    if tanggal > timezone.localdate():
        galat.append("Tanggal SK tidak boleh di masa depan.")
    elif tanggal < p.rekomendasi.tanggal_surat:
        galat.append(
            "Tanggal SK tidak boleh sebelum tanggal surat rekomendasi Bawaslu "
            f"({date_format(p.rekomendasi.tanggal_surat, 'j F Y')})."
        )
    terlapor = data["terlapor"]
    if terlapor.pengaduan_id != p.pk:
        galat.append("Terlapor itu bukan bagian dari pengaduan ini.")
    dokumen = data["dokumen_sk"]
    try:
        cek_berkas.periksa_pdf(dokumen, "Dokumen SK")
    except ValidationError as e:
        galat.extend(e.messages)
    if galat:
        raise TransisiDitolak(" ".join(galat))
    s = Sanksi(
        pengaduan=p,
        terlapor=terlapor,
        instansi=instansi,
        jalur=data["jalur"],
        tingkat=data["tingkat"],
        jenis=data["jenis"],
        nomor_sk=" ".join(data["nomor_sk"].split()),
        tanggal_sk=tanggal,
        pejabat=" ".join(data["pejabat"].split()),
        dasar_hukum=" ".join((data.get("dasar_hukum") or "").split())
        or tabel_sanksi.JENIS_SANKSI[data["jenis"]].dasar_hukum,
        sha256_sk=cek_berkas.sha256_berkas(dokumen),
        dicatat_oleh=oleh,
    )
    dokumen.seek(0)
    s.dokumen_sk.save("sk.pdf", dokumen, save=False)
    s.save()
    return s


def sanksi_berlaku(p) -> list[Sanksi]:
    """Sanctions in force: those not replaced after an objection."""
    return list(
        Sanksi.objects.filter(pengaduan=p, diganti_oleh__isnull=True)
        .select_related("terlapor", "instansi")
        .order_by("id")
    )


@transaction.atomic
def catat_sanksi(*, pengaduan, oleh, data: dict, versi=None) -> Sanksi:
    """A sanction on one terlapor. During the examination it concludes it (sanksi dijatuhkan);
    once sanctions stand, another terlapor of the case may still be sanctioned, each terlapor once.
    An amended sanction after an objection goes through `putuskan_keberatan`."""
    hasil = {}

    def catat(p):
        instansi = instansi_peninjau(oleh, p)
        if Sanksi.objects.filter(pengaduan=p, terlapor=data["terlapor"], diganti_oleh__isnull=True).exists():
            raise TransisiDitolak("Terlapor ini sudah dijatuhi sanksi; perubahan hanya lewat putusan keberatan.")
        hasil["sanksi"] = _buat_sanksi(p, oleh=oleh, instansi=instansi, data=data)
        PemeriksaanInstansi.objects.filter(pengaduan=p, tanggal_selesai__isnull=True).update(
            tanggal_selesai=data["tanggal_sk"]
        )

    p = Pengaduan.objects.select_for_update().get(pk=pengaduan.pk)
    if versi is not None and p.versi != versi:
        raise services.KonflikVersi("Pengaduan ini baru saja diubah oleh petugas lain. Periksa keadaan terbarunya.")
    ringkas = tabel_sanksi.ringkasan_publik(data["jenis"], data["jalur"])
    if p.status == Status.PEMERIKSAAN_INSTANSI:
        _oleh_instansi(
            pengaduan,
            Status.SANKSI_DIJATUHKAN,
            oleh=oleh,
            catat=catat,
            alasan=f"Instansi menjatuhkan sanksi. {ringkas}.",
        )
    elif p.status == Status.SANKSI_DIJATUHKAN:
        catat(p)
        services._ubah_kasus(pengaduan=pengaduan, oleh=oleh, teks=f"Sanksi dicatat untuk terlapor lain. {ringkas}.")
    else:
        raise TransisiDitolak("Sanksi dicatat setelah pemeriksaan instansi dimulai.")
    _beri_tahu_bawaslu(p, "Instansi mencatat sanksi atas pengaduan di wilayah Anda")
    return hasil["sanksi"]


@transaction.atomic
def catat_keberatan(*, pengaduan, oleh, sanksi: Sanksi, tanggal, uraian: str, versi=None) -> Keberatan:
    hasil = {}

    def catat(p):
        instansi_peninjau(oleh, p)
        if sanksi.pengaduan_id != p.pk or sanksi.diganti_oleh_id:
            raise TransisiDitolak("Keberatan hanya atas sanksi yang berlaku pada pengaduan ini.")
        if not (uraian or "").strip():
            raise TransisiDitolak("Uraian keberatan wajib diisi.")
        _periksa_tanggal(tanggal, sejak=sanksi.tanggal_sk, nama="Tanggal keberatan", label_sejak="tanggal SK")
        hasil["keberatan"] = Keberatan.objects.create(
            sanksi=sanksi, pengaduan=p, tanggal_diajukan=tanggal, uraian=uraian.strip(), dicatat_oleh=oleh
        )

    _oleh_instansi(
        pengaduan,
        Status.KEBERATAN,
        oleh=oleh,
        versi=versi,
        catat=catat,
        alasan="Terlapor mengajukan keberatan atas sanksi.",
    )
    return hasil["keberatan"]


@transaction.atomic
def putuskan_keberatan(
    *, pengaduan, oleh, dikabulkan: bool, tanggal, keterangan: str, sanksi_baru: dict | None = None, versi=None
) -> Keberatan:
    """Rejected: the sanction stands and the case is finished. Granted: the amended sanction is
    recorded (a new row; the old one points at it) and the case is back at sanksi dijatuhkan."""
    hasil = {}

    def catat(p):
        instansi = instansi_peninjau(oleh, p)
        k = Keberatan.objects.select_for_update().filter(pengaduan=p, hasil=HasilKeberatan.MENUNGGU).last()
        if k is None:
            raise TransisiDitolak("Tidak ada keberatan yang menunggu putusan.")
        if not (keterangan or "").strip():
            raise TransisiDitolak("Pertimbangan putusan keberatan wajib diisi.")
        _periksa_tanggal(tanggal, sejak=k.tanggal_diajukan, nama="Tanggal putusan", label_sejak="tanggal keberatan")
        k.hasil = HasilKeberatan.DIKABULKAN if dikabulkan else HasilKeberatan.DITOLAK
        k.tanggal_putusan, k.keterangan_putusan = tanggal, keterangan.strip()
        k.save(update_fields=["hasil", "tanggal_putusan", "keterangan_putusan"])
        if dikabulkan:
            if sanksi_baru is None:
                raise TransisiDitolak("Keberatan yang dikabulkan memerlukan sanksi pengganti.")
            baru = _buat_sanksi(p, oleh=oleh, instansi=instansi, data={**sanksi_baru, "terlapor": k.sanksi.terlapor})
            Sanksi.objects.filter(pk=k.sanksi_id).update(diganti_oleh=baru)
            hasil["ringkas"] = tabel_sanksi.ringkasan_publik(baru.jenis, baru.jalur)
        hasil["keberatan"] = k

    if dikabulkan and sanksi_baru is not None:
        ringkas = tabel_sanksi.ringkasan_publik(sanksi_baru["jenis"], sanksi_baru["jalur"])
        alasan = f"Keberatan dikabulkan; sanksi diubah. {ringkas}."
    else:
        alasan = "Keberatan ditolak; sanksi tetap berlaku."
    p = _oleh_instansi(
        pengaduan,
        Status.SANKSI_DIJATUHKAN if dikabulkan else Status.SELESAI,
        oleh=oleh,
        versi=versi,
        catat=catat,
        alasan=alasan,
    )
    _beri_tahu_bawaslu(p, "Instansi memutus keberatan atas sanksi")
    return hasil["keberatan"]


def selesaikan(*, pengaduan, oleh, versi=None):
    """The sanction is final (no objection within its window): the case is finished."""

    def catat(p):
        instansi_peninjau(oleh, p)

    return _oleh_instansi(
        pengaduan,
        Status.SELESAI,
        oleh=oleh,
        versi=versi,
        catat=catat,
        alasan="Sanksi telah berkekuatan tetap; tindak lanjut selesai.",
    )


# --- Follow-up deadline ------------------------------------------------------------------------------


def rekomendasi_lewat_tenggat(qs=None, *, hari_ini=None):
    """Forwarded cases whose agency has not concluded by the deadline."""
    hari_ini = hari_ini or timezone.localdate()
    qs = Pengaduan.objects.all() if qs is None else qs
    return qs.filter(status__in=(Status.DITERUSKAN, Status.PEMERIKSAAN_INSTANSI), tenggat__lt=hari_ini)


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
        baris = _beri_tahu(
            p,
            peninjau_instansi(p, instansi).values_list("pk", "email"),
            jenis="pengingat_tenggat",
            judul=judul,
            tautan=_tautan_kasus_instansi(p),
            kunci=kunci,
        )
        baris += _beri_tahu(
            p,
            staf_wilayah_kasus(p).values_list("pk", "email"),
            jenis="pengingat_tenggat",
            judul=judul,
            tautan=_tautan_kasus_bawaslu(p),
            kunci=kunci,
        )
        services.antrekan_notifikasi(baris)
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
        baris = _beri_tahu(
            p,
            services.penerima_kantor(p),
            jenis="pengingat_tanpa_peninjau",
            judul=f"Rekomendasi untuk {pr.instansi.nama} belum diterima instansi itu sejak {minggu} minggu: "
            "belum ada peninjaunya yang membuka",
            tautan=_tautan_kasus_bawaslu(p),
            kunci=kunci,
        )
        baris += _beri_tahu(
            p,
            peninjau_instansi(p, [pr.instansi_id]).values_list("pk", "email"),
            jenis="pengingat_tanpa_peninjau",
            judul="Rekomendasi Bawaslu menunggu dibuka oleh instansi Anda",
            tautan=_tautan_kasus_instansi(p),
            kunci=kunci,
        )
        services.antrekan_notifikasi(baris)
        return len(baris)


def catat_audit_unduh_salinan(user, s: SalinanBukti) -> None:
    catat_audit(
        aktor=user,
        aksi=Aksi.UNDUH_BUKTI,
        pengaduan=s.bukti.pengaduan,
        objek=f"Salinan bukti #{s.bukti_id} ({s.get_status_display()})",
    )


def hasil_publik(p) -> list[str]:
    """The agency's outcome as the reporter reads it on /lacak/: the kind of sanction and the date
    of its decision, or that nothing was proven. No names, no SK numbers, no reasoning."""
    if p.status == Status.TIDAK_TERBUKTI_INSTANSI:
        return ["Instansi menyatakan pelanggaran tidak terbukti."]
    if p.status not in (Status.SANKSI_DIJATUHKAN, Status.KEBERATAN, Status.SELESAI):
        return []
    hasil = []
    berlaku = sanksi_berlaku(p)
    for i, s in enumerate(berlaku, 1):
        awalan = f"Terlapor {i}: " if len(berlaku) > 1 else ""
        hasil.append(
            f"{awalan}{tabel_sanksi.ringkasan_publik(s.jenis, s.jalur)}, "
            f"ditetapkan {date_format(s.tanggal_sk, 'j F Y')}."
        )
    if p.status == Status.KEBERATAN:
        hasil.append("Terlapor mengajukan keberatan; putusannya sedang ditunggu.")
    return hasil

"""The recommendation and what follows it: Bawaslu forwards a finding to the agencies that
discipline the official (`teruskan`), and the agency's reviewer records the examination, the
conclusion (not proven, or a sanction), the objection and its outcome. Each action is atomic and
reads the steps of `pengaduan.transisi` top to bottom: lock and version, workflow check, its own
record, the change. The agency's text is the system's, never the officer's (whose reasoning may
name people and stays in its record), so it serves Bawaslu's timeline and the reporter alike."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from netralitas import berkas as cek_berkas
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from .. import sanksi as tabel_sanksi
from .. import transisi, workflow
from ..bukti import siapkan_salinan
from ..models import (
    HasilKeberatan,
    JalurSanksi,
    JenisASN,
    Keberatan,
    PemeriksaanInstansi,
    PenerimaanRekomendasi,
    Pengaduan,
    Rekomendasi,
    SalinanBukti,
    Sanksi,
    Status,
    StatusSalinan,
)
from ..notifikasi import antrekan_notifikasi, beri_tahu_staf, buat_notifikasi
from ..selectors import staf_wilayah_pengaduan
from ..transisi import TransisiDitolak
from .selectors import PENINJAU, instansi_berpeninjau, instansi_peninjau, peninjau_instansi

# --- Who is told ----------------------------------------------------------------------------------


def tautan_kasus_instansi(p) -> str:
    """The agency reviewer's page of a case (KasusInstansi), never Bawaslu's."""
    return reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk])


def tautan_pengaduan(p) -> str:
    return reverse("admin:pengaduan_pengaduan_change", args=[p.pk])


def beri_tahu_bawaslu(p, judul: str) -> None:
    """The region's Bawaslu staff and the assigned officer: the agency concluded something."""
    penerima = list(staf_wilayah_pengaduan(p).values_list("pk", "email"))
    if p.ditugaskan_id and p.ditugaskan.email and all(pk != p.ditugaskan_id for pk, _ in penerima):
        penerima.append((p.ditugaskan_id, p.ditugaskan.email))
    antrekan_notifikasi(beri_tahu_staf(p, penerima, jenis="hasil_instansi", judul=judul, tautan=tautan_pengaduan(p)))


# --- Bawaslu forwards the recommendation --------------------------------------------------------------


@transaction.atomic
def teruskan(
    *,
    pengaduan: Pengaduan,
    peran: str,
    oleh,
    instansi,
    temuan: str,
    jalur: str,
    nomor_surat: str,
    tanggal_surat,
    surat,
    alasan: str = "",
    pesan_pelapor: str = "",
    versi: int | None = None,
) -> Rekomendasi:
    """The finding goes out, with its signed letter, to the agencies that discipline the official.
    The copies the agencies will see are queued for stripping and their reviewers are told. An
    agency without a reviewer account (BKN today) has nobody to tell in the portal: its official
    e-mail address gets a notice without case details, and its receipt is marked so the handling
    office is reminded weekly until a reviewer of the agency opens the case
    (`pengingat.ingatkan_instansi_tanpa_peninjau`)."""
    instansi = list(instansi)
    p = transisi.kunci_pengaduan(pengaduan, versi)
    alasan = (
        f"Rekomendasi {' '.join((nomor_surat or '').split())} diteruskan ke "
        + ", ".join(i.nama for i in instansi)
        + f". {(alasan or '').strip()}"
    )
    perubahan = transisi.periksa(p, Status.DITERUSKAN, peran=peran, alasan=alasan, pesan_pelapor=pesan_pelapor)

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
    siapkan_salinan(p)
    berpeninjau = instansi_berpeninjau(p, [i.pk for i in instansi])
    PenerimaanRekomendasi.objects.bulk_create(
        [PenerimaanRekomendasi(rekomendasi=r, instansi=i, tanpa_peninjau=i.pk not in berpeninjau) for i in instansi]
    )

    transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)

    baris = beri_tahu_staf(
        p,
        peninjau_instansi(p, [i.pk for i in instansi]).values_list("pk", "email"),
        jenis="rekomendasi_masuk",
        judul="Rekomendasi Bawaslu baru diteruskan ke instansi Anda",
        tautan=tautan_kasus_instansi(p),
    )
    kantor = transisi.nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    for i in instansi:
        if i.pk not in berpeninjau and i.email:
            baris.append(
                buat_notifikasi(
                    pengaduan=p,
                    email=i.email,
                    jenis="rekomendasi_tanpa_peninjau",
                    template="rekomendasi_tanpa_peninjau",
                    # Addressed to a mailbox nobody vetted: no names, no case content, no code.
                    konteks={"instansi": i, "kantor": kantor},
                    antre=False,
                )
            )
    antrekan_notifikasi(baris)
    return r


def terima_rekomendasi(oleh, p: Pengaduan) -> int:
    """The agency acknowledges the recommendation: the first time one of its reviewers opens the
    case (or starts the examination). Ends the weekly reminder for that agency. Idempotent."""
    profil = getattr(oleh, "profil_staf", None)
    if profil is None or profil.peran != PENINJAU or not profil.instansi_id:
        return 0
    return PenerimaanRekomendasi.objects.filter(
        rekomendasi__pengaduan=p, instansi_id=profil.instansi_id, diterima_pada__isnull=True
    ).update(diterima_pada=timezone.now(), diterima_oleh=oleh)


def beri_tahu_peninjau_baru(sender=None, *, user, instansi, **kwargs) -> int:
    """Receiver of netralitas.akun.undangan.sinyal.peninjau_bergabung: a reviewer who has just joined
    an agency (an accepted invitation) is told, in their list and by e-mail, of each case already
    forwarded to it whose follow-up is still open (never a case they are a terlapor of). Once per
    case and reviewer. The receipts' `tanpa_peninjau` stays as it was at forwarding time: the weekly
    reminder to the handling office goes on, now reaching this reviewer too, until a reviewer of the
    agency opens the case (`terima_rekomendasi`)."""
    kasus = (
        Pengaduan.objects.filter(rekomendasi__instansi=instansi, status__in=workflow.STATUS_TINDAK_LANJUT)
        .distinct()
        .order_by("pk")
    )
    baris = []
    for p in kasus:
        if not peninjau_instansi(p, [instansi.pk]).filter(pk=user.pk).exists():
            continue
        baris += beri_tahu_staf(
            p,
            [(user.pk, user.email)],
            jenis="rekomendasi_masuk",
            judul="Rekomendasi Bawaslu yang diteruskan ke instansi Anda sebelum akun Anda aktif",
            tautan=tautan_kasus_instansi(p),
            kunci=lambda uid, pk=p.pk: f"peninjau-baru:{pk}:{uid}",
        )
    antrekan_notifikasi(baris)
    return len(baris)


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
    transisi.ubah_pengaduan(
        pengaduan=s.bukti.pengaduan,
        oleh=oleh,
        teks=f"Bukti “{s.bukti.nama_asli}” dilepas ke instansi tanpa dibersihkan: {alasan}",
    )
    return s


# --- The agency's decisions -------------------------------------------------------------------------


def _periksa_tanggal(tanggal, *, sejak, nama: str, label_sejak: str) -> None:
    if tanggal > timezone.localdate():
        raise TransisiDitolak(f"{nama} tidak boleh di masa depan.")
    if sejak and tanggal < sejak:
        raise TransisiDitolak(f"{nama} tidak boleh sebelum {label_sejak} ({date_format(sejak, 'j F Y')}).")


def _periksa_instansi(p: Pengaduan, ke: str, teks: str) -> transisi.Perubahan:
    """The agency's change, told in the system's words to both audiences explicitly: Bawaslu's
    timeline (the internal reason) and the reporter on /lacak/ (the message)."""
    return transisi.periksa(p, ke, peran=PENINJAU, alasan=teks, pesan_pelapor=teks)


@transaction.atomic
def mulai_pemeriksaan(*, pengaduan, oleh, tanggal_mulai, pemeriksa: str, catatan: str = "", versi=None) -> Pengaduan:
    p = transisi.kunci_pengaduan(pengaduan, versi)
    perubahan = _periksa_instansi(p, Status.PEMERIKSAAN_INSTANSI, "Instansi memulai pemeriksaan.")

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

    return transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)


@transaction.atomic
def nyatakan_tidak_terbukti(*, pengaduan, oleh, alasan: str, tanggal, versi=None) -> Pengaduan:
    """The agency's reasoning stays in its record, for Bawaslu; the reporter reads the conclusion."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    perubahan = _periksa_instansi(p, Status.TIDAK_TERBUKTI_INSTANSI, "Instansi menyatakan pelanggaran tidak terbukti.")

    instansi_peninjau(oleh, p)
    pem = PemeriksaanInstansi.objects.select_for_update().get(pengaduan=p)
    if not (alasan or "").strip():
        raise TransisiDitolak("Alasan tidak terbukti wajib diisi.")
    _periksa_tanggal(tanggal, sejak=pem.tanggal_mulai, nama="Tanggal kesimpulan", label_sejak="mulai pemeriksaan")
    pem.tidak_terbukti_alasan, pem.tanggal_selesai = alasan.strip(), tanggal
    pem.save(update_fields=["tidak_terbukti_alasan", "tanggal_selesai"])

    p = transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)
    beri_tahu_bawaslu(p, "Instansi menyatakan pelanggaran tidak terbukti")
    return p


def jenis_asn_sanksi(terlapor, dinyatakan: str = "", lama: str = "") -> str:
    """The employee type a sanction is imposed under: the one on record for the terlapor, else the
    one the agency states (it employs them), else the appealed sanction's; tidak_tahu when none."""
    if terlapor.jenis_asn in (JenisASN.PNS, JenisASN.PPPK):
        return terlapor.jenis_asn
    return dinyatakan or lama or JenisASN.TIDAK_TAHU


def _buat_sanksi(p, *, oleh, instansi, data: dict, jenis_asn_lama: str = "") -> Sanksi:
    terlapor = data["terlapor"]
    dinyatakan = data.get("jenis_asn") or ""
    jenis_asn = jenis_asn_sanksi(terlapor, dinyatakan, jenis_asn_lama)
    galat = tabel_sanksi.periksa(
        jenis=data["jenis"],
        jalur=data["jalur"],
        tingkat=data["tingkat"],
        jalur_rekomendasi=p.rekomendasi.jalur,
        jenis_asn=jenis_asn,
    )
    if dinyatakan and dinyatakan != jenis_asn:
        galat.append(f"Terlapor ini tercatat sebagai {JenisASN(jenis_asn).label}.")
    tindakan_administratif = (data.get("tindakan_administratif") or "").strip()
    if tindakan_administratif and data["jalur"] != JalurSanksi.ETIK:
        galat.append("Tindakan administratif hanya menyertai sanksi moral.")
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
        # Stored as it stands today: a later change of the law's table or of the category's
        # tier never rewrites a recorded sanction.
        dasar_hukum=" ".join((data.get("dasar_hukum") or "").split())
        or tabel_sanksi.JENIS_SANKSI[data["jenis"]].dasar_untuk(jenis_asn),
        jenis_asn=jenis_asn,
        tindakan_administratif=tindakan_administratif,
        peringatan_tingkat=tabel_sanksi.peringatan_tingkat(p.kategori, jenis=data["jenis"], jenis_asn=jenis_asn),
        sha256_sk=cek_berkas.sha256_berkas(dokumen),
        dicatat_oleh=oleh,
    )
    dokumen.seek(0)
    s.dokumen_sk.save("sk.pdf", dokumen, save=False)
    s.save()
    return s


@transaction.atomic
def catat_sanksi(*, pengaduan, oleh, data: dict, versi=None) -> Sanksi:
    """A sanction on one terlapor. During the examination it concludes it (sanksi dijatuhkan);
    once sanctions stand, another terlapor of the case may still be sanctioned, each terlapor once.
    An amended sanction after an objection goes through `putuskan_keberatan`."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    ringkas = tabel_sanksi.ringkasan_publik(data["jenis"], data["jalur"])
    if p.status == Status.PEMERIKSAAN_INSTANSI:
        perubahan = _periksa_instansi(p, Status.SANKSI_DIJATUHKAN, f"Instansi menjatuhkan sanksi. {ringkas}.")
    elif p.status == Status.SANKSI_DIJATUHKAN:
        perubahan = None  # another terlapor's sanction: the status stays
    else:
        raise TransisiDitolak("Sanksi dicatat setelah pemeriksaan instansi dimulai.")

    instansi = instansi_peninjau(oleh, p)
    if Sanksi.objects.filter(pengaduan=p, terlapor=data["terlapor"], diganti_oleh__isnull=True).exists():
        raise TransisiDitolak("Terlapor ini sudah dijatuhi sanksi; perubahan hanya lewat putusan keberatan.")
    s = _buat_sanksi(p, oleh=oleh, instansi=instansi, data=data)
    PemeriksaanInstansi.objects.filter(pengaduan=p, tanggal_selesai__isnull=True).update(
        tanggal_selesai=data["tanggal_sk"]
    )

    if perubahan is not None:
        p = transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)
    else:
        p = transisi.ubah_pengaduan(
            pengaduan=pengaduan, oleh=oleh, teks=f"Sanksi dicatat untuk terlapor lain. {ringkas}."
        )
    beri_tahu_bawaslu(p, "Instansi mencatat sanksi atas pengaduan di wilayah Anda")
    return s


@transaction.atomic
def catat_keberatan(*, pengaduan, oleh, sanksi: Sanksi, tanggal, uraian: str, versi=None) -> Keberatan:
    p = transisi.kunci_pengaduan(pengaduan, versi)
    perubahan = _periksa_instansi(p, Status.KEBERATAN, "Terlapor mengajukan keberatan atas sanksi.")

    instansi_peninjau(oleh, p)
    if sanksi.pengaduan_id != p.pk or sanksi.diganti_oleh_id:
        raise TransisiDitolak("Keberatan hanya atas sanksi yang berlaku pada pengaduan ini.")
    if not (uraian or "").strip():
        raise TransisiDitolak("Uraian keberatan wajib diisi.")
    _periksa_tanggal(tanggal, sejak=sanksi.tanggal_sk, nama="Tanggal keberatan", label_sejak="tanggal SK")
    k = Keberatan.objects.create(
        sanksi=sanksi, pengaduan=p, tanggal_diajukan=tanggal, uraian=uraian.strip(), dicatat_oleh=oleh
    )

    transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)
    return k


@transaction.atomic
def putuskan_keberatan(
    *, pengaduan, oleh, dikabulkan: bool, tanggal, keterangan: str, sanksi_baru: dict | None = None, versi=None
) -> Keberatan:
    """Rejected: the sanction stands and the case is finished. Granted: the amended sanction is
    recorded (a new row; the old one points at it) and the case is back at sanksi dijatuhkan."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    if dikabulkan and sanksi_baru is not None:
        ringkas = tabel_sanksi.ringkasan_publik(sanksi_baru["jenis"], sanksi_baru["jalur"])
        teks = f"Keberatan dikabulkan; sanksi diubah. {ringkas}."
    else:
        teks = "Keberatan ditolak; sanksi tetap berlaku."
    ke = Status.SANKSI_DIJATUHKAN if dikabulkan else Status.SELESAI
    perubahan = _periksa_instansi(p, ke, teks)

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
        baru = _buat_sanksi(
            p,
            oleh=oleh,
            instansi=instansi,
            data={**sanksi_baru, "terlapor": k.sanksi.terlapor},
            jenis_asn_lama=k.sanksi.jenis_asn if k.sanksi.jenis_asn != JenisASN.TIDAK_TAHU else "",
        )
        Sanksi.objects.filter(pk=k.sanksi_id).update(diganti_oleh=baru)

    p = transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)
    beri_tahu_bawaslu(p, "Instansi memutus keberatan atas sanksi")
    return k


@transaction.atomic
def selesaikan(*, pengaduan, oleh, versi=None) -> Pengaduan:
    """The sanction is final (no objection within its window): the case is finished."""
    p = transisi.kunci_pengaduan(pengaduan, versi)
    perubahan = _periksa_instansi(p, Status.SELESAI, "Sanksi telah berkekuatan tetap; tindak lanjut selesai.")
    instansi_peninjau(oleh, p)
    return transisi.pindahkan(p, perubahan, oleh=oleh, salin_ke=pengaduan)


def catat_audit_unduh_salinan(oleh, s: SalinanBukti) -> None:
    catat_audit(
        aktor=oleh,
        aksi=Aksi.UNDUH_BUKTI,
        pengaduan=s.bukti.pengaduan,
        objek=f"Salinan bukti #{s.bukti_id} ({s.get_status_display()})",
    )

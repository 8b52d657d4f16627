"""The laporan form, filled from the case, for the reporter's signature: Formulir Model B.1 of
Perbawaslu 7/2022 for a Pemilu, the laporan form of Perbawaslu 8/2020 as amended by Perbawaslu
9/2024 (its annex) for a Pilkada. Both forms ask the same: the reporter's identity (name, place and
date of birth, sex, occupation, nationality, address, phone, e-mail), the terlapor, the event
(what, where, when it happened, when it became known), witnesses, evidence, the chronological
account, and where, when and by whom it was received, with the two signatures.

An *informasi awal* has no reporter's identity, and a *temuan* names the pengawas who found it in
place of a reporter: each gets its variant of the same layout."""

from django.utils import timezone
from reportlab.lib.units import mm

from ..models import Pengaduan, Sumber
from .dasar import (
    DASAR_HUKUM,
    Penulis,
    hari_tanggal,
    kantor_penerima,
    kop_kantor,
    nama_kantor,
    nama_staf,
    pukul,
    tanggal,
    tempat_tanda_tangan,
)

DIRAHASIAKAN = "dirahasiakan"
# Printed in place of an identity the retention job erased (pengaduan.retensi): never a blank form.
DIHAPUS = "dihapus sesuai aturan retensi"


def nama_pelapor_cetak(pelapor, identitas: bool) -> str:
    if pelapor is not None and pelapor.dihapus_pada:
        return DIHAPUS
    return pelapor.nama if pelapor is not None and identitas else DIRAHASIAKAN


# The title and the form's model for each kind of report and election. Only "Formulir Model B.1"
# (the laporan form of Perbawaslu 7/2022) is a model number checked against the regulation's annex;
# the Pilkada form is printed by its title alone, as Perbawaslu 9/2024's annex prints it.
JUDUL = {
    Sumber.LAPORAN: "FORMULIR LAPORAN",
    Sumber.INFORMASI_AWAL: "FORMULIR INFORMASI AWAL",
    Sumber.TEMUAN: "FORMULIR TEMUAN",
}


def model_formulir(p: Pengaduan) -> str:
    if p.sumber != Sumber.LAPORAN:
        return ""
    return "FORMULIR MODEL B.1" if p.jenis_pemilihan == "pemilu" else "FORMULIR LAPORAN PEMILIHAN"


def _wilayah_lengkap(w) -> str:
    """'Desa Sumbersuko, Kec. Tamanan, Kabupaten Bondowoso, Jawa Timur' from the region tree."""
    if w is None:
        return ""
    from netralitas.wilayah.models import Wilayah

    nama = {x.kode: x for x in Wilayah.objects.filter(kode__in=w.kode_leluhur)}
    return ", ".join(nama[k].nama_lengkap for k in reversed(w.kode_leluhur) if k in nama)


def render_formulir(p: Pengaduan, *, identitas: bool) -> bytes:
    """The filled form as PDF bytes. `identitas`: the caller checked that the user may read the
    reporter's identity (and wrote the audit row); without it every identity field reads
    "dirahasiakan"."""
    tingkat, wilayah = kantor_penerima(p)
    dasar = DASAR_HUKUM[p.jenis_pemilihan]
    d = Penulis(
        judul=f"{JUDUL[p.sumber].title()} — Pengaduan #{p.pk}", kop=kop_kantor(tingkat, wilayah), subjek=dasar.peraturan
    )
    d.kepala(JUDUL[p.sumber], nomor=f"Nomor: {p.nomor_registrasi or '.' * 40}", model=model_formulir(p))
    d.tambah(d.p(f"Pengaduan #{p.pk} · {p.get_jenis_pemilihan_display()} · dasar: {dasar.singkat}", "kecil"))

    nomor = iter(range(1, 20))
    pelapor = getattr(p, "pelapor", None) if p.sumber == Sumber.LAPORAN else None
    if p.sumber == Sumber.LAPORAN:
        d.bagian(f"{next(nomor)}. Identitas Pelapor:")
        if pelapor is None or not identitas or pelapor.dihapus_pada:
            nilai = dict.fromkeys(
                ("nama", "nik", "ttl", "jk", "pekerjaan", "wn", "alamat", "telepon", "email"),
                DIHAPUS if pelapor is not None and pelapor.dihapus_pada else DIRAHASIAKAN,
            )
        else:
            nilai = {
                "nama": pelapor.nama,
                "nik": pelapor.nik,
                "ttl": ", ".join(
                    x
                    for x in (pelapor.tempat_lahir, tanggal(pelapor.tanggal_lahir) if pelapor.tanggal_lahir else "")
                    if x
                ),
                "jk": pelapor.get_jenis_kelamin_display(),
                "pekerjaan": pelapor.pekerjaan,
                "wn": pelapor.kewarganegaraan,
                "alamat": pelapor.alamat,
                "telepon": pelapor.telepon,
                "email": pelapor.email,
            }
        d.isian(
            [
                ("Nama", nilai["nama"]),
                ("NIK", nilai["nik"]),
                ("Tempat/Tgl Lahir", nilai["ttl"]),
                ("Jenis Kelamin", nilai["jk"]),
                ("Pekerjaan", nilai["pekerjaan"]),
                ("Kewarganegaraan", nilai["wn"]),
                ("Alamat", nilai["alamat"]),
                ("No. Telp/HP", nilai["telepon"]),
                ("E-mail", nilai["email"]),
            ]
        )
        if pelapor is not None and pelapor.rahasia:
            d.tambah(d.p("Pelapor meminta identitasnya dirahasiakan.", "kecil"))
        if pelapor is not None and pelapor.dihapus_pada:
            d.tambah(
                d.p(
                    f"Identitas pelapor dihapus pada {tanggal(timezone.localdate(pelapor.dihapus_pada))} "
                    "sesuai aturan retensi “Identitas pelapor” (UU 27/2022).",
                    "kecil",
                )
            )
        elif pelapor is not None and not identitas:
            d.tambah(d.p("Identitas pelapor tidak dicetak: Anda tidak berwenang melihatnya.", "kecil"))
    elif p.sumber == Sumber.INFORMASI_AWAL:
        d.bagian(f"{next(nomor)}. Sumber Informasi:")
        d.tambah(d.p("Informasi awal disampaikan tanpa identitas (tidak memenuhi syarat formal laporan)."))
    else:
        d.bagian(f"{next(nomor)}. Pengawas yang Menemukan:")
        d.isian([("Nama", nama_staf(p.diterima_oleh)), ("Jabatan/Kantor", nama_kantor(tingkat, wilayah))])

    d.bagian(f"{next(nomor)}. Identitas Terlapor:")
    for i, t in enumerate(p.terlapor.select_related("instansi"), 1):
        if i > 1:
            d.tambah(d.p(f"Terlapor {i}", "kecil"))
        d.isian(
            [
                ("Nama", t.nama),
                ("NIP", t.nip),
                ("Jabatan", t.jabatan),
                ("Instansi", t.instansi.nama if t.instansi_id else t.instansi_teks),
                ("Jenis ASN", t.get_jenis_asn_display()),
            ]
        )

    d.bagian(f"{next(nomor)}. Peristiwa yang dilaporkan:")
    peristiwa = p.kategori.nama + (f" — {p.kategori_lainnya}" if p.kategori_lainnya else "")
    tempat = ", ".join(x for x in (p.alamat_kejadian, _wilayah_lengkap(p.wilayah)) if x)
    d.isian(
        [
            ("Peristiwa", f"Dugaan pelanggaran netralitas ASN: {peristiwa}"),
            ("Tempat Kejadian", tempat),
            ("Hari dan Tanggal Kejadian", hari_tanggal(p.tanggal_kejadian)),
            ("Hari dan Tanggal Diketahui", hari_tanggal(p.tanggal_diketahui)),
        ]
    )

    d.bagian(f"{next(nomor)}. Saksi-saksi:")
    saksi = list(p.saksi.all())
    if saksi:
        d.tabel(
            ["No.", "Nama", "Alamat/kontak", "Keterangan"],
            [
                [i, DIHAPUS, DIHAPUS, DIHAPUS] if s.dihapus_pada else [i, s.nama, s.kontak, s.keterangan]
                for i, s in enumerate(saksi, 1)
            ],
            lebar=[10 * mm, 50 * mm, 55 * mm, 55 * mm],
        )
    else:
        d.tambah(d.p("Tidak ada saksi yang disebutkan."))

    d.bagian(f"{next(nomor)}. Bukti-bukti:")
    bukti = list(p.bukti.all())
    tautan = list(p.tautan.all())
    if bukti or tautan:
        baris = [[i, b.nama_asli, b.get_jenis_display(), b.sha256] for i, b in enumerate(bukti, 1)]
        baris += [[len(bukti) + i, t.url, "Tautan", "-"] for i, t in enumerate(tautan, 1)]
        d.tabel(
            ["No.", "Berkas/tautan", "Jenis", "SHA-256 (sidik berkas)"],
            baris,
            lebar=[10 * mm, 67 * mm, 18 * mm, 75 * mm],
        )
    else:
        d.tambah(d.p("Tidak ada bukti yang dilampirkan."))

    d.bagian(f"{next(nomor)}. Uraian Kejadian:")
    d.tambah(d.p("(diuraikan secara kronologis: apa, di mana, kapan, dan bagaimana peristiwa terjadi)", "kecil"))
    for alinea in (p.kronologi or "").split("\n\n"):
        d.tambah(d.p(alinea))

    diterima = p.diterima_pada or p.dibuat
    if p.kanal == "daring":
        tempat_terima = "Formulir daring Posko Netralitas"
    else:
        tempat_terima = p.tempat_diterima or nama_kantor(tingkat, wilayah)
    kanal = p.get_kanal_display() + (f" ({p.kanal_keterangan})" if p.kanal_keterangan else "")
    d.bagian("Diterima")
    d.isian(
        [
            ("Diterima di", tempat_terima),
            ("Kantor penerima", nama_kantor(tingkat, wilayah)),
            ("Melalui", kanal),
            ("Hari dan Tanggal", hari_tanggal(diterima)),
            ("Pukul", pukul(diterima)),
            ("Diterima oleh", nama_staf(p.diterima_oleh) or "-"),
        ]
    )
    if p.sumber == Sumber.LAPORAN:
        d.tambah(
            d.p(
                "Saya menyatakan bahwa keterangan yang saya sampaikan dalam formulir ini benar "
                "dan dapat dipertanggungjawabkan."
            )
        )
        nama_pelapor = nama_pelapor_cetak(pelapor, identitas)
        kolom = [("Penerima laporan", nama_staf(p.diterima_oleh)), ("Pelapor", nama_pelapor)]
    elif p.sumber == Sumber.TEMUAN:
        kolom = [("Pengawas pemilu yang menemukan", nama_staf(p.diterima_oleh))]
    else:
        kolom = [("Penerima informasi", nama_staf(p.diterima_oleh))]
    d.tanda_tangan(kolom, tempat_tanggal=f"{tempat_tanda_tangan(wilayah)}, {tanggal(diterima)}")
    return d.pdf(kaki=f"{JUDUL[p.sumber].capitalize()} · Pengaduan #{p.pk}")

"""The receipt of submission (tanda bukti penyampaian laporan): what was received, when, by which
office, and the tracking code.

The full code exists nowhere on the server (only its HMAC, `pengaduan.kode`): the receipt carries it
only when the caller was handed it in this request and checked it against the case; otherwise it
prints the last four characters and says that the full code was handed over at entry. The model
number of this form in the regulation's annex is not printed: it was not verified."""

from django.conf import settings
from django.urls import reverse
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

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
from .formulir import nama_pelapor_cetak

JUDUL = {
    Sumber.LAPORAN: "TANDA BUKTI PENYAMPAIAN LAPORAN",
    Sumber.INFORMASI_AWAL: "TANDA TERIMA INFORMASI AWAL",
    Sumber.TEMUAN: "TANDA TERIMA PENCATATAN TEMUAN",
}


def render_tanda_terima(p: Pengaduan, *, identitas: bool, kode: str | None = None) -> bytes:
    """`kode`: the full tracking code, already checked against the case by the caller, or None.
    `identitas`: whether the reporter's name may be printed (the caller audits it)."""
    tingkat, wilayah = kantor_penerima(p)
    kantor = nama_kantor(tingkat, wilayah)
    diterima = p.diterima_pada or p.dibuat
    d = Penulis(
        judul=f"Tanda terima — Pengaduan #{p.pk}",
        kop=kop_kantor(tingkat, wilayah),
        subjek=DASAR_HUKUM[p.jenis_pemilihan].peraturan,
    )
    d.kepala(JUDUL[p.sumber], nomor=f"Pengaduan #{p.pk}")

    pelapor = getattr(p, "pelapor", None) if p.sumber == Sumber.LAPORAN else None
    d.tambah(
        d.p(
            f"Pada hari {hari_tanggal(diterima)} pukul {pukul(diterima)}, {kantor} telah menerima "
            + (
                "laporan dugaan pelanggaran netralitas Aparatur Sipil Negara dengan keterangan berikut."
                if p.sumber == Sumber.LAPORAN
                else "informasi dugaan pelanggaran netralitas Aparatur Sipil Negara dengan keterangan berikut."
            )
        )
    )
    d.tambah(Spacer(1, 6))
    terlapor = "; ".join(
        f"{t.nama}" + (f", {t.jabatan}" if t.jabatan else "") + f" ({t.instansi_teks})" for t in p.terlapor.all()
    )
    baris = []
    if p.sumber == Sumber.LAPORAN:
        baris.append(("Nama pelapor", nama_pelapor_cetak(pelapor, identitas)))
    baris += [
        ("Jenis pemilihan", p.get_jenis_pemilihan_display()),
        ("Dugaan pelanggaran", p.kategori.nama + (f" — {p.kategori_lainnya}" if p.kategori_lainnya else "")),
        ("Terlapor", terlapor),
        ("Tempat kejadian", ", ".join(x for x in (p.alamat_kejadian, p.wilayah.nama_lengkap) if x)),
        ("Tanggal kejadian", tanggal(p.tanggal_kejadian)),
        ("Bukti", f"{p.bukti.count()} berkas, {p.tautan.count()} tautan"),
        ("Diterima melalui", p.get_kanal_display() + (f" ({p.kanal_keterangan})" if p.kanal_keterangan else "")),
        ("Diterima di", p.tempat_diterima or ("Formulir daring Posko Netralitas" if p.kanal == "daring" else kantor)),
        ("Diterima oleh", nama_staf(p.diterima_oleh) or "-"),
    ]
    d.isian(baris, lebar_label=40 * mm)

    d.bagian("Kode pelacakan")
    if kode:
        d.tambah(d.p(kode, "kode"))
        d.tambah(
            d.p(
                "Simpan kode ini. Siapa pun yang memegangnya dapat melihat status laporan, jadi jangan "
                "dibagikan. Kode ini tidak disimpan oleh Bawaslu dan tidak dapat dicetak ulang."
            )
        )
    else:
        d.tambah(d.p(f"…-{p.kode_akhir}", "kode"))
        d.tambah(
            d.p(
                "Hanya empat karakter terakhir yang dicetak. Kode pelacakan lengkap diserahkan kepada pelapor "
                "saat laporan dientri; Bawaslu tidak menyimpannya sehingga tidak dapat mencetaknya ulang."
            )
        )
    lacak = settings.SITE_URL + reverse("pengaduan:lacak")
    d.tambah(d.p(f"Perkembangan laporan dapat dipantau di {lacak} dengan kode pelacakan tersebut."))
    d.tanda_tangan(
        [("Penerima", nama_staf(p.diterima_oleh))],
        tempat_tanggal=f"{tempat_tanda_tangan(wilayah)}, {tanggal(diterima)}",
    )
    return d.pdf(kaki=f"Tanda terima · Pengaduan #{p.pk} · kode …-{p.kode_akhir}")

"""The status notice (pemberitahuan tentang status laporan): the reporter is told where the report
stands, as the regulation on handling reports requires the supervisor to announce a report's status
to the reporter (Perbawaslu 7/2022 for a Pemilu; Perbawaslu 8/2020 as amended by 9/2024 for a
Pilkada). The form's model number in the annex was not verified, so it is not printed.

Drawn only from the reporter's own page (`selectors.halaman_pelapor`): the public status label, the
timeline as the reporter reads it, the messages written to the reporter, the agency's public
outcome. Internal reasons and notes are not even read, and no identity is printed: staff and
reporter get the same document."""

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..models import ArahPesan, Pengaduan
from ..selectors import halaman_pelapor
from .dasar import DASAR_HUKUM, Penulis, kop_kantor, nama_kantor, tanggal, tempat_tanda_tangan, waktu

JUDUL = "PEMBERITAHUAN TENTANG STATUS LAPORAN"


def render_pemberitahuan(p: Pengaduan) -> bytes:
    halaman = halaman_pelapor(p)
    kantor = nama_kantor(p.kantor_tingkat, p.kantor_wilayah)
    dasar = DASAR_HUKUM[p.jenis_pemilihan]
    d = Penulis(
        judul=f"Pemberitahuan status laporan …-{p.kode_akhir}",
        kop=kop_kantor(p.kantor_tingkat, p.kantor_wilayah),
        subjek=dasar.peraturan,
    )
    nomor = halaman["nomor_registrasi"]
    d.kepala(JUDUL, nomor=f"Nomor registrasi: {nomor}" if nomor else "")
    d.tambah(d.p(f"Kepada Yth. Pelapor laporan dengan kode pelacakan berakhiran …-{p.kode_akhir}"))
    d.tambah(d.p("di tempat"), Spacer(1, 8))
    d.tambah(
        d.p(
            f"Berdasarkan {dasar.undang_undang} dan {dasar.peraturan}, bersama ini {kantor} "
            "memberitahukan status laporan Saudara sebagai berikut."
        )
    )
    d.isian(
        [
            ("Laporan diterima", waktu(p.diterima_pada or p.dibuat)),
            ("Nomor registrasi", nomor or "Belum diregistrasi"),
            ("Jenis pemilihan", p.get_jenis_pemilihan_display()),
            ("Dugaan pelanggaran", p.kategori.nama),
            ("Kantor penanganan", kantor),
            ("Status saat ini", halaman["status_publik"]),
        ],
        lebar_label=40 * mm,
    )
    if halaman["permintaan"] is not None:
        d.bagian("Yang perlu dilengkapi")
        d.tambah(d.p(halaman["permintaan"].pesan_pelapor))
        if p.tenggat:
            d.tambah(d.p(f"Paling lambat {tanggal(p.tenggat)}, melalui halaman Lacak dengan kode pelacakan Saudara."))
    if halaman["hasil_instansi"]:
        d.bagian("Hasil tindak lanjut oleh instansi")
        for h in halaman["hasil_instansi"]:
            d.tambah(d.p(h))
    d.bagian("Perkembangan laporan")
    d.tabel(
        ["Waktu", "Status", "Pesan untuk pelapor"],
        [[waktu(e.waktu), e.label, e.pesan] for e in halaman["linimasa"]],
        lebar=[45 * mm, 50 * mm, 75 * mm],
    )
    # Bawaslu's messages to the reporter from the conversation (never the reporter's own words,
    # nor an internal note: halaman_pelapor reads none).
    catatan = [m for m in halaman["percakapan"] if m.arah == ArahPesan.KEPADA_PELAPOR]
    if catatan:
        d.bagian("Pesan dari Bawaslu")
        for c in catatan:
            d.tambah(d.p(waktu(c.dibuat), "kecil"), d.p(c.teks))
    d.tambah(
        d.p(
            "Perkembangan berikutnya dapat Saudara pantau di halaman Lacak Posko Netralitas dengan kode "
            "pelacakan Saudara. Demikian pemberitahuan ini disampaikan."
        )
    )
    d.tanda_tangan([(kantor, "")], tempat_tanggal=f"{tempat_tanda_tangan(p.kantor_wilayah)}, {tanggal(timezone.now())}")
    return d.pdf(kaki=f"Pemberitahuan status laporan · kode …-{p.kode_akhir}")

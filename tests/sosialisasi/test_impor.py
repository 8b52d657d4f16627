"""Attendance lists import from CSV and XLSX: bad files import nothing and say why, bad rows are
skipped by line, and the same list twice adds nobody twice."""

import io
import os
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sosialisasi import impor as modul
from sosialisasi.impor import GalatBaris, HasilImpor, impor_peserta
from sosialisasi.models import Kegiatan, Peserta
from tests.factories import NIP_PNS_SAH

pytestmark = pytest.mark.django_db

NIP_2 = "199001012015032001"
NIP_3 = "197712242006041003"
JUDUL = "nama,nip,jabatan,instansi\n"


@pytest.fixture
def kegiatan():
    return Kegiatan.objects.create(
        jenis="sosialisasi", judul="Uji", mulai=timezone.now(), wilayah_id="35.07", penyelenggara="Bawaslu"
    )


def unggah(isi: bytes, nama="daftar.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="application/octet-stream")


def hitung_baris(monkeypatch, kelas) -> list[int]:
    """Count the rows a reader hands to the importer: the cost of a file, without a clock."""
    dibaca = [0]
    asli = kelas.baris

    def baris(self, *args, **kwargs):
        for hasil in asli(self, *args, **kwargs):
            dibaca[0] += 1
            yield hasil

    monkeypatch.setattr(kelas, "baris", baris)
    return dibaca


def impor(kegiatan, isi: bytes, nama="daftar.csv") -> HasilImpor:
    return impor_peserta(kegiatan=kegiatan, berkas=unggah(isi, nama), nama_berkas=nama)


def xlsx(baris: list[list]) -> bytes:
    buku = Workbook()
    lembar = buku.active
    for b in baris:
        lembar.append(b)
    buf = io.BytesIO()
    buku.save(buf)
    return buf.getvalue()


def ganti_lembar(data: bytes, ubah) -> bytes:
    """Rewrite sheet1.xml of an XLSX, for files no spreadsheet program would write."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as masuk, zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for info in masuk.infolist():
            isi = masuk.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                isi = ubah(isi)
            z.writestr(info.filename, isi)
    return keluar.getvalue()


def nama_peserta(kegiatan) -> list[str]:
    return list(Peserta.objects.filter(kegiatan=kegiatan).values_list("nama", flat=True))


# --- Encodings and delimiters -----------------------------------------------------------------


def test_csv_utf8(kegiatan):
    isi = JUDUL + f"Sutrisno Pranoto,{NIP_PNS_SAH},Guru,SMPN 1 Kepanjen\nNi Luh Putu Ayu,,Warga,Desa Sukoanyar\n"
    hasil = impor(kegiatan, isi.encode())
    assert hasil == HasilImpor(ditambahkan=2, sudah_ada=0, galat=[], galat_berkas=None)
    p = Peserta.objects.get(kegiatan=kegiatan, nip=NIP_PNS_SAH)
    assert (p.nama, p.jabatan, p.instansi, p.kunci) == (
        "Sutrisno Pranoto",
        "Guru",
        "SMPN 1 Kepanjen",
        f"nip:{NIP_PNS_SAH}",
    )
    assert Peserta.objects.get(kegiatan=kegiatan, nip="").kunci == "nama:NI LUH PUTU AYU|DESA SUKOANYAR"


def test_csv_utf8_dengan_bom_judul_tetap_dikenali(kegiatan):
    isi = "\ufeffNama,NIP,Jabatan,Instansi\nRené Sitorus,,Staf,Dinas Kominfo\n".encode()
    assert isi.startswith(b"\xef\xbb\xbf")
    hasil = impor(kegiatan, isi)
    assert (hasil.ditambahkan, hasil.galat_berkas) == (1, None)
    assert nama_peserta(kegiatan) == ["René Sitorus"]


def test_csv_windows_1252_titik_koma(kegiatan):
    isi = (
        "Nama;NIP;Jabatan;Instansi\r\n"
        f'"Sutrisno Pranoto, S.Pd.";{NIP_PNS_SAH};Kepala Sekolah;SMAN 1 Malang\r\n'
        "Wayan Sudarsana;;Camat;Kecamatan Dau\r\n"
        f"André D’Costa;{NIP_2};Analis;Bappeda\r\n"
    ).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        isi.decode("utf-8")
    hasil = impor(kegiatan, isi)
    assert (hasil.ditambahkan, hasil.galat, hasil.galat_berkas) == (3, [], None)
    assert nama_peserta(kegiatan) == ["Sutrisno Pranoto, S.Pd.", "Wayan Sudarsana", "André D’Costa"]


def test_csv_tab_dan_judul_beragam_urutan_bebas(kegiatan):
    isi = f"No\tInstansi / Unit Kerja\tNIP\tNAMA LENGKAP\tJabatan\n1\tDinas PU\t{NIP_PNS_SAH}\tBudi\tStaf\n"
    hasil = impor(kegiatan, isi.encode())
    assert hasil.ditambahkan == 1
    p = Peserta.objects.get(kegiatan=kegiatan)
    assert (p.nama, p.nip, p.jabatan, p.instansi) == ("Budi", NIP_PNS_SAH, "Staf", "Dinas PU")


def test_csv_tanpa_kolom_jabatan_dan_instansi_boleh(kegiatan):
    assert impor(kegiatan, f"nama,nip\nBudi,{NIP_PNS_SAH}\n".encode()).ditambahkan == 1


def test_petunjuk_sep_dari_excel(kegiatan):
    hasil = impor(kegiatan, f"sep=;\nnama;nip\nBudi;{NIP_PNS_SAH}\nAni;x\n".encode())
    assert hasil.ditambahkan == 1
    assert hasil.galat == [GalatBaris(4, "NIP harus 18 angka.")]


def test_csv_utf16_dengan_bom(kegiatan):
    isi = f"nama\tnip\nBudi\t{NIP_PNS_SAH}\n".encode("utf-16")
    assert impor(kegiatan, isi).ditambahkan == 1


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_nip_bilangan_bulat_diterima_pecahan_ditolak(kegiatan):
    data = xlsx(
        [
            ["Nama", "NIP", "Jabatan", "Instansi"],
            ["Budi", int(NIP_PNS_SAH), "Guru", "SDN 2"],
            ["Ani", float(NIP_2), "Guru", "SDN 2"],
            ["Citra", NIP_3, 7, None],
        ]
    )
    # openpyxl itself writes numbers with 16 significant digits ("%.16g"), as Excel keeps doubles:
    # only a file whose cell holds all 18 digits gives back an exact integer.
    assert b"<v>1.98503152010011e+17</v>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    data = ganti_lembar(data, lambda x: x.replace(b"<v>1.98503152010011e+17</v>", f"<v>{NIP_PNS_SAH}</v>".encode()))
    hasil = impor(kegiatan, data, "daftar.xlsx")
    assert hasil.ditambahkan == 2
    assert hasil.galat == [GalatBaris(3, modul.PESAN_NIP_ANGKA)]
    assert "format kolom nip sebagai teks" in hasil.galat[0].alasan.lower()
    assert sorted(Peserta.objects.filter(kegiatan=kegiatan).values_list("nip", "jabatan")) == [
        (NIP_3, "7"),
        (NIP_PNS_SAH, "Guru"),
    ]


def test_csv_nip_notasi_ilmiah_dari_excel(kegiatan):
    hasil = impor(kegiatan, (JUDUL + 'Budi,1.98503E+17,,\nAni,"1,99E+17",,\n').encode())
    assert hasil.galat == [GalatBaris(2, modul.PESAN_NIP_ANGKA), GalatBaris(3, modul.PESAN_NIP_ANGKA)]


def test_xlsx_bernama_csv_dibaca_sebagai_xlsx(kegiatan):
    data = xlsx([["nama", "nip"], ["Budi", NIP_PNS_SAH]])
    assert impor(kegiatan, data, "daftar.csv").ditambahkan == 1


def test_xlsx_baris_kosong_di_tengah_nomor_baris_tetap(kegiatan):
    buku = Workbook()
    lembar = buku.active
    lembar.append(["nama", "nip"])
    lembar["A2"], lembar["B2"] = "Budi", NIP_PNS_SAH
    lembar["A7"], lembar["B7"] = "Ani", "123"
    buf = io.BytesIO()
    buku.save(buf)
    hasil = impor(kegiatan, buf.getvalue(), "daftar.xlsx")
    assert hasil.ditambahkan == 1
    assert hasil.galat == [GalatBaris(7, "NIP harus 18 angka.")]


def test_xlsx_lembar_terlalu_tinggi_nomor_baris_palsu(kegiatan, monkeypatch):
    """A forged row number far beyond Excel's last row: openpyxl would pad empty rows up to it."""
    data = ganti_lembar(
        xlsx([["nama", "nip"], ["Budi", NIP_PNS_SAH], ["Ani", NIP_2]]),
        lambda x: x.replace(b'r="3"', b'r="999999999999"').replace(b'"A3"', b'"A999999999"'),
    )
    dibaca = hitung_baris(monkeypatch, modul._TabelXlsx)
    hasil = impor(kegiatan, data, "daftar.xlsx")
    assert hasil.galat_berkas == modul.PESAN_TERLALU_PANJANG
    # Reading stops at the sheet limit, not at the forged row number.
    assert dibaca[0] <= modul.BATAS_BARIS_LEMBAR + 1
    assert not Peserta.objects.exists()


def test_xlsx_terlalu_banyak_baris_data(kegiatan, monkeypatch):
    monkeypatch.setattr(modul, "BATAS_BARIS", 5)
    data = xlsx([["nama", "nip"]] + [[f"Orang {i}", ""] for i in range(6)])
    hasil = impor(kegiatan, data, "daftar.xlsx")
    assert hasil.galat_berkas == modul.PESAN_TERLALU_BANYAK
    assert not Peserta.objects.exists()


def test_csv_batas_baris_tepat_dan_lebih(kegiatan):
    baris = [f"Peserta {i},,,Instansi {i % 7}" for i in range(modul.BATAS_BARIS)]
    isi = (JUDUL + "\n".join(baris) + "\n").encode()
    with CaptureQueriesContext(connection) as kueri:
        hasil = impor(kegiatan, isi)
    assert (hasil.ditambahkan, hasil.galat, hasil.galat_berkas) == (modul.BATAS_BARIS, [], None)
    # Cost in queries, not seconds: the lock, one read of the existing keys, and one INSERT per
    # thousand rows (plus the savepoints around them) — never a query per row.
    sisipan = [q for q in kueri.captured_queries if q["sql"].startswith("INSERT")]
    assert len(sisipan) == modul.BATAS_BARIS // 1000
    assert len(kueri.captured_queries) <= modul.BATAS_BARIS // 1000 + 6
    lebih = impor(kegiatan, isi + b"Satu Lagi,,,\n")
    assert "terlalu banyak baris" in lebih.galat_berkas
    assert Peserta.objects.filter(kegiatan=kegiatan).count() == modul.BATAS_BARIS


def test_xlsx_judul_lebar_palsu_tidak_memperlambat(kegiatan):
    """A declared dimension of the whole sheet would have every row padded to 16,384 columns."""
    data = ganti_lembar(
        xlsx([["nama", "nip"], ["Budi", NIP_PNS_SAH]]),
        lambda x: x.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    assert impor(kegiatan, data, "daftar.xlsx").ditambahkan == 1


# --- File-level problems import nothing -------------------------------------------------------


@pytest.mark.parametrize(
    "isi, nama, potongan",
    [
        (b"", "daftar.csv", "kosong"),
        (b"\r\n \n", "daftar.csv", "kosong"),
        (b"Nama Peserta,Alamat\nBudi,Malang\n", "daftar.csv", "kolom NIP tidak ditemukan"),
        (b"DAFTAR HADIR SOSIALISASI\nnama,nip\n", "daftar.csv", "kolom nama dan NIP tidak ditemukan"),
        (b"nama,nip\n\n\n", "daftar.csv", "Tidak ada data peserta"),
        (b"nama,nip,Nama Lengkap\nBudi,,Budi\n", "daftar.csv", "Kolom nama muncul lebih dari sekali"),
        (os.urandom(3000).replace(b"PK", b"pk"), "daftar.xlsx", "bukan berkas Excel (.xlsx) yang sah"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "daftar.xlsx", "bukan berkas Excel (.xlsx) yang sah"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "daftar.csv", "bukan CSV"),
        (modul.KEPALA_OLE + bytes(600), "daftar.xls", "Excel lama (.xls)"),
        (modul.KEPALA_OLE + bytes(600), "daftar.xlsx", "Excel lama (.xls)"),
        (b"nama,nip\nBudi,\n", "daftar.txt", "Jenis berkas tidak didukung"),
        (b"nama,nip\nBudi,\n", "daftar", "Jenis berkas tidak didukung"),
        (b"nama,nip\nBud\x81i,\n", "daftar.csv", "Pengodean karakter"),
        (b"nama,nip\nBudi \x8d\x90,\n", "daftar.csv", "Pengodean karakter"),
        (b"PK\x03\x04" + bytes(100), "daftar.xlsx", "rusak"),
    ],
)
def test_galat_berkas_tidak_mengimpor_apa_pun(kegiatan, isi, nama, potongan):
    hasil = impor(kegiatan, isi, nama)
    assert potongan in hasil.galat_berkas
    assert (hasil.ditambahkan, hasil.sudah_ada, hasil.galat) == (0, 0, [])
    assert not Peserta.objects.exists()


def test_zip_bukan_xlsx(kegiatan):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("catatan.txt", "halo")
    assert "rusak" in impor(kegiatan, buf.getvalue(), "daftar.xlsx").galat_berkas


def test_judul_salah_menyebut_isi_baris_pertama(kegiatan):
    hasil = impor(kegiatan, xlsx([["DAFTAR HADIR"], ["nama", "nip"]]), "daftar.xlsx")
    assert "nama, NIP, jabatan, instansi" in hasil.galat_berkas
    assert "“DAFTAR HADIR”" in hasil.galat_berkas


def test_berkas_terlalu_besar(kegiatan, monkeypatch):
    besar = unggah(JUDUL.encode() + b"x" * modul.BATAS_UKURAN, "daftar.csv")
    hasil = impor_peserta(kegiatan=kegiatan, berkas=besar, nama_berkas="daftar.csv")
    assert (
        hasil.galat_berkas
        == "Berkas terlalu besar (5,1 MB). Batasnya 5 MB; pecah daftar hadir menjadi beberapa berkas."
    )
    # A plain file object, with no size to claim: only the limit plus one byte is read.
    aliran = io.BytesIO(JUDUL.encode() + b"x" * modul.BATAS_UKURAN)
    hasil = impor_peserta(kegiatan=kegiatan, berkas=aliran, nama_berkas="daftar.csv")
    assert hasil.galat_berkas.startswith("Berkas terlalu besar.")
    assert aliran.tell() == modul.BATAS_UKURAN + 1
    assert not Peserta.objects.exists()


def test_csv_kutip_tak_tertutup_tidak_meledak(kegiatan):
    hasil = impor(kegiatan, (JUDUL + 'Budi,"' + "x" * 200_000 + "\n").encode())
    assert hasil.galat_berkas and "rusak" in hasil.galat_berkas


# --- ZIP bombs --------------------------------------------------------------------------------


def test_bom_zip_nol_200_mb_ditolak_sebelum_dibaca(kegiatan, monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            nol = bytes(1024 * 1024)
            for _ in range(200):
                f.write(nol)
    assert len(buf.getvalue()) < modul.BATAS_UKURAN

    def jangan_dibuka(*a, **k):
        raise AssertionError("openpyxl must not be reached")

    monkeypatch.setattr("openpyxl.load_workbook", jangan_dibuka)
    hasil = impor(kegiatan, buf.getvalue(), "daftar.xlsx")
    assert "terlalu besar setelah diekstrak" in hasil.galat_berkas
    assert not Peserta.objects.exists()


def test_bom_zip_rasio_kompresi(kegiatan):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", bytes(20 * 1024 * 1024))
    hasil = impor(kegiatan, buf.getvalue(), "daftar.xlsx")
    assert "tidak wajar" in hasil.galat_berkas


def test_bom_zip_terlalu_banyak_entri(kegiatan):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(modul.BATAS_ZIP_ENTRI + 1):
            z.writestr(f"x/{i}", b"")
    assert "tidak wajar" in impor(kegiatan, buf.getvalue(), "daftar.xlsx").galat_berkas


def test_bom_zip_ukuran_dipalsukan(kegiatan):
    """A central directory that understates an entry: zipfile stops at the declared size and fails
    the CRC check, so the lie cannot make openpyxl read more than was checked."""
    data = ganti_lembar(xlsx([["nama", "nip"], ["Budi", NIP_PNS_SAH]]), lambda x: x + b" " * (30 * 1024 * 1024))
    nama = b"xl/worksheets/sheet1.xml"
    pusat = next(i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i) and data.startswith(nama, i + 46))
    palsu = data[: pusat + 24] + struct.pack("<I", 1000) + data[pusat + 28 :]  # uncompressed size
    with zipfile.ZipFile(io.BytesIO(palsu)) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    hasil = impor(kegiatan, palsu, "daftar.xlsx")
    assert hasil.galat_berkas == modul.PESAN_XLSX_RUSAK
    assert not Peserta.objects.exists()


# --- Row-level problems skip only that row ----------------------------------------------------


def test_galat_baris_dengan_nomor_dan_alasan(kegiatan):
    isi = (
        JUDUL
        + f"Budi,{NIP_PNS_SAH},Guru,SDN 1\n"  # 2
        + "\n"  # 3: blank, skipped silently
        + ",  ,  ,\n"  # 4: blank too
        + f",{NIP_2},Guru,SDN 1\n"  # 5: no name
        + "Ani,198513452010011002,Guru,SDN 1\n"  # 6: month 13
        + "Citra,12345,Guru,SDN 1\n"  # 7
        + "Dewi,19850315 201001 1 002,Guru,SDN 1\n"  # 8: Budi's NIP again, written with spaces
        + "Eka,,Guru,SDN 1\n"  # 9
        + "EKA,-,Guru, sdn  1 \n"  # 10: same name and agency
        + f"{'x' * 151},,Guru,SDN 1\n"  # 11
        + f"Fajar,,{'j' * 201},SDN 1\n"  # 12
        + f'Gita,NIP. {NIP_3},=HYPERLINK("x"),  SDN 1  \n'  # 13: stored as it is, trimmed
        + "Hadi,19850315201001100A,,\n"  # 14
    )
    hasil = impor(kegiatan, isi.encode())
    assert hasil.galat == [
        GalatBaris(5, "Nama kosong."),
        GalatBaris(6, "Tanggal lahir pada NIP (8 angka pertama) tidak sah."),
        GalatBaris(7, "NIP harus 18 angka."),
        GalatBaris(8, "Sama dengan baris 2 (NIP-nya sama)."),
        GalatBaris(10, "Sama dengan baris 9 (nama dan instansinya sama)."),
        GalatBaris(11, "Nama terlalu panjang (151 karakter; paling banyak 150)."),
        GalatBaris(12, "Jabatan terlalu panjang (201 karakter; paling banyak 200)."),
        GalatBaris(14, "NIP harus 18 angka."),
    ]
    assert (hasil.ditambahkan, hasil.sudah_ada, hasil.galat_berkas) == (3, 0, None)
    gita = Peserta.objects.get(kegiatan=kegiatan, nama="Gita")
    assert (gita.nip, gita.jabatan, gita.instansi) == (NIP_3, '=HYPERLINK("x")', "SDN 1")


def test_beberapa_alasan_dalam_satu_baris(kegiatan):
    hasil = impor(kegiatan, (JUDUL + f",123,{'j' * 201},\n").encode())
    assert hasil.galat == [
        GalatBaris(2, "Nama kosong. Jabatan terlalu panjang (201 karakter; paling banyak 200). NIP harus 18 angka.")
    ]


def test_baris_templat_bernomor_tanpa_isi_dilewati(kegiatan):
    isi = "No,Nama,NIP,Jabatan,Instansi\n1,Budi,,,\n2,,,,\n3,,-,,\n4,,,,\n"
    hasil = impor(kegiatan, isi.encode())
    assert (hasil.ditambahkan, hasil.galat) == (1, [])


def test_kutip_dengan_baris_baru_di_dalam_sel(kegiatan):
    isi = JUDUL + f'"Budi\nSantoso",{NIP_PNS_SAH},"Kepala\r\nBidang",Dinas\nAni,123,,\n'
    hasil = impor(kegiatan, isi.encode())
    assert nama_peserta(kegiatan) == ["Budi Santoso"]
    assert hasil.galat == [GalatBaris(3, "NIP harus 18 angka.")]


# --- Importing twice --------------------------------------------------------------------------


def test_impor_ulang_tidak_menambah_dua_kali(kegiatan):
    isi = (JUDUL + f"Budi,{NIP_PNS_SAH},Guru,SDN 1\nAni,,Guru,SDN 1\nCitra,123,,\n").encode()
    pertama = impor(kegiatan, isi)
    assert (pertama.ditambahkan, pertama.sudah_ada, len(pertama.galat)) == (2, 0, 1)
    kedua = impor(kegiatan, isi)
    assert (kedua.ditambahkan, kedua.sudah_ada, kedua.galat) == (0, 2, pertama.galat)
    # An XLSX of the same list, written differently: the NIP decides, or else name and agency.
    data = xlsx(
        [["NIP", "Nama", "Instansi"], [NIP_PNS_SAH, "BUDI S.", "SDN 2"], [None, "ani", "sdn 1"], [NIP_2, "Dedi", ""]]
    )
    ketiga = impor(kegiatan, data, "daftar.xlsx")
    assert (ketiga.ditambahkan, ketiga.sudah_ada, ketiga.galat) == (1, 2, [])
    assert nama_peserta(kegiatan) == ["Budi", "Ani", "Dedi"]


def test_csv_hanya_baris_baru_tidak_lama(kegiatan, monkeypatch):
    dibaca = hitung_baris(monkeypatch, modul._TabelCsv)
    hasil = impor(kegiatan, JUDUL.encode() + b"\n" * (modul.BATAS_UKURAN - 100))
    assert hasil.galat_berkas == modul.PESAN_TERLALU_PANJANG
    # Ten million blank lines: reading stops at the sheet limit rather than walking them all.
    assert dibaca[0] <= modul.BATAS_BARIS_LEMBAR + 1


def test_peserta_kegiatan_lain_tidak_dianggap_sudah_ada(kegiatan):
    lain = Kegiatan.objects.create(
        jenis="sosialisasi", judul="Lain", mulai=timezone.now(), wilayah_id="35.07", penyelenggara="Bawaslu"
    )
    isi = (JUDUL + f"Budi,{NIP_PNS_SAH},,\n").encode()
    impor(lain, isi)
    assert impor(kegiatan, isi).ditambahkan == 1


def test_berkas_yang_sudah_dibaca_dibaca_dari_awal(kegiatan):
    berkas = unggah((JUDUL + f"Budi,{NIP_PNS_SAH},,\n").encode())
    berkas.read()
    assert impor_peserta(kegiatan=kegiatan, berkas=berkas, nama_berkas="daftar.csv").ditambahkan == 1


# --- Hostile input never raises ---------------------------------------------------------------

teks_csv = st.text(alphabet=st.characters(codec="utf-8"), max_size=400).map(lambda t: (JUDUL + t).encode())
isi_acak = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=2000).map(lambda b: modul.KEPALA_ZIP + b),
    teks_csv,
    teks_csv.map(lambda b: b.replace(b",", b";")),
    st.sampled_from([xlsx([["nama", "nip"], ["Budi", NIP_PNS_SAH]])]).flatmap(
        lambda d: st.integers(0, len(d) - 1).map(lambda i: d[:i] + b"\xff" + d[i + 1 :])
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(isi=isi_acak, nama=st.sampled_from(["daftar.csv", "daftar.xlsx", "DAFTAR.XLSX", "daftar.xls"]))
def test_isi_acak_tidak_pernah_meledak(kegiatan, isi, nama):
    sebelum = Peserta.objects.filter(kegiatan=kegiatan).count()
    hasil = impor(kegiatan, isi, nama)
    assert isinstance(hasil, HasilImpor)
    sesudah = Peserta.objects.filter(kegiatan=kegiatan).count()
    if hasil.galat_berkas is not None:
        assert isinstance(hasil.galat_berkas, str) and hasil.galat_berkas
        assert (hasil.ditambahkan, hasil.sudah_ada, hasil.galat) == (0, 0, [])
        assert sesudah == sebelum
    else:
        assert sesudah - sebelum == hasil.ditambahkan
        assert all(isinstance(g, GalatBaris) and g.baris >= 2 and g.alasan for g in hasil.galat)

"""The copy sent to the disciplining agency keeps the evidence and loses the reporter's metadata."""

import functools
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import hypothesis
import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageOps
from PIL.PngImagePlugin import PngInfo

from netralitas import pembersih
from netralitas.berkas import daftarkan_heif
from netralitas.pembersih import GagalDibersihkan, HasilBersih, bersihkan

XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="KameraRahasia"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
PENULIS = "Budi Pelapor Rahasia"
ICC = b"ProfilRahasia" * 8  # an ICC profile can name the device; any bytes do for the test
FFMPEG = shutil.which("ffmpeg")
FFPROBE = shutil.which("ffprobe")
perlu_ffmpeg = pytest.mark.skipif(
    not (FFMPEG and FFPROBE),
    reason="ffmpeg/ffprobe not installed (apt-get install ffmpeg); CI installs it, so video stripping is untested here",
)


def tulis(tmp_path: Path, nama: str, isi: bytes) -> str:
    path = tmp_path / nama
    path.write_bytes(isi)
    return str(path)


def bersihkan_dan_jaga(path: str, jenis: str) -> HasilBersih:
    """Strip, and prove the original was left exactly as it was: its metadata is evidence."""
    sebelum = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    hasil = bersihkan(path, jenis)
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sebelum
    return hasil


def exif_pelapor(orientasi: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "MerekRahasia"
    exif[ExifTags.Base.Model] = "ModelRahasia"
    if orientasi:
        exif[ExifTags.Base.Orientation] = orientasi
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SERI-998877"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 15.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (112.0, 45.0, 10.25)
    return exif


def dua_warna(mode="RGB", ukuran=(80, 40)) -> Image.Image:
    """Red left half, blue right half: enough to tell whether the picture was turned."""
    img = Image.new("RGB", ukuran, (220, 20, 20))
    img.paste((20, 20, 220), (ukuran[0] // 2, 0, ukuran[0], ukuran[1]))
    return img.convert(mode)


def selisih_rata(a: Image.Image, b: Image.Image) -> float:
    a, b = a.convert("RGB"), b.convert("RGB")
    assert a.size == b.size
    return sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True)) / len(a.tobytes())


def tanpa_metadata_gambar(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    assert not img.getexif()
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(img.info)
    for jejak in (b"Exif\x00\x00", b"http://ns.adobe.com/xap", b"Rahasia", b"SERI-998877", b"ICC_PROFILE"):
        assert jejak not in data
    return img


# --- Images -------------------------------------------------------------------------------------------------------


def test_jpeg_kehilangan_exif_gps_xmp_dan_icc_tetapi_tetap_tegak(tmp_path):
    asli = dua_warna()
    buf = io.BytesIO()
    asli.save(buf, "JPEG", quality=95, exif=exif_pelapor(orientasi=6), xmp=XMP, icc_profile=ICC)
    buf_isi = buf.getvalue()
    masuk = Image.open(io.BytesIO(buf_isi))
    assert masuk.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture must really carry GPS"
    assert "xmp" in masuk.info and "icc_profile" in masuk.info

    hasil = bersihkan_dan_jaga(tulis(tmp_path, "bukti.jpg", buf_isi), "foto")

    assert (hasil.ekstensi, hasil.mime) == (".jpg", "image/jpeg")
    keluar = tanpa_metadata_gambar(hasil.data)
    assert keluar.format == "JPEG"
    assert keluar.size == (40, 80), "Orientation 6 is applied to the pixels before the tag is dropped"
    assert selisih_rata(keluar, ImageOps.exif_transpose(masuk)) < 6
    assert keluar.getpixel((20, 5))[0] > 150, "red (the left half) is now on top"


def test_png_kehilangan_teks_dan_exif_tetapi_alfa_tetap(tmp_path):
    asli = dua_warna("RGBA")
    asli.putpixel((0, 0), (10, 200, 10, 0))
    info = PngInfo()
    info.add_text("Author", PENULIS)
    info.add_itxt("Description", "lokasi pelapor Rahasia", zip=True)
    info.add_text("XML:com.adobe.xmp", XMP.decode())
    buf = io.BytesIO()
    asli.save(buf, "PNG", pnginfo=info, exif=exif_pelapor(), icc_profile=ICC)
    for potongan in (b"eXIf", b"tEXt", b"iTXt", b"iCCP"):
        assert potongan in buf.getvalue()

    hasil = bersihkan_dan_jaga(tulis(tmp_path, "bukti.png", buf.getvalue()), "foto")

    assert (hasil.ekstensi, hasil.mime) == (".png", "image/png")
    keluar = tanpa_metadata_gambar(hasil.data)
    for potongan in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"tIME"):
        assert potongan not in hasil.data
    assert keluar.mode == "RGBA"
    assert keluar.getpixel((0, 0))[3] == 0
    assert keluar.tobytes() == asli.tobytes(), "PNG is lossless: every pixel survives"


def test_webp_kehilangan_exif_dan_xmp(tmp_path):
    buf = io.BytesIO()
    dua_warna().save(buf, "WEBP", exif=exif_pelapor(), xmp=XMP, icc_profile=ICC, quality=95)
    assert b"EXIF" in buf.getvalue() and b"ICCP" in buf.getvalue()

    hasil = bersihkan_dan_jaga(tulis(tmp_path, "bukti.webp", buf.getvalue()), "foto")

    assert (hasil.ekstensi, hasil.mime) == (".webp", "image/webp")
    keluar = tanpa_metadata_gambar(hasil.data)
    assert b"EXIF" not in hasil.data and b"XMP " not in hasil.data and b"ICCP" not in hasil.data
    assert keluar.format == "WEBP"
    assert selisih_rata(keluar, dua_warna()) < 8


def test_heic_menjadi_jpeg_tanpa_exif(tmp_path):
    daftarkan_heif()
    buf = io.BytesIO()
    try:
        dua_warna().save(buf, "HEIF", exif=exif_pelapor(orientasi=6), quality=90)
    except Exception as e:  # a pillow-heif build without an HEVC encoder
        pytest.skip(f"this pillow-heif cannot write HEIF: {e}")
    assert Image.open(io.BytesIO(buf.getvalue())).getexif()

    hasil = bersihkan_dan_jaga(tulis(tmp_path, "bukti.heic", buf.getvalue()), "foto")

    assert (hasil.ekstensi, hasil.mime) == (".jpg", "image/jpeg")
    keluar = tanpa_metadata_gambar(hasil.data)
    assert keluar.format == "JPEG"
    assert keluar.size in {(80, 40), (40, 80)}  # whether libheif already applied the rotation depends on the build


def berlubang(mode: str) -> Image.Image:
    """A transparent corner, so encoders cannot drop the alpha channel as unused."""
    img = dua_warna("RGBA")
    img.putpixel((0, 0), (0, 0, 0, 0))
    return img.convert(mode)


@pytest.mark.parametrize(
    ("buat", "format_", "mode_keluar"),
    [
        (lambda: dua_warna("P"), "PNG", "RGB"),
        (lambda: dua_warna("L"), "PNG", "L"),
        (lambda: berlubang("LA"), "PNG", "RGBA"),
        (lambda: dua_warna("CMYK"), "JPEG", "RGB"),
        (lambda: dua_warna("L"), "JPEG", "L"),
        (lambda: berlubang("RGBA"), "WEBP", "RGBA"),
    ],
    ids=["png-palet", "png-abu", "png-abu-alfa", "jpeg-cmyk", "jpeg-abu", "webp-alfa"],
)
def test_mode_gambar_diubah_seperlunya(tmp_path, buat, format_, mode_keluar):
    buf = io.BytesIO()
    buat().save(buf, format_)
    hasil = bersihkan(tulis(tmp_path, "bukti", buf.getvalue()), "foto")
    keluar = tanpa_metadata_gambar(hasil.data)
    assert keluar.mode == mode_keluar
    assert selisih_rata(keluar, Image.open(buf)) < 8
    if "A" in mode_keluar:
        assert keluar.getpixel((0, 0))[3] == 0


def test_png_palet_dengan_transparansi_menjadi_rgba(tmp_path):
    img = dua_warna("P")
    buf = io.BytesIO()
    img.save(buf, "PNG", transparency=img.getpixel((0, 0)))
    keluar = tanpa_metadata_gambar(bersihkan(tulis(tmp_path, "bukti.png", buf.getvalue()), "foto").data)
    assert keluar.mode == "RGBA"
    assert keluar.getpixel((0, 0))[3] == 0 and keluar.getpixel((79, 0))[3] == 255


def test_gif_animasi_bukan_format_bukti(tmp_path):
    buf = io.BytesIO()
    dua_warna().save(buf, "GIF", save_all=True, append_images=[dua_warna().rotate(90)])
    with pytest.raises(GagalDibersihkan):
        bersihkan(tulis(tmp_path, "bukti.gif", buf.getvalue()), "foto")


def test_webp_animasi_cukup_bingkai_pertama(tmp_path):
    buf = io.BytesIO()
    dua_warna().save(
        buf, "WEBP", save_all=True, append_images=[Image.new("RGB", (80, 40), "green")], exif=exif_pelapor()
    )
    keluar = tanpa_metadata_gambar(bersihkan(tulis(tmp_path, "bukti.webp", buf.getvalue()), "foto").data)
    assert getattr(keluar, "n_frames", 1) == 1
    assert selisih_rata(keluar, dua_warna()) < 20


@pytest.mark.parametrize("batas", [1000, 2000])  # 64x48: above twice the limit (error), above the limit (warning)
def test_bom_dekompresi_ditolak(tmp_path, monkeypatch, batas):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", batas)
    buf = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buf, "PNG")
    with pytest.raises(GagalDibersihkan, match="terlalu besar"):
        bersihkan(tulis(tmp_path, "bom.png", buf.getvalue()), "foto")


def test_batas_piksel_proyek_berlaku(tmp_path, settings):
    settings.BUKTI_MAKS_PIKSEL = 64 * 48 - 1
    buf = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buf, "PNG")
    with pytest.raises(GagalDibersihkan, match="terlalu besar"):
        bersihkan(tulis(tmp_path, "besar.png", buf.getvalue()), "foto")


def test_gambar_terpotong_atau_sampah_ditolak(tmp_path):
    buf = io.BytesIO()
    Image.effect_noise((128, 128), 60).convert("RGB").save(buf, "JPEG", quality=95)
    terpotong = buf.getvalue()[: len(buf.getvalue()) // 2]
    for isi in (terpotong, b"bukan gambar sama sekali" * 10, b""):
        with pytest.raises(GagalDibersihkan):
            bersihkan(tulis(tmp_path, "rusak.jpg", isi), "foto")


def test_berkas_hilang_dan_jenis_asing_ditolak(tmp_path):
    for jenis in ("foto", "pdf", "video"):
        with pytest.raises(GagalDibersihkan):
            bersihkan(str(tmp_path / "tidak-ada"), jenis)
    with pytest.raises(GagalDibersihkan, match="Jenis bukti"):
        bersihkan(tulis(tmp_path, "x.txt", b"teks"), "dokumen")


# --- PDF ----------------------------------------------------------------------------------------------------------


def jpeg_dengan_gps() -> bytes:
    buf = io.BytesIO()
    dua_warna(ukuran=(32, 16)).save(buf, "JPEG", quality=90, exif=exif_pelapor(), xmp=XMP, comment=b"Rahasia")
    return buf.getvalue()


def pdf_pelapor(**simpan) -> bytes:
    """One page with an unchanged camera JPEG on it, as img2pdf and scanner apps make them."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    halaman = pdf.pages[0]
    foto = pikepdf.Stream(
        pdf,
        jpeg_dengan_gps(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=32,
        Height=16,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=pikepdf.Name.DCTDecode,
        Metadata=pdf.make_stream(XMP),
    )
    halaman.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=foto))
    halaman.Contents = pdf.make_stream(b"q 200 0 0 100 0 0 cm /Im0 Do Q")
    halaman.obj.Metadata = pdf.make_stream(XMP)
    halaman.obj.PieceInfo = pikepdf.Dictionary(Illustrator=pikepdf.Dictionary(Private=PENULIS))
    pdf.docinfo["/Author"] = PENULIS
    pdf.docinfo["/Creator"] = "AplikasiRahasia"
    pdf.docinfo["/Producer"] = "ProduserRahasia"
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [PENULIS]
    buf = io.BytesIO()
    pdf.save(buf, **simpan)
    return buf.getvalue()


def test_pdf_kehilangan_info_xmp_pieceinfo_dan_exif_foto(tmp_path):
    isi = pdf_pelapor()
    with pikepdf.open(io.BytesIO(isi)) as masuk:
        assert "/Info" in masuk.trailer and "/Metadata" in masuk.Root
        id_asli = bytes(masuk.trailer.ID[0])
        foto_asli = pikepdf.PdfImage(masuk.pages[0].Resources.XObject.Im0).as_pil_image()

    hasil = bersihkan_dan_jaga(tulis(tmp_path, "bukti.pdf", isi), "pdf")

    assert (hasil.ekstensi, hasil.mime) == (".pdf", "application/pdf")
    for jejak in (PENULIS.encode(), b"Rahasia", b"x:xmpmeta", b"pikepdf", b"Exif\x00\x00", id_asli):
        assert jejak not in hasil.data
    with pikepdf.open(io.BytesIO(hasil.data)) as keluar:
        assert "/Info" not in keluar.trailer
        assert "/Metadata" not in keluar.Root
        assert len(keluar.pages) == 1
        halaman = keluar.pages[0]
        assert "/Metadata" not in halaman.obj and "/PieceInfo" not in halaman.obj
        foto = halaman.Resources.XObject.Im0
        assert "/Metadata" not in foto
        assert foto.Filter == pikepdf.Name.DCTDecode
        assert pikepdf.PdfImage(foto).as_pil_image().tobytes() == foto_asli.tobytes(), "the photo is not re-encoded"


def test_pdf_terkunci_kata_sandi_ditolak(tmp_path):
    isi = pdf_pelapor(encryption=pikepdf.Encryption(owner="a", user="b"))
    with pytest.raises(GagalDibersihkan, match="kata sandi"):
        bersihkan(tulis(tmp_path, "terkunci.pdf", isi), "pdf")


def test_pdf_terenkripsi_tanpa_sandi_pengguna_juga_ditolak(tmp_path):
    """Owner-only encryption opens without a password, but the brief withholds every encrypted PDF."""
    isi = pdf_pelapor(encryption=pikepdf.Encryption(owner="a", user=""))
    with pytest.raises(GagalDibersihkan, match="terenkripsi"):
        bersihkan(tulis(tmp_path, "terenkripsi.pdf", isi), "pdf")


@pytest.mark.parametrize(
    "isi",
    [
        b"sampah, bukan PDF",
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        b"",
    ],
    ids=["sampah", "tanpa-halaman", "kosong"],
)
def test_pdf_rusak_ditolak(tmp_path, isi):
    with pytest.raises(GagalDibersihkan):
        bersihkan(tulis(tmp_path, "rusak.pdf", isi), "pdf")


def test_jpeg_tertanam_dibersihkan_tanpa_mengubah_piksel():
    for simpan in ({}, {"progressive": True}, {"restart_marker_blocks": 1}):
        buf = io.BytesIO()
        Image.effect_noise((48, 32), 50).convert("RGB").save(
            buf, "JPEG", exif=exif_pelapor(), xmp=XMP, comment=b"Rahasia", **simpan
        )
        asli = buf.getvalue() + b"EKOR-MPO-Rahasia"
        bersih = pembersih._jpeg_tanpa_metadata(asli)
        assert b"Exif" not in bersih and b"xap" not in bersih and b"Rahasia" not in bersih
        assert Image.open(io.BytesIO(bersih)).tobytes() == Image.open(io.BytesIO(asli)).tobytes()
    cmyk = io.BytesIO()
    dua_warna("CMYK").save(cmyk, "JPEG")
    assert b"Adobe" in pembersih._jpeg_tanpa_metadata(cmyk.getvalue()), "APP14 tells decoders how to read CMYK"


# --- Video --------------------------------------------------------------------------------------------------------


def ffprobe(path: str) -> dict:
    keluar = subprocess.run(
        [
            FFPROBE,
            "-v",
            "error",
            "-show_entries",
            "format=duration:format_tags:stream=codec_type:stream_tags",
            "-of",
            "json",
            path,
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return json.loads(keluar.stdout)


def semua_tag(info: dict) -> dict:
    tag = dict(info.get("format", {}).get("tags", {}))
    for aliran in info.get("streams", []):
        tag.update(aliran.get("tags", {}))
    return {k.lower(): v for k, v in tag.items()}


@functools.cache
def kodek_video() -> str:
    encoder = subprocess.run([FFMPEG, "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return "libx264" if " libx264 " in encoder else "mpeg4"


def buat_video(path: Path, *argumen: str, sampul: Path | None = None) -> str:
    """One second of test picture and tone, tagged the way phones tag them."""
    tambahan = ["-i", str(sampul), "-map", "0", "-map", "1", "-map", "2"] if sampul else []
    if sampul:
        tambahan += ["-c:v:1", "copy", "-disposition:v:1", "attached_pic"]
    perintah = [FFMPEG, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10"]
    perintah += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", *tambahan, "-t", "1"]
    for tag in ("location=+27.5916+086.5640/", "title=RAHASIA", "creation_time=2024-01-01T00:00:00Z"):
        perintah += ["-metadata", tag]
    perintah += ["-metadata", "make=MerekRahasia", "-metadata", "model=ModelRahasia"]
    perintah += ["-metadata:s:v:0", "handler_name=PenanganRahasia", "-metadata:s:v:0", "creation_time=2024-01-01"]
    perintah += ["-c:v:0", kodek_video(), "-pix_fmt", "yuv420p", "-c:a", "aac", *argumen, str(path)]
    subprocess.run(perintah, check=True, capture_output=True, timeout=60)
    return str(path)


TAG_TERLARANG = {"location", "location-eng", "com.apple.quicktime.location.iso6709", "creation_time", "title", "make"}
TAG_TERLARANG |= {"model", "com.apple.quicktime.make", "com.apple.quicktime.model", "encoder"}


def periksa_video_bersih(hasil: HasilBersih, tmp_path: Path) -> None:
    assert (hasil.ekstensi, hasil.mime) == (".mp4", "video/mp4")
    for jejak in (b"RAHASIA", b"Rahasia", b"+27.5916", b"2024-01-01"):
        assert jejak not in hasil.data
    path = tulis(tmp_path, "keluar.mp4", hasil.data)
    info = ffprobe(path)
    assert not TAG_TERLARANG & set(semua_tag(info)), semua_tag(info)
    assert [a["codec_type"] for a in info["streams"]] == ["video", "audio"]
    assert 0.8 <= float(info["format"]["duration"]) <= 1.3


@perlu_ffmpeg
def test_mp4_kehilangan_lokasi_judul_dan_waktu(tmp_path):
    masuk = buat_video(tmp_path / "bukti.mp4")
    assert {"location", "title", "creation_time"} <= set(semua_tag(ffprobe(masuk))), "the fixture must carry tags"

    periksa_video_bersih(bersihkan_dan_jaga(masuk, "video"), tmp_path)


@perlu_ffmpeg
def test_mov_iphone_kehilangan_lokasi_apple(tmp_path):
    """QuickTime keys as iPhones write them."""
    masuk = buat_video(
        tmp_path / "bukti.mov",
        "-movflags",
        "use_metadata_tags",
        "-metadata",
        "com.apple.quicktime.location.ISO6709=+27.5916+086.5640+000.000/",
        "-metadata",
        "com.apple.quicktime.make=Apple Rahasia",
        "-f",
        "mov",
    )
    assert "com.apple.quicktime.location.iso6709" in semua_tag(ffprobe(masuk))

    periksa_video_bersih(bersihkan_dan_jaga(masuk, "video"), tmp_path)


@perlu_ffmpeg
def test_sampul_video_tidak_ikut(tmp_path):
    """A cover picture is a video stream too (0:v), and often a JPEG with its own EXIF; 0:V leaves it out."""
    sampul = tmp_path / "sampul.jpg"
    sampul.write_bytes(jpeg_dengan_gps())
    masuk = buat_video(tmp_path / "bukti.mp4", "-f", "mp4", sampul=sampul)
    assert [a["codec_type"] for a in ffprobe(masuk)["streams"]] == ["video", "audio", "video"]
    assert b"Exif\x00\x00" in Path(masuk).read_bytes()

    hasil = bersihkan_dan_jaga(masuk, "video")

    periksa_video_bersih(hasil, tmp_path)
    assert b"Exif\x00\x00" not in hasil.data


@perlu_ffmpeg
def test_video_tanpa_ffmpeg_ditolak(tmp_path, monkeypatch):
    masuk = buat_video(tmp_path / "bukti.mp4")
    monkeypatch.setattr(pembersih.shutil, "which", lambda _nama: None)
    with pytest.raises(GagalDibersihkan, match="ffmpeg"):
        bersihkan(masuk, "video")


@perlu_ffmpeg
def test_video_melewati_batas_waktu_ditolak(tmp_path, monkeypatch):
    masuk = buat_video(tmp_path / "bukti.mp4")
    monkeypatch.setattr(pembersih, "BATAS_WAKTU_FFMPEG", 0.001)
    with pytest.raises(GagalDibersihkan, match="batas waktu"):
        bersihkan(masuk, "video")


def test_video_rusak_ditolak(tmp_path):
    for isi in (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64, b"sampah"):
        with pytest.raises(GagalDibersihkan):
            bersihkan(tulis(tmp_path, "rusak.mp4", isi), "video")


def test_video_bukan_playlist_atau_berkas_lain(tmp_path):
    """A concat list naming another file must not make ffmpeg read that file into the copy."""
    rahasia = tmp_path / "lain.mp4"
    rahasia.write_bytes(b"isi berkas lain")
    daftar = tulis(tmp_path, "daftar.mp4", f"ffconcat version 1.0\nfile '{rahasia}'\n".encode())
    with pytest.raises(GagalDibersihkan):
        bersihkan(daftar, "video")


# --- Any input ----------------------------------------------------------------------------------------------------

KEPALA = [
    b"",
    b"\xff\xd8\xff\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"\x00\x00\x00\x18ftypheic",
    b"%PDF-1.7\n",
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
]


ISI_SEMBARANG = st.tuples(st.sampled_from(KEPALA), st.binary(max_size=1024)).map(b"".join)


def hanya_gagal_dibersihkan(jenis: str, isi: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = tulis(Path(tmp), "bukti", isi)
        try:
            hasil = bersihkan(path, jenis)
        except GagalDibersihkan:
            return
        assert isinstance(hasil, HasilBersih) and hasil.data


@pytest.mark.parametrize("jenis", ["foto", "pdf"])
@hypothesis.settings(max_examples=50, deadline=None)
@given(isi=ISI_SEMBARANG)
def test_sembarang_isi_hanya_gagal_dibersihkan(jenis, isi):
    hanya_gagal_dibersihkan(jenis, isi)


@hypothesis.settings(max_examples=20, deadline=None)  # each example starts ffmpeg (~90 ms); the file stays < 10 s
@given(isi=ISI_SEMBARANG)
def test_sembarang_isi_video_hanya_gagal_dibersihkan(isi):
    hanya_gagal_dibersihkan("video", isi)


@hypothesis.settings(max_examples=200, deadline=None)
@given(
    isi=st.tuples(st.sampled_from([b"", b"\xff\xd8", b"\xff\xd8\xff\xda\x00\x02"]), st.binary(max_size=256)).map(
        b"".join
    )
)
def test_pengurai_jpeg_hanya_menolak_dengan_valueerror(isi):
    try:
        hasil = pembersih._jpeg_tanpa_metadata(isi)
    except ValueError:
        return
    assert hasil.startswith(b"\xff\xd8") and len(hasil) <= len(isi) + 2

"""Metadata-free copies of evidence, for the agency that disciplines a reported civil servant.

The original is never touched (its metadata is evidence); only the copy leaves Bawaslu. Whatever cannot
be stripped with certainty raises GagalDibersihkan, so the file is withheld rather than sent with
the reporter's location, device or name still inside it.
"""

import io
import os
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from PIL import Image, ImageOps

from netralitas.berkas import FORMAT_GAMBAR, JenisBerkas, daftarkan_heif

BATAS_WAKTU_FFMPEG = 300  # seconds; a remux without re-encoding takes seconds even for long videos

# Input format -> (Pillow format to save as, extension, MIME). HEIC becomes JPEG: reviewers rarely open HEIC.
KELUARAN_GAMBAR = {
    "JPEG": ("JPEG", ".jpg", "image/jpeg"),
    "MPO": ("JPEG", ".jpg", "image/jpeg"),
    "HEIF": ("JPEG", ".jpg", "image/jpeg"),
    "PNG": ("PNG", ".png", "image/png"),
    "WEBP": ("WEBP", ".webp", "image/webp"),
}
# Modes PNG stores as they are; everything else becomes RGB or RGBA.
MODE_PNG = {"1", "L", "I", "I;16", "RGB", "RGBA"}
# JPEG markers that carry metadata: APP1-APP13 (EXIF, XMP, Photoshop IRB/IPTC), APP2 (ICC, MPF), APP15, COM.
# APP0 (JFIF) and APP14 (Adobe colour transform) stay: decoders need them to get the colours right.
PENANDA_METADATA_JPEG = frozenset(range(0xE1, 0xEE)) | {0xEF, 0xFE}


class GagalDibersihkan(Exception):
    """The file could not be stripped; it is withheld from the reviewer until Bawaslu releases it by hand."""


@dataclass(frozen=True)
class HasilBersih:
    data: bytes
    ekstensi: str
    mime: str


def bersihkan(path: str, jenis: str) -> HasilBersih:
    """jenis is one of "foto", "pdf", "video" (the Bukti.jenis values). Raises GagalDibersihkan."""
    if jenis == JenisBerkas.FOTO:
        return _bersihkan_gambar(path)
    if jenis == JenisBerkas.PDF:
        return _bersihkan_pdf(path)
    if jenis == JenisBerkas.VIDEO:
        return _bersihkan_video(path)
    raise GagalDibersihkan("Jenis bukti tidak dikenal, sehingga berkas tidak dapat dibersihkan dari metadata.")


# --- Images -------------------------------------------------------------------------------------------------------


def _bersihkan_gambar(path: str) -> HasilBersih:
    """Re-encode the pixels alone: a fresh image has no EXIF, XMP, ICC, text chunks or comments to carry over."""
    daftarkan_heif()
    terlalu_besar = GagalDibersihkan("Ukuran gambar (piksel) terlalu besar untuk dibersihkan.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=list(FORMAT_GAMBAR)) as gambar:
                if gambar.width * gambar.height > settings.BUKTI_MAKS_PIKSEL:
                    raise terlalu_besar
                format_masuk = gambar.format
                if format_masuk not in KELUARAN_GAMBAR:
                    raise GagalDibersihkan("Format gambar tidak didukung untuk dibersihkan.")
                format_keluar, ekstensi, mime = KELUARAN_GAMBAR[format_masuk]
                # Orientation lives in the EXIF we drop, so turn the pixels now or the photo ends up sideways.
                tegak = ImageOps.exif_transpose(gambar)
                bersih = _salin_piksel(tegak, format_keluar)
        keluaran = io.BytesIO()
        if format_keluar == "JPEG":
            bersih.save(keluaran, "JPEG", quality=90)
        elif format_keluar == "WEBP":
            bersih.save(keluaran, "WEBP", quality=90)
        else:
            bersih.save(keluaran, "PNG")
    except GagalDibersihkan:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise terlalu_besar from None
    except Exception:  # Pillow's decoders raise many kinds of errors on hostile input
        raise GagalDibersihkan("Gambar rusak atau tidak dapat dibaca, sehingga tidak dapat dibersihkan.") from None
    return HasilBersih(keluaran.getvalue(), ekstensi, mime)


def _salin_piksel(gambar: Image.Image, format_keluar: str) -> Image.Image:
    """Only the pixel bytes cross over; Image.frombytes starts with an empty info dict."""
    pita = set(gambar.getbands())
    ada_alfa = bool(pita & {"A", "a"}) or "transparency" in gambar.info
    if format_keluar == "JPEG":
        if ada_alfa:  # HEIC may have alpha; JPEG cannot, so flatten onto white as the thumbnails do
            sumber = gambar.convert("RGBA")
            rata = Image.new("RGB", sumber.size, "white")
            rata.paste(sumber, mask=sumber.getchannel("A"))
            sumber = rata
        else:
            sumber = gambar.convert("L" if gambar.mode in ("1", "L") else "RGB")
    elif format_keluar == "PNG" and not ada_alfa and gambar.mode in MODE_PNG:
        sumber = gambar
    else:
        sumber = gambar.convert("RGBA" if ada_alfa else "RGB")
    return Image.frombytes(sumber.mode, sumber.size, sumber.tobytes())


# --- PDF ----------------------------------------------------------------------------------------------------------


def _bersihkan_pdf(path: str) -> HasilBersih:
    """Drop document info, XMP and private application data everywhere in the file, keeping the pages as they are."""
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise GagalDibersihkan("PDF terenkripsi atau dikunci kata sandi, sehingga tidak dapat dibersihkan.")
            if len(pdf.pages) == 0:
                raise GagalDibersihkan("PDF tidak berisi halaman.")
            # Not pdf.docinfo: reading that property creates an empty Info dictionary when there is none.
            for kunci in ("/Info", "/ID"):  # /ID is dropped too, so the copy cannot be matched to the original
                if kunci in pdf.trailer:
                    del pdf.trailer[kunci]
            for objek in pdf.objects:
                _buang_metadata_pdf(objek)
            keluaran = io.BytesIO()
            # fix_metadata_version=False: nothing may touch XMP. Saving never adds a Producer by itself; only
            # open_metadata() does (it marks pikepdf as editor), and it is never called here.
            pdf.save(keluaran, fix_metadata_version=False, deterministic_id=True)
    except GagalDibersihkan:
        raise
    except pikepdf.PasswordError:
        raise GagalDibersihkan("PDF dikunci kata sandi, sehingga tidak dapat dibersihkan.") from None
    except Exception:  # qpdf reports damage through several exception types
        raise GagalDibersihkan("PDF rusak atau tidak dapat dibaca, sehingga tidak dapat dibersihkan.") from None
    return HasilBersih(keluaran.getvalue(), ".pdf", "application/pdf")


def _buang_metadata_pdf(objek) -> None:
    """XMP (/Metadata) and /PieceInfo hang off the catalog, pages, images and fonts alike, so every object is swept."""
    if isinstance(objek, pikepdf.Dictionary | pikepdf.Stream):
        for kunci in ("/Metadata", "/PieceInfo"):
            if kunci in objek:
                del objek[kunci]
        if isinstance(objek, pikepdf.Stream) and _hanya_dct(objek.get("/Filter")):
            _bersihkan_jpeg_tertanam(objek)
        anak = objek.values()
    elif isinstance(objek, pikepdf.Array):
        anak = list(objek)
    else:
        return
    for nilai in anak:
        # Indirect objects get their own turn from pdf.objects; only direct ones nest here.
        if isinstance(nilai, pikepdf.Dictionary | pikepdf.Array) and not nilai.is_indirect:
            _buang_metadata_pdf(nilai)


def _hanya_dct(filter_) -> bool:
    """Only a bare DCTDecode stream is a JPEG file as it stands; chained filters are rare and left alone."""
    if isinstance(filter_, pikepdf.Array) and len(filter_) == 1:
        filter_ = filter_[0]
    return filter_ == pikepdf.Name.DCTDecode


def _bersihkan_jpeg_tertanam(aliran) -> None:
    """A photo put into a PDF unchanged (img2pdf, many scanner apps) still carries its EXIF GPS inside the stream."""
    asli = aliran.read_raw_bytes()
    try:
        bersih = _jpeg_tanpa_metadata(asli)
    except ValueError:
        raise GagalDibersihkan("Gambar JPEG di dalam PDF rusak, sehingga PDF tidak dapat dibersihkan.") from None
    if bersih != asli:
        aliran.write(bersih, filter=aliran.Filter, decode_parms=aliran.get("/DecodeParms"), type_check=False)


def _jpeg_tanpa_metadata(data: bytes) -> bytes:
    """The same JPEG minus its APPn/COM segments: lossless, the compressed pixels are copied byte for byte."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("bukan JPEG")
    keluar = bytearray(b"\xff\xd8")
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            raise ValueError("penanda JPEG diharapkan")
        while i < n and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= n:
            break
        penanda = data[i]
        i += 1
        if penanda == 0xD9:  # EOI: whatever follows (MPO frames, vendor trailers) is left behind
            keluar += b"\xff\xd9"
            break
        if penanda == 0x01 or 0xD0 <= penanda <= 0xD7:  # markers without a length
            keluar += bytes((0xFF, penanda))
            continue
        if i + 2 > n:
            raise ValueError("segmen JPEG terpotong")
        ujung = i + int.from_bytes(data[i : i + 2], "big")
        if ujung < i + 2 or ujung > n:
            raise ValueError("panjang segmen JPEG tidak sah")
        if penanda not in PENANDA_METADATA_JPEG:
            keluar += bytes((0xFF, penanda)) + data[i:ujung]
        i = ujung
        if penanda == 0xDA:  # start of scan: entropy-coded data runs to the next marker that is not FF00 or RSTn
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= n:
                    j = n
                    break
                if data[j + 1] == 0x00 or 0xD0 <= data[j + 1] <= 0xD7:
                    j += 2
                    continue
                break
            keluar += data[i:j]
            i = j
    return bytes(keluar)


# --- Video --------------------------------------------------------------------------------------------------------


def _bersihkan_video(path: str) -> HasilBersih:
    """Remux without re-encoding: the frames stay identical, the container's tags, chapters and data tracks go."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise GagalDibersihkan("Video tidak dapat dibersihkan karena ffmpeg tidak tersedia di server.")
    with tempfile.TemporaryDirectory() as tmp:
        keluar = os.path.join(tmp, "bersih.mp4")
        perintah = [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            # Upload checks only accept the ISO/QuickTime signature, so demux as that and read local files only:
            # a crafted playlist or concat file must not make ffmpeg open other files or URLs.
            "-protocol_whitelist",
            "file",
            "-f",
            "mov",
            "-i",
            os.path.abspath(path),
            # V (capital): video but not cover art or thumbnails, which are often JPEGs with their own EXIF.
            # Data tracks (GoPro GPS telemetry, QuickTime timed metadata) are left out by mapping only V and a.
            "-map",
            "0:V?",
            "-map",
            "0:a?",
            "-map_metadata",
            "-1",
            "-map_metadata:s:v",
            "-1",
            "-map_metadata:s:a",
            "-1",
            "-map_chapters",
            "-1",
            "-c",
            "copy",
            # bitexact: no encoder tag and zero creation times in the movie and track headers
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            keluar,
        ]
        try:
            subprocess.run(perintah, check=True, timeout=BATAS_WAKTU_FFMPEG, capture_output=True)
        except subprocess.TimeoutExpired:
            raise GagalDibersihkan("Pembersihan video melebihi batas waktu.") from None
        except (subprocess.SubprocessError, OSError):
            raise GagalDibersihkan(
                "Video rusak atau formatnya tidak didukung, sehingga tidak dapat dibersihkan."
            ) from None
        if not os.path.exists(keluar) or os.path.getsize(keluar) == 0:
            raise GagalDibersihkan("Hasil pembersihan video kosong.")
        with open(keluar, "rb") as f:
            data = f.read()
    return HasilBersih(data, ".mp4", "video/mp4")

"""Demo conversations for `seed_demo` (a laptop only): threads on three demo cases, written through
the same services /lacak/ and the case page use, one of them with a reporter's message the
Bawaslu Kabupaten Malang has not read yet (the list's filter "Ada pesan belum dibaca")."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .bukti import simpan_unggahan_sementara
from .models import Pengaduan
from .pelaporan.services import kirim_pesan_pelapor
from .triase.services import kirim_pesan_ke_pelapor, tandai_pesan_dibaca


def _foto(nama: str, warna) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), warna).save(buf, "JPEG")
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


def _kasus(terlapor: str) -> Pengaduan | None:
    return Pengaduan.objects.filter(terlapor__nama=terlapor).order_by("pk").first()


def isi_percakapan_demo() -> int:
    """Write the demo threads; returns how many messages. Refuses when DEBUG is off."""
    if not settings.DEBUG:
        raise RuntimeError("Percakapan contoh hanya untuk pemakaian lokal: DEBUG harus menyala.")
    staf = get_user_model().objects.get(username="bawaslu.malang")
    n = 0
    # A question while the completion request is open, answered and read.
    p = _kasus("Budi Santoso")
    if p is not None:
        kirim_pesan_pelapor(
            pengaduan=p,
            teks="Apakah tangkapan layar dari grup WhatsApp sudah cukup, atau perlu tautan unggahannya juga?",
            unggahan=[],
        )
        tandai_pesan_dibaca(pengaduan=p, oleh=staf)
        kirim_pesan_ke_pelapor(
            pengaduan=p,
            oleh=staf,
            teks="Tangkapan layar cukup bila tanggal dan nama akun terlapor terlihat. "
            "Kirimkan lewat tombol “Kirim kelengkapan” agar kajian awal berjalan lagi.",
        )
        n += 3
    # A forwarded case: the reporter adds a photo, the office answers. The inspektorat never sees it.
    p = _kasus("Agus Prasetyo")
    if p is not None:
        kirim_pesan_pelapor(
            pengaduan=p,
            teks="Terlapor kembali mengunggah foto serupa kemarin sore. Saya lampirkan tangkapan layarnya.",
            unggahan=[simpan_unggahan_sementara(berkas=_foto("unggahan-kemarin.jpg", (40, 90, 140)))],
        )
        tandai_pesan_dibaca(pengaduan=p, oleh=staf)
        kirim_pesan_ke_pelapor(
            pengaduan=p,
            oleh=staf,
            teks="Terima kasih. Rekomendasi sudah diteruskan ke instansi terlapor; kami kabarkan hasilnya di sini.",
        )
        n += 2
    # An anonymous tip whose reporter wrote again: not read yet.
    p = _kasus("Siti Aminah")
    if p is not None:
        kirim_pesan_pelapor(
            pengaduan=p,
            teks="Hari Minggu terlapor terlihat lagi di acara deklarasi pasangan calon di lapangan desa.",
            unggahan=[simpan_unggahan_sementara(berkas=_foto("deklarasi.jpg", (140, 60, 30)))],
        )
        n += 1
    return n

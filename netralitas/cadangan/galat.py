"""The two ways a backup or a restore stops. The messages are in Bahasa Indonesia: the commands
print them to the operator as they are."""

import errno

# What the operator reads instead of the C library's English (strerror).
_SEBAB_OS = {
    errno.ENOSPC: "ruang disk habis",
    errno.EDQUOT: "kuota disk pengguna ini habis",
    errno.EIO: "galat baca/tulis perangkat (I/O); periksa disk dan log kernel (journalctl -k)",
    errno.EROFS: "sistem berkas hanya dapat dibaca",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "operasi tidak diizinkan",
    errno.ENOENT: "tidak ada",
    errno.EEXIST: "sudah ada",
    errno.ENOTDIR: "bukan folder",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.EMFILE: "terlalu banyak berkas terbuka",
}


class Ditolak(Exception):
    """Refused before anything was written (a target not empty, a damaged archive, a missing tool):
    the message names what and says what to do."""


class Gagal(Exception):
    """Failed after writing began: the message says what was written and how to start over."""


def sebab_os(e: OSError) -> str:
    """An OSError in Bahasa Indonesia, with the path it concerns."""
    sebab = _SEBAB_OS.get(e.errno, f"galat sistem (errno {e.errno})")
    return f"{sebab}: {e.filename}" if e.filename else sebab

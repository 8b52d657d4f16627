"""The checks that stop a production start on a missing or weak setting (DEBUG off).

settings.py calls these while it reads the environment, so a bad value fails `gunicorn`, `celery`
and `manage.py` alike, before the first request, with a message in Bahasa Indonesia that names the
variable to fix. Every message is meant for the operator reading the service's log; none echoes a
secret's value.

Pure functions of their arguments (no Django settings read here): the tests call them directly, and
tests/test_produksi.py also starts the settings in a subprocess to prove they are wired in.
"""

import base64
import binascii
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

# Django's own rule for a usable SECRET_KEY (security.W009): at least 50 characters, at least 5
# different ones. The tracking-code key is an HMAC-SHA256 key; 32 characters of token_urlsafe carry
# more than the hash's 256 bits.
PANJANG_MINIMAL = {"SECRET_KEY": 50, "TRACKING_CODE_KEY": 32}
KARAKTER_BERBEDA_MINIMAL = 5
# Values copied from an example, a tutorial or a template instead of generated. Compared in lower
# case, as a prefix (django-admin startproject) or a part of the value.
AWALAN_CONTOH = ("django-insecure-", "kunci-lokal-")
BAGIAN_CONTOH = (
    "ganti",  # the .env.example values: "ganti-dengan-…"
    "changeme",
    "change-me",
    "change_me",
    "contoh",
    "example",
    "placeholder",
    "rahasia-saya",
    "your-secret",
    "secret-key",
    "xxxxxxxx",
)
CARA_MEMBUAT = "buat dengan: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def kunci(nama: str, nilai: str, *, lain: dict[str, str] | None = None) -> str:
    """A production key: present, long, varied, not a placeholder, not another key's value."""
    if not nilai:
        raise ImproperlyConfigured(f"{nama} wajib diisi ketika DEBUG mati; {CARA_MEMBUAT}.")
    minimal = PANJANG_MINIMAL.get(nama, 50)
    if len(nilai) < minimal:
        raise ImproperlyConfigured(
            f"{nama} terlalu pendek ({len(nilai)} karakter; minimal {minimal} karakter acak); {CARA_MEMBUAT}."
        )
    kecil = nilai.lower()
    if kecil.startswith(AWALAN_CONTOH) or any(b in kecil for b in BAGIAN_CONTOH):
        raise ImproperlyConfigured(f"{nama} masih berupa nilai contoh, bukan kunci acak; {CARA_MEMBUAT}.")
    if len(set(nilai)) < KARAKTER_BERBEDA_MINIMAL:
        raise ImproperlyConfigured(f"{nama} terlalu seragam (kurang dari 5 karakter berbeda); {CARA_MEMBUAT}.")
    for nama_lain, nilai_lain in (lain or {}).items():
        if nilai == nilai_lain:
            raise ImproperlyConfigured(
                f"{nama} tidak boleh sama dengan {nama_lain}: masing-masing kunci punya tugasnya sendiri "
                f"dan dirotasi sendiri-sendiri; {CARA_MEMBUAT}."
            )
    return nilai


CARA_MEMBUAT_KUNCI = (
    'buat dengan: python3 -c "import secrets,base64;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"'
)


def baca_kunci(nama: str, nilai: str) -> bytes:
    """One 32-byte key as the operator wrote it, in base64 (urlsafe or standard, padding optional)."""
    teks = (nilai or "").strip()
    try:
        mentah = base64.urlsafe_b64decode(teks.replace("+", "-").replace("/", "_") + "=" * (-len(teks) % 4))
    except (binascii.Error, ValueError):
        mentah = b""
    if len(mentah) != 32:
        raise ImproperlyConfigured(
            f"{nama} berisi kunci yang bukan 32 byte acak dalam base64 (panjangnya {len(mentah)} byte); "
            f"{CARA_MEMBUAT_KUNCI}."
        )
    return mentah


def kunci_acak(nama: str, nilai: list[str], *, lain: dict[str, str] | None = None, wajib: bool = True) -> list[str]:
    """A list of 32-byte keys in base64 (newest first): IDENTITAS_KEY, IDENTITAS_INDEKS_KEY,
    CADANGAN_KEY. Each present, well-formed, not repeated, and not another key's value."""
    nilai = [k.strip() for k in nilai if k.strip()]
    if not nilai:
        if not wajib:
            return []
        raise ImproperlyConfigured(f"{nama} wajib diisi ketika DEBUG mati; {CARA_MEMBUAT_KUNCI}.")
    mentah = [baca_kunci(nama, k) for k in nilai]
    if len(set(mentah)) != len(mentah):
        raise ImproperlyConfigured(f"{nama} memuat kunci yang sama dua kali.")
    for nama_lain, nilai_lain in (lain or {}).items():
        lain_daftar = [x.strip() for x in nilai_lain.split(",")] if nilai_lain else []
        if any(k in lain_daftar for k in nilai):
            raise ImproperlyConfigured(
                f"{nama} tidak boleh sama dengan {nama_lain}: masing-masing kunci punya tugasnya sendiri "
                f"dan dirotasi sendiri-sendiri; {CARA_MEMBUAT_KUNCI}."
            )
    return nilai


def host(nilai: list[str] | None) -> list[str]:
    """ALLOWED_HOSTS as the operator set it (None: not set). The local default list is for DEBUG."""
    if nilai is None or not [h for h in nilai if h.strip()]:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS wajib diisi ketika DEBUG mati: nama host portal dipisah koma, "
            "mis. ALLOWED_HOSTS=posko.bawaslu.go.id."
        )
    for h in nilai:
        if h.strip() in ("*", ".") or h.strip().startswith("*"):
            raise ImproperlyConfigured(
                f"ALLOWED_HOSTS tidak boleh berisi '{h.strip()}' ketika DEBUG mati: sebutkan nama host portal "
                "satu per satu (tautan pengaturan ulang kata sandi dan e-mail dibangun dari header Host)."
            )
    return [h.strip() for h in nilai if h.strip()]


def situs(nilai: str | None, *, host_diizinkan: list[str]) -> str:
    """SITE_URL, the base of every link in e-mails: set, https, on a host of ALLOWED_HOSTS (else the
    links in e-mails lead to a host this server answers with 400)."""
    if not nilai:
        raise ImproperlyConfigured(
            "SITE_URL wajib diisi ketika DEBUG mati: alamat portal yang dibuka warga, "
            "mis. SITE_URL=https://posko.bawaslu.go.id (dipakai di tautan e-mail)."
        )
    bagian = urlsplit(nilai)
    if bagian.scheme != "https" or not bagian.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL harus berupa alamat https:// yang lengkap (sekarang {nilai!r}): "
            "tautan /lacak/ di e-mail pelapor tidak boleh dibuka tanpa TLS."
        )
    if not validate_host(bagian.hostname, host_diizinkan):
        raise ImproperlyConfigured(
            f"Host SITE_URL ({bagian.hostname}) tidak ada di ALLOWED_HOSTS: tautan di e-mail akan ditolak "
            "server ini. Tambahkan host itu ke ALLOWED_HOSTS atau perbaiki SITE_URL."
        )
    return nilai.rstrip("/")


def layanan(nama: str, nilai: str, guna: str) -> str:
    """A service URL production cannot run without (Redis for the shared cache, the Celery broker)."""
    if not nilai:
        raise ImproperlyConfigured(
            f"{nama} wajib diisi ketika DEBUG mati ({guna}); mis. {nama}=redis://127.0.0.1:6379/0."
        )
    return nilai


def sentinel(nilai: list[str]) -> list[tuple[str, int]]:
    """REDIS_SENTINELS, "host:port,host:port": the sentinels that name the current Redis primary."""
    hasil = []
    for bagian in nilai:
        host, _, port = bagian.strip().rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ImproperlyConfigured(
                f"REDIS_SENTINELS berisi {bagian!r}: tulis host:port dipisah koma, "
                "mis. REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379."
            )
        hasil.append((host.strip("[]"), int(port)))
    return hasil


def cache_redis(url: str, sentinel: list[tuple[str, int]]) -> None:
    """Production shares its cache through Redis: a URL or the sentinels that know the primary."""
    if not url and not sentinel:
        raise ImproperlyConfigured(
            "REDIS_URL atau REDIS_SENTINELS wajib diisi ketika DEBUG mati (cache bersama: batas laju, "
            "daftar perangkat dua langkah, statistik); mis. REDIS_URL=redis://127.0.0.1:6379/1 atau "
            "REDIS_SENTINELS=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379."
        )


def hsts(*, detik: int, subdomain: bool, preload: bool) -> None:
    """The browsers' preload list takes only a year or more with sub-domains; a preload flag without
    them is a setting that promises what it cannot deliver."""
    if detik < 0:
        raise ImproperlyConfigured("SECURE_HSTS_SECONDS tidak boleh negatif.")
    if preload and (detik < 31_536_000 or not subdomain):
        raise ImproperlyConfigured(
            "SECURE_HSTS_PRELOAD=1 butuh SECURE_HSTS_SECONDS minimal 31536000 (setahun) dan "
            "SECURE_HSTS_INCLUDE_SUBDOMAINS=1, syarat daftar preload peramban."
        )


def jaringan(nama: str, nilai: list[str]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """A list of networks in CIDR notation ('10.0.0.0/8', '::1/128'; a bare address is one host)."""
    hasil = []
    for bagian in nilai:
        bagian = bagian.strip()
        if not bagian:
            continue
        try:
            hasil.append(ipaddress.ip_network(bagian, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{nama} berisi {bagian!r}, bukan jaringan CIDR (contoh: 127.0.0.1/32,10.20.0.0/16,::1/128)."
            ) from None
    return tuple(hasil)


def folder_statik(*, static_root: Path, var_dir: Path, berkas_privat: Path) -> Path:
    """STATIC_ROOT is public and built with the code; VAR_DIR and the evidence are data. One inside
    the other means a data volume mounted over VAR_DIR hides the static files, or collectstatic
    writes world-readable files beside the evidence."""
    statik, var, privat = (Path(p).resolve() for p in (static_root, var_dir, berkas_privat))
    if any(a.is_relative_to(b) for a, b in ((statik, var), (var, statik), (statik, privat), (privat, statik))):
        raise ImproperlyConfigured(
            f"STATIC_ROOT ({statik}) tidak boleh berada di dalam VAR_DIR ({var}) atau folder berkas bukti "
            f"({privat}), atau memuat salah satunya: berkas statis dibaca publik, folder data tidak. Arahkan STATIC_ROOT "
            "ke folder tersendiri, mis. /srv/posko/staticfiles."
        )
    return statik


def penyimpanan_s3(*, bucket: str, endpoint: str, kunci_akses: str, kunci_rahasia: str, gaya: str) -> None:
    """The object store's settings when S3_BUCKET is set. The endpoint must be a URL (a cloud's or
    MinIO's; without it boto3 would quietly talk to AWS), both keys present, the addressing style
    one boto3 knows. Checked with DEBUG off; a developer's `make run` without S3_BUCKET never
    reaches here."""
    if not endpoint:
        raise ImproperlyConfigured(
            f"S3_ENDPOINT_URL wajib diisi ketika S3_BUCKET ({bucket}) diisi dan DEBUG mati: alamat layanan "
            "penyimpanan objek, mis. S3_ENDPOINT_URL=https://minio.internal:9000."
        )
    bagian = urlsplit(endpoint)
    if bagian.scheme not in ("http", "https") or not bagian.hostname:
        raise ImproperlyConfigured(
            "S3_ENDPOINT_URL harus berupa URL http(s)://host[:port], mis. https://minio.internal:9000."
        )
    for nama, nilai in (("S3_ACCESS_KEY_ID", kunci_akses), ("S3_SECRET_ACCESS_KEY", kunci_rahasia)):
        if not nilai:
            raise ImproperlyConfigured(
                f"{nama} wajib diisi ketika S3_BUCKET diisi dan DEBUG mati: kunci akun layanan penyimpanan objek "
                "yang hanya boleh membaca dan menulis bucket ini."
            )
        if nilai.lower().startswith("ganti-dengan"):
            raise ImproperlyConfigured(
                f"{nama} masih berupa nilai contoh dari .env.example; isi dengan kunci bucket ini."
            )
    if gaya not in ("path", "virtual"):
        raise ImproperlyConfigured(f"S3_ADDRESSING_STYLE harus 'path' atau 'virtual', bukan '{gaya}'.")


# The engine settings a replica shares with the primary: the same pooling, health checks and cursor
# rule (a replica behind pgbouncer in transaction mode needs DISABLE_SERVER_SIDE_CURSORS as well).
SAMA_DENGAN_UTAMA = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS")


def replika(db: dict, utama: dict, *, connect_timeout: int) -> dict:
    """DATABASE_REPLICA_URL as a database alias: the primary's engine and engine settings, a short
    connect_timeout (a dead replica costs that, not the kernel's minutes), and a test mirror of the
    primary (a test run never creates a database on a read-only standby)."""
    if db["ENGINE"] != utama["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL harus memakai mesin database yang sama dengan DATABASE_URL "
            f"({utama['ENGINE'].rsplit('.', 1)[-1]}, bukan {db['ENGINE'].rsplit('.', 1)[-1]}): replika adalah "
            "salinan database utama."
        )
    if connect_timeout < 1:
        raise ImproperlyConfigured("REPLIKA_CONNECT_TIMEOUT harus minimal 1 detik (libpq membulatkannya ke 2).")
    for k in SAMA_DENGAN_UTAMA:
        if k in utama:
            db[k] = utama[k]
    if "postgresql" in db["ENGINE"]:
        db.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
    elif "OPTIONS" in utama:
        db["OPTIONS"] = {**utama["OPTIONS"], **db.get("OPTIONS", {})}
    db["TEST"] = {**db.get("TEST", {}), "MIRROR": "default"}
    return db

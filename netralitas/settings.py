"""Settings for Posko Netralitas, read from the environment (django-environ).

Every variable has a safe local default, so `make run` needs none. With DEBUG off the
project refuses to start (netralitas.produksi, a message naming the variable) on a missing or weak
SECRET_KEY or TRACKING_CODE_KEY, a missing or wildcard ALLOWED_HOSTS, a missing or plain-http
SITE_URL, STATIC_ROOT inside VAR_DIR, and the other values checked below.
"""

import base64
import datetime
import hashlib
import os
from pathlib import Path

import environ
import redis.backoff
import redis.retry
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from netralitas import cache_redis, pencatatan, produksi

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _kunci(nama: str, lain: dict[str, str] | None = None) -> str:
    nilai = env.str(nama, default="")
    if DEBUG:
        return nilai or f"kunci-lokal-{nama.lower()}-hanya-untuk-pengembangan"
    return produksi.kunci(nama, nilai, lain=lain)


SECRET_KEY = _kunci("SECRET_KEY")
# Rotating SECRET_KEY: the new key in SECRET_KEY, the old one here (comma-separated) until the
# sessions and receipt cookies it signed have expired (8 hours); then remove it.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
if not DEBUG:
    SECRET_KEY_FALLBACKS = [produksi.kunci("SECRET_KEY_FALLBACKS", k) for k in SECRET_KEY_FALLBACKS]
# The tracking code's own key: rotating SECRET_KEY must not orphan every report.
TRACKING_CODE_KEY = _kunci("TRACKING_CODE_KEY", lain={"SECRET_KEY": SECRET_KEY})


# Identities encrypted at rest (netralitas/enkripsi.py). Each key: 32 random bytes in base64,
#   python3 -c "import secrets,base64;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"
# IDENTITAS_KEY: comma-separated, newest first (the first encrypts, all decrypt); rotate by putting
#   a new key in front, running `manage.py enkripsi_ulang_identitas`, then dropping the old one once
#   `manage.py periksa_kunci_identitas` says no value needs it.
# IDENTITAS_INDEKS_KEY: the blind index (the NIK search). Not rotated casually: a new one needs
#   `manage.py enkripsi_ulang_identitas --indeks` before a NIK search finds anything again.
# CADANGAN_KEY: the backup archives (`cadangkan`), newest first; old keys stay for old archives.
# With DEBUG on each has a fixed local default (derived from a name, never valid in production).
def _kunci_acak(nama: str, lain: dict[str, str], wajib: bool = True) -> list[str]:
    nilai = env.list(nama, default=[])
    if DEBUG:
        lokal = base64.urlsafe_b64encode(hashlib.sha256(f"kunci-lokal-{nama}".encode()).digest()).decode()
        return [k.strip() for k in nilai if k.strip()] or [lokal]
    return produksi.kunci_acak(nama, nilai, lain=lain, wajib=wajib)


IDENTITAS_KEY = _kunci_acak("IDENTITAS_KEY", {"SECRET_KEY": SECRET_KEY, "TRACKING_CODE_KEY": TRACKING_CODE_KEY})
IDENTITAS_INDEKS_KEY = _kunci_acak(
    "IDENTITAS_INDEKS_KEY",
    {"SECRET_KEY": SECRET_KEY, "TRACKING_CODE_KEY": TRACKING_CODE_KEY, "IDENTITAS_KEY": ",".join(IDENTITAS_KEY)},
)[0]
# Not required to serve: `cadangkan` refuses without it when DEBUG is off.
CADANGAN_KEY = _kunci_acak(
    "CADANGAN_KEY",
    {
        "SECRET_KEY": SECRET_KEY,
        "TRACKING_CODE_KEY": TRACKING_CODE_KEY,
        "IDENTITAS_KEY": ",".join(IDENTITAS_KEY),
        "IDENTITAS_INDEKS_KEY": IDENTITAS_INDEKS_KEY,
    },
    wajib=False,
)

# With DEBUG off the host names must be given: the local list below is for a laptop.
if DEBUG:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    ALLOWED_HOSTS = produksi.host(env.list("ALLOWED_HOSTS") if "ALLOWED_HOSTS" in os.environ else None)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "netralitas.admin_apps.PoskoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_ratelimit",
    "axes",
    # Staff two-step login (netralitas.akun.dua_faktor): TOTP apps and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "import_export",
    "netralitas.wilayah",
    "netralitas.akun",
    "netralitas.audit",
    # Backup and restore (manage.py cadangkan / pulihkan) and the quarantine of orphaned files.
    "netralitas.cadangan",
    # The object store's pending writes (a file kept in PostgreSQL while the store is unreachable).
    "netralitas.penyimpanan",
    "pengaduan",
    "sosialisasi",
    # Above both apps: the public figures read cases and socialization events alike.
    "netralitas.statistik",
    # The tanya jawab (/tanya/): reads pengaduan's categories and uses its outbox.
    "netralitas.tanya",
]

MIDDLEWARE = [
    # First: every later line of the request's log carries its id (netralitas.pencatatan).
    "netralitas.pencatatan.MiddlewareIdPermintaan",
    "netralitas.metrika.MiddlewareMetrika",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the first reader of request.POST (the CSRF check): multipart bodies parsed by the
    # `multipart` package, Django's semantics and limits kept (netralitas/multipart.py).
    "netralitas.multipart.MiddlewareMultipart",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# --- Staff login throttling (django-axes): five wrong passwords for one username from one address
# lock that pair for 15 minutes. By the pair, so an attacker elsewhere cannot lock a staff member out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "netralitas.akun.backends.ModelBackendBercache"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A success clears the failures only when the whole login is done: after the password for staff
# without a second step, after the code for those with one (netralitas.akun.dua_faktor), so a
# known password does not buy endless fresh tries at the 6-digit code. Wrong codes count here too.
AXES_RESET_ON_SUCCESS = False
# Masked in axes' log lines: its own defaults (username, address) and the second-step code.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "kode"]
AXES_CLIENT_IP_CALLABLE = "netralitas.jaringan.alamat_klien"
AXES_LOCKOUT_TEMPLATE = "admin/terkunci.html"

# --- Two-step login for staff (netralitas.akun.dua_faktor). Who must use it is a rule in code (every
# role that can see a reporter's identity, and administrators); this setting extends it to every
# staff account. django_otp's OTPMiddleware is not installed: the session's state is read from the
# cache (dua_faktor.aturan), not from a device row on every request.
WAJIB_2FA_SEMUA = env.bool("WAJIB_2FA_SEMUA", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Posko Netralitas")
# Per device, across every address: after n wrong codes the next try waits 2^(n-1) seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

ROOT_URLCONF = "netralitas.urls"
WSGI_APPLICATION = "netralitas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL when DATABASE_URL is set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'netralitas.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind pgbouncer in transaction mode set DISABLE_SERVER_SIDE_CURSORS=1: each statement may run
    # on another server connection, so the cursor that QuerySet.iterator() declares for its chunks
    # is gone at the next fetch (`cursor "_django_curs_…" does not exist` after the first chunk of
    # an export or a reminder run). With it on, iterator() reads each chunk with a plain cursor
    # (Django's documented setting; the rows of a chunk are held in memory, no more).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
# PostgreSQL itself when DATABASE_URL goes through pgbouncer in transaction mode: what needs a
# session of its own uses it. deploy/bin/posko-manage runs every command on it (migrations: locks,
# concurrent indexes); `cadangkan` and `pulihkan` use it for pg_dump and pg_restore when set.
DATABASE_URL_LANGSUNG = env.str("DATABASE_URL_LANGSUNG", default="")

# --- Read replica (netralitas.replika). DATABASE_REPLICA_URL set: a second alias "replika", read
# only by the code that asks for it (the statistics refresh, the worker's large exports); every write
# and every read of a citizen's own case stay on the primary. A replica down, or more than
# REPLIKA_MAKS_TERTINGGAL seconds behind, is not used (the primary serves, a warning is logged); the
# verdict is remembered REPLIKA_UMUR_PUTUSAN seconds per process. REPLIKA_CONNECT_TIMEOUT (libpq's
# connect_timeout, 2 at least) is what a dead or hanging replica costs, once per verdict.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
REPLIKA_MAKS_TERTINGGAL = env.float("REPLIKA_MAKS_TERTINGGAL", default=180.0)
REPLIKA_UMUR_PUTUSAN = env.float("REPLIKA_UMUR_PUTUSAN", default=5.0)
REPLIKA_CONNECT_TIMEOUT = env.int("REPLIKA_CONNECT_TIMEOUT", default=2)
if DATABASE_REPLICA_URL:
    DATABASES["replika"] = produksi.replika(
        env.db("DATABASE_REPLICA_URL"), DATABASES["default"], connect_timeout=REPLIKA_CONNECT_TIMEOUT
    )
    DATABASE_ROUTERS = ["netralitas.replika.RouterReplika"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis (django-redis) when REDIS_URL or REDIS_SENTINELS is set (shared by every web node),
# else local memory. With REDIS_SENTINELS the sentinels name the primary of REDIS_SENTINEL_MASTER and
# the cache follows a failover; REDIS_SENTINEL_DB picks the database there (REDIS_URL carries its own).
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_SENTINELS = produksi.sentinel(env.list("REDIS_SENTINELS", default=[]))
REDIS_SENTINEL_MASTER = env.str("REDIS_SENTINEL_MASTER", default="mymaster")
REDIS_SENTINEL_DB = env.int("REDIS_SENTINEL_DB", default=1)
if not DEBUG:
    # Rate limits, the login lock-outs' peers (two-step device lists) and the statistics are shared
    # by every process only through Redis; without it each gunicorn worker would count on its own.
    produksi.cache_redis(REDIS_URL, REDIS_SENTINELS)
# A Redis that hangs (accepts, never answers) must cost a request a second at most, then count as a
# miss: half a second to connect, one second for an answer, no retry (the pools django-redis builds
# retry nothing). One failure then rests the cache for a few seconds in this process
# (netralitas.cache_redis), so the dozen cache reads of one request do not each wait their second.
REDIS_OPSI_SOKET = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1}
# The sentinels are asked before the primary is: a short budget each and no retry (redis-py's client
# for a sentinel retries three times by default, with back-off), so that even three hanging sentinels
# cost a request about a second.
REDIS_OPSI_SOKET_SENTINEL = {
    "socket_connect_timeout": 0.3,
    "socket_timeout": 0.3,
    "retry": redis.retry.Retry(redis.backoff.NoBackoff(), 0),
}
# `check --deploy` asks every site for the HSTS preload flag (security.W021). The preload list takes
# whole registrable domains (bawaslu.go.id), which only the domain's owner can submit; the portal,
# on a sub-domain, cannot decide it. SECURE_HSTS_PRELOAD=1 remains for the owner who does.
_CEK_HSTS_PRELOAD = ["security.W021"]
if REDIS_SENTINELS or REDIS_URL:
    CACHES = {
        "default": cache_redis.pengaturan(
            url=REDIS_URL,
            sentinel=REDIS_SENTINELS,
            master=REDIS_SENTINEL_MASTER,
            db=REDIS_SENTINEL_DB,
            opsi_soket=REDIS_OPSI_SOKET,
            opsi_sentinel=REDIS_OPSI_SOKET_SENTINEL,
        )
    }
else:
    # Room for every region's public statistics (553 scopes) and the region lists: the default of
    # 300 entries would evict them as they are written and recompute them on every request.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}}
    }
if REDIS_SENTINELS or REDIS_URL:
    # django-redis is among django-ratelimit's supported backends: nothing of its to silence.
    SILENCED_SYSTEM_CHECKS = [*_CEK_HSTS_PRELOAD]
else:
    # One process on a laptop: a per-process counter is enough there. Production sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001", *_CEK_HSTS_PRELOAD]

# --- Rate limits (django-ratelimit syntax "N/period"); settings so the benchmark can raise them.
RATELIMIT_LAPOR = env.str("RATELIMIT_LAPOR", default="10/m")
RATELIMIT_LACAK = env.str("RATELIMIT_LACAK", default="10/m")
# The reporter's messages on /lacak/: per client address, and per case (a code shared or stolen
# must not flood one office from many addresses).
RATELIMIT_PESAN = env.str("RATELIMIT_PESAN", default="5/m")
RATELIMIT_PESAN_KASUS = env.str("RATELIMIT_PESAN_KASUS", default="30/h")
# Questions to the tanya jawab (/tanya/ajukan/): a person asks one or two at a time.
RATELIMIT_TANYA = env.str("RATELIMIT_TANYA", default="5/m")
# The reviewer invitation's page (/akun/undangan/): opening a link and setting the password.
RATELIMIT_UNDANGAN = env.str("RATELIMIT_UNDANGAN", default="10/m")
# The counters live in Redis. With Redis down, a report is accepted unlimited rather than refused:
# losing a citizen's report is worse than a few minutes without the spam limit.
RATELIMIT_FAIL_OPEN = True
# Only behind a proxy we trust may the client address come from a header. Spelled as HTTP writes it
# (`X-Forwarded-For`) or as request.META does; netralitas.jaringan takes its right-most entry, for
# the rate limits here and for the staff login lock (AXES_CLIENT_IP_CALLABLE) alike.
TRUSTED_PROXY_HEADER = env.str("TRUSTED_PROXY_HEADER", default="")
RATELIMIT_IP_META_KEY = "netralitas.jaringan.alamat_klien_meta"
RATELIMIT_VIEW = "netralitas.views.terlalu_banyak_permintaan"

# --- Sessions and cookies
# Sessions live in PostgreSQL and are read from the cache: a staff page costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "netralitas.views.csrf_gagal"
X_FRAME_OPTIONS = "DENY"
if env.bool("SECURE_PROXY_SSL", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- HTTPS. With DEBUG off every plain-http request is redirected to https (behind nginx set
# SECURE_PROXY_SSL=1 too, or every request loops), except the probes and the metrics, which
# monitoring reads on the internal network over plain http.
#   SECURE_SSL_REDIRECT=1               on unless DEBUG; 0 only where TLS cannot reach the app
#   SECURE_HSTS_SECONDS=31536000        browsers refuse plain http for a year. 0 (the default) until
#                                       the operator has HTTPS working with a valid certificate:
#                                       a year cannot be called back
#   SECURE_HSTS_INCLUDE_SUBDOMAINS=1    the portal's own sub-domains too (on by default)
#   SECURE_HSTS_PRELOAD=0               only the registrable domain's owner opts in (see W021 above)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
produksi.hsts(detik=SECURE_HSTS_SECONDS, subdomain=SECURE_HSTS_INCLUDE_SUBDOMAINS, preload=SECURE_HSTS_PRELOAD)

# --- Content-Security-Policy (django-csp 4) on every page, the admin's included: scripts and styles
# only from our own origin, no inline script anywhere (tests/test_csp.py parses every page type).
# Inline style attributes are gone too (classes in posko.css, admin-posko.css; the dashboard's bars
# are SVG). The one inline <style> left is 500.html's, which must render when nothing else works:
# allowed by its hash (tests/test_csp.py fails with the new hash when the block changes).
# img-src data: is Bootstrap's, whose CSS draws the select arrows and check marks as data: SVG.
HASH_GAYA_500 = "'sha256-XMXnddkjxF8ZUBPsBgiYoI8Nu+2mvhDVNddU3htbNfs='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, HASH_GAYA_500],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time zone, dates as Indonesians write them.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["netralitas.formats"]

# --- Static files (whitenoise) and private evidence storage (never under a public URL).
# STATIC_ROOT is built with the code (`collectstatic`, at install or image build) and read by
# everyone (nginx, the service user): never inside VAR_DIR, the data folder a volume may be mounted
# over. Files get hashed names, gzip and brotli copies, 0644/0755 (netralitas.statik); whitenoise
# serves the hashed ones as immutable for a year. With DEBUG on (`make run`) whitenoise serves the
# sources from static/ and the apps, no collectstatic needed.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "berkas")))
produksi.folder_statik(static_root=STATIC_ROOT, var_dir=VAR_DIR, berkas_privat=PRIVATE_MEDIA_ROOT)
# With S3_BUCKET set the private files live in an S3-compatible object store (MinIO, Ceph RGW, a
# cloud's): every web node and worker reaches the same files (netralitas/penyimpanan). Objects are
# private and never handed out by URL: every file goes through the portal's authorization views,
# streamed. A write while the store is unreachable is kept in PostgreSQL and moved later by the
# worker. Without S3_BUCKET the local folder PRIVATE_MEDIA_ROOT (`make run`, one machine).
S3_BUCKET = env.str("S3_BUCKET", default="").strip()
if S3_BUCKET:
    S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="").strip()
    S3_ADDRESSING_STYLE = env.str("S3_ADDRESSING_STYLE", default="path").strip() or "path"
    _s3_kunci = (env.str("S3_ACCESS_KEY_ID", default=""), env.str("S3_SECRET_ACCESS_KEY", default=""))
    if not DEBUG:
        produksi.penyimpanan_s3(
            bucket=S3_BUCKET,
            endpoint=S3_ENDPOINT_URL,
            kunci_akses=_s3_kunci[0],
            kunci_rahasia=_s3_kunci[1],
            gaya=S3_ADDRESSING_STYLE,
        )
    _PENYIMPANAN_BAWAAN = {
        "BACKEND": "netralitas.penyimpanan.s3.PenyimpananS3",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "access_key": _s3_kunci[0] or None,
            "secret_key": _s3_kunci[1] or None,
            "region_name": env.str("S3_REGION", default="us-east-1").strip() or "us-east-1",
            "addressing_style": S3_ADDRESSING_STYLE,
        },
    }
else:
    _PENYIMPANAN_BAWAAN = {
        "BACKEND": "netralitas.penyimpanan.lokal.PenyimpananLokal",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _PENYIMPANAN_BAWAAN,
    "staticfiles": {"BACKEND": "netralitas.statik.PenyimpananStatik"},
}
# The evidence's modes; the static storage names its own.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Backups (netralitas/cadangan): where `manage.py cadangkan` writes by default (keep it on another
# disk, then copy off the machine; the restore's report goes there too); pg_dump/pg_restore connect
# through DATABASE_URL_LANGSUNG when set (above); and how many days a file no row names stays in the
# quarantine (karantina/ in the private storage) before it is deleted.
CADANGAN_DIR = Path(env.str("CADANGAN_DIR", default=str(VAR_DIR / "cadangan")))
KARANTINA_HARI = env.int("KARANTINA_HARI", default=30)
# The version a backup records in its manifest: deploy/pasang.sh writes it into the file VERSI
# beside manage.py at install time (git describe, as root, where the checkout is; the service
# user cannot run git on root's checkout); an image gets it from its build argument.
_BERKAS_VERSI = BASE_DIR / "VERSI"
VERSI_APLIKASI = env.str("VERSI_APLIKASI", default="").strip() or (
    _BERKAS_VERSI.read_text().strip() if _BERKAS_VERSI.is_file() else ""
)

# --- Evidence uploads
BUKTI_MAKS_BERKAS = env.int("BUKTI_MAKS_BERKAS", default=5)
BUKTI_MAKS_UKURAN_MB = env.int("BUKTI_MAKS_UKURAN_MB", default=10)
BUKTI_MAKS_PIKSEL = env.int("BUKTI_MAKS_PIKSEL", default=60_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# --- Exports of the case list: up to this many rows in the response, beyond it a Celery task.
EKSPOR_LANGSUNG_MAKS = env.int("EKSPOR_LANGSUNG_MAKS", default=5000)
# The office above a handling office is told of its cases overdue by more than this many days.
TENGGAT_ESKALASI_HARI = env.int("TENGGAT_ESKALASI_HARI", default=3)
# django-import-export 4.4.3 "escapes" formulae by deleting a leading "=" only; pengaduan.ekspor
# neutralises every formula prefix itself (OWASP), so the library's option stays off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- E-mail: console locally, SMTP (or any django-environ scheme) via EMAIL_URL.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Messages the server writes down itself (console = the process's log, or files) carry every
# tracking code masked: the receipt e-mail must not leave the whole code in a log (netralitas.surel).
EMAIL_BACKEND = {
    "django.core.mail.backends.console.EmailBackend": "netralitas.surel.KonsolTersamar",
    "django.core.mail.backends.filebased.EmailBackend": "netralitas.surel.BerkasTersamar",
}.get(EMAIL_BACKEND, EMAIL_BACKEND)  # noqa: F821 - set by the line above
# A mail server that accepts the connection and then never answers must not hold a worker (and
# the outbox row's lock) for ever: the send fails, is recorded, and is retried.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Posko Netralitas <noreply@posko-netralitas.local>")
SITE_URL = (
    env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
    if DEBUG
    else produksi.situs(env.str("SITE_URL", default=""), host_diizinkan=ALLOWED_HOSTS)
)

# --- Celery: Redis when CELERY_BROKER_URL is set; without a broker tasks run eagerly.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
if not DEBUG:
    # Without a broker every task (e-mail, thumbnails, metadata stripping, exports) would run inside
    # the web request that caused it.
    produksi.layanan("CELERY_BROKER_URL", CELERY_BROKER_URL, "antrean tugas Celery")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A dead or hanging broker must not hold a citizen's request: one attempt, about a second, then the
# row stays pending and `proses_tertunda` catches up. kombu opens the channel with a PING under
# socket_timeout and, unless max_retries says otherwise, keeps reconnecting for the whole
# broker_connection_timeout; a publish that fails is not retried. netralitas.antrean.antrekan then
# rests the broker for a while, so the several tasks of one report do not each wait their second.
# The worker, where nobody waits, is given more patience in netralitas/celery.py.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 1,
    "retry_on_timeout": False,
    "max_retries": 0,
    "visibility_timeout": 3600,
}
# A broker behind Redis Sentinel: CELERY_BROKER_URL=sentinel://host:26379;sentinel://host2:26379/0
# names the sentinels, CELERY_BROKER_SENTINEL_MASTER the service whose primary they report; kombu asks
# them again after a failover. The sentinels get the same short budget as the cache's.
CELERY_BROKER_SENTINEL_MASTER = env.str("CELERY_BROKER_SENTINEL_MASTER", default=REDIS_SENTINEL_MASTER)
if CELERY_BROKER_URL.startswith("sentinel://"):
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "master_name": CELERY_BROKER_SENTINEL_MASTER,
        "sentinel_kwargs": dict(REDIS_OPSI_SOKET_SENTINEL),
    }
CELERY_BEAT_SCHEDULE = {
    # New evidence's thumbnails (pengaduan.bukti.THUMBNAIL_SETIAP): the filing request publishes
    # nothing for them. A tick nobody took within its interval is dropped; the next one does its work.
    "thumbnail-bukti-baru": {
        "task": "pengaduan.tasks.buat_thumbnail_baru",
        "schedule": 5.0,
        "options": {"expires": 5.0},
    },
    "kirim-ulang-yang-tertunda": {"task": "pengaduan.tasks.proses_tertunda", "schedule": 120.0},
    "bersihkan-unggahan-sementara": {"task": "pengaduan.tasks.bersihkan_unggahan_sementara", "schedule": 3600.0},
    # Django never deletes expired sessions by itself; the rows would stay with what they held.
    "bersihkan-sesi-kedaluwarsa": {"task": "pengaduan.tasks.bersihkan_sesi_kedaluwarsa", "schedule": 3600.0},
    # Hourly rather than at midnight: a worker that was down at midnight still closes the window.
    "kedaluwarsakan-perbaikan": {"task": "pengaduan.tasks.kedaluwarsakan_perbaikan", "schedule": 3600.0},
    # Daily reminders of overdue recommendations, sent every hour but written once per case,
    # recipient and day (Notifikasi.kunci): a worker down at 07:00 still sends them that day.
    "foto-sosialisasi-tertunda": {"task": "sosialisasi.tasks.proses_foto_tertunda", "schedule": 300.0},
    "ingatkan-tenggat-tindak-lanjut": {
        "task": "pengaduan.tasks.ingatkan_tenggat_tindak_lanjut",
        "schedule": 3600.0,
    },
    # Each office's daily digest of cases due tomorrow and overdue (from 06:00 WIB), written once per
    # office, recipient and day, with the escalation to the office above.
    "ringkasan-tenggat": {"task": "pengaduan.tasks.kirim_ringkasan_tenggat", "schedule": 3600.0},
    # Weekly reminders of recommendations no reviewer of the agency has opened, checked hourly but
    # written once per agency, recipient and week (Notifikasi.kunci).
    "ingatkan-instansi-tanpa-peninjau": {
        "task": "pengaduan.tasks.ingatkan_instansi_tanpa_peninjau",
        "schedule": 3600.0,
    },
    # Public statistics (/statistik/, the home page's figures): pages read only what this computes.
    # A run that waited past the next one's start is dropped (the task's `expires`).
    "perbarui-statistik": {"task": "netralitas.statistik.tasks.perbarui_statistik", "schedule": 600.0},
    # Reviewer invitations whose e-mail task was lost (broker down, worker killed).
    "kirim-undangan-tertunda": {"task": "netralitas.akun.tasks.kirim_undangan_tertunda", "schedule": 300.0},
    # Files written while the object store was unreachable, kept in PostgreSQL: moved to the store.
    "pindahkan-berkas-tertunda": {"task": "netralitas.penyimpanan.tasks.pindahkan_tertunda", "schedule": 60.0},
    # Retention (UU 27/2022): personal data of closed cases erased when its rule's period is over.
    # Every six hours: a day late is within any rule, and a run is cheap when nothing is due.
    "jalankan-retensi": {"task": "pengaduan.tasks.jalankan_retensi", "schedule": 6 * 3600.0},
}
# --- Celery queues (deploy/): two workers, so a burst of slow CPU work never delays a receipt.
# Everything not named here (receipts, notifications, the beat's sweeps and reminders) goes to the
# default queue "celery"; the CPU-heavy work below to "lambat", consumed by its own worker
# (deploy/systemd/posko-netralitas-worker-lambat.service, the compose file's worker-lambat). A
# worker must be started with `--queues` naming one of them, or both (`make worker`). Eager mode
# (no broker: `make run`, the tests) ignores routes.
CELERY_TASK_ROUTES = {
    nama: {"queue": "lambat"}
    for nama in (
        "pengaduan.tasks.buat_salinan_bukti",  # metadata stripping for the agency's copies
        "pengaduan.tasks.buat_ekspor",  # exports larger than EKSPOR_LANGSUNG_MAKS
        "pengaduan.tasks.buat_thumbnail",  # decodes the whole photo (up to BUKTI_MAKS_PIKSEL)
        "pengaduan.tasks.buat_thumbnail_baru",
        "sosialisasi.tasks.buat_thumbnail_foto",
        "netralitas.statistik.tasks.perbarui_statistik",
        "pengaduan.tasks.jalankan_retensi",  # retention: long runs of erasures, never ahead of a receipt
    )
}

# A link typed without a scheme ("bit.ly/x") is read as https, Django 6's default.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logs: one JSON object a line on stderr with DEBUG off (LOG_FORMAT=json), readable text with it
# on (LOG_FORMAT=teks); both carry the request id (netralitas.pencatatan), also in the worker and
# beat, which log through this same configuration (netralitas.celery).
LOG_FORMAT = env.str("LOG_FORMAT", default="teks" if DEBUG else "json")
if LOG_FORMAT not in ("json", "teks"):
    raise ImproperlyConfigured(f"LOG_FORMAT harus 'json' atau 'teks', bukan {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "konteks": {"()": "netralitas.pencatatan.FilterKonteks"},
        "tautan_rahasia": {"()": "netralitas.tautan_rahasia.FilterTautanRahasia"},
    },
    "formatters": {"json": pencatatan.formatter_json(), "teks": pencatatan.formatter_teks()},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["konteks", "tautan_rahasia"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's request log names the path of every 4xx: an invitation link's token is masked there,
    # before any handler (netralitas.tautan_rahasia).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django.request": {"filters": ["tautan_rahasia"]}},
}

# --- Monitoring
# /readyz and /metrics: an outbox row still waiting after this many minutes means sending has failed
# for several of the beat's two-minute sweeps; failed-for-good rows of the last hours are reported too.
OUTBOX_TERTUNDA_MENIT = env.int("OUTBOX_TERTUNDA_MENIT", default=15)
OUTBOX_GAGAL_JAM = env.int("OUTBOX_GAGAL_JAM", default=24)
# Who may read /metrics: client addresses (netralitas.jaringan's rule) in these networks, CIDR,
# comma-separated. Anyone else gets 404.
METRIKA_IZIN_JARINGAN = [
    str(n)
    for n in produksi.jaringan(
        "METRIKA_IZIN_JARINGAN", env.list("METRIKA_IZIN_JARINGAN", default=["127.0.0.1/32", "::1/128"])
    )
]
# Error reports to Sentry (or GlitchTip) only when SENTRY_DSN is set; what is sent is stripped of
# personal data and tracking codes (netralitas.laporan_galat).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from netralitas import laporan_galat

    try:
        laporan_galat.pasang(
            SENTRY_DSN,
            lingkungan=env.str("SENTRY_ENVIRONMENT", default="pengembangan" if DEBUG else "produksi"),
            rilis=env.str("SENTRY_RELEASE", default=""),
            sampel_jejak=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        )
    except Exception as e:  # sentry_sdk.utils.BadDsn and friends
        raise ImproperlyConfigured(f"SENTRY_DSN tidak dapat dipakai: {e}") from None

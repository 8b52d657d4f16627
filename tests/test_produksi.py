"""With DEBUG off, a missing or weak setting stops the start with a message in Bahasa Indonesia that
names the variable (netralitas/produksi.py), and a production-like environment passes
`manage.py check --deploy` without a warning.

The settings are started in a subprocess with a clean environment, as gunicorn or celery would be:
the process under test has long read its own settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from netralitas import produksi

AKAR = Path(__file__).resolve().parents[1]
KUNCI = "s" + "Q7vX1nB8cR5tZ3wY6hF0jG2aE9uP4sL9dK2mQ7vX1nB8cR5tZ3wY6h"
KUNCI_KODE = "k" + "P4sL9dK2mQ7vX1nB8cR5tZ3wY6hF0jG2aE9"
KUNCI_IDENTITAS = "Tm9LbFpoVEtaUnZ0bU9XYjlGS3dFUWRMRmNxUjRzWkU="  # 32 bytes in base64, tests only
# What an operator following the deployment notes sets.
PRODUKSI = {
    "DEBUG": "0",
    "SECRET_KEY": KUNCI,
    "TRACKING_CODE_KEY": KUNCI_KODE,
    "IDENTITAS_KEY": KUNCI_IDENTITAS,
    "IDENTITAS_INDEKS_KEY": "Y2VrZ2lQQzJ2dU9rNXhXcHNxZ0pnN0NjS2VhcmxqUTE=",
    "ALLOWED_HOSTS": "posko.bawaslu.go.id",
    "SITE_URL": "https://posko.bawaslu.go.id",
    "SECURE_PROXY_SSL": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
    # Read, never connected to, by the settings and the checks.
    "DATABASE_URL": "postgres://posko@127.0.0.1:5432/posko",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def _jalankan(tmp_path, *argumen, **env_tambahan) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "netralitas.settings",
        "VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        **PRODUKSI,
    }
    for k, v in env_tambahan.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run(
        [sys.executable, *argumen], cwd=AKAR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _pengaturan(tmp_path, **env_tambahan) -> subprocess.CompletedProcess:
    kode = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'LOG_FORMAT', 'ALLOWED_HOSTS', 'SITE_URL', "
        "'METRIKA_IZIN_JARINGAN')} | {'STATIC_ROOT': str(s.STATIC_ROOT), "
        "'DISABLE_SERVER_SIDE_CURSORS': s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS')}))"
    )
    return _jalankan(tmp_path, "-c", kode, **env_tambahan)


TOLAK = [
    ({"SECRET_KEY": None}, "SECRET_KEY wajib diisi"),
    ({"SECRET_KEY": "rahasia-pendek"}, "SECRET_KEY terlalu pendek"),
    ({"SECRET_KEY": "django-insecure-" + "a1b2c3d4e5" * 5}, "SECRET_KEY masih berupa nilai contoh"),
    ({"SECRET_KEY": "ganti-dengan-kunci-acak-" + "x" * 40}, "SECRET_KEY masih berupa nilai contoh"),
    ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY terlalu seragam"),
    ({"SECRET_KEY_FALLBACKS": "lama"}, "SECRET_KEY_FALLBACKS terlalu pendek"),
    ({"TRACKING_CODE_KEY": None}, "TRACKING_CODE_KEY wajib diisi"),
    ({"TRACKING_CODE_KEY": "kode-pendek"}, "TRACKING_CODE_KEY terlalu pendek"),
    ({"TRACKING_CODE_KEY": KUNCI}, "TRACKING_CODE_KEY tidak boleh sama dengan SECRET_KEY"),
    ({"IDENTITAS_KEY": None}, "IDENTITAS_KEY wajib diisi"),
    ({"IDENTITAS_KEY": "kunci-identitas-bukan-base64"}, "IDENTITAS_KEY berisi kunci yang bukan 32 byte acak"),
    ({"IDENTITAS_KEY": KUNCI_KODE}, "IDENTITAS_KEY berisi kunci yang bukan 32 byte acak"),
    ({"IDENTITAS_INDEKS_KEY": KUNCI_IDENTITAS}, "IDENTITAS_INDEKS_KEY tidak boleh sama dengan IDENTITAS_KEY"),
    ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS wajib diisi"),
    ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS wajib diisi"),
    ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS tidak boleh berisi '*'"),
    ({"ALLOWED_HOSTS": "posko.bawaslu.go.id,*.go.id"}, "ALLOWED_HOSTS tidak boleh berisi '*.go.id'"),
    ({"SITE_URL": None}, "SITE_URL wajib diisi"),
    ({"SITE_URL": "http://posko.bawaslu.go.id"}, "SITE_URL harus berupa alamat https://"),
    ({"SITE_URL": "https://portal-lain.go.id"}, "Host SITE_URL (portal-lain.go.id) tidak ada di ALLOWED_HOSTS"),
    ({"METRIKA_IZIN_JARINGAN": "10.0.0.0/8,kantor"}, "METRIKA_IZIN_JARINGAN berisi 'kantor'"),
    ({"SECURE_HSTS_PRELOAD": "1"}, "SECURE_HSTS_PRELOAD=1 butuh"),
    ({"SECURE_HSTS_PRELOAD": "1", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"}, "SECURE_HSTS_INCLUDE_SUBDOMAINS=1"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT harus 'json' atau 'teks'"),
    ({"REDIS_URL": None}, "REDIS_URL atau REDIS_SENTINELS wajib diisi ketika DEBUG mati"),
    ({"REDIS_URL": None, "REDIS_SENTINELS": "10.0.0.1:26379,10.0.0.2"}, "REDIS_SENTINELS berisi '10.0.0.2'"),
    ({"REDIS_SENTINELS": "10.0.0.1:sentinel"}, "REDIS_SENTINELS berisi '10.0.0.1:sentinel'"),
    ({"CELERY_BROKER_URL": ""}, "CELERY_BROKER_URL wajib diisi ketika DEBUG mati"),
    ({"SENTRY_DSN": "bukan-dsn"}, "SENTRY_DSN tidak dapat dipakai"),
]


@pytest.mark.parametrize("env_salah, pesan", TOLAK, ids=[p for _, p in TOLAK])
def test_pengaturan_produksi_yang_kurang_menghentikan_start_dengan_nama_variabel(tmp_path, env_salah, pesan):
    if "SECURE_HSTS_PRELOAD" in env_salah:
        env_salah = {"SECURE_HSTS_SECONDS": "86400", **env_salah}
    r = _pengaturan(tmp_path, **env_salah)
    assert r.returncode != 0, r.stdout
    terakhir = r.stderr.strip().splitlines()[-1]
    assert terakhir.startswith("django.core.exceptions.ImproperlyConfigured: "), r.stderr[-2000:]
    assert pesan in terakhir, terakhir
    # A secret's value is never repeated in the message.
    for k in ("SECRET_KEY", "TRACKING_CODE_KEY", "IDENTITAS_KEY", "IDENTITAS_INDEKS_KEY"):
        if env_salah.get(k):
            assert env_salah[k] not in terakhir


def test_static_root_di_dalam_var_dir_menghentikan_start(tmp_path):
    r = _pengaturan(tmp_path, STATIC_ROOT=str(tmp_path / "var" / "static"))
    assert r.returncode != 0
    assert "STATIC_ROOT" in r.stderr.strip().splitlines()[-1] and "VAR_DIR" in r.stderr


def test_static_root_di_dalam_folder_bukti_di_luar_var_dir_menghentikan_start(tmp_path):
    r = _pengaturan(
        tmp_path, PRIVATE_MEDIA_ROOT=str(tmp_path / "bukti"), STATIC_ROOT=str(tmp_path / "bukti" / "static")
    )
    assert r.returncode != 0
    terakhir = r.stderr.strip().splitlines()[-1]
    assert "STATIC_ROOT" in terakhir and "berkas bukti" in terakhir


def test_nilai_bawaan_produksi(tmp_path):
    r = _pengaturan(tmp_path, SECURE_HSTS_SECONDS=None, TRUSTED_PROXY_HEADER=None)
    assert r.returncode == 0, r.stderr[-3000:]
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    # HSTS waits for the operator (a year cannot be called back); sub-domains then included.
    assert s["SECURE_HSTS_SECONDS"] == 0 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is False
    assert s["LOG_FORMAT"] == "json"
    assert s["ALLOWED_HOSTS"] == ["posko.bawaslu.go.id"] and s["SITE_URL"] == "https://posko.bawaslu.go.id"
    assert s["METRIKA_IZIN_JARINGAN"] == ["127.0.0.1/32", "::1/128"]
    assert s["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert s["STATIC_ROOT"] == str(tmp_path / "staticfiles")


def test_pengaturan_dari_lingkungan(tmp_path):
    r = _pengaturan(
        tmp_path,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="63072000",
        SECURE_HSTS_PRELOAD="1",
        DISABLE_SERVER_SIDE_CURSORS="1",
        METRIKA_IZIN_JARINGAN="10.20.0.0/16, 192.168.7.5",
    )
    assert r.returncode == 0, r.stderr[-3000:]
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["SECURE_SSL_REDIRECT"] is False
    assert (s["SECURE_HSTS_SECONDS"], s["SECURE_HSTS_PRELOAD"]) == (63072000, True)
    assert s["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert s["METRIKA_IZIN_JARINGAN"] == ["10.20.0.0/16", "192.168.7.5/32"]


def _redis_dan_broker(tmp_path, **env_tambahan) -> dict:
    kode = (
        "import json; from django.conf import settings as s; "
        "c = s.CACHES['default']; o = dict(c['OPTIONS']); b = dict(s.CELERY_BROKER_TRANSPORT_OPTIONS); "
        "[d.pop(k, None) for d in (o.get('SENTINEL_KWARGS') or {}, b.get('sentinel_kwargs') or {}) for k in ['retry']]; "
        "print(json.dumps({'BACKEND': c['BACKEND'], 'LOCATION': c['LOCATION'], 'OPTIONS': o, 'BROKER': b, "
        "'URL_BROKER': s.CELERY_BROKER_URL}))"
    )
    hasil = _jalankan(tmp_path, "-c", kode, **env_tambahan)
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout.strip().splitlines()[-1])


def test_cache_dan_broker_lewat_redis_sentinel(tmp_path):
    """REDIS_SENTINELS without REDIS_URL is a production cache: django-redis through the sentinels of
    REDIS_SENTINEL_MASTER, with the outage promises (timeouts, no retry towards a sentinel, misses on
    a failure); a sentinel:// broker gets its master name and the same short budget."""
    sentinel = "10.0.0.1:26379,10.0.0.2:26379,[fd00::3]:26380"
    d = _redis_dan_broker(
        tmp_path,
        REDIS_URL=None,
        REDIS_SENTINELS=sentinel,
        REDIS_SENTINEL_MASTER="posko",
        CELERY_BROKER_URL="sentinel://10.0.0.1:26379;sentinel://10.0.0.2:26379/0",
        CELERY_BROKER_SENTINEL_MASTER="posko-antrean",
    )
    assert d["BACKEND"] == "django_redis.cache.RedisCache"
    assert d["LOCATION"] == "redis://posko/1"
    o = d["OPTIONS"]
    assert o["CONNECTION_FACTORY"] == "django_redis.pool.SentinelConnectionFactory"
    assert o["SENTINELS"] == [["10.0.0.1", 26379], ["10.0.0.2", 26379], ["fd00::3", 26380]]
    assert o["CLIENT_CLASS"] == "netralitas.cache_redis.KlienTahan" and o["IGNORE_EXCEPTIONS"] is True
    assert 0 < o["SOCKET_CONNECT_TIMEOUT"] <= 1 and 0 < o["SOCKET_TIMEOUT"] <= 1
    assert 3 * o["SENTINEL_KWARGS"]["socket_timeout"] <= 1
    b = d["BROKER"]
    assert b["master_name"] == "posko-antrean" and b["max_retries"] == 0
    assert b["sentinel_kwargs"] == o["SENTINEL_KWARGS"]
    assert d["URL_BROKER"].startswith("sentinel://")

    d = _redis_dan_broker(tmp_path, REDIS_SENTINELS=None)
    assert d["LOCATION"] == PRODUKSI["REDIS_URL"] and "SENTINELS" not in d["OPTIONS"]
    assert d["OPTIONS"]["CLIENT_CLASS"] == "netralitas.cache_redis.KlienTahan"
    assert "master_name" not in d["BROKER"]


def test_check_deploy_tanpa_peringatan_dengan_lingkungan_produksi(tmp_path):
    r = _jalankan(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stdout + r.stderr[-3000:]
    assert "System check identified no issues" in r.stdout, r.stdout
    # Only the documented silences (settings.py says why each is there).
    assert "(1 silenced)" in r.stdout, r.stdout


def test_kunci_produksi_diterima_bila_kuat():
    assert produksi.kunci("SECRET_KEY", KUNCI, lain={}) == KUNCI
    assert produksi.kunci("TRACKING_CODE_KEY", KUNCI_KODE, lain={"SECRET_KEY": KUNCI}) == KUNCI_KODE
    with pytest.raises(ImproperlyConfigured, match="^TRACKING_CODE_KEY tidak boleh sama"):
        produksi.kunci("TRACKING_CODE_KEY", KUNCI, lain={"SECRET_KEY": KUNCI})


def test_host_dan_situs():
    assert produksi.host([" posko.bawaslu.go.id ", ""]) == ["posko.bawaslu.go.id"]
    assert produksi.host([".bawaslu.go.id"]) == [".bawaslu.go.id"]
    # A leading dot matches the sub-domains, as Django reads ALLOWED_HOSTS.
    assert produksi.situs("https://posko.bawaslu.go.id/", host_diizinkan=[".bawaslu.go.id"]) == (
        "https://posko.bawaslu.go.id"
    )


@pytest.mark.django_db
def test_https_dipaksa_kecuali_untuk_pemantauan(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    r = client.get("/lapor/")
    assert r.status_code == 301 and r["Location"] == "https://testserver/lapor/"
    for url in ("/healthz", "/readyz", "/metrics"):
        assert client.get(url).status_code == 200, url
    assert client.get("/lapor/", secure=True).status_code == 200


@pytest.mark.django_db
def test_hsts_dikirim_lewat_https_bila_diset(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    r = client.get("/", secure=True)
    assert r["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")

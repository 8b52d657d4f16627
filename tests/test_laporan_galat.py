"""Error reports (sentry-sdk) only with SENTRY_DSN, and without who reported what: no user, no
cookies, no request body, no local variables, tracking codes and identity numbers masked."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from netralitas import laporan_galat

AKAR = Path(__file__).resolve().parents[1]
KODE = "K7QX-2M9D-P4TB-WQ8N"
NIK = "3507130101900001"
NIP = "199001012015031001"


def test_tanpa_sentry_dsn_tidak_ada_yang_dikirim():
    import sentry_sdk

    assert not os.environ.get("SENTRY_DSN")
    assert not sentry_sdk.get_client().is_active()


def test_peristiwa_disaring_sebelum_dikirim():
    peristiwa = {
        "message": f"Gagal memproses kode {KODE} milik NIK {NIK}",
        "user": {"id": 7, "username": "bawaslu.malang", "ip_address": "203.0.113.5"},
        "request": {
            "url": "https://posko.bawaslu.go.id/lacak/",
            "method": "POST",
            "query_string": f"kode={KODE}",
            "data": {"kode": KODE, "nik": NIK},
            "cookies": {"sessionid": "abc"},
            "env": {"REMOTE_ADDR": "203.0.113.5"},
            "headers": {
                "Host": "posko.bawaslu.go.id",
                "Cookie": "sessionid=abc",
                "User-Agent": "HP",
                "X-Request-ID": "r1",
            },
        },
        "exception": {"values": [{"type": "ValueError", "value": f"NIP {NIP}, e-mail warga@contoh.id, 081234567890"}]},
        "breadcrumbs": {"values": [{"message": f"kode {KODE.replace('-', '').lower()}"}]},
    }
    hasil = laporan_galat.saring_peristiwa(peristiwa)
    teks = json.dumps(hasil)
    for rahasia in (KODE, KODE.replace("-", "").lower(), NIK, NIP, "warga@contoh.id", "081234567890", "203.0.113.5",
                    "sessionid", "bawaslu.malang", "User-Agent"):  # fmt: skip
        assert rahasia not in teks, rahasia
    assert "WQ8N" in hasil["message"] and "0001" in hasil["message"]  # enough to tell two apart
    assert hasil["request"]["headers"] == {"Host": "posko.bawaslu.go.id", "X-Request-ID": "r1"}
    assert hasil["request"]["url"] == "https://posko.bawaslu.go.id/lacak/"


SKRIP = textwrap.dedent(
    """
    import json, sys
    import sentry_sdk
    from sentry_sdk.transport import Transport

    terkirim = []

    class Tangkap(Transport):
        def capture_envelope(self, envelope):
            terkirim.extend(i.payload.json for i in envelope.items if i.type in ("event", "transaction"))

    asli = sentry_sdk.init
    sentry_sdk.init = lambda *a, **k: asli(*a, **{**k, "transport": Tangkap})

    import django
    django.setup()
    import netralitas.views

    def rusak(*a, **k):
        rahasia_lokal = "NIK 3507130101900001"  # a local variable: never sent
        raise RuntimeError("kode K7QX-2M9D-P4TB-WQ8N ditolak untuk warga@contoh.id")

    netralitas.views.JsonResponse = rusak
    # Through the WSGI handler, as gunicorn calls it: Sentry's performance events start there.
    import io
    from django.core.wsgi import get_wsgi_application
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "SCRIPT_NAME": "",
        "QUERY_STRING": "q=3507130101900001&kode=K7QX-2M9D-P4TB-WQ8N",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver", "HTTP_COOKIE": "sessionid=sesi-rahasia",
        "HTTP_X_REQUEST_ID": "uji-sentry-0001", "HTTP_REFERER": "https://posko.uji/admin/?q=3507130101900001",
        "HTTP_USER_AGENT": "HP warga@contoh.id",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(), "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    status = []
    b"".join(get_wsgi_application()(environ, lambda s, h, e=None: status.append(s)))
    class r:
        status_code = int(status[0].split()[0])
    sentry_sdk.flush()
    opsi = sentry_sdk.get_client().options
    print(json.dumps({"status": r.status_code, "terkirim": terkirim, "opsi": {
        k: opsi[k] for k in ("send_default_pii", "max_request_body_size", "include_local_variables", "environment")}}))
    """
)


def test_dengan_sentry_dsn_galat_dikirim_tanpa_data_pribadi(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "netralitas.settings",
        "DEBUG": "0",
        "SECRET_KEY": "s" + "Q7vX1nB8cR5tZ3wY6hF0jG2aE9uP4sL9dK2mQ7vX1nB8cR5tZ3wY6h",
        "TRACKING_CODE_KEY": "k" + "P4sL9dK2mQ7vX1nB8cR5tZ3wY6hF0jG2aE9",
        "IDENTITAS_KEY": "Tm9LbFpoVEtaUnZ0bU9XYjlGS3dFUWRMRmNxUjRzWkU=",
        "IDENTITAS_INDEKS_KEY": "Y2VrZ2lQQzJ2dU9rNXhXcHNxZ0pnN0NjS2VhcmxqUTE=",
        "ALLOWED_HOSTS": "testserver,posko.uji",
        "SITE_URL": "https://posko.uji",
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        "SENTRY_DSN": "https://kuncipublik@sentry.posko.uji/2",
        "SENTRY_TRACES_SAMPLE_RATE": "1.0",  # performance events pass the same filter
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/5"),
    }
    r = subprocess.run(
        [sys.executable, "-c", SKRIP], cwd=AKAR, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert r.returncode == 0, r.stderr[-3000:]
    hasil = json.loads(r.stdout.strip().splitlines()[-1])
    assert hasil["status"] == 500
    assert hasil["opsi"] == {
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "environment": "produksi",
    }
    galat = [p for p in hasil["terkirim"] if p.get("type") != "transaction"]
    transaksi = [p for p in hasil["terkirim"] if p.get("type") == "transaction"]
    assert len(galat) == 1 and transaksi
    peristiwa = galat[0]
    for p in hasil["terkirim"]:
        teks = json.dumps(p)
        for rahasia in ("K7QX-2M9D-P4TB", "3507130101900001", "warga@contoh.id", "sesi-rahasia", "rahasia_lokal"):
            assert rahasia not in teks, (rahasia, p.get("type"))
        assert "query_string" not in p.get("request", {}) and "Referer" not in json.dumps(p.get("request", {}))
    teks = json.dumps(peristiwa)
    assert "WQ8N" in teks and "RuntimeError" in teks, peristiwa["exception"]
    assert peristiwa["tags"]["request_id"] == "uji-sentry-0001"
    assert "data" not in peristiwa["request"] and "cookies" not in peristiwa["request"]
    assert "user" not in peristiwa

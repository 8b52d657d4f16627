"""DESIGN.md §4: the full tracking code is in no server-side store — not the database, the cache,
the sessions (rows and their cached copies), the logs, nor the outbox after sending — so a leak of
all of them hands out no access. And expired sessions are purged on a schedule.

The stores are read whole, the way a leak would hand them over: every row of every table, the
session rows decoded, every cache entry (Redis keys and values, or the local-memory cache), and every
log record written on the way. They are read right after the report is filed (before the receipt
is even opened: a reporter whose phone dies there leaves whatever was stored), and again after the
receipt, its reload and its download.
"""

import json
import logging
import pickle
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pengaduan.models import Notifikasi, Pengaduan
from tests.factories import UserFactory
from tests.pengaduan.test_intake import URL, data_sah

pytestmark = pytest.mark.django_db


def bentuk_kode(kode: str) -> set[str]:
    """The code as it could be written anywhere: grouped, bare, spaced, upper and lower case."""
    polos = kode.replace("-", "")
    bentuk = {kode, polos, kode.replace("-", " ")}
    return bentuk | {b.lower() for b in bentuk}


def _teks(nilai) -> str:
    if isinstance(nilai, memoryview):
        nilai = nilai.tobytes()
    if isinstance(nilai, bytes):
        return nilai.decode("utf-8", "replace") + "\n" + nilai.decode("latin-1")
    return str(nilai)


def isi_basis_data() -> list[tuple[str, str]]:
    """Every column of every row of every table, as text, and every session decoded."""
    isi = []
    with connection.cursor() as c:
        for tabel in connection.introspection.table_names():
            c.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)}")
            isi += [(tabel, " | ".join(_teks(v) for v in baris)) for baris in c.fetchall()]
    isi += [("django_session (didekode)", json.dumps(s.get_decoded(), default=str)) for s in Session.objects.all()]
    return isi


def _nilai_cache(mentah) -> str:
    teks = _teks(mentah)
    try:
        teks += "\n" + repr(pickle.loads(mentah))
    except Exception:  # a counter or a raw value: the bytes above are all there is
        pass
    return teks


def isi_cache() -> list[tuple[str, str]]:
    """Every entry of the cache: all keys and values in the Redis database when REDIS_URL is set
    (whoever wrote them), else the local-memory cache of this process."""
    backend = caches["default"]
    if not hasattr(getattr(backend, "client", None), "get_client"):  # django-redis' client, or local memory
        return [(str(k), _nilai_cache(v)) for k, v in backend._cache.items()]
    klien = backend.client.get_client(write=True)
    isi = []
    for kunci in klien.scan_iter(count=1000):
        jenis = klien.type(kunci).decode()
        if jenis == "string":
            nilai = [klien.get(kunci)]
        elif jenis == "hash":
            nilai = [x for kv in klien.hgetall(kunci).items() for x in kv]
        elif jenis == "list":
            nilai = klien.lrange(kunci, 0, -1)
        elif jenis == "set":
            nilai = list(klien.smembers(kunci))
        elif jenis == "zset":
            nilai = klien.zrange(kunci, 0, -1)
        else:
            nilai = []
        isi.append((_teks(kunci), " | ".join(_nilai_cache(v) for v in nilai if v is not None)))
    return isi


def isi_log(caplog) -> list[tuple[str, str]]:
    isi = []
    for r in caplog.records:
        isi.append((r.name, f"{r.getMessage()} {r.args!r} {r.exc_text or ''} {getattr(r, 'request', '')}"))
    return isi


def potret(caplog) -> dict[str, list[tuple[str, str]]]:
    return {"basis data": isi_basis_data(), "cache": isi_cache(), "log": isi_log(caplog)}


def temuan(potret_, kode) -> list[str]:
    bentuk = bentuk_kode(kode)
    return [
        f"{tempat}: {asal}: {b!r}" for tempat, isi in potret_.items() for asal, teks in isi for b in bentuk if b in teks
    ]


def kode_di_halaman(r) -> str:
    teks = re.sub(r"<[^>]+>", "", r.content.decode())
    return re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", teks).group(0)


@pytest.mark.parametrize("dengan_sesi", [False, True], ids=["tanpa-sesi", "dengan-sesi"])
@pytest.mark.parametrize("email", ["pelapor@contoh.id", ""], ids=["dengan-email", "anonim"])
def test_kode_lengkap_tidak_ada_di_penyimpanan_mana_pun(
    client, caplog, django_capture_on_commit_callbacks, dengan_sesi, email
):
    caplog.set_level(logging.DEBUG)
    if dengan_sesi:  # a reporter who already had a session (cached in Redis and kept in the database)
        client.force_login(UserFactory(is_staff=False))
    sumber = "laporan" if email else "informasi_awal"
    data = data_sah(client, email=email, sumber=sumber)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, data).status_code == 302
    setelah_melapor = potret(caplog)

    r = client.get(reverse("pengaduan:tanda_terima"))
    kode = kode_di_halaman(r)
    assert kode == r.context["kode"]
    assert temuan(setelah_melapor, kode) == []

    assert kode_di_halaman(client.get(reverse("pengaduan:tanda_terima"))) == kode  # a reload
    assert kode in client.get(reverse("pengaduan:unduh_tanda_terima")).content.decode()
    if email:
        # The receipt e-mail went through the outbox and was sent: the row is what is left of it.
        assert any(kode in m.body for m in mail.outbox)
        assert Notifikasi.objects.get(jenis="tanda_terima").status == "terkirim"
    assert Pengaduan.objects.count() == 1
    assert temuan(potret(caplog), kode) == []


def test_pemindai_menemukan_kode_bila_memang_tersimpan(client, caplog):
    """The scan itself: a code written into the session, the cache and the log is found in each."""
    caplog.set_level(logging.DEBUG)
    kode = "K7QX-2M9D-8HTR-4WZA"
    client.force_login(UserFactory(is_staff=False))
    sesi = client.session
    sesi["bocor"] = kode.lower()
    sesi.save()
    caches["default"].set("bocor", {"k": kode.replace("-", "")})
    logging.getLogger("pengaduan").info("kode %s", kode.replace("-", " "))
    hasil = "\n".join(temuan(potret(caplog), kode))
    assert "django_session (didekode)" in hasil
    assert "cache:" in hasil and "log:" in hasil


def test_sesi_kedaluwarsa_dihapus_oleh_tugas_terjadwal(client, monkeypatch, settings):
    from netralitas.celery import app
    from pengaduan.tasks import bersihkan_sesi_kedaluwarsa

    client.force_login(UserFactory(is_staff=False))
    lama = client.session.session_key
    nanti = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    monkeypatch.setattr(timezone, "now", lambda: nanti)
    baru_client = type(client)()
    baru_client.force_login(UserFactory(is_staff=False))  # signed in "later": still valid then
    baru = baru_client.session.session_key
    assert set(Session.objects.values_list("session_key", flat=True)) == {lama, baru}

    bersihkan_sesi_kedaluwarsa.delay()

    assert set(Session.objects.values_list("session_key", flat=True)) == {baru}
    # And the beat runs it: an entry in the schedule names the task, at least hourly.
    jadwal = [j for j in app.conf.beat_schedule.values() if j["task"] == bersihkan_sesi_kedaluwarsa.name]
    assert len(jadwal) == 1 and float(jadwal[0]["schedule"]) <= 3600


def test_entri_tanda_terima_lama_dikeluarkan_dari_sesi_yang_masih_hidup(client):
    """Sessions written before the receipt moved to its cookie still hold the code in the old
    entry (in the database and in the cache): the purge takes it out, and leaves the rest."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    from pengaduan.tasks import bersihkan_sesi_kedaluwarsa

    client.force_login(UserFactory(is_staff=False))
    lama = SessionStore(session_key=client.session.session_key)
    lama["tanda_terima"] = {"id": 1, "kode": "K7QX-2M9D-8HTR-4WZA"}  # as the old receipt wrote it
    lama.save()
    assert temuan(potret_sesi(), "K7QX-2M9D-8HTR-4WZA")

    assert bersihkan_sesi_kedaluwarsa.delay().get() == 1

    assert temuan(potret_sesi(), "K7QX-2M9D-8HTR-4WZA") == []
    assert client.get("/admin/").wsgi_request.user.is_authenticated  # the session itself lives on


def potret_sesi():
    return {"basis data": isi_basis_data(), "cache": isi_cache()}

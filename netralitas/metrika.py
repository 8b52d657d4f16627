"""/metrics for Prometheus: request latency, the outbox, the Celery queues. Only from the networks
of METRIKA_IZIN_JARINGAN (loopback unless set); anyone else gets the 404 of a page that is not there.

- `posko_permintaan_http_detik` (histogram): the time of each request through Django, by method,
  route (the URL pattern's name, never the path: a path holds ids) and status class.
- `posko_outbox_menunggu`, `posko_outbox_menunggu_lama`, `posko_outbox_gagal`,
  `posko_outbox_gagal_baru` (gauges): pengaduan.notifikasi.ringkasan_outbox, read at each scrape.
- `posko_antrean_celery_panjang{antrean=…}` (gauge): messages waiting in each Celery queue, Redis
  LLEN (kombu keeps one list per queue and priority), read at each scrape.
- `posko_database_terjangkau`, `posko_broker_terjangkau` (0/1).
- `posko_replika_dipakai` (0/1), `posko_replika_tertinggal_detik`, `posko_replika_diperiksa_detik_lalu`,
  with DATABASE_REPLICA_URL set and once this process has probed: the read replica's last verdict
  here (netralitas.replika), never a probe of the scrape's own.

Under gunicorn every worker process has its own counters. With PROMETHEUS_MULTIPROC_DIR set (an
empty folder the service user can write, emptied at each start; gunicorn's `child_exit` hook calls
prometheus_client.multiprocess.mark_process_dead) the histogram is summed over all workers, as
prometheus_client documents; without it a scrape sees the one worker that answered.

Who may read it is decided on the client address as netralitas.jaringan reads it (REMOTE_ADDR, or
the right-most entry of TRUSTED_PROXY_HEADER when a trusted proxy is configured). Behind nginx
without TRUSTED_PROXY_HEADER, REMOTE_ADDR is the proxy itself (loopback when on the same host), so
a request that carries a forwarding header is refused then: it came through a proxy whose client
we cannot know.
"""

import ipaddress
import logging
import os
import time

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from netralitas.jaringan import alamat_klien

log = logging.getLogger(__name__)

DURASI = Histogram(
    "posko_permintaan_http_detik",
    "Lama permintaan HTTP melewati Django, dalam detik.",
    ["metode", "rute", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
METODE = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
HEADER_PROKSI = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


class MiddlewareMetrika:
    """Near the top of MIDDLEWARE, so the time includes the other middleware (sessions, auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mulai = time.perf_counter()
        response = self.get_response(request)
        cocok = getattr(request, "resolver_match", None)
        if cocok is not None:
            rute = cocok.view_name or cocok.route or "(tanpa nama)"
        elif request.path_info.startswith(settings.STATIC_URL):
            rute = "(statik)"
        else:
            rute = "(tanpa rute)"
        metode = request.method if request.method in METODE else "LAIN"
        DURASI.labels(metode, rute, f"{response.status_code // 100}xx").observe(time.perf_counter() - mulai)
        return response


def boleh_membaca(request) -> bool:
    if not settings.TRUSTED_PROXY_HEADER and any(h in request.META for h in HEADER_PROKSI):
        return False
    try:
        alamat = ipaddress.ip_address(alamat_klien(request))
    except ValueError:
        return False
    if alamat.version == 6 and alamat.ipv4_mapped:
        alamat = alamat.ipv4_mapped
    for jaringan in settings.METRIKA_IZIN_JARINGAN:
        jaringan = ipaddress.ip_network(jaringan, strict=False)
        if alamat.version == jaringan.version and alamat in jaringan:
            return True
    return False


@never_cache
def metrics(request):
    if not boleh_membaca(request):
        raise Http404
    registri = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registri)
    else:
        registri.register(_Dari(REGISTRY))
    registri.register(PengumpulPosko())
    return HttpResponse(generate_latest(registri), content_type=CONTENT_TYPE_LATEST)


class _Dari:
    """This process's own metrics (the histogram, the process collector) in the scrape's registry."""

    def __init__(self, registri):
        self.registri = registri

    def collect(self):
        return self.registri.collect()


class PengumpulPosko:
    """Read at each scrape: nothing of this is counted in the request path."""

    def collect(self):
        yield from self._outbox()
        yield from self._antrean()
        yield from self._replika()

    def _replika(self):
        from netralitas import replika

        terakhir = replika.putusan_terakhir()
        if terakhir is None:
            return
        p, umur = terakhir
        dipakai = GaugeMetricFamily(
            "posko_replika_dipakai", "1 bila replika baca terjangkau dan tidak tertinggal melewati batas."
        )
        dipakai.add_metric([], 1 if p.sehat else 0)
        yield dipakai
        diperiksa = GaugeMetricFamily("posko_replika_diperiksa_detik_lalu", "Umur putusan replika terakhir, detik.")
        diperiksa.add_metric([], umur)
        yield diperiksa
        if p.tertinggal is not None:
            g = GaugeMetricFamily("posko_replika_tertinggal_detik", "Ketertinggalan replika baca, dalam detik.")
            g.add_metric([], p.tertinggal)
            yield g

    def _outbox(self):
        from pengaduan.notifikasi import ringkasan_outbox

        db = GaugeMetricFamily("posko_database_terjangkau", "1 bila database menjawab.")
        try:
            r = ringkasan_outbox(tertunda_menit=settings.OUTBOX_TERTUNDA_MENIT, gagal_jam=settings.OUTBOX_GAGAL_JAM)
        except Exception:
            log.warning("Metrik outbox tidak terbaca: database tidak menjawab.", exc_info=True)
            db.add_metric([], 0)
            yield db
            return
        db.add_metric([], 1)
        yield db
        uraian = {
            "menunggu": "Notifikasi e-mail yang menunggu dikirim.",
            "menunggu_lama": f"Notifikasi yang menunggu lebih dari {settings.OUTBOX_TERTUNDA_MENIT} menit.",
            "gagal": "Notifikasi yang gagal permanen (dihitung sampai 10.000).",
            "gagal_baru": f"Notifikasi yang gagal permanen dalam {settings.OUTBOX_GAGAL_JAM} jam terakhir.",
        }
        for kunci, teks in uraian.items():
            g = GaugeMetricFamily(f"posko_outbox_{kunci}", teks)
            g.add_metric([], r[kunci])
            yield g

    def _antrean(self):
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://", "unix://", "sentinel://")):
            return
        broker = GaugeMetricFamily("posko_broker_terjangkau", "1 bila broker Celery (Redis) menjawab.")
        try:
            panjang = panjang_antrean(url)
        except Exception:
            log.warning("Panjang antrean tidak terbaca: broker tidak menjawab.", exc_info=True)
            broker.add_metric([], 0)
            yield broker
            return
        broker.add_metric([], 1)
        yield broker
        g = GaugeMetricFamily(
            "posko_antrean_celery_panjang", "Pesan tugas yang menunggu di antrean Celery.", labels=["antrean"]
        )
        for nama, n in sorted(panjang.items()):
            g.add_metric([nama], n)
        yield g


def nama_antrean() -> list[str]:
    """The default queue and every queue named in task_queues and task_routes."""
    from netralitas.celery import app

    conf = app.conf
    nama = {conf.task_default_queue}
    for q in conf.task_queues or ():
        nama.add(getattr(q, "name", q))
    rute = conf.task_routes or {}
    for r in rute if isinstance(rute, list | tuple) else [rute]:
        if isinstance(r, dict):
            for tujuan in r.values():
                if isinstance(tujuan, dict) and tujuan.get("queue"):
                    nama.add(getattr(tujuan["queue"], "name", tujuan["queue"]))
    return sorted(n for n in nama if n)


SOKET = {"socket_connect_timeout": 0.5, "socket_timeout": 1}


def _klien_broker(url: str):
    """The broker's current primary, asked of the sentinels of a `sentinel://h:p;sentinel://h:p/db`
    URL (the service name and the sentinels' budget from the transport options, as kombu does)."""
    from urllib.parse import urlsplit

    from redis.sentinel import Sentinel

    bagian = [urlsplit(u) for u in url.split(";") if u]
    db = next((int(b.path.strip("/")) for b in reversed(bagian) if b.path.strip("/")), 0)
    opsi = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    sentinel = Sentinel(
        [(b.hostname, b.port or 26379) for b in bagian], sentinel_kwargs=opsi.get("sentinel_kwargs"), **SOKET
    )
    return sentinel.master_for(opsi["master_name"], db=db)


def panjang_antrean(url: str) -> dict[str, int]:
    import redis
    from kombu.transport.redis import PRIORITY_STEPS, Channel

    klien = _klien_broker(url) if url.startswith("sentinel://") else redis.Redis.from_url(url, **SOKET)
    try:
        semua = nama_antrean()
        pipa = klien.pipeline(transaction=False)
        for nama in semua:
            for p in PRIORITY_STEPS:
                pipa.llen(nama if p == 0 else f"{nama}{Channel.sep}{p}")
        hasil = pipa.execute()
    finally:
        klien.close()
    langkah = len(PRIORITY_STEPS)
    return {nama: sum(hasil[i * langkah : (i + 1) * langkah]) for i, nama in enumerate(semua)}

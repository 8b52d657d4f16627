"""CI: two web nodes behind nginx, and a Redis Sentinel failover during a run of reports.

What it starts, each on its own port (GUGUS_PORT, default 19200, and the next ones):
- a Redis primary and its replica (`redis-server --replicaof`), three `redis-sentinel` processes
  watching them (quorum 2, down after one second): the cache (REDIS_SENTINELS) and the Celery broker
  (a sentinel:// URL) find the primary through them;
- moto_server (an S3 API) with a bucket, for the evidence store (S3_*);
- a database of its own on the machine's PostgreSQL (migrate, the regions of one regency, a staff
  account, all through management commands);
- two gunicorn nodes (deploy/gunicorn.conf.py, DEBUG=0) each with its own VAR_DIR and TMPDIR, so
  nothing on one node's disk can serve the other; a Celery worker on both queues;
- Debian's nginx with an upstream of the two nodes, round robin, a header saying which node
  answered (X-Simpul), and the client address passed in X-Forwarded-For (TRUSTED_PROXY_HEADER) so
  the rate limits count per client.

Then the checks (`periksa_*`), each printing its figures. Every check runs even when an earlier one
failed; the run fails if any did. Checks that need the evidence in the shared object store say so
when the settings do not put it there yet (no S3 storage backend): they are reported as waiting,
not as passed. Everything started is stopped, and everything made removed, on any exit.

Environment: GUGUS_SIMPAN=1 keeps the working folder; GUGUS_PORT=first port (uses 60 from it).
"""

import base64
import concurrent.futures
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urljoin

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from produksi import (  # noqa: E402 - the production test's helpers, one copy
    AdapterSumber,
    Gagal,
    Proses,
    info,
    isian_laporan,
    jalankan_periksa,
    masuk_admin,
    pastikan,
    teks,
    tunggu,
)

REPO = Path(__file__).resolve().parents[1]
PY = REPO / ".venv" / "bin" / "python"
BIN = REPO / ".venv" / "bin"
STAF = "admin-gugus"
KUNCI_32 = ("IDENTITAS_KEY", "IDENTITAS_INDEKS_KEY", "CADANGAN_KEY")
MASTER = "posko"
BATAS_LAPOR = 5  # RATELIMIT_LAPOR of the nodes, per minute and client address
LAPORAN_FAILOVER = 150
KLIEN_FAILOVER = 4
_mulai = time.monotonic()


def jpeg(benih: int) -> bytes:
    import io
    import random

    from PIL import Image

    rnd = random.Random(benih)
    g = Image.frombytes("RGB", (64, 48), rnd.randbytes(64 * 48 * 3))
    b = io.BytesIO()
    g.save(b, "JPEG", quality=90)
    return b.getvalue()


class Gugus:
    def __init__(self, tumpukan: ExitStack):
        self.tumpukan = tumpukan
        self.akar = Path(tempfile.mkdtemp(prefix="posko-gugus-"))
        os.chmod(self.akar, 0o755)
        if os.environ.get("GUGUS_SIMPAN"):
            info(f"folder kerja disimpan: {self.akar}")
        else:
            tumpukan.callback(shutil.rmtree, self.akar, ignore_errors=True)
        awal = int(os.environ.get("GUGUS_PORT") or 19200)
        self.port = {
            "redis_a": awal + 1,
            "redis_b": awal + 2,
            "sentinel": [awal + 11, awal + 12, awal + 13],
            "s3": awal + 20,
            "simpul_a": awal + 31,
            "simpul_b": awal + 32,
            "nginx": awal + 40,
        }
        # One host name for nginx and the nodes: cookies ignore the port, so a session made through
        # nginx is sent to a node's own port too (and a check cannot pass on a login page).
        self.url = f"http://127.0.0.1:{self.port['nginx']}"
        self.url_a = f"http://127.0.0.1:{self.port['simpul_a']}"
        self.url_b = f"http://127.0.0.1:{self.port['simpul_b']}"
        self.proses: dict[str, Proses] = {}
        self.db = f"netralitas_gugus_{os.getpid()}"
        self.sandi_staf = secrets.token_urlsafe(18)
        self.angka: dict[str, str] = {}
        self.menunggu: list[str] = []
        self.env = self._env()

    def _env(self) -> dict[str, str]:
        s = self.port["sentinel"]
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH") and v}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "netralitas.settings",
                "DEBUG": "0",
                "SECRET_KEY": "g" + secrets.token_urlsafe(48),
                "TRACKING_CODE_KEY": "t" + secrets.token_urlsafe(36),
                # The identity, blind-index and backup keys: 32 random bytes each (netralitas/enkripsi.py).
                **{k: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() for k in KUNCI_32},
                "ALLOWED_HOSTS": "localhost,127.0.0.1",
                "SITE_URL": "https://localhost",
                "SECURE_SSL_REDIRECT": "0",  # plain http on a local port here; TLS is produksi.sh's
                "SECURE_COOKIES": "0",
                "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.db}",
                "REDIS_SENTINELS": ",".join(f"127.0.0.1:{p}" for p in s),
                "REDIS_SENTINEL_MASTER": MASTER,
                "REDIS_SENTINEL_DB": "1",
                "CELERY_BROKER_URL": ";".join(f"sentinel://127.0.0.1:{p}/0" for p in s),
                "CELERY_BROKER_SENTINEL_MASTER": MASTER,
                "S3_BUCKET": "posko-gugus",
                "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.port['s3']}",
                "S3_ACCESS_KEY_ID": "uji",
                "S3_SECRET_ACCESS_KEY": "uji-rahasia",
                "S3_REGION": "us-east-1",
                "S3_ADDRESSING_STYLE": "path",
                "RATELIMIT_LAPOR": f"{BATAS_LAPOR}/m",
                "METRIKA_IZIN_JARINGAN": "127.0.0.0/8",
                "STATIC_ROOT": str(self.akar / "statik"),
                "LOG_FORMAT": "teks",
                "GUNICORN_WORKERS": "2",
            }
        )
        return env

    def env_simpul(self, nama: str) -> dict[str, str]:
        var = self.akar / nama
        (var / "tmp").mkdir(parents=True, exist_ok=True)
        return {
            **self.env,
            "VAR_DIR": str(var / "var"),
            "TMPDIR": str(var / "tmp"),
            "EMAIL_URL": "consolemail://",  # the masked console backend: into the process log
        }

    def mulai(self, nama: str, argv: list[str], **kw) -> Proses:
        pr = Proses(nama, argv, self.akar / f"{nama}.log", **kw)
        self.proses[nama] = pr
        self.tumpukan.callback(pr.hentikan)
        return pr

    def manage(self, *argumen: str, env: dict | None = None) -> str:
        r = subprocess.run(
            [str(PY), "manage.py", *argumen],
            cwd=REPO,
            env=env or self.env_simpul("perintah"),
            capture_output=True,
            text=True,
            timeout=300,
        )
        pastikan(r.returncode == 0, f"manage.py {' '.join(argumen)}:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
        return r.stdout

    def psql(self, sql: str) -> str:
        r = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.db, "-Atqc", sql],
            capture_output=True,
            text=True,
            timeout=60,
        )
        pastikan(r.returncode == 0, f"psql: {r.stderr}")
        return r.stdout.strip()

    def redis(self, port: int, *perintah: str) -> str:
        r = subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(port), *perintah], capture_output=True, text=True, timeout=10
        )
        return r.stdout.strip()

    def primer(self) -> int:
        """The primary's port as the sentinels name it now."""
        jawab = self.redis(self.port["sentinel"][0], "SENTINEL", "get-master-addr-by-name", MASTER).split()
        return int(jawab[1])

    def angka_catat(self, nama: str, nilai) -> None:
        self.angka[nama] = str(nilai)
        info(f"   {nama}: {nilai}")


# --- Starting the pieces ----------------------------------------------------------------------------


def mulai_redis(g: Gugus) -> None:
    for nama, port, lain in (("redis_a", g.port["redis_a"], []), ("redis_b", g.port["redis_b"], None)):
        folder = g.akar / nama
        folder.mkdir()
        conf = folder / "redis.conf"
        baris = [f"port {port}", "bind 127.0.0.1", f"dir {folder}", 'save ""', "appendonly no", "protected-mode no"]
        if lain is None:
            baris.append(f"replicaof 127.0.0.1 {g.port['redis_a']}")
        conf.write_text("\n".join(baris) + "\n")
        g.mulai(nama, ["redis-server", str(conf)])
    tunggu(
        lambda: "master_link_status:up" in g.redis(g.port["redis_b"], "INFO", "replication"),
        batas=20,
        pesan="replika Redis tidak tersambung ke primer",
    )
    for i, port in enumerate(g.port["sentinel"]):
        folder = g.akar / f"sentinel{i}"
        folder.mkdir()
        conf = folder / "sentinel.conf"
        conf.write_text(
            f"port {port}\nbind 127.0.0.1\ndir {folder}\nprotected-mode no\n"
            f"sentinel monitor {MASTER} 127.0.0.1 {g.port['redis_a']} 2\n"
            f"sentinel down-after-milliseconds {MASTER} 1000\n"
            f"sentinel failover-timeout {MASTER} 6000\n"
            f"sentinel parallel-syncs {MASTER} 1\n"
        )
        g.mulai(f"sentinel{i}", ["redis-sentinel", str(conf)])
    tunggu(
        lambda: all(
            "num-other-sentinels" in g.redis(p, "SENTINEL", "master", MASTER)
            and re.search(r"num-other-sentinels\n2", g.redis(p, "SENTINEL", "master", MASTER))
            for p in g.port["sentinel"]
        ),
        batas=30,
        pesan="ketiga sentinel tidak saling mengenal",
    )


def mulai_s3(g: Gugus) -> None:
    g.mulai("moto", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(g.port["s3"])])
    tunggu(lambda: requests.get(g.env["S3_ENDPOINT_URL"], timeout=2).ok, batas=30, pesan="moto_server tidak menjawab")
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=g.env["S3_ENDPOINT_URL"],
        aws_access_key_id="uji",
        aws_secret_access_key="uji-rahasia",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=g.env["S3_BUCKET"])
    g.s3 = s3


def siapkan_database(g: Gugus) -> None:
    """Run in a thread of its own, while Redis, the sentinels and moto start (the database and its
    removal are registered by the main thread before)."""
    g.manage("migrate", "--noinput")
    g.manage("load_wilayah", "--awalan", "35.07")
    g.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        STAF,
        "--email",
        "staf@uji.invalid",
        env={**g.env_simpul("perintah"), "DJANGO_SUPERUSER_PASSWORD": g.sandi_staf},
    )


def mulai_layanan(g: Gugus) -> None:
    for nama in ("simpul_a", "simpul_b"):
        env = {**g.env_simpul(nama), "GUNICORN_BIND": f"127.0.0.1:{g.port[nama]}"}
        g.mulai(nama, [str(BIN / "gunicorn"), "-c", str(REPO / "deploy" / "gunicorn.conf.py")], cwd=REPO, env=env)
    mulai_worker(g)
    for nama in ("simpul_a", "simpul_b"):
        url = g.url_a if nama == "simpul_a" else g.url_b
        tunggu(lambda url=url: requests.get(url + "/healthz", timeout=2).ok, batas=60, pesan=f"{nama} tidak menjawab")


def mulai_worker(g: Gugus, nama: str = "worker") -> Proses:
    return g.mulai(
        nama,
        [
            str(BIN / "celery"),
            "-A",
            "netralitas",
            "worker",
            "-Q",
            "celery,lambat",
            "-c",
            "2",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO,
        env=g.env_simpul("worker"),
    )


def worker_seperti_systemd(g: Gugus, cara: str) -> None:
    """deploy/systemd's worker unit says Restart=on-failure: a worker that exited is started again,
    as systemd would, and the exit is a figure with the reason from its log. (Seen with kombu 5.7:
    closing a sentinel:// channel after the primary was killed can raise AttributeError in
    kombu's _connparams while restoring unacknowledged messages, which Celery calls
    unrecoverable.)"""
    pr = g.proses["worker"]
    if pr.hidup():
        return
    sebab = [b for b in pr.isi_log().splitlines() if "Unrecoverable" in b or "CRITICAL" in b][:1]
    g.angka_catat(f"[{cara}] worker keluar (dimulai ulang seperti systemd)", f"1: {sebab[0][:160] if sebab else '?'}")
    g.mulai_ulang = getattr(g, "mulai_ulang", 0) + 1
    g.proses[f"worker-mati-{g.mulai_ulang}"] = g.proses.pop("worker")
    mulai_worker(g)


def mulai_nginx(g: Gugus) -> None:
    folder = g.akar / "nginx"
    for sub in ("tmp/body", "tmp/proxy"):
        (folder / sub).mkdir(parents=True)
    # Modelled on deploy/nginx/posko-netralitas.conf (upstream, proxy headers, body size), plain
    # http on one port, with the answering node named in a header for the checks.
    (folder / "nginx.conf").write_text(
        f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/body;
    uwsgi_temp_path {folder}/tmp/body;
    scgi_temp_path {folder}/tmp/body;
    upstream posko_gunicorn {{
        server 127.0.0.1:{g.port["simpul_a"]} max_fails=0;
        server 127.0.0.1:{g.port["simpul_b"]} max_fails=0;
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{g.port["nginx"]};
        server_name localhost;
        client_max_body_size 56m;
        location / {{
            proxy_pass http://posko_gunicorn;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # With the port: the Origin a browser sends here names it, and Django's CSRF check
            # compares the two (deploy/ listens on 443, where $host is the whole origin).
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            proxy_next_upstream off;
            add_header X-Simpul $upstream_addr always;
        }}
    }}
}}
"""
    )
    r = subprocess.run(["nginx", "-t", "-q", "-c", str(folder / "nginx.conf")], capture_output=True, text=True)
    pastikan(r.returncode == 0, f"nginx -t:\n{r.stderr}")
    g.mulai("nginx", ["nginx", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], sinyal_berhenti=signal.SIGQUIT)
    tunggu(lambda: requests.get(g.url + "/healthz", timeout=2).ok, batas=20, pesan="nginx tidak menjawab")


# --- Clients ----------------------------------------------------------------------------------------


def klien(g: Gugus, sumber: str = "127.0.0.1", asal: str | None = None) -> requests.Session:
    s = requests.Session()
    s.mount("http://", AdapterSumber(sumber))
    s.trust_env = False
    asal = asal or g.url
    s.headers.update({"User-Agent": "posko-uji-gugus", "Origin": asal, "Referer": asal + "/"})
    return s


def simpul(g: Gugus, r: requests.Response) -> str:
    """Which node answered: the nginx header, or the port when sent to a node directly."""
    alamat = r.headers.get("X-Simpul") or r.url
    if str(g.port["simpul_a"]) in alamat:
        return "A"
    if str(g.port["simpul_b"]) in alamat:
        return "B"
    return "?"


def kode_dari_tanda_terima(html: str) -> str | None:
    m = re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b", teks(html))
    return m.group(1) if m else None


def lapor(g: Gugus, s: requests.Session, url: str, *, berkas=None, ubah=None) -> requests.Response:
    data = isian_laporan(s.get(url + "/lapor/", timeout=30).text)
    data.update(ubah or {})
    return s.post(url + "/lapor/", data=data, files=berkas or None, allow_redirects=False, timeout=60)


def penyimpanan_bersama(g: Gugus) -> bool:
    """Whether these settings keep files in the object store (issue 16 part 1) rather than on the
    node's disk: only then can evidence filed on A be read on B."""
    keluar = g.manage(
        "shell",
        "-c",
        "from django.conf import settings; print('S3:', any('s3' in str(v.get('BACKEND', '')).lower() "
        "for v in getattr(settings, 'STORAGES', {}).values()))",
    )
    return "S3: True" in keluar


def tunggu_i16a(g: Gugus, nama: str, galat: Exception) -> None:
    """A check on files across nodes, when the files are not in the shared store yet."""
    if g.s3_aktif:
        raise galat
    g.menunggu.append(f"{nama}: {galat}")
    info(f"   MENUNGGU penyimpanan S3 (i16a): {galat}")


# --- The checks -------------------------------------------------------------------------------------


def periksa_bukti_a_diunduh_di_b(g: Gugus) -> None:
    """A report with evidence sent to node A; staff logged in through nginx download it through B."""
    isi = jpeg(1)
    s = klien(g, "127.0.0.11", g.url_a)
    r = lapor(g, s, g.url_a, berkas=[("berkas", ("foto.jpg", isi, "image/jpeg"))])
    pastikan(r.status_code == 302 and simpul(g, r) == "A", f"laporan ke A: {r.status_code} {simpul(g, r)}")
    kode = kode_dari_tanda_terima(s.get(g.url_a + r.headers["Location"]).text)
    pastikan(kode, "tanda terima tanpa kode")
    bukti = g.psql("SELECT id, sha256 FROM pengaduan_bukti ORDER BY id DESC LIMIT 1").split("|")
    pastikan(len(bukti) == 2, "bukti tidak tercatat di PostgreSQL")
    staf = klien(g, "127.0.0.12")
    masuk_admin(g, staf, g.url, STAF)
    g.staf = staf
    try:
        # Through nginx until node B is the one answering (round robin: the first or second try).
        for _ in range(4):
            r = staf.get(
                f"{g.url}/admin/pengaduan/pengaduan/bukti/{bukti[0]}/unduh/", timeout=30, allow_redirects=False
            )
            if simpul(g, r) == "B":
                break
        pastikan(simpul(g, r) == "B", "nginx tidak pernah meneruskan ke B")
        pastikan(r.status_code == 200, f"unduh bukti lewat B: {r.status_code} {r.headers.get('Location', '')}")
        sha = hashlib.sha256(r.content).hexdigest()
        g.angka_catat("SHA-256 unggahan ke A / unduhan dari B", f"{hashlib.sha256(isi).hexdigest()[:16]} / {sha[:16]}")
        pastikan(sha == hashlib.sha256(isi).hexdigest() == bukti[1], "isi bukti dari B berbeda dari unggahan ke A")
    except Gagal as e:
        tunggu_i16a(g, "bukti dari A diunduh lewat B", e)


def periksa_unggahan_tertahan_a_dipakai_b(g: Gugus) -> None:
    """A form error on A keeps a valid file staged; the corrected form sent to B uses it."""
    isi = jpeg(2)
    s = klien(g, "127.0.0.13", g.url_a)
    html = s.get(g.url_a + "/lapor/").text
    data = isian_laporan(html)
    data["nik"] = "123"  # invalid: the form comes back with the file staged
    r = s.post(g.url_a + "/lapor/", data=data, files=[("berkas", ("foto.jpg", isi, "image/jpeg"))], timeout=60)
    pastikan(r.status_code == 400, f"isian salah ke A: {r.status_code}")
    token = re.findall(r'name="unggahan" value="([^"]+)"', r.text)
    pastikan(len(token) == 1, f"unggahan tertahan di halaman A: {len(token)}")
    data = isian_laporan(r.text)
    data["unggahan"] = token
    sebelum = int(g.psql("SELECT count(*) FROM pengaduan_bukti"))
    r = s.post(g.url_b + "/lapor/", data=data, allow_redirects=False, timeout=60, headers={"Origin": g.url_b})
    pastikan(r.status_code == 302, f"kiriman perbaikan ke B: {r.status_code} {teks(r.text)[:300]}")
    baris = g.psql("SELECT id, sha256 FROM pengaduan_bukti ORDER BY id DESC LIMIT 1").split("|")
    pastikan(int(g.psql("SELECT count(*) FROM pengaduan_bukti")) == sebelum + 1, "bukti dari unggahan tertahan hilang")
    pastikan(baris[1] == hashlib.sha256(isi).hexdigest(), "SHA-256 bukti berbeda dari unggahan")
    if not hasattr(g, "staf"):
        g.staf = klien(g, "127.0.0.12")
        masuk_admin(g, g.staf, g.url, STAF)
    try:
        # Both nodes serve it: B, which filed the report without ever receiving the bytes, and A.
        for nama, url in (("B", g.url_b), ("A", g.url_a)):
            r = g.staf.get(
                f"{url}/admin/pengaduan/pengaduan/bukti/{baris[0]}/unduh/", timeout=30, allow_redirects=False
            )
            pastikan(r.status_code == 200, f"bukti dari unggahan tertahan diunduh lewat {nama}: {r.status_code}")
            pastikan(hashlib.sha256(r.content).hexdigest() == baris[1], f"isi bukti dari {nama} berbeda")
        g.angka_catat("unggahan tertahan di A, laporan lewat B, unduhan dari B dan A", "sama (SHA-256)")
    except Gagal as e:
        tunggu_i16a(g, "unggahan tertahan A dipakai B", e)


def periksa_batas_laju_bersama(g: Gugus) -> None:
    """One client address, reports sent alternately to A and B: refused from the (limit+1)-th."""
    jawab = []
    for i in range(BATAS_LAPOR + 2):
        url = g.url_a if i % 2 == 0 else g.url_b
        s = klien(g, "127.0.0.14", url)
        r = lapor(g, s, url)
        jawab.append((simpul(g, r), r.status_code))
    g.angka_catat("jawaban bergantian A/B", " ".join(f"{n}:{k}" for n, k in jawab))
    kode = [k for _, k in jawab]
    pastikan(kode == [302] * BATAS_LAPOR + [429, 429], f"batas {BATAS_LAPOR}/m tidak dihitung bersama: {kode}")


def periksa_sesi_a_di_b(g: Gugus) -> None:
    """A staff session started on node A is a session on node B."""
    s = klien(g, "127.0.0.15", g.url_a)
    masuk_admin(g, s, g.url_a, STAF)
    r = s.get(g.url_b + "/admin/", allow_redirects=False, timeout=30)
    g.angka_catat("sesi dari A dibuka di B", r.status_code)
    pastikan(r.status_code == 200, f"sesi A ditolak B: {r.status_code} {r.headers.get('Location')}")


def periksa_round_robin(g: Gugus) -> None:
    jawab = [simpul(g, requests.get(g.url + "/healthz", timeout=5)) for _ in range(10)]
    g.angka_catat("10 permintaan lewat nginx", f"A={jawab.count('A')} B={jawab.count('B')}")
    pastikan(jawab.count("A") >= 3 and jawab.count("B") >= 3, f"nginx tidak bergiliran: {jawab}")


def _failover(g: Gugus, cara: str) -> None:
    lama = g.primer()
    if cara == "SENTINEL FAILOVER":
        pastikan(g.redis(g.port["sentinel"][0], "SENTINEL", "FAILOVER", MASTER) == "OK", "SENTINEL FAILOVER ditolak")
    else:
        nama = "redis_a" if lama == g.port["redis_a"] else "redis_b"
        os.kill(g.proses[nama].popen.pid, signal.SIGKILL)
    g.mulai_failover = time.monotonic()
    baru = tunggu(lambda: g.primer() != lama and g.primer(), batas=30, pesan="sentinel tidak memilih primer baru")
    tunggu(
        lambda: "role:master" in g.redis(baru, "INFO", "replication"),
        batas=30,
        pesan="primer baru belum menjadi master",
    )
    g.angka_catat(f"failover ({cara}): primer {lama} -> {baru}", f"{time.monotonic() - g.mulai_failover:.1f} s")


def _jalankan_laporan(g: Gugus, cara: str, awalan_alamat: int) -> None:
    """LAPORAN_FAILOVER reports through nginx from KLIEN_FAILOVER clients; the primary fails over
    when a third are in. Each report comes from its own loopback address, so the rate limit (which
    must not refuse a report here) is never reached."""
    sebelum = int(g.psql("SELECT count(*) FROM pengaduan_pengaduan"))
    kode: list[str] = []
    galat: list[str] = []
    kunci = threading.Lock()
    terkirim = [0]
    failover_mulai = threading.Event()

    def satu(i: int) -> None:
        alamat = f"127.0.{awalan_alamat + i // 250}.{1 + i % 250}"
        s = klien(g, alamat)
        try:
            r = lapor(g, s, g.url, ubah={"kronologi": f"Laporan uji failover nomor {i} ({cara}), kampanye ASN."})
            if r.status_code != 302:
                with kunci:
                    galat.append(f"#{i} {simpul(g, r)} {r.status_code} {teks(r.text)[:120]}")
                return
            t = s.get(urljoin(g.url, r.headers["Location"]), timeout=30)
            k = kode_dari_tanda_terima(t.text)
            with kunci:
                if t.status_code == 200 and k:
                    kode.append(k)
                else:
                    galat.append(f"#{i} tanda terima {t.status_code}")
        except requests.RequestException as e:
            with kunci:
                galat.append(f"#{i} {type(e).__name__}: {e}")
        finally:
            with kunci:
                terkirim[0] += 1
                if terkirim[0] == LAPORAN_FAILOVER // 3:
                    failover_mulai.set()

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(KLIEN_FAILOVER) as kolam:
        hasil = [kolam.submit(satu, i) for i in range(LAPORAN_FAILOVER)]
        failover_mulai.wait(120)
        _failover(g, cara)
        for h in hasil:
            h.result()
    sesudah = int(g.psql("SELECT count(*) FROM pengaduan_pengaduan"))
    g.angka_catat(f"[{cara}] laporan dikirim / tanda terima", f"{LAPORAN_FAILOVER} / {len(kode)}")
    g.angka_catat(f"[{cara}] baris baru di PostgreSQL", sesudah - sebelum)
    g.angka_catat(f"[{cara}] jawaban bukan 200/302", len(galat))
    g.angka_catat(f"[{cara}] waktu", f"{time.monotonic() - t0:.1f} s")
    for e in galat[:10]:
        info(f"     {e}")
    hilang = (len(kode) - (sesudah - sebelum)) if len(kode) > sesudah - sebelum else 0
    g.angka_catat(f"[{cara}] hilang (tanda terima tanpa baris)", hilang)
    pastikan(not galat, f"{len(galat)} jawaban bukan 200/302")
    pastikan(len(kode) == LAPORAN_FAILOVER == sesudah - sebelum, "laporan dan baris tidak sama banyak")


def _sesudah_failover(g: Gugus, cara: str) -> None:
    """The cache writes to the new primary; the worker still runs tasks (the receipts' outbox drains)."""
    primer = g.primer()

    # A report after the failover (after the nodes' rest from the failure), each try from an
    # address not seen before: its rate-limit counter is a new key, which must be in the new primary.
    def kunci_rl():
        return {k for k in g.redis(primer, "-n", "1", "KEYS", "*").split() if ":rl:" in k}

    percobaan = iter(range(1, 250))

    def kunci_baru_di_primer():
        sebelum = kunci_rl()
        s = klien(g, f"127.0.{200 + (cara != 'SENTINEL FAILOVER')}.{next(percobaan)}")
        r = lapor(g, s, g.url)
        pastikan(r.status_code == 302, f"laporan sesudah failover: {r.status_code}")
        return kunci_rl() - sebelum

    kunci = tunggu(
        kunci_baru_di_primer, batas=40, selang=2, pesan="kunci batas laju baru tidak tertulis di primer baru"
    )
    g.angka_catat(
        f"[{cara}] kunci batas laju baru di primer baru ({primer}), detik sejak failover",
        f"{len(kunci)}, {time.monotonic() - g.mulai_failover:.1f} s",
    )

    # Receipts whose task publish failed during the failover wait for the beat's sweep; run it
    # (again after a worker restart: what the dead worker held waits for the sweep too).
    def sapu():
        g.manage("shell", "-c", "from pengaduan.tasks import proses_tertunda; print(proses_tertunda(umur_detik=0))")

    if not g.proses["worker"].hidup():
        worker_seperti_systemd(g, cara)
    sapu()

    def menunggu():
        if not g.proses["worker"].hidup():
            worker_seperti_systemd(g, cara)
            sapu()
        return int(g.psql("SELECT count(*) FROM pengaduan_notifikasi WHERE status = 'menunggu'"))

    tunggu(lambda: menunggu() == 0, batas=60, selang=1, pesan=f"outbox tidak habis: {menunggu()} menunggu")
    g.angka_catat(
        f"[{cara}] notifikasi per status",
        g.psql(
            "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM pengaduan_notifikasi GROUP BY 1) x"
        ),
    )


def periksa_metrika_broker(g: Gugus) -> None:
    """/metrics finds the broker's primary through the sentinels (after both failovers)."""
    r = requests.get(g.url + "/metrics", timeout=10)
    pastikan(r.status_code == 200, f"/metrics: {r.status_code}")
    terjangkau = re.search(r"^posko_broker_terjangkau (\S+)$", r.text, re.M)
    antrean = re.findall(r'^posko_antrean_celery_panjang\{antrean="([^"]+)"\} (\S+)$', r.text, re.M)
    g.angka_catat("/metrics: broker terjangkau, antrean", f"{terjangkau and terjangkau.group(1)}, {antrean}")
    pastikan(terjangkau and float(terjangkau.group(1)) == 1, "broker lewat sentinel tidak terjangkau oleh /metrics")
    pastikan({n for n, _ in antrean} >= {"celery", "lambat"}, "panjang antrean tidak terbaca")


def periksa_failover_sentinel(g: Gugus) -> None:
    _jalankan_laporan(g, "SENTINEL FAILOVER", 1)
    _sesudah_failover(g, "SENTINEL FAILOVER")


def periksa_failover_kill9(g: Gugus) -> None:
    _jalankan_laporan(g, "kill -9 primer", 10)
    _sesudah_failover(g, "kill -9 primer")


# --- The run ----------------------------------------------------------------------------------------


def _sinyal(nomor, _frame):
    raise SystemExit(f"dihentikan oleh sinyal {nomor}")


def main() -> int:
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _sinyal)
    gagal: list[str] = []
    lulus = 0
    with ExitStack() as tumpukan:
        g = Gugus(tumpukan)
        try:
            info(f"== gugus di {g.akar}")
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", g.db], check=True)
            tumpukan.callback(
                subprocess.run,
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", g.db],
                check=False,
            )
            info("== migrate, load_wilayah 35.07, createsuperuser; collectstatic; Redis, sentinel, moto")
            # The slow steps side by side: the database (migrate), the static files, the services.
            with concurrent.futures.ThreadPoolExecutor(2) as kolam:
                database = kolam.submit(siapkan_database, g)
                statik = kolam.submit(g.manage, "collectstatic", "--noinput", "-v", "0")
                mulai_redis(g)
                mulai_s3(g)
                statik.result()
                database.result()
            g.s3_aktif = penyimpanan_bersama(g)
            info(f"   berkas di S3: {'ya' if g.s3_aktif else 'BELUM (pengaturan tanpa penyimpanan S3)'}")
            mulai_layanan(g)
            mulai_nginx(g)
        except Exception as e:
            traceback.print_exc()
            gagal.append(f"persiapan: {e}")
        if not gagal:
            for periksa in (
                periksa_round_robin,
                periksa_bukti_a_diunduh_di_b,
                periksa_unggahan_tertahan_a_dipakai_b,
                periksa_batas_laju_bersama,
                periksa_sesi_a_di_b,
                periksa_failover_sentinel,
                periksa_failover_kill9,
                periksa_metrika_broker,
            ):
                lulus += jalankan_periksa(periksa, g, gagal)
        mati = [
            n
            for n, pr in g.proses.items()
            if not pr.hidup() and n not in ("redis_a", "redis_b") and not n.startswith("worker-mati-")
        ]
        if mati:
            gagal.append("berhenti sebelum waktunya: " + ", ".join(mati))
        if gagal:
            for pr in g.proses.values():
                isi = pr.isi_log()
                # The first fatal lines (a process that died says why there, not at its end).
                fatal = [b for b in isi.splitlines() if re.search(r"CRITICAL|Unrecoverable|Traceback|ERROR", b)]
                print(f"---- log {pr.nama}: baris galat pertama ----\n" + "\n".join(fatal[:15]), flush=True)
                print(f"---- log {pr.nama} (akhir) ----\n{isi[-3000:]}", flush=True)
        info("== menghentikan semua yang dimulai")
    print("\nAngka:")
    for nama, nilai in g.angka.items():
        print(f"  {nama}: {nilai}")
    print(f"  seluruh uji gugus: {time.monotonic() - _mulai:.1f} s")
    if g.menunggu:
        print("\nMENUNGGU penyimpanan S3 (issue 16 bagian 1):\n  " + "\n  ".join(g.menunggu), flush=True)
    if gagal:
        print("\nUJI GUGUS GAGAL:\n  " + "\n  ".join(gagal), flush=True)
    print(f"\ngugus: {lulus} passed, {len(gagal)} failed, {len(g.menunggu)} waiting", flush=True)
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.exit(main())

"""CI: Posko Netralitas as production runs it, on this machine, from the files in deploy/.

What it sets up, each from the shipped file with only ports, paths and the domain substituted
(`ganti()` fails if a string it substitutes is no longer in the file, so the test never quietly
walks something else):

- the code copied as a release would be, installed by deploy/pasang.sh (virtualenv from
  requirements.txt, the VERSI file, bytecode, collectstatic) as root, read-only for the service;
- the service user of the units (created if missing, removed again), VAR_DIR its own;
- the environment file made from .env.example;
- PostgreSQL (the machine's) behind Debian's pgbouncer in transaction mode with SCRAM
  (deploy/pgbouncer/pgbouncer.ini), DISABLE_SERVER_SIDE_CURSORS=1; a private Redis;
- `posko-manage` (deploy/bin/) for migrate, load_wilayah, createsuperuser, `check --deploy`;
- the four systemd units run as systemd would (User, Group, UMask, WorkingDirectory,
  EnvironmentFile, Environment, ExecStart): web (gunicorn with deploy/gunicorn.conf.py), a worker
  per queue, the beat; `systemd-analyze verify` reads them first;
- Debian's nginx with the shipped site (TLS with a certificate made here), the portal named
  `localhost` (a name, so that clients send it in TLS's SNI: the site refuses a handshake without
  the portal's name).

Then, through nginx, what a citizen and a staff member do, and what the operator checks
(`periksa_*` below). Every check runs even when an earlier one failed; the run fails if any did,
listing them. Everything started is stopped, and everything made removed, on any exit.

Run by .ci/produksi.sh (which installs the Debian packages) from .ci/run. Environment:
  PRODUKSI_SIMPAN=1       keep the working folder (logs, files) after the run
  PRODUKSI_TAHAN=seconds  after the checks, keep everything running that long for a walk by hand
                          (the address and the staff login are printed), then stop as usual
  PRODUKSI_NAMA_DB=name   the database (and role) to create; default netralitas_produksi_<pid>
"""

import base64
import csv
import hashlib
import hmac
import http.client
import io
import os
import pwd
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
UNIT = ("posko-netralitas-web", "posko-netralitas-worker", "posko-netralitas-worker-lambat", "posko-netralitas-beat")
STAF = "admin-uji"
EMAIL_PELAPOR = "pelapor@uji.invalid"
JUMLAH_KASUS_BENCH = 2600  # more than one chunk (2,000) of the export's iterator
NIK_SAH = "3507104506900002"  # as tests/factories.py
NIP_SAH = "198503152010011002"
MIB = 1024 * 1024
# The portal's host name here: a name the machine resolves to 127.0.0.1 (the catch-all server of
# the shipped site refuses TLS to a bare address, which clients send no SNI for).
DOMAIN = "localhost"

_mulai_semua = time.monotonic()


def info(pesan: str) -> None:
    print(f"[{time.monotonic() - _mulai_semua:6.1f} s] {pesan}", flush=True)


class Gagal(AssertionError):
    pass


def pastikan(syarat, pesan: str) -> None:
    if not syarat:
        raise Gagal(pesan)


def ganti(teks: str, pasangan, nama: str) -> str:
    """Substitutes each (old, new) in a shipped file; an `old` no longer in it is an error."""
    for lama, baru in pasangan:
        if lama not in teks:
            raise Gagal(f"{nama}: '{lama}' tidak ada lagi di berkas; sesuaikan .ci/produksi.py.")
        teks = teks.replace(lama, baru)
    return teks


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tunggu(syarat, *, batas: float, pesan: str, selang: float = 0.25):
    """Polls `syarat` until it is truthy; an exception counts as not yet, except Gagal (final)."""
    akhir = time.monotonic() + batas
    while True:
        try:
            hasil = syarat()
        except Gagal:
            raise
        except Exception:
            hasil = None
        if hasil:
            return hasil
        if time.monotonic() > akhir:
            raise Gagal(pesan)
        time.sleep(selang)


def baca_env(path: Path) -> dict[str, str]:
    """An EnvironmentFile as systemd (and deploy/bin/posko-manage) reads it."""
    hasil = {}
    for baris in path.read_text().splitlines():
        baris = baris.strip()
        if not baris or baris[0] in "#;":
            continue
        kunci, sama, nilai = baris.partition("=")
        pastikan(sama, f"{path}: baris tanpa '=': {baris}")
        if len(nilai) >= 2 and nilai[0] == nilai[-1] and nilai[0] in "\"'":
            nilai = nilai[1:-1]
        hasil[kunci.strip()] = nilai
    return hasil


def baca_unit(teks: str) -> dict[str, list[str]]:
    hasil: dict[str, list[str]] = {}
    for baris in teks.splitlines():
        baris = baris.strip()
        if not baris or baris[0] in "#;[":
            continue
        pastikan(not baris.endswith("\\"), "unit dengan baris bersambung tidak didukung uji ini")
        kunci, _, nilai = baris.partition("=")
        hasil.setdefault(kunci.strip(), []).append(nilai.strip())
    return hasil


class Proses:
    """A process started here, in its own session; stopped by `hentikan` (TERM, then KILL)."""

    def __init__(self, nama: str, argv: list[str], log: Path, sinyal_berhenti=signal.SIGTERM, **kw):
        self.nama, self.log, self.sinyal_berhenti = nama, log, sinyal_berhenti
        self._berkas_log = open(log, "ab")  # noqa: SIM115 - closed in hentikan()
        self.popen = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._berkas_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kw,
        )
        info(f"{nama} berjalan (pid {self.popen.pid})")

    def hidup(self) -> bool:
        return self.popen.poll() is None

    def isi_log(self) -> str:
        return self.log.read_text(errors="replace")

    def hentikan(self, batas: float = 60) -> None:
        mulai = time.monotonic()
        if self.hidup():
            self.popen.send_signal(self.sinyal_berhenti)
            try:
                self.popen.wait(batas)
            except subprocess.TimeoutExpired:
                info(f"{self.nama} tidak berhenti dalam {batas:.0f} s; dibunuh")
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
        # Whatever it left in its session (a pool child) goes too.
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._berkas_log.close()
        info(f"{self.nama} berhenti ({time.monotonic() - mulai:.1f} s)")


class Produksi:
    """The installation under `akar`, and what it takes to stop and remove it."""

    def __init__(self, tumpukan: ExitStack):
        self.tumpukan = tumpukan
        self.akar = Path(tempfile.mkdtemp(prefix="posko-produksi-"))
        os.chmod(self.akar, 0o755)  # nginx (www-data) and the service user walk through it
        if os.environ.get("PRODUKSI_SIMPAN"):
            info(f"folder kerja disimpan: {self.akar}")
        else:
            tumpukan.callback(shutil.rmtree, self.akar, ignore_errors=True)
        self.var = self.akar / "var"
        self.log = self.akar / "log"
        self.log.mkdir()
        self.env_file = self.akar / "etc" / "posko-netralitas.env"
        self.db = os.environ.get("PRODUKSI_NAMA_DB") or f"netralitas_produksi_{os.getpid()}"
        self.sandi_db = secrets.token_urlsafe(24)
        self.sandi_staf = secrets.token_urlsafe(18)
        self.port = {n: port_bebas() for n in ("http", "https", "gunicorn", "pgbouncer", "redis")}
        self.proses: dict[str, Proses] = {}
        self.pengguna = "posko-netralitas"
        self.waktu: dict[str, float] = {}

    @property
    def url(self) -> str:
        return f"https://{DOMAIN}:{self.port['https']}"

    # --- Substitutions shared by every shipped file ---------------------------------------------------
    def jalur(self) -> list[tuple[str, str]]:
        return [
            ("/etc/posko-netralitas/posko-netralitas.env", str(self.env_file)),
            ("/opt/posko-netralitas", str(self.akar)),
            ("/var/lib/posko-netralitas", str(self.var)),
            ("/run/", f"{self.akar}/run/"),
        ]

    def ganti_jalur(self, teks: str) -> str:
        for lama, baru in self.jalur():
            teks = teks.replace(lama, baru)
        return teks

    def mulai(self, nama: str, argv: list[str], **kw) -> Proses:
        p = Proses(nama, argv, self.log / f"{nama}.log", **kw)
        self.proses[nama] = p
        self.tumpukan.callback(p.hentikan)
        return p

    def manage(self, *argumen: str, env: dict | None = None, env_file: Path | None = None, cek=True):
        """deploy/bin/posko-manage, as the README runs it (here with its paths given)."""
        r = subprocess.run(
            [str(self.akar / "app" / "deploy" / "bin" / "posko-manage"), *argumen],
            env={
                **os.environ,
                "POSKO_PREFIX": str(self.akar),
                "POSKO_ENV_FILE": str(env_file or self.env_file),
                "POSKO_USER": self.pengguna,
                **(env or {}),
            },
            capture_output=True,
            text=True,
        )
        if cek and r.returncode != 0:
            raise Gagal(f"posko-manage {' '.join(argumen)} gagal ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return r

    def psql(self, sql: str) -> str:
        return subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atqc", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()


# --- Setting up ---------------------------------------------------------------------------------------


def pasang_kode(p: Produksi) -> None:
    """The tracked files, as a release would bring them, then deploy/pasang.sh as root."""
    app = p.akar / "app"
    app.mkdir()
    daftar = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout
    berkas = [b for b in daftar.decode().split("\0") if b and (REPO / b).exists()]
    tar = subprocess.run(
        ["tar", "-C", str(REPO), "-cf", "-", "--null", "-T", "-"],
        input="\0".join(berkas).encode(),
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-C", str(app), "-xf", "-"], input=tar, check=True)
    subprocess.run(["chmod", "-R", "u=rwX,go=rX", str(app)], check=True)
    mulai = time.monotonic()
    # Debian's Python, as on the VM (the machine's PATH may offer another, e.g. pyenv under /root).
    # The copy has no .git: the version comes as a release's (or an image's build argument) would.
    versi = subprocess.run(
        ["git", "describe", "--tags", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    p.versi = versi or "uji-produksi"
    env = {**os.environ, "PYTHON": "/usr/bin/python3", "VERSI_APLIKASI": p.versi}
    subprocess.run(["sh", str(app / "deploy" / "pasang.sh"), "semua", str(p.akar)], check=True, env=env)
    p.waktu["pasang.sh (venv, pip, collectstatic)"] = time.monotonic() - mulai


def siapkan_pengguna(p: Produksi) -> None:
    """The units' service user, made as the README makes it (and removed afterwards) if missing."""
    unit = baca_unit((DEPLOY / "systemd" / "posko-netralitas-web.service").read_text())
    p.pengguna = unit["User"][0]
    try:
        pwd.getpwnam(p.pengguna)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--home-dir",
                str(p.var),
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                p.pengguna,
            ],
            check=True,
        )
        p.tumpukan.callback(subprocess.run, ["userdel", p.pengguna], check=False)
        info(f"pengguna layanan {p.pengguna} dibuat")
    # What StateDirectory= does: VAR_DIR owned by the service user, 0700.
    p.var.mkdir(mode=0o700)
    shutil.chown(p.var, p.pengguna, p.pengguna)
    shutil.chown(p.log, p.pengguna, p.pengguna)


def tulis_env(p: Produksi, **lain: str) -> None:
    """The environment file, from .env.example with this machine's values."""
    nilai = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TRACKING_CODE_KEY": secrets.token_urlsafe(50),
        "IDENTITAS_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "IDENTITAS_INDEKS_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "CADANGAN_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": DOMAIN,
        "CSRF_TRUSTED_ORIGINS": p.url,
        "SITE_URL": p.url,
        "VAR_DIR": str(p.var),
        "STATIC_ROOT": str(p.akar / "static"),
        "DATABASE_URL": f"postgres://{p.db}:{p.sandi_db}@127.0.0.1:{p.port['pgbouncer']}/{p.db}",
        "DATABASE_URL_LANGSUNG": f"postgres://{p.db}:{p.sandi_db}@127.0.0.1:5432/{p.db}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{p.port['redis']}/0",
        "REDIS_URL": f"redis://127.0.0.1:{p.port['redis']}/1",
        "EMAIL_URL": f"filemail:///{p.var / 'surel'}",
        "GUNICORN_BIND": f"127.0.0.1:{p.port['gunicorn']}",
        "GUNICORN_ACCESSLOG": str(p.log / "gunicorn-akses.log"),
        # The full list goes to the worker ("lambat"), over one iterator chunk, through pgbouncer.
        "EKSPOR_LANGSUNG_MAKS": "1000",
        **lain,
    }
    teks = (REPO / ".env.example").read_text()
    for kunci, isi in nilai.items():
        teks, n = re.subn(rf"^(# )?{kunci}=.*$", f"{kunci}={isi}", teks, count=1, flags=re.M)
        pastikan(n == 1, f".env.example tidak menyebut {kunci}")
    p.env_file.parent.mkdir(exist_ok=True)
    p.env_file.write_text(teks)
    os.chmod(p.env_file, 0o640)
    shutil.chown(p.env_file, "root", p.pengguna)
    p.env_file.parent.chmod(0o755)
    env = baca_env(p.env_file)
    pastikan(env["DEBUG"] == "0", ".env.example harus DEBUG=0")


def siapkan_postgresql(p: Produksi) -> None:
    p.psql(f"CREATE ROLE \"{p.db}\" LOGIN PASSWORD '{p.sandi_db}'")
    p.tumpukan.callback(p.psql, f'DROP ROLE IF EXISTS "{p.db}"')
    p.psql(f'CREATE DATABASE "{p.db}" OWNER "{p.db}"')
    p.tumpukan.callback(p.psql, f'DROP DATABASE IF EXISTS "{p.db}" WITH (FORCE)')


def mulai_pgbouncer(p: Produksi) -> None:
    folder = p.akar / "pgbouncer"
    folder.mkdir()
    ini = ganti(
        (DEPLOY / "pgbouncer" / "pgbouncer.ini").read_text(),
        [
            ("posko = host=127.0.0.1 port=5432 dbname=posko", f"{p.db} = host=127.0.0.1 port=5432 dbname={p.db}"),
            ("listen_port = 6432", f"listen_port = {p.port['pgbouncer']}"),
            ("unix_socket_dir = /var/run/postgresql", f"unix_socket_dir = {folder}"),
            ("logfile = /var/log/postgresql/pgbouncer.log", "logfile ="),
            ("pidfile = /var/run/postgresql/pgbouncer.pid", "pidfile ="),
            # As under load, when many processes share the pool: each transaction of a client may
            # get another server connection (pgbouncer otherwise hands a lone client the one it
            # just used, and a cursor left on it would seem to survive).
            ("pool_mode = transaction", "pool_mode = transaction\nserver_round_robin = 1\nmin_pool_size = 4"),
            ("auth_file = /etc/pgbouncer/userlist.txt", f"auth_file = {folder / 'userlist.txt'}"),
        ],
        "deploy/pgbouncer/pgbouncer.ini",
    )
    (folder / "pgbouncer.ini").write_text(ini)
    # The README's userlist: the role's SCRAM secret from pg_authid.
    rahasia = p.psql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{p.db}'")
    pastikan(rahasia.startswith("SCRAM-SHA-256$"), "PostgreSQL tidak menyimpan sandi sebagai SCRAM")
    (folder / "userlist.txt").write_text(f'"{p.db}" "{rahasia}"\n')
    shutil.chown(folder, "postgres", "postgres")
    for f in folder.iterdir():
        shutil.chown(f, "postgres", "postgres")
        f.chmod(0o640)
    # pgbouncer refuses to run as root; Debian runs it as postgres.
    p.mulai(
        "pgbouncer",
        ["pgbouncer", str(folder / "pgbouncer.ini")],
        user="postgres",
        group="postgres",
        sinyal_berhenti=signal.SIGINT,
    )
    tunggu(
        lambda: socket.create_connection(("127.0.0.1", p.port["pgbouncer"]), 1).close() or True,
        batas=20,
        pesan="pgbouncer tidak mendengarkan",
    )


def mulai_redis(p: Produksi) -> None:
    folder = p.akar / "redis"
    folder.mkdir()
    p.mulai(
        "redis",
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(p.port["redis"]),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
    )

    def ping():
        with socket.create_connection(("127.0.0.1", p.port["redis"]), 1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    tunggu(ping, batas=20, pesan="Redis tidak menjawab")


def verifikasi_unit(p: Produksi) -> None:
    """systemd's own reading of the units, with this installation's paths."""
    folder = p.akar / "systemd"
    folder.mkdir()
    for f in sorted((DEPLOY / "systemd").iterdir()):
        (folder / f.name).write_text(p.ganti_jalur(f.read_text()))
    if shutil.which("systemd-analyze") is None:
        info("systemd-analyze tidak ada; verifikasi unit dilewati")
        return
    r = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(f) for f in folder.iterdir())], capture_output=True, text=True
    )
    keluaran = (r.stdout + r.stderr).strip()
    pastikan(r.returncode == 0 and not keluaran, f"systemd-analyze verify:\n{keluaran}")


def jalankan_unit(p: Produksi, nama: str) -> Proses:
    """A unit as systemd runs it: its user and group, umask, folder, environment and command."""
    u = baca_unit((p.akar / "systemd" / f"{nama}.service").read_text())
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    pengguna = pwd.getpwnam(u["User"][0])
    env.update(HOME=pengguna.pw_dir, USER=pengguna.pw_name, LOGNAME=pengguna.pw_name)
    for f in u.get("EnvironmentFile", []):
        env.update(baca_env(Path(f.lstrip("-"))))
    for e in u.get("Environment", []):
        for pasangan in shlex.split(e):
            k, _, v = pasangan.partition("=")
            env[k] = v
    # RuntimeDirectory=: a folder of the service user's under /run, new at each start.
    for nama_folder in u.get("RuntimeDirectory", []):
        folder = p.akar / "run" / nama_folder
        folder.mkdir(parents=True, mode=int(u.get("RuntimeDirectoryMode", ["0755"])[0], 8))
        shutil.chown(folder, pengguna.pw_name, pengguna.pw_gid)
    # ExecStartPre=: each runs to its end first, as the unit's user; a failure stops the start.
    for pra in u.get("ExecStartPre", []):
        r = subprocess.run(
            shlex.split(pra.lstrip("-@").replace("%%", "%")),
            cwd=u["WorkingDirectory"][0],
            env=env,
            user=u["User"][0],
            group=u["Group"][0],
            extra_groups=[],
            umask=int(u["UMask"][0], 8),
            capture_output=True,
            text=True,
        )
        pastikan(r.returncode == 0 or pra.startswith("-"), f"{nama}: ExecStartPre {pra} gagal:\n{r.stdout}{r.stderr}")
        info(f"{nama}: ExecStartPre {r.stdout.strip().splitlines()[0] if r.stdout.strip() else 'selesai'}")
    argv = shlex.split(u["ExecStart"][0].lstrip("-@").replace("%%", "%"))
    return p.mulai(
        nama,
        argv,
        cwd=u["WorkingDirectory"][0],
        env=env,
        user=u["User"][0],
        group=u["Group"][0],
        extra_groups=[],
        umask=int(u["UMask"][0], 8),
    )


def mulai_nginx(p: Produksi) -> None:
    folder = p.akar / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (folder / sub).mkdir(parents=True)
    subprocess.run(["chown", "-R", "www-data:www-data", str(folder / "tmp")], check=True)
    # TLS: a certificate for the portal's name, made now, where the site expects the agency's.
    tls = p.akar / "tls"
    tls.mkdir(mode=0o700)
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={DOMAIN}",
            "-addext",
            f"subjectAltName=DNS:{DOMAIN}",
            "-keyout",
            str(tls / "privkey.pem"),
            "-out",
            str(tls / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    situs = ganti(
        (DEPLOY / "nginx" / "posko-netralitas.conf").read_text(),
        [
            ("listen 80 default_server;", f"listen 127.0.0.1:{p.port['http']} default_server;"),
            ("listen 443 ssl http2 default_server;", f"listen 127.0.0.1:{p.port['https']} ssl http2 default_server;"),
            ("listen [::]:80 default_server;\n", ""),
            ("listen [::]:443 ssl http2 default_server;\n", ""),
            ("listen 80;", f"listen 127.0.0.1:{p.port['http']};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{p.port['https']} ssl http2;"),
            ("listen [::]:80;\n", ""),
            ("listen [::]:443 ssl http2;\n", ""),
            ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{p.port['gunicorn']} "),
            ("posko.example.go.id", DOMAIN),
            ("/etc/ssl/posko-netralitas/", f"{tls}/"),
            ("/var/www/letsencrypt", str(p.akar / "acme")),
            ("/var/log/nginx/posko-netralitas.access.log", str(folder / "portal.access.log")),
        ],
        "deploy/nginx/posko-netralitas.conf",
    )
    (folder / "posko-netralitas.conf").write_text(p.ganti_jalur(situs))
    # Debian's nginx.conf, with this run's paths: the site is included in its http block.
    (folder / "nginx.conf").write_text(
        f"""user www-data;
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{ worker_connections 512; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {folder}/posko-netralitas.conf;
}}
"""
    )
    r = subprocess.run(["nginx", "-t", "-q", "-c", str(folder / "nginx.conf")], capture_output=True, text=True)
    pastikan(r.returncode == 0, f"nginx -t:\n{r.stderr}")
    p.mulai("nginx", ["nginx", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"], sinyal_berhenti=signal.SIGQUIT)


# --- Clients ------------------------------------------------------------------------------------------


class AdapterSumber(HTTPAdapter):
    """Connects from a chosen loopback address: one client address per 127.0.0.x, as nginx sees it."""

    def __init__(self, sumber: str):
        self.sumber = sumber
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.sumber, 0)
        super().init_poolmanager(*args, **kwargs)


def klien(p: Produksi, sumber: str = "127.0.0.1") -> requests.Session:
    s = requests.Session()
    s.mount("https://", AdapterSumber(sumber))
    s.mount("http://", AdapterSumber(sumber))
    # Not the environment's CA bundle (REQUESTS_CA_BUNDLE would override `verify`) nor its proxies.
    s.trust_env = False
    s.verify = str(p.akar / "tls" / "fullchain.pem")
    # A browser's: CSRF over HTTPS wants the origin (and the referer) of the page posting.
    s.headers.update({"User-Agent": "posko-uji-produksi", "Origin": p.url, "Referer": p.url + "/"})
    return s


def token_csrf(html: str) -> str:
    m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    pastikan(m, "formulir tanpa token CSRF")
    return m.group(1)


def teks(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def kode_totp(kunci_base32: str) -> str:
    """The 6-digit code an authenticator app shows now for this key (RFC 6238: HMAC-SHA1, 30 s)."""
    kunci = re.sub(r"\s", "", kunci_base32).upper()
    kunci = base64.b32decode(kunci + "=" * (-len(kunci) % 8))
    mac = hmac.new(kunci, int(time.time() // 30).to_bytes(8, "big"), hashlib.sha1).digest()
    potongan = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[potongan : potongan + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def jalankan_periksa(periksa, objek, gagal: list[str]) -> int:
    """One check of a CI script, timed and reported: 1 when it passed; a failure (Gagal, or any
    error with its traceback) is added to `gagal` and the run goes on to the next check."""
    info(f"== {periksa.__name__}")
    t0 = time.monotonic()
    try:
        periksa(objek)
    except Exception as e:
        if not isinstance(e, Gagal):
            traceback.print_exc()
        gagal.append(f"{periksa.__name__}: {e}")
        info(f"   GAGAL: {e}")
        return 0
    info(f"   lulus ({time.monotonic() - t0:.1f} s)")
    return 1


def masuk_admin(p, s: requests.Session, url: str = "", pengguna: str = "") -> None:
    """The staff login, the one place that knows it: the password, then, when the portal asks for
    a second factor, the enrolment a staff member does the first time (the key shown on the page
    typed into an authenticator app, its code sent back) or, later, the code the app shows. Through
    `url` when given (one node of .ci/gugus.py), else the portal's; `p` holds the password and the key."""
    url, pengguna = url or p.url, pengguna or STAF
    r = s.get(url + "/admin/login/")
    pastikan(r.status_code == 200, f"/admin/login/ {r.status_code}")
    r = s.post(
        url + "/admin/login/?next=/admin/",
        data={
            "csrfmiddlewaretoken": token_csrf(r.text),
            "username": pengguna,
            "password": p.sandi_staf,
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    pastikan(r.status_code == 302, f"login staf: {r.status_code}")
    r = s.get(urljoin(url, r.headers["Location"]), allow_redirects=False)
    if r.status_code == 302 and "dua-langkah" in r.headers["Location"]:
        halaman = s.get(urljoin(url, r.headers["Location"]))
        m = re.search(r'id="kunci-rahasia">([^<]+)<', halaman.text)
        if m:
            p.kunci_2fa = m.group(1)
        pastikan(getattr(p, "kunci_2fa", None), f"langkah kedua tanpa kunci untuk aplikasi autentikator: {halaman.url}")
        # A code is taken once: a second login in the same 30 s waits for the app's next code.
        while int(time.time() // 30) == getattr(p, "langkah_2fa", None):
            time.sleep(1)
        p.langkah_2fa = int(time.time() // 30)
        r = s.post(
            halaman.url,
            data={"csrfmiddlewaretoken": token_csrf(halaman.text), "kode": kode_totp(p.kunci_2fa), "next": "/admin/"},
            allow_redirects=False,
        )
        pastikan(r.status_code in (200, 302), f"langkah kedua: {r.status_code}")
        r = s.get(url + "/admin/", allow_redirects=False)
    pastikan(r.status_code == 200, f"admin tidak terbuka setelah masuk: {r.status_code} {r.headers.get('Location')}")


# --- Evidence files the checker accepts ---------------------------------------------------------------


def jpeg_10mb(benih: int) -> bytes:
    """A real JPEG just under 10 MiB: noise at quality 100 costs ~4.1 bytes a pixel."""
    from PIL import Image

    rnd = random.Random(benih)
    lebar, tinggi = 1600, 1555
    while True:
        gambar = Image.frombytes("RGB", (lebar, tinggi), rnd.randbytes(lebar * tinggi * 3))
        b = io.BytesIO()
        gambar.save(b, "JPEG", quality=100, subsampling=0)
        if 9.5 * MIB < len(b.getvalue()) <= 10 * MIB:
            return b.getvalue()
        tinggi = int(tinggi * 9.8 * MIB / len(b.getvalue()))


def pdf_10mb() -> bytes:
    """A real PDF (one page, written by pikepdf) carrying an incompressible 9.8 MiB stream."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.LampiranUji = pikepdf.Stream(pdf, random.Random(7).randbytes(int(9.8 * MIB)))
    b = io.BytesIO()
    pdf.save(b, compress_streams=False)
    return b.getvalue()


# --- The checks ---------------------------------------------------------------------------------------


def periksa_check_deploy(p: Produksi) -> None:
    r = p.manage("check", "--deploy", "--fail-level", "WARNING", cek=False)
    keluaran = "\n".join(b for b in (r.stdout + r.stderr).splitlines() if b.strip())
    info("check --deploy:\n    " + keluaran.replace("\n", "\n    "))
    pastikan(
        r.returncode == 0 and "WARNINGS:" not in keluaran, "manage.py check --deploy melaporkan peringatan (di atas)"
    )


def periksa_siap(p: Produksi) -> None:
    r = tunggu(
        lambda: (x := klien(p).get(p.url + "/readyz", timeout=5)).status_code == 200 and x,
        batas=90,
        pesan="/readyz tidak 200 lewat nginx",
    )
    data = r.json()
    pastikan(
        data.get("status") == "ok" and data.get("database") == "ok" and data.get("broker") == "ok", f"/readyz: {data}"
    )
    r = klien(p).get(f"http://{DOMAIN}:{p.port['http']}/lapor/", allow_redirects=False, timeout=5)
    pastikan(
        r.status_code == 301 and r.headers["Location"].startswith("https://"),
        f"http tidak dialihkan ke https: {r.status_code}",
    )


def periksa_nama_lain_tidak_dijawab(p: Produksi) -> None:
    """The site's catch-all servers: a request for another name, or by bare address, gets nothing
    (444 on http: the connection closed; on https the handshake refused, no certificate shown)."""
    for host in ("127.0.0.1", "nama-lain.invalid"):
        try:
            r = klien(p).get(
                f"http://127.0.0.1:{p.port['http']}/lapor/", headers={"Host": host}, allow_redirects=False, timeout=5
            )
        except requests.ConnectionError:
            continue
        raise Gagal(f"http dengan Host {host} dijawab {r.status_code}, bukan ditutup (444)")
    konteks = ssl.create_default_context()
    konteks.check_hostname, konteks.verify_mode = False, ssl.CERT_NONE
    for sni in (None, "nama-lain.invalid"):
        with socket.create_connection(("127.0.0.1", p.port["https"]), timeout=5) as s:
            try:
                konteks.wrap_socket(s, server_hostname=sni).close()
            except ssl.SSLError:
                continue
        raise Gagal(f"jabat tangan TLS tanpa nama portal (SNI {sni!r}) diterima")
    # The portal's name in the handshake, another in the request: nginx chooses the server by Host.
    try:
        r = klien(p).get(p.url + "/lapor/", headers={"Host": "nama-lain.invalid"}, timeout=5)
    except requests.ConnectionError:
        pass
    else:
        raise Gagal(f"https dengan SNI portal dan Host lain dijawab {r.status_code}, bukan ditutup (444)")
    pastikan(klien(p).get(p.url + "/healthz", timeout=5).status_code == 200, "portal tidak menjawab namanya sendiri")


def periksa_log_akses_tanpa_rahasia(p: Produksi) -> None:
    """A reviewer's invitation link reaches nginx's access log with its token masked."""
    token = "RahasiaUndangan" + secrets.token_urlsafe(12)
    klien(p).get(f"{p.url}/akun/undangan/{token}/", allow_redirects=False, timeout=10)
    log = p.akar / "nginx" / "portal.access.log"
    for _ in range(20):  # nginx writes the line when the response is done
        if log.exists() and "/akun/undangan/[disamarkan]/" in log.read_text():
            break
        time.sleep(0.2)
    isi = log.read_text() if log.exists() else ""
    pastikan("/akun/undangan/[disamarkan]/" in isi, "baris undangan tidak ada di log akses nginx")
    pastikan(token not in isi, "token undangan tertulis utuh di log akses nginx")


def periksa_header_keamanan(p: Produksi) -> None:
    r = klien(p).get(p.url + "/lapor/")
    pastikan(r.status_code == 200, f"/lapor/ {r.status_code}")
    h = r.headers
    hsts = baca_env(p.env_file)["SECURE_HSTS_SECONDS"]  # as .env.example ships it
    pastikan(
        f"max-age={hsts};" in h.get("Strict-Transport-Security", "") + ";",
        f"HSTS: {h.get('Strict-Transport-Security')}, .env.example {hsts}",
    )
    pastikan(h.get("X-Content-Type-Options") == "nosniff", "X-Content-Type-Options")
    pastikan(h.get("Referrer-Policy"), "Referrer-Policy")
    pastikan(h.get("X-Frame-Options") == "DENY", "X-Frame-Options")
    csp = h.get("Content-Security-Policy", "")
    pastikan(csp, "Content-Security-Policy tidak ada")
    pastikan("script-src" in csp or "default-src" in csp, f"CSP tanpa sumber skrip: {csp}")
    pastikan("'unsafe-inline'" not in csp.split("script-src")[-1].split(";")[0], f"CSP membolehkan skrip inline: {csp}")
    pastikan(
        r.headers.get("Server", "").startswith("nginx") and "/" not in r.headers.get("Server", ""),
        "nginx menyebut versinya",
    )


def periksa_statis(p: Produksi) -> None:
    """/static/ from nginx: files 0644 in 0755 folders, outside VAR_DIR; headers only nginx sends."""
    root = p.akar / "static"
    pastikan(
        root.is_dir() and any(root.rglob("*.css")), f"STATIC_ROOT {root} kosong (collectstatic menulis ke tempat lain?)"
    )
    salah = [
        f"{f} {stat.filemode(f.stat().st_mode)}"
        for f in [root, *root.rglob("*")]
        if (f.stat().st_mode & 0o777) != (0o755 if f.is_dir() else 0o644)
    ]
    pastikan(not salah, "izin berkas statis bukan 0644/0755: " + ", ".join(salah[:5]))
    halaman = klien(p).get(p.url + "/lapor/")
    html = halaman.text
    jalur = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    pastikan(jalur, "/lapor/ tidak memuat CSS/JS dari /static/")
    s = klien(p)
    for j in jalur:
        r = s.get(p.url + j, headers={"Accept-Encoding": "identity"})
        pastikan(r.status_code == 200, f"{j}: {r.status_code}")
        # `Expires` is nginx's (`expires`); whitenoise never sends it, but sends A-C-A-O, nginx not.
        pastikan("Expires" in r.headers, f"{j}: tanpa Expires, bukan dari nginx")
        pastikan("Access-Control-Allow-Origin" not in r.headers, f"{j}: dijawab whitenoise (gunicorn), bukan nginx")
        pastikan(re.search(r"\.[0-9a-f]{12}\.", j), f"{j}: nama tanpa hash isi (ManifestStaticFilesStorage)")
        pastikan(
            "immutable" in r.headers.get("Cache-Control", ""), f"{j}: Cache-Control {r.headers.get('Cache-Control')}"
        )
        pastikan(r.headers.get("X-Content-Type-Options") == "nosniff", f"{j}: tanpa nosniff")
        hsts = (r.headers.get("Strict-Transport-Security"), halaman.headers.get("Strict-Transport-Security"))
        pastikan(hsts[0] == hsts[1], f"{j}: HSTS nginx {hsts[0]!r} berbeda dari halaman Django {hsts[1]!r}")
        for pengodean, akhiran in (("gzip", ".gz"), ("br", ".br")):
            if (root / (j.removeprefix("/static/") + akhiran)).exists():
                r = s.get(p.url + j, headers={"Accept-Encoding": pengodean})
                pastikan(r.headers.get("Content-Encoding") == pengodean, f"{j}: {pengodean} tidak disajikan")
    akses = (p.log / "gunicorn-akses.log").read_text()
    pastikan("/lapor/" in akses, "log akses gunicorn kosong")
    pastikan("/static/" not in akses, "gunicorn menerima permintaan /static/")


def isian_laporan(html: str) -> dict:
    hari_ini = time.strftime("%Y-%m-%d")
    m = re.search(r'name="token_pengajuan" value="([0-9a-f-]{36})"', html)
    pastikan(m, "formulir /lapor/ tanpa token_pengajuan")
    return {
        "csrfmiddlewaretoken": token_csrf(html),
        "token_pengajuan": m.group(1),
        "sumber": "laporan",
        "nama": "Sri Wahyuni",
        "nik": NIK_SAH,
        "alamat": "Jl. Merdeka 10, Kepanjen",
        "telepon": "0812 3456 7890",
        "email": EMAIL_PELAPOR,
        "jenis_pemilihan": "pilkada",
        "kategori": "kampanye-media-sosial",
        "tanggal_kejadian": hari_ini,
        "tanggal_diketahui": hari_ini,
        "provinsi": "35",
        "kabupaten": "35.07",
        "kecamatan": "35.07.13",
        "desa": "35.07.13.1007",
        "alamat_kejadian": "Kantor kecamatan",
        "kronologi": "Terlapor mengunggah foto bersama pasangan calon dengan ajakan memilih (uji produksi).",
        "tautan": "https://www.facebook.com/contoh/posts/123",
        "pernyataan": "on",
        "terlapor-TOTAL_FORMS": "1",
        "terlapor-INITIAL_FORMS": "0",
        "terlapor-MIN_NUM_FORMS": "1",
        "terlapor-MAX_NUM_FORMS": "10",
        "terlapor-0-nama": "Drs. Bambang",
        "terlapor-0-nip": NIP_SAH,
        "terlapor-0-jabatan": "Camat",
        "terlapor-0-instansi_teks": "Pemerintah Kabupaten Malang",
        "terlapor-0-jenis_asn": "pns",
        "saksi-TOTAL_FORMS": "0",
        "saksi-INITIAL_FORMS": "0",
        "saksi-MIN_NUM_FORMS": "0",
        "saksi-MAX_NUM_FORMS": "10",
        "kirim": "1",
    }


def periksa_laporan(p: Produksi) -> None:
    """A report with five 10 MB files; the receipt's code opens it on /lacak/; the receipt e-mail
    is sent by the default queue's worker, the thumbnails made by the slow queue's."""
    mulai = time.monotonic()
    berkas = [(f"foto-{i}.jpg", jpeg_10mb(i), "image/jpeg") for i in range(4)] + [
        ("surat.pdf", pdf_10mb(), "application/pdf")
    ]
    total = sum(len(b[1]) for b in berkas)
    s = klien(p)
    data = isian_laporan(s.get(p.url + "/lapor/").text)
    t0 = time.monotonic()
    r = s.post(p.url + "/lapor/", data=data, files=[("berkas", b) for b in berkas], allow_redirects=False, timeout=120)
    p.waktu[f"POST /lapor/ dengan 5 berkas ({total / MIB:.1f} MiB)"] = time.monotonic() - t0
    pastikan(r.status_code == 302, f"laporan tidak diterima: {r.status_code} {teks(r.text)[:800]}")
    r = s.get(p.url + r.headers["Location"])
    m = re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b", teks(r.text))
    pastikan(r.status_code == 200 and m, "tanda terima tanpa kode pelacakan")
    kode = m.group(1)
    pastikan("Bukti" in teks(r.text), "tanda terima tanpa ringkasan bukti")

    # /lacak/ in another browser, with the code.
    s2 = klien(p)
    r = s2.get(p.url + "/lacak/")
    r = s2.post(p.url + "/lacak/", data={"csrfmiddlewaretoken": token_csrf(r.text), "kode": kode})
    pastikan(r.status_code == 200 and 'id="status-publik"' in r.text, f"/lacak/ tidak membuka laporan: {r.status_code}")
    pastikan(kode not in r.url, "kode pelacakan muncul di URL")

    # Evidence on disk: private (0600 in 0700 folders), the service user's.
    folder = p.var / "berkas"
    bukti = [f for f in folder.rglob("*") if f.is_file() and "thumbnail" not in f.relative_to(folder).parts]
    pastikan(len(bukti) == 5, f"berkas bukti di {folder}: {sorted(str(f.relative_to(folder)) for f in bukti)}")
    for f in [folder, *folder.rglob("*")]:
        st = f.stat()
        harus = 0o700 if f.is_dir() else 0o600
        pastikan(
            st.st_mode & 0o777 == harus and pwd.getpwuid(st.st_uid).pw_name == p.pengguna,
            f"{f}: {stat.filemode(st.st_mode)} {pwd.getpwuid(st.st_uid).pw_name}",
        )

    def surel_terkirim():
        folder = p.var / "surel"
        return folder.is_dir() and any(EMAIL_PELAPOR in f.read_text(errors="replace") for f in folder.iterdir())

    tunggu(surel_terkirim, batas=90, pesan="e-mail tanda terima tidak ditulis oleh worker")
    # The beat's job (pengaduan.tasks.buat_thumbnail_baru, every 5 s) finds the new evidence and the
    # slow queue's worker makes the four photos' thumbnails (the PDF gets an icon, no file).
    lambat = p.proses["posko-netralitas-worker-lambat"]
    tunggu(
        lambda: len([f for f in folder.rglob("*") if f.is_file() and "thumbnail" in f.relative_to(folder).parts]) >= 4,
        batas=180,
        pesan="thumbnail tidak dibuat oleh worker antrean lambat",
    )
    # Task lines carry the task's id in brackets (the start-up banner lists every name without).
    pastikan(
        re.search(r"pengaduan\.tasks\.buat_thumbnail_baru\[[^\]]+\] succeeded", lambat.isi_log()),
        "thumbnail tidak dibuat oleh worker antrean lambat",
    )
    biasa = p.proses["posko-netralitas-worker"].isi_log()
    pastikan("pengaduan.tasks.kirim_notifikasi[" in biasa, "notifikasi tidak dikirim oleh worker antrean celery")
    pastikan(
        "buat_thumbnail_baru[" not in biasa and "buat_thumbnail[" not in biasa,
        "thumbnail dikerjakan worker antrean celery (rute antrean?)",
    )
    pastikan("kirim_notifikasi[" not in lambat.isi_log(), "notifikasi dikerjakan worker antrean lambat")
    p.waktu["laporan sampai thumbnail dan e-mail"] = time.monotonic() - mulai


def periksa_terlalu_besar(p: Produksi) -> None:
    """A body over client_max_body_size is refused by nginx, before gunicorn, with our page."""
    konteks = ssl.create_default_context(cafile=str(p.akar / "tls" / "fullchain.pem"))
    c = http.client.HTTPSConnection(DOMAIN, p.port["https"], context=konteks, timeout=10)
    c.putrequest("POST", "/lapor/")
    c.putheader("Content-Type", "multipart/form-data; boundary=x")
    c.putheader("Content-Length", str(57 * MIB))
    c.endheaders()
    r = c.getresponse()
    isi = r.read().decode()
    c.close()
    pastikan(r.status == 413 and "Berkas terlalu besar" in isi, f"kiriman 57 MiB: {r.status}")


def periksa_batas_per_alamat(p: Produksi) -> None:
    """The application's limits count per client address as nginx saw it: a forged X-Forwarded-For
    changes nothing, and another address is not limited. nginx's flood limit too."""
    for jalur, pesan_429 in (("/lapor/", "Terlalu banyak pengiriman"), ("/lacak/", "Terlalu banyak percobaan")):
        a = klien(p, "127.0.0.2" if jalur == "/lapor/" else "127.0.0.4")
        token = token_csrf(a.get(p.url + jalur).text)
        status = []
        for i in range(11):
            # Every POST pretends to come from another address; nginx appends the real one.
            r = a.post(
                p.url + jalur,
                data={"csrfmiddlewaretoken": token, "kode": "X"},
                headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
            )
            status.append(r.status_code)
        pastikan(status[:10] == [400] * 10 and status[10] == 429, f"{jalur} dari satu alamat: {status}")
        pastikan(pesan_429 in r.text, f"{jalur}: 429 bukan dari aplikasi")
        b = klien(p, "127.0.0.3" if jalur == "/lapor/" else "127.0.0.5")
        r = b.post(p.url + jalur, data={"csrfmiddlewaretoken": token_csrf(b.get(p.url + jalur).text), "kode": "X"})
        pastikan(r.status_code == 400, f"{jalur}: alamat lain ikut dibatasi ({r.status_code})")

    # nginx's limit_req: a flood from one address is cut; the next address is not.
    banjir = klien(p, "127.0.0.6")
    ditolak = 0
    for _ in range(200):
        r = banjir.get(p.url + "/lacak/")
        if r.status_code == 429:
            pastikan("Terlalu banyak permintaan — Posko Netralitas" in r.text, "429 banjir bukan halaman nginx")
            ditolak += 1
            if ditolak >= 3:
                break
    pastikan(ditolak >= 3, "nginx tidak membatasi banjir permintaan dari satu alamat")
    pastikan(
        klien(p, "127.0.0.7").get(p.url + "/lacak/").status_code == 200, "banjir dari satu alamat membatasi alamat lain"
    )


def periksa_metrika(p: Produksi) -> None:
    r = klien(p, "127.0.0.2").get(p.url + "/metrics")
    pastikan(r.status_code == 403, f"/metrics dari luar jaringan pemantauan: {r.status_code}")
    r = klien(p).get(p.url + "/metrics")
    pastikan(r.status_code == 200 and "# TYPE" in r.text, f"/metrics dari jaringan pemantauan: {r.status_code}")


def periksa_ekspor(p: Produksi) -> None:
    """The whole case list (2,601 rows: more than one 2,000-row chunk) exported through the admin:
    above EKSPOR_LANGSUNG_MAKS, so built by the slow queue's worker through pgbouncer."""
    mulai = time.monotonic()
    s = klien(p)
    masuk_admin(p, s)
    daftar = s.get(p.url + "/admin/pengaduan/pengaduan/")
    pastikan(
        daftar.status_code == 200 and 'id="form-ekspor"' in daftar.text, f"daftar kasus admin: {daftar.status_code}"
    )
    r = s.post(
        p.url + "/admin/pengaduan/pengaduan/ekspor/",
        data={"csrfmiddlewaretoken": token_csrf(daftar.text), "format": "csv", "parameter": ""},
        allow_redirects=False,
    )
    pastikan(r.status_code == 302, f"permintaan ekspor: {r.status_code}")

    def tautan_unduh():
        halaman = s.get(p.url + "/admin/pengaduan/ekspor/").text
        if re.search(r'class="field-status">\s*Gagal', halaman):
            raise Gagal("ekspor gagal dibuat (lihat log worker lambat)")
        return re.search(r'href="(/admin/pengaduan/ekspor/\d+/unduh/)"', halaman)

    m = tunggu(tautan_unduh, batas=180, selang=1, pesan="ekspor tidak selesai (lihat log worker lambat)")
    r = s.get(p.url + m.group(1))
    pastikan(r.status_code == 200, f"unduh ekspor: {r.status_code}")
    baris = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    pastikan(len(baris) == JUMLAH_KASUS_BENCH + 1, f"ekspor berisi {len(baris)} baris, bukan {JUMLAH_KASUS_BENCH + 1}")
    pastikan(
        "pengaduan.tasks.buat_ekspor[" in p.proses["posko-netralitas-worker-lambat"].isi_log(),
        "ekspor tidak dikerjakan antrean lambat",
    )
    p.waktu[f"ekspor {len(baris)} baris lewat worker"] = time.monotonic() - mulai


def periksa_kunci_salah(p: Produksi) -> None:
    """The start check the units run first (ExecStartPre): with IDENTITAS_KEY replaced by another
    key (the old one dropped too early, or a wrong environment file) it fails, naming the key id
    the seeded identities need."""
    salah = p.env_file.with_name("kunci-salah.env")
    lain = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    salah.write_text(re.sub(r"^IDENTITAS_KEY=.*$", f"IDENTITAS_KEY={lain}", p.env_file.read_text(), flags=re.M))
    shutil.chown(salah, "root", p.pengguna)
    salah.chmod(0o640)
    r = p.manage("periksa_kunci_identitas", env_file=salah, cek=False)
    pastikan(
        r.returncode != 0 and "tidak ada kunci IDENTITAS_KEY dengan id itu" in r.stderr,
        f"periksa_kunci_identitas dengan kunci salah tidak gagal: {r.returncode}\n{r.stdout}{r.stderr}",
    )
    salah.unlink()
    info("periksa_kunci_identitas menolak IDENTITAS_KEY yang salah (id kunci yang dipakai data disebut)")


def periksa_cadangan(p: Produksi) -> None:
    """Backup, then restore into an empty database and an empty folder; the copy holds the same."""
    # The README's backup folder: the service user's, 0700 (the archive holds identities).
    folder = p.var / "cadangan"
    folder.mkdir(mode=0o700)
    shutil.chown(folder, p.pengguna, p.pengguna)
    mulai = time.monotonic()
    p.manage("cadangkan", str(folder / "uji.tar"))
    p.waktu["cadangkan"] = time.monotonic() - mulai
    with open(folder / "uji.tar", "rb") as f:
        pastikan(f.read(8) == b"PNCADENC", "arsip cadangan tidak terenkripsi (CADANGAN_KEY)")
    db = f"{p.db}_pulih"
    p.psql(f'CREATE DATABASE "{db}" OWNER "{p.db}"')
    p.tumpukan.callback(p.psql, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    berkas = p.var / "pulih" / "berkas"
    berkas.mkdir(parents=True)
    subprocess.run(["chown", "-R", f"{p.pengguna}:{p.pengguna}", str(p.var / "pulih")], check=True)
    env_pulih = p.env_file.with_name("pulih.env")
    lain = {"DATABASE_URL_LANGSUNG": f"postgres://{p.db}:{p.sandi_db}@127.0.0.1:5432/{db}"}
    isi = p.env_file.read_text() + f"PRIVATE_MEDIA_ROOT={berkas}\n"
    for k, v in lain.items():
        isi = re.sub(rf"^{k}=.*$", f"{k}={v}", isi, flags=re.M)
    env_pulih.write_text(isi)
    shutil.chown(env_pulih, "root", p.pengguna)
    env_pulih.chmod(0o640)
    mulai = time.monotonic()
    p.manage("pulihkan", str(folder / "uji.tar"), env_file=env_pulih)
    p.waktu["pulihkan"] = time.monotonic() - mulai
    # The version pasang.sh wrote at install time, not "tidak diketahui".
    r = p.manage("pulihkan", "--periksa-saja", str(folder / "uji.tar"))
    pastikan(f"oleh versi {p.versi};" in r.stdout, f"versi di manifest bukan {p.versi}: {r.stdout}")
    hitung = "from pengaduan.models import Pengaduan, Bukti; print(Pengaduan.objects.count(), Bukti.objects.count())"
    asal = p.manage("shell", "-c", hitung).stdout.split()
    salinan = p.manage("shell", "-c", hitung, env_file=env_pulih).stdout.split()
    pastikan(asal == salinan, f"pulihan berbeda: {salinan} vs {asal}")
    pastikan(len([f for f in berkas.rglob("*") if f.is_file()]) >= 5, "berkas bukti tidak dipulihkan")


def periksa_beat(p: Produksi) -> None:
    beat = p.proses["posko-netralitas-beat"]
    pastikan(beat.hidup() and "beat: Starting" in beat.isi_log(), "beat tidak berjalan")
    pastikan(
        (p.var / "celerybeat-schedule").exists() or list(p.var.glob("celerybeat-schedule*")),
        "jadwal beat tidak di VAR_DIR",
    )


# --- The run ------------------------------------------------------------------------------------------


def _sinyal(nomor, _frame):
    raise SystemExit(f"dihentikan oleh sinyal {nomor}")


def main() -> int:
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _sinyal)
    pastikan(os.geteuid() == 0, "uji produksi perlu root (pengguna layanan, nginx, pgbouncer)")
    gagal: list[str] = []
    lulus = 0
    with ExitStack() as tumpukan:
        p = Produksi(tumpukan)
        try:
            info(f"== memasang ke {p.akar}")
            pasang_kode(p)
            siapkan_pengguna(p)
            tulis_env(p)
            siapkan_postgresql(p)
            mulai_redis(p)
            mulai_pgbouncer(p)
            info("== migrate, load_wilayah, seed_bench, createsuperuser (posko-manage)")
            t0 = time.monotonic()
            p.manage("migrate", "--noinput")
            p.manage("load_wilayah")
            p.manage(
                "seed_bench",
                "--pengaduan",
                str(JUMLAH_KASUS_BENCH),
                "--kode-sampel",
                "0",
                "--berkas-kode",
                str(p.var / "kode-bench.txt"),
            )
            p.manage(
                "createsuperuser",
                "--noinput",
                "--username",
                STAF,
                "--email",
                "staf@uji.invalid",
                env={"DJANGO_SUPERUSER_PASSWORD": p.sandi_staf},
            )
            p.waktu["migrate, load_wilayah, seed_bench"] = time.monotonic() - t0
            verifikasi_unit(p)
            periksa_kunci_salah(p)
            info("== layanan")
            for nama in UNIT:
                jalankan_unit(p, nama)
            mulai_nginx(p)
            periksa_siap(p)
        except Exception as e:
            traceback.print_exc()
            gagal.append(f"persiapan: {e}")
        if not gagal:
            for periksa in (
                periksa_check_deploy,
                periksa_nama_lain_tidak_dijawab,
                periksa_log_akses_tanpa_rahasia,
                periksa_header_keamanan,
                periksa_statis,
                periksa_laporan,
                periksa_terlalu_besar,
                periksa_batas_per_alamat,
                periksa_metrika,
                periksa_ekspor,
                periksa_cadangan,
                periksa_beat,
            ):
                lulus += jalankan_periksa(periksa, p, gagal)
        tahan = int(os.environ.get("PRODUKSI_TAHAN") or 0)
        if tahan > 0:
            kunci = getattr(p, "kunci_2fa", "")
            info(
                f"== berjalan {tahan} s untuk diperiksa dengan tangan: {p.url} (staf {STAF} / {p.sandi_staf}, TOTP {kunci})"
            )
            time.sleep(tahan)
        mati = [n for n, pr in p.proses.items() if not pr.hidup()]
        if mati:
            gagal.append("berhenti sebelum waktunya: " + ", ".join(mati))
        if gagal:
            for pr in p.proses.values():
                print(f"---- log {pr.nama} (akhir) ----\n{pr.isi_log()[-4000:]}", flush=True)
            nginx_galat = p.akar / "nginx" / "error.log"
            if nginx_galat.exists():
                print(f"---- nginx error.log ----\n{nginx_galat.read_text()[-4000:]}", flush=True)
        info("== menghentikan semua yang dimulai")
    print("\nWaktu:")
    for nama, detik in p.waktu.items():
        print(f"  {nama}: {detik:.1f} s")
    print(f"  seluruh uji produksi: {time.monotonic() - _mulai_semua:.1f} s")
    if gagal:
        print("\nUJI PRODUKSI GAGAL:\n  " + "\n  ".join(gagal), flush=True)
    # The plain closing line CI reads.
    print(f"\nproduksi: {lulus} passed, {len(gagal)} failed", flush=True)
    return 1 if gagal else 0


if __name__ == "__main__":
    sys.exit(main())

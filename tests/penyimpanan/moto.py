"""A real S3 API server for the storage tests: `.venv/bin/moto_server` (moto[server]) started as a
subprocess on a free loopback port, once per test session (per xdist worker), stopped at the end.
The fixtures are made available to every test package by tests/conftest.py.
Each test that uses `penyimpanan_s3` gets a bucket of its own and STORAGES["default"] pointed at
it, exactly as settings.py builds it from S3_* (netralitas.penyimpanan.s3.PenyimpananS3).

moto keeps its objects in memory: a killed server comes back empty. The outage test therefore
starts a server of its own (`ServerS3`), and checks the files written during and after the
outage."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

MOTO = Path(sys.executable).with_name("moto_server")
KUNCI = {"access_key": "uji-akses", "secret_key": "uji-rahasia-moto"}


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerS3:
    """One moto_server process; `hentikan()` kills it (SIGKILL: a store that dies), `mulai()`
    starts it again on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or port_bebas()
        self.proses = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def mulai(self) -> "ServerS3":
        moto = MOTO if MOTO.exists() else shutil.which("moto_server")
        if moto is None:
            pytest.fail("moto_server tidak ada (paket moto[server] di requirements-dev).", pytrace=False)
        self.proses = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "1"},
        )
        # moto imports every service it emulates: tens of seconds on a loaded two-core machine.
        batas = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).close()
                return self
            except OSError:
                if self.proses.poll() is not None or time.monotonic() > batas:
                    raise RuntimeError(f"moto_server tidak mau hidup di port {self.port}") from None
                time.sleep(0.1)

    def hentikan(self) -> None:
        if self.proses is not None and self.proses.poll() is None:
            self.proses.kill()
            self.proses.wait(timeout=10)
        self.proses = None

    def klien(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=KUNCI["access_key"],
            aws_secret_access_key=KUNCI["secret_key"],
        )


@pytest.fixture(scope="session")
def server_s3():
    server = ServerS3().mulai()
    yield server
    server.hentikan()


class BucketUji:
    def __init__(self, server: ServerS3, nama: str):
        self.server, self.nama = server, nama

    def kunci(self) -> set[str]:
        """Every object key in the bucket, listed through boto3 (not through the portal)."""
        hasil, halaman = set(), self.server.klien().get_paginator("list_objects_v2")
        for h in halaman.paginate(Bucket=self.nama):
            hasil.update(o["Key"] for o in h.get("Contents", ()))
        return hasil

    def isi(self, kunci: str) -> bytes:
        return self.server.klien().get_object(Bucket=self.nama, Key=kunci)["Body"].read()

    def buat(self) -> None:
        self.server.klien().create_bucket(Bucket=self.nama)


def arahkan_ke(settings, server: ServerS3, bucket: str) -> None:
    """STORAGES["default"] as settings.py builds it when S3_BUCKET is set."""
    settings.S3_BUCKET = bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "netralitas.penyimpanan.s3.PenyimpananS3",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": server.url,
                "region_name": "us-east-1",
                "addressing_style": "path",
                **KUNCI,
            },
        },
    }


@pytest.fixture
def penyimpanan_s3(settings, server_s3, tmp_path):
    """A fresh private bucket on the session's moto_server as the default storage; the local
    folder moved to an empty tmp folder, so a test can prove nothing lands on disk."""
    b = BucketUji(server_s3, f"posko-uji-{uuid.uuid4().hex[:12]}")
    b.buat()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "tidak-dipakai"
    arahkan_ke(settings, server_s3, b.nama)
    return b

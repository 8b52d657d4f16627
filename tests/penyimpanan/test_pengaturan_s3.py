"""S3_* from the environment alone (as the two-node harness and an operator set them): settings
build the object store, refuse a production start that lacks what it needs with a message naming
the variable, and keep the local folder when S3_BUCKET is unset."""

import json
import uuid

import pytest

from tests.test_produksi import _jalankan

S3 = {
    "S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "S3_ACCESS_KEY_ID": "akses-uji",
    "S3_SECRET_ACCESS_KEY": "rahasia-uji-penyimpanan",
}

TOLAK = [
    ({"S3_BUCKET": "posko", "S3_ENDPOINT_URL": None}, "S3_ENDPOINT_URL wajib diisi"),
    ({"S3_BUCKET": "posko", "S3_ENDPOINT_URL": "minio:9000"}, "S3_ENDPOINT_URL harus berupa URL"),
    ({"S3_BUCKET": "posko", "S3_ACCESS_KEY_ID": None}, "S3_ACCESS_KEY_ID wajib diisi"),
    ({"S3_BUCKET": "posko", "S3_SECRET_ACCESS_KEY": ""}, "S3_SECRET_ACCESS_KEY wajib diisi"),
    ({"S3_BUCKET": "posko", "S3_SECRET_ACCESS_KEY": "ganti-dengan-kunci-rahasia"}, "S3_SECRET_ACCESS_KEY masih berupa"),
    ({"S3_BUCKET": "posko", "S3_ADDRESSING_STYLE": "auto"}, "S3_ADDRESSING_STYLE harus 'path' atau 'virtual'"),
]

CETAK = (
    "import json; from django.core.files.storage import storages; d = storages['default']; "
    "print(json.dumps({'kelas': type(d).__name__, 'bucket': getattr(d, 'bucket_name', None), "
    "'endpoint': getattr(d, 'endpoint_url', None), 'region': getattr(d, 'region_name', None), "
    "'gaya': getattr(d, 'addressing_style', None), 'timpa': getattr(d, 'file_overwrite', None), "
    "'acl': getattr(d, 'default_acl', 'x')}))"
)


@pytest.mark.parametrize("env_salah, pesan", TOLAK, ids=[p for _, p in TOLAK])
def test_s3_yang_kurang_menghentikan_start_dengan_nama_variabel(tmp_path, env_salah, pesan):
    r = _jalankan(tmp_path, "-c", "import django; django.setup()", **{**S3, **env_salah})
    assert r.returncode != 0, r.stdout
    terakhir = r.stderr.strip().splitlines()[-1]
    assert terakhir.startswith("django.core.exceptions.ImproperlyConfigured: ") and pesan in terakhir, terakhir
    for k in ("S3_SECRET_ACCESS_KEY", "S3_ACCESS_KEY_ID"):
        if env_salah.get(k, S3[k]):
            assert env_salah.get(k, S3[k]) not in terakhir


def test_tanpa_s3_bucket_folder_lokal(tmp_path):
    r = _jalankan(tmp_path, "-c", "import django; django.setup(); " + CETAK, **S3)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout.strip().splitlines()[-1])["kelas"] == "PenyimpananLokal"


def test_s3_dari_lingkungan_saja(tmp_path):
    r = _jalankan(tmp_path, "-c", "import django; django.setup(); " + CETAK, S3_BUCKET="posko-bukti", **S3)
    assert r.returncode == 0, r.stderr[-3000:]
    d = json.loads(r.stdout.strip().splitlines()[-1])
    assert d == {
        "kelas": "PenyimpananS3",
        "bucket": "posko-bukti",
        "endpoint": "http://127.0.0.1:9",
        "region": "us-east-1",
        "gaya": "path",
        "timpa": False,
        "acl": None,
    }


def test_s3_dari_lingkungan_menyimpan_dan_membaca_dari_server_sungguhan(tmp_path, server_s3):
    """A process configured by S3_* alone (a gunicorn node, the worker) writes and reads the
    bucket of a real S3 API server."""
    bucket = f"posko-env-{uuid.uuid4().hex[:10]}"
    server_s3.klien().create_bucket(Bucket=bucket)
    kode = (
        "import django; django.setup(); from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as d; "
        "n = d.save('bukti/uji.txt', ContentFile(b'isi-dari-env')); print(n, d.open(n).read().decode())"
    )
    env = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": server_s3.url,
        "S3_ACCESS_KEY_ID": "uji-akses",
        "S3_SECRET_ACCESS_KEY": "uji-rahasia-moto",
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
    }
    r = _jalankan(tmp_path, "-c", kode, **env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1] == "bukti/uji.txt isi-dari-env"
    isi = server_s3.klien().get_object(Bucket=bucket, Key="bukti/uji.txt")["Body"].read()
    assert isi == b"isi-dari-env"

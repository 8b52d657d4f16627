"""The bench's object store (moto_server started by run.sh, S3_* in the environment).

python bench/s3.py buat      # create the bucket S3_BUCKET
python bench/s3.py periksa   # objects in the bucket, files still pending in PostgreSQL
"""

import os
import sys

import boto3


def _klien():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ.get("S3_REGION", "us-east-1"),
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    )


def buat() -> None:
    _klien().create_bucket(Bucket=os.environ["S3_BUCKET"])


def periksa() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netralitas.settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from netralitas.penyimpanan.models import BerkasTertunda

    jumlah = 0
    for h in _klien().get_paginator("list_objects_v2").paginate(Bucket=os.environ["S3_BUCKET"]):
        jumlah += len(h.get("Contents", ()))
    tertunda = BerkasTertunda.objects.count()
    print(f"  penyimpanan objek: {jumlah} objek di bucket, {tertunda} berkas tertunda di PostgreSQL")
    return 1 if tertunda else 0


if __name__ == "__main__":
    sys.exit({"buat": lambda: buat() or 0, "periksa": periksa}[sys.argv[1]]())

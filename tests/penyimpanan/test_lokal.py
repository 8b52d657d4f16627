"""The local folder (no S3_BUCKET): a saved file is on the disk before the report commits.

The report row is flushed by PostgreSQL's commit; evidence left only in the page cache could be
lost by a power cut afterwards, leaving a saved report that points at nothing."""

import os

import pytest
from django.core.files.storage import default_storage

from netralitas.penyimpanan.lokal import PenyimpananLokal
from pengaduan import bukti
from tests.factories import jpeg

pytestmark = pytest.mark.django_db


def test_folder_lokal_adalah_bawaan_tanpa_s3():
    assert isinstance(default_storage, PenyimpananLokal)


def test_unggahan_pelapor_dan_foldernya_di_fsync(monkeypatch):
    asli = os.fsync
    disinkron = []

    def catat(fd):
        disinkron.append(os.readlink(f"/proc/self/fd/{fd}"))
        return asli(fd)

    monkeypatch.setattr(os, "fsync", catat)
    u = bukti.simpan_unggahan_sementara(berkas=jpeg())
    jalur = os.path.join(default_storage.location, u.berkas.name)
    assert jalur in disinkron
    assert os.path.dirname(jalur) in disinkron
    with default_storage.open(u.berkas.name) as f:
        assert f.read()[:2] == b"\xff\xd8"

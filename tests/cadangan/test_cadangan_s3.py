"""`cadangkan` and `pulihkan` when the private files live in an object store (S3_BUCKET): the
backup reads every object (and every file still pending in PostgreSQL) through the storage API,
the restore writes them into an empty bucket under their own names and reads each back. Against
the real S3 API server of tests/penyimpanan."""

import hashlib
import json
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError
from django.db import connections

from netralitas.penyimpanan.models import BerkasTertunda
from pengaduan.models import Pengaduan, Status
from tests.cadangan.conftest import memakai_basis_data, polos
from tests.cadangan.test_pulihkan import _cadangkan, _pulihkan
from tests.factories import bawa_ke_status, buat_pengaduan, jpeg
from tests.penyimpanan.moto import BucketUji, arahkan_ke

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_data_dasar")]


def test_cadangan_dan_pemulihan_dengan_penyimpanan_objek(
    tmp_path, penyimpanan_s3, server_s3, basis_data_baru, settings
):
    p, _ = buat_pengaduan(unggahan=[jpeg(nama="a.jpg"), jpeg(lebar=90, nama="b.jpg")])
    bawa_ke_status(p, Status.SANKSI_DIJATUHKAN)
    # A file written during an outage, still pending in PostgreSQL: the backup carries it too.
    BerkasTertunda.objects.create(nama="dokumen/2026/12/tertunda.pdf", data=b"%PDF-1.4\n%%EOF\n", ukuran=15)
    asal = penyimpanan_s3.kunci()
    assert len(asal) >= 4
    isi_asal = {k: hashlib.sha256(penyimpanan_s3.isi(k)).hexdigest() for k in asal}

    arsip = tmp_path / "a.tar"
    keluaran = _cadangkan(arsip)
    assert "penyimpanan objek" in keluaran or arsip.exists()
    with tarfile.open(polos(arsip)) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    anggota = {e["nama"].removeprefix("berkas/"): e for e in manifest["anggota"] if e["nama"].startswith("berkas/")}
    assert set(anggota) == asal | {"dokumen/2026/12/tertunda.pdf"}
    assert all(anggota[k]["sha256"] == isi_asal[k] for k in asal)
    assert manifest["berkas_hilang"] == []

    # Into a non-empty bucket: refused before anything is written.
    alias = basis_data_baru()
    nama_bd = connections.settings[alias]["NAME"]
    with pytest.raises(CommandError, match="tidak kosong"):
        _pulihkan(arsip, nama_basis_data=nama_bd)

    baru = BucketUji(server_s3, f"posko-pulih-{uuid.uuid4().hex[:10]}")
    baru.buat()
    arahkan_ke(settings, server_s3, baru.nama)
    _pulihkan(arsip, nama_basis_data=nama_bd)
    kunci = baru.kunci()
    assert kunci == set(anggota)
    assert all(hashlib.sha256(baru.isi(k)).hexdigest() == anggota[k]["sha256"] for k in kunci)
    with memakai_basis_data(alias):
        assert Pengaduan.objects.filter(pk=p.pk).exists()
        b = Pengaduan.objects.get(pk=p.pk).bukti.order_by("pk").first()
        with default_storage.open(b.berkas.name) as f:
            assert hashlib.sha256(f.read()).hexdigest() == b.sha256


def test_berkas_lama_ditolak_untuk_penyimpanan_objek(tmp_path, penyimpanan_s3, basis_data_baru):
    default_storage.save("dokumen/x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    arsip = tmp_path / "a.tar"
    _cadangkan(arsip)
    (tmp_path / "lama").mkdir()
    alias = basis_data_baru()
    with pytest.raises(CommandError, match="--berkas-lama hanya untuk folder berkas lokal"):
        _pulihkan(arsip, nama_basis_data=connections.settings[alias]["NAME"], berkas_lama=str(tmp_path / "lama"))

"""What the worker and the staff make — large exports, recommendation packages (PDF and ZIP of
stripped copies) — land in the object store and download from it: the tests of those features
run again, unchanged, with the default storage pointed at a bucket on the real S3 API server,
and then every file they made is checked to be an object in that bucket."""

import pytest

from pengaduan.models import Ekspor, PaketRekomendasi
from tests.pengaduan import test_ekspor as ekspor_uji
from tests.pengaduan import test_paket_rekomendasi as paket_uji
from tests.pengaduan.test_paket_rekomendasi import _antrean_segera, bkn, staf  # noqa: F401 - fixtures
from tests.penyimpanan.test_penyimpanan_s3 import _berkas_di_disk, _semua_nama_berkas

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus_paket(penyimpanan_s3, staf, bkn):  # noqa: F811
    return paket_uji.kasus.__wrapped__(staf, bkn)


def test_paket_rekomendasi_di_bucket(penyimpanan_s3, client, staf, kasus_paket, settings):  # noqa: F811
    paket_uji.test_paket_dibuat_dicatat_dan_tanpa_identitas(client, staf, kasus_paket)
    paket = PaketRekomendasi.objects.get(pengaduan=kasus_paket)
    kunci = penyimpanan_s3.kunci()
    assert {paket.berkas_pdf.name, paket.berkas_zip.name} <= kunci
    assert _semua_nama_berkas() <= kunci
    assert not _berkas_di_disk(settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture
def kasus_ekspor(penyimpanan_s3):
    return ekspor_uji.kasus.__wrapped__()


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_ekspor_besar_di_bucket(
    penyimpanan_s3, client, kasus_ekspor, settings, django_capture_on_commit_callbacks, format
):
    ekspor_uji.test_daftar_besar_dibuat_tugas_dan_hanya_pemiliknya_yang_mengunduh(
        client, kasus_ekspor, settings, django_capture_on_commit_callbacks, format
    )
    e = Ekspor.objects.get()
    assert e.berkas.name in penyimpanan_s3.kunci()
    assert _semua_nama_berkas() <= penyimpanan_s3.kunci()

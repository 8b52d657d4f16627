"""The read replica (netralitas.replika): which reads go to it, and what happens when it is gone.

The suite runs with DATABASE_REPLICA_URL pointing at the test database through a second connection
(a test mirror, pyproject.toml), so each alias's queries can be counted. These tests commit for
real (transactional): the replica's connection sees only committed rows, as a real replica does.
A real streaming replica (pg_basebackup, a second cluster, lag, a stop and a restart) is
.ci/replika.sh's."""

import socket
import threading

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from netralitas import replika
from netralitas.akun.models import Peran
from netralitas.statistik import hitung
from netralitas.statistik.tasks import perbarui_statistik
from netralitas.views import lupakan_readyz
from pengaduan.models import Ekspor, FormatEkspor, KategoriPelanggaran, Pengaduan, StatusEkspor
from tests.factories import buat_pengaduan, buat_staf
from tests.pengaduan.test_intake import data_sah

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, databases=["default", "replika"]),
    pytest.mark.usefixtures("_data_dasar", "_putusan_baru"),
]

TABEL_PENGADUAN = '"pengaduan_pengaduan"'


@pytest.fixture
def _putusan_baru():
    """No verdict remembered, and this thread starts as a fresh request (nothing written yet)."""
    from django.core.signals import request_started

    replika.lupakan()
    request_started.send(sender=None)
    yield
    replika.lupakan()


def _hitung(tangkap, potongan=TABEL_PENGADUAN) -> int:
    return sum(potongan in q["sql"] for q in tangkap.captured_queries)


class Penghitung:
    """Queries per alias while the block runs (the replica's only while it is there: capturing
    opens a connection)."""

    def __init__(self, replika=True):
        self.dengan_replika = replika

    def __enter__(self):
        self.utama = CaptureQueriesContext(connections["default"]).__enter__()
        if self.dengan_replika:
            self.replika = CaptureQueriesContext(connections["replika"]).__enter__()
        return self

    def __exit__(self, *exc):
        if self.dengan_replika:
            self.replika.__exit__(*exc)
        self.utama.__exit__(*exc)


@pytest.fixture
def replika_di(settings):
    """Moves the replica alias to another port of this machine (closed, or a socket that hangs), as
    the operator's DATABASE_REPLICA_URL would, and back afterwards."""
    koneksi = connections["replika"]
    asli = dict(koneksi.settings_dict)

    def pindah(port: int):
        koneksi.close()
        koneksi.settings_dict["HOST"] = "127.0.0.1"
        koneksi.settings_dict["PORT"] = str(port)

    yield pindah
    koneksi.close()
    koneksi.settings_dict.clear()
    koneksi.settings_dict.update(asli)


def _port_tertutup() -> int:
    """A port nobody listens on: bound, then released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SoketMenggantung:
    """Accepts connections and never answers: a replica whose machine hangs. Counts them."""

    def __init__(self):
        self.soket = socket.socket()
        self.soket.bind(("127.0.0.1", 0))
        self.soket.listen(16)
        self.port = self.soket.getsockname()[1]
        self.diterima = []
        self.jalan = True
        threading.Thread(target=self._terima, daemon=True).start()

    def _terima(self):
        while self.jalan:
            try:
                k, _ = self.soket.accept()
            except OSError:
                return
            self.diterima.append(k)

    def tutup(self):
        self.jalan = False
        self.soket.close()
        for k in self.diterima:
            k.close()


def test_penyegaran_statistik_membaca_dari_replika_dan_angkanya_benar():
    for _ in range(6):
        buat_pengaduan()
    with Penghitung() as n:
        perbarui_statistik.apply()
    assert _hitung(n.replika) >= 4  # the four breakdowns of the cases
    assert _hitung(n.utama) == 0
    assert replika.putusan().keadaan == "ok"
    assert hitung.statistik("35.07").angka[0].angka == 6


def test_yang_ditulis_dalam_blok_ke_utama_dan_bacaan_sesudahnya_juga():
    from django.core.signals import request_started

    buat_pengaduan()
    kategori = KategoriPelanggaran.objects.get(kode="kampanye-media-sosial")
    request_started.send(sender=None)  # a new request, which has written nothing yet
    with Penghitung() as n, replika.baca_dari_replika():
        assert Pengaduan.objects.count() == 1
        dibaca_replika = len(n.replika.captured_queries)
        KategoriPelanggaran.objects.filter(pk=kategori.pk).update(urutan=99)
        Pengaduan.objects.count()
        KategoriPelanggaran.objects.get(pk=kategori.pk)
    assert dibaca_replika >= 1
    assert len(n.replika.captured_queries) == dibaca_replika  # nothing after the write
    assert any("UPDATE" in q["sql"] for q in n.utama.captured_queries)
    assert _hitung(n.utama) == 1


def test_blok_di_dalam_transaksi_utama_membaca_utama():
    """Uncommitted writes and the caller's snapshot are on the primary."""
    from django.db import transaction

    with transaction.atomic():
        buat_pengaduan()
        with Penghitung() as n:
            bahan = hitung.baca_bahan()
    assert sum(bahan.laporan["tahap"].values()) == 1
    assert len(n.replika.captured_queries) == 0


def test_permintaan_yang_sudah_menulis_tidak_membaca_replika(client):
    """A request (or task) that wrote reads its own writes: a block after the write reads the primary."""
    from django.core.signals import request_started

    request_started.send(sender=None)
    buat_pengaduan()  # this "request" wrote
    with Penghitung() as n:
        hitung.baca_bahan()
    assert len(n.replika.captured_queries) == 0
    request_started.send(sender=None)  # the next request starts clean
    with Penghitung() as n:
        hitung.baca_bahan()
    assert _hitung(n.replika) >= 4


def test_lapor_tanda_terima_dan_lacak_tidak_pernah_menyentuh_replika(client):
    """With the replica up and the statistics cold (the home page computes them there), the
    citizen's own pages still read only the primary."""
    assert replika.putusan().sehat
    data = data_sah(client)
    with Penghitung() as n:
        r = client.post("/lapor/", data)
        assert r.status_code == 302, r.context and r.context["form"].errors
        terima = client.get(r["Location"])
        kode = terima.context["kode"]
        r = client.post("/lacak/", {"aksi": "cari", "kode": kode})
        assert r.status_code == 302
        halaman = client.get("/lacak/")
    assert halaman.context["pengaduan"].pk == Pengaduan.objects.get().pk
    assert len(n.replika.captured_queries) == 0
    assert _hitung(n.utama) > 0


def test_ekspor_besar_membaca_baris_dari_replika_dan_menulis_ke_utama(settings, tmp_path):
    from pengaduan.tasks import buat_ekspor

    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"]}}
    settings.STORAGES["default"]["OPTIONS"] = {**settings.STORAGES["default"]["OPTIONS"], "location": tmp_path}
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    for _ in range(3):
        buat_pengaduan()
    e = Ekspor.objects.create(pengguna=staf, format=FormatEkspor.CSV, parameter="")
    with Penghitung() as n:
        buat_ekspor.apply(args=(e.pk,))
    e.refresh_from_db()
    assert e.status == StatusEkspor.SELESAI and e.jumlah_baris == 3
    assert _hitung(n.replika) >= 1
    assert not any(q["sql"].startswith(("UPDATE", "INSERT")) for q in n.replika.captured_queries)
    assert any(q["sql"].startswith("UPDATE") and "pengaduan_ekspor" in q["sql"] for q in n.utama.captured_queries)
    # Who the user is and what they may see was read on the primary.
    assert _hitung(n.utama, "auth_user") >= 1


def test_replika_mati_penyegaran_dan_pelaporan_tetap_jalan_di_utama(client, replika_di, caplog):
    for _ in range(5):
        buat_pengaduan()
    replika_di(_port_tertutup())
    with Penghitung(replika=False) as n:
        perbarui_statistik.apply()
    assert hitung.statistik("35.07").angka[0].angka == 5
    assert _hitung(n.utama) >= 4
    assert replika.putusan().keadaan == "tidak terjangkau"
    assert any("Replika baca tidak terjangkau" in r.getMessage() for r in caplog.records)

    data = data_sah(client)
    r = client.post("/lapor/", data)
    assert r.status_code == 302
    kode = client.get(r["Location"]).context["kode"]
    assert client.post("/lacak/", {"aksi": "cari", "kode": kode}).status_code == 302
    assert client.get("/lacak/").context["pengaduan"].pk == Pengaduan.objects.latest("pk").pk
    for url in ("/", "/statistik/", "/statistik/?kabkota=35.07"):
        assert client.get(url).status_code == 200
    lupakan_readyz()
    siap = client.get("/readyz")
    assert siap.status_code == 200
    assert siap.json()["status"] == "ok"
    assert siap.json()["replika"]["keadaan"] == "tidak terjangkau"


def test_replika_yang_mati_di_tengah_pembacaan_diulang_di_utama(replika_di):
    """The verdict said up, the replica went away before the refresh's queries: read again on the
    primary, the refresh completes."""
    for _ in range(5):
        buat_pengaduan()
    assert replika.putusan().sehat
    replika_di(_port_tertutup())
    with Penghitung(replika=False) as n:
        perbarui_statistik.apply()
    assert hitung.statistik("35.07").angka[0].angka == 5
    assert _hitung(n.utama) >= 4
    assert replika.putusan().keadaan == "tidak terjangkau"


def test_replika_menggantung_dibayar_satu_batas_waktu_per_putusan(replika_di):
    for _ in range(5):
        buat_pengaduan()
    soket = SoketMenggantung()
    try:
        replika_di(soket.port)
        for _ in range(3):
            perbarui_statistik.apply()
        sekali = len(soket.diterima)
        assert sekali == 1
        assert hitung.statistik("35.07").angka[0].angka == 5
        # The verdict period passes: one more try, no more.
        replika.lupakan()
        for _ in range(3):
            perbarui_statistik.apply()
        assert len(soket.diterima) == 2
    finally:
        soket.tutup()


def test_replika_yang_tertinggal_melewati_batas_tidak_dipakai(settings):
    """A bound below any lag (the mirror is never behind): the verdict says behind, the primary is read."""
    buat_pengaduan()
    settings.REPLIKA_MAKS_TERTINGGAL = -1
    with Penghitung() as n:
        perbarui_statistik.apply()
    assert replika.putusan().keadaan == "tertinggal"
    assert len(n.replika.captured_queries) == 1  # the probe, nothing else
    assert _hitung(n.utama) >= 4


def test_metrik_melaporkan_putusan_replika(client):
    hitung.baca_bahan()
    teks = client.get("/metrics").content.decode()
    assert "posko_replika_dipakai 1.0" in teks
    assert "posko_replika_tertinggal_detik 0.0" in teks


def test_migrasi_tidak_pernah_ke_replika():
    from django.db import router

    assert router.allow_migrate("default", "pengaduan")
    assert not router.allow_migrate("replika", "pengaduan")
    assert router.db_for_write(Pengaduan) == "default"

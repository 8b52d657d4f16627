"""Each audience's case page reads only what that audience may read (DESIGN.md §4), checked in the
SQL the page runs, not in its HTML: what is never fetched cannot leak through a template, a debug
page or a forgotten context variable."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netralitas.akun.models import Instansi, Peran
from pengaduan.models import Status
from pengaduan.tindak_lanjut import services as tindak_lanjut
from pengaduan.triase import services as triase
from pengaduan.triase.entri.services import unggah_dokumen
from tests.factories import bawa_ke_status, buat_pengaduan, buat_peninjau, buat_staf, data_rekomendasi, pdf
from tests.pengaduan.test_lacak import masuk

pytestmark = pytest.mark.django_db

# The reporter's own rows: never the agency's to read. The signed form's scan carries the identity.
TABEL_PELAPOR = (
    "pengaduan_pelapor",
    "pengaduan_saksi",
    "pengaduan_kelengkapan",
    "pengaduan_dokumenpengaduan",
    "pengaduan_pesan",
    "pengaduan_lampiranpesan",
)
TABEL_INTERNAL = ("pengaduan_catatanpengaduan", "pengaduan_kajianawal")


def _sql(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries]


def _kolom_peristiwa(sql: list[str]) -> set[str]:
    """The columns of the case events a page selected."""
    kolom = set()
    for q in sql:
        m = re.match(r'SELECT (.*?) FROM "pengaduan_peristiwapengaduan"', q)
        if m:
            kolom |= set(re.findall(r'"pengaduan_peristiwapengaduan"\."(\w+)"', m.group(1)))
    return kolom


@pytest.fixture
def kasus_diteruskan():
    """A report with an identity, a witness, an internal note, an internal reason and a message to
    the reporter, forwarded to the Pemerintah Kabupaten Malang: everything a leak would carry."""
    p, kode = buat_pengaduan(email="pelapor@contoh.id", rahasia=True)
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    triase.tambah_catatan(pengaduan=p, oleh=staf, teks="CATATAN INTERNAL", publik=False)
    unggah_dokumen(pengaduan=p, oleh=staf, berkas=pdf(nama="formulir-bertanda-tangan.pdf"))
    bawa_ke_status(p, Status.KLARIFIKASI)
    malang = Instansi.objects.get(wilayah_id="35.07")
    tindak_lanjut.teruskan(
        pengaduan=p,
        peran=Peran.BAWASLU_KABKOTA,
        oleh=staf,
        alasan="ALASAN INTERNAL",
        pesan_pelapor="PESAN UNTUK PELAPOR",
        **data_rekomendasi(instansi=[malang]),
    )
    return p, kode, buat_peninjau(malang, username="peninjau-malang")


def test_halaman_instansi_tidak_membaca_pelapor_catatan_maupun_alasan(client, kasus_diteruskan):
    p, _, peninjau = kasus_diteruskan
    client.force_login(peninjau)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("admin:pengaduan_kasusinstansi_change", args=[p.pk]))
    assert r.status_code == 200
    sql = _sql(ctx)
    assert not [q for q in sql if any(f'"{t}"' in q for t in TABEL_PELAPOR + TABEL_INTERNAL)]
    # The actor's role, not the actor: it says when Bawaslu recorded on the agency's behalf.
    assert _kolom_peristiwa(sql) <= {"id", "waktu", "ke_status", "peran_aktor", "pengaduan_id"}


def test_lacak_tidak_membaca_alasan_internal_maupun_catatan_internal(client, kasus_diteruskan):
    p, kode, _ = kasus_diteruskan
    masuk(client, kode)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("pengaduan:lacak"))
    assert r.status_code == 200 and "PESAN UNTUK PELAPOR" in r.content.decode()
    sql = _sql(ctx)
    assert "alasan" not in _kolom_peristiwa(sql)
    # Notes are internal, all of them: what staff write to the reporter is a message (pengaduan_pesan).
    assert not [q for q in sql if '"pengaduan_catatanpengaduan"' in q]
    assert any('FROM "pengaduan_pesan"' in q for q in sql)
    assert not [q for q in sql if any(f'"{t}"' in q for t in ("pengaduan_pelapor", "pengaduan_saksi"))]


def test_halaman_bawaslu_membaca_seluruh_kasus_tanpa_identitas(client, kasus_diteruskan):
    """Bawaslu's case page reads the case whole, but the identity only behind its audited page."""
    p, _, _ = kasus_diteruskan
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and "CATATAN INTERNAL" in html and "ALASAN INTERNAL" in html
    assert "pelapor@contoh.id" not in html
    assert any('"pengaduan_catatanpengaduan"' in q for q in _sql(ctx))

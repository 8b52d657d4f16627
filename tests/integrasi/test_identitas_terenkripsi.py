"""The promise of issue 16 §5: a copy of the database shows no reporter, witness or asker.

Reports are filed through the doors people use (/lapor/, the staff entry service, a tanya question,
a /lacak/ message), committed for real (transactional test), then the real `pg_dump` of this
worker's database is searched for every identity value as typed, in upper and lower case, and
as bare digits."""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from netralitas.akun.models import Peran
from pengaduan.models import Pelapor, Saksi
from pengaduan.pelaporan import services as pelaporan
from tests.factories import buat_staf, entri_pengaduan
from tests.pengaduan.test_intake import URL as URL_LAPOR
from tests.pengaduan.test_intake import data_sah
from tests.tanya.alat import ajukan

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_data_dasar")]

# Distinctive values: none of them can occur in the regions, categories or any seeded row.
NAMA = "Kusumawardhani Tjokrosaputri"
NIK = "3507107112850003"  # Jawa Timur, 31 December 1985, a woman
TELEPON = "0813 9876 5432"
ALAMAT = "Jl. Cempaka Wangi Nomor 77 Blok Zeta"
EMAIL = "kusuma.tjokro@contoh-unik.id"
TEMPAT_LAHIR = "Kampung Pelangi Ujungkulon"
PEKERJAAN = "Penyelam Mutiara"
SAKSI = "Bagaskara Wiryawangsa"
KONTAK_SAKSI = "0812 7778 8899"
KETERANGAN_SAKSI = "Tetangga sebelah rumah Kusumawardhani"
NAMA_ENTRI = "Gantari Purnamasidi"
NIK_ENTRI = "3507104506900002"
EMAIL_ENTRI = "gantari.purnama@contoh-unik.id"
PENANYA = "Laksmi Paramitha Ayuningtyas"
EMAIL_PENANYA = "laksmi.ayu@contoh-unik.id"


def pg_dump() -> str:
    biner = next(
        (p for p in ("/usr/lib/postgresql/15/bin/pg_dump", shutil.which("pg_dump") or "") if p and Path(p).exists()),
        None,
    )
    assert biner, "pg_dump tidak ada"
    d = connection.settings_dict
    argv = [biner, "--no-owner", "-h", d.get("HOST") or "127.0.0.1", "-p", str(d.get("PORT") or 5432)]
    argv += ["-U", d.get("USER") or "postgres", d["NAME"]]
    env = {"PGPASSWORD": d.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    r = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def bentuk(nilai: str) -> set[str]:
    """Every way a value could be read back: as typed, upper and lower case, its digits alone."""
    hasil = {nilai, nilai.upper(), nilai.lower()}
    angka = re.sub(r"[^0-9]", "", nilai)
    if len(angka) >= 8:
        hasil |= {angka, angka[1:]}  # 0812… and without the leading 0 (+62 812…)
    return hasil


def test_dump_basis_data_tidak_memuat_identitas(client):
    # /lapor/: the public form, identified, with a witness.
    data = data_sah(
        client,
        nama=NAMA,
        nik=NIK,
        telepon=TELEPON,
        alamat=ALAMAT,
        email=EMAIL,
        tempat_lahir=TEMPAT_LAHIR,
        pekerjaan=PEKERJAAN,
        **{
            "saksi-TOTAL_FORMS": "1",
            "saksi-0-nama": SAKSI,
            "saksi-0-kontak": KONTAK_SAKSI,
            "saksi-0-keterangan": KETERANGAN_SAKSI,
        },
    )
    r = client.post(URL_LAPOR, data)
    assert r.status_code in (200, 302), r.status_code
    pelapor = Pelapor.objects.get(pengaduan__pk=Pelapor.objects.order_by("-pk").first().pengaduan_id)
    assert (pelapor.nama, pelapor.nik, pelapor.email) == (NAMA, NIK, EMAIL)
    assert Saksi.objects.get(pengaduan=pelapor.pengaduan).kontak.replace(" ", "") == KONTAK_SAKSI.replace(" ", "")

    # The staff entry (Formulir Model B.1), with a birth date and place.
    staf = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p_entri, _ = entri_pengaduan(
        staf,
        email=EMAIL_ENTRI,
        pelapor_tambahan={"nama": NAMA_ENTRI, "nik": NIK_ENTRI, "tempat_lahir": TEMPAT_LAHIR},
    )
    assert p_entri.pelapor.tanggal_lahir == datetime.date(1990, 6, 5)

    # A tanya question, and a /lacak/ message from the first reporter.
    ajukan(nama=PENANYA, email=EMAIL_PENANYA)
    pelaporan.kirim_pesan_pelapor(pengaduan=pelapor.pengaduan, teks="Saya menambahkan keterangan.", unggahan=[])

    dump = pg_dump()
    # The dump is of this database, rows included: what is not an identity is there in clear.
    assert "COPY public.pengaduan_pelapor" in dump and "Drs. Bambang" in dump
    bocor = sorted(
        b
        for nilai in (
            NAMA,
            NIK,
            TELEPON,
            ALAMAT,
            EMAIL,
            TEMPAT_LAHIR,
            PEKERJAAN,
            SAKSI,
            KONTAK_SAKSI,
            KETERANGAN_SAKSI,
            NAMA_ENTRI,
            EMAIL_ENTRI,
            PENANYA,
            EMAIL_PENANYA,
            "Kusumawardhani",
            "Tjokrosaputri",
            "Gantari",
        )  # fmt: skip
        for b in bentuk(nilai)
        if b in dump
    )
    assert bocor == []
    # The NIK used by the entry is the suite's common one; it must not be in clear either.
    assert NIK_ENTRI not in dump

"""Retention under two workers at once (pengaduan.retensi): each case is erased once, and a case
another worker holds is skipped, not waited for. Transactional: the threads commit for real."""

import threading

import pytest
from django.db import connection, models, transaction

from netralitas.audit.models import Aksi, LogAudit
from pengaduan import retensi
from pengaduan.models import Pengaduan
from tests.factories import pada
from tests.pengaduan.test_retensi import hari, jalankan_pada, kasus_sederhana

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_data_dasar")]


def test_dua_jalan_bersamaan_menghapus_sekali():
    kasus = [kasus_sederhana() for _ in range(6)]
    mulai = threading.Barrier(2)
    hasil = []

    def pekerja():
        try:
            mulai.wait()
            hasil.append(retensi.jalankan(batas=2))
        finally:
            connection.close()

    utas = [threading.Thread(target=pekerja) for _ in range(2)]
    with pada(hari(731)):  # the clock is the process's: moved once, for both threads
        for u in utas:
            u.start()
        for u in utas:
            u.join()
    assert sum(h.kasus for h in hasil) == len(kasus)
    per_kasus = LogAudit.objects.filter(aksi=Aksi.HAPUS_RETENSI).values("pengaduan").annotate(n=models.Count("id"))
    assert sorted((r["pengaduan"], r["n"]) for r in per_kasus) == sorted((p.pk, 1) for p in kasus)


def test_kasus_yang_dikunci_pekerja_lain_dilewati_bukan_ditunggu():
    p = kasus_sederhana()
    terkunci, selesai = threading.Event(), threading.Event()

    def pekerja_lain():
        try:
            with transaction.atomic():
                Pengaduan.objects.select_for_update().get(pk=p.pk)
                terkunci.set()
                selesai.wait(10)
        finally:
            connection.close()

    u = threading.Thread(target=pekerja_lain)
    u.start()
    terkunci.wait(10)
    try:
        hasil = jalankan_pada(hari(731))
    finally:
        selesai.set()
        u.join()
    assert (hasil.kasus, hasil.dilewati) == (0, 1)
    assert jalankan_pada(hari(731)).kasus == 1

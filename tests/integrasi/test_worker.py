"""The e-mail outbox through a real Celery worker: every row delivered exactly once, a broker outage
caught up by the beat job, and the crash window of `notifikasi.kirim_notifikasi` as documented —
a worker killed before the SMTP hand-off sends once after a restart, one killed after it (before the
commit) sends a second copy with the same Message-ID.

Needs PostgreSQL and Redis (see conftest.py); skips without them, fails in CI without them.
"""

import datetime
from collections import Counter

import pytest
import time_machine
from django.db import DatabaseError, transaction
from django.utils import timezone

from netralitas.akun.models import Peran
from pengaduan import notifikasi, tasks, transisi
from pengaduan.models import Notifikasi, Status, StatusNotifikasi
from tests.factories import buat_pengaduan, notifikasi_ke

from .conftest import tunggu

pytestmark = [pytest.mark.broker, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

TERKIRIM = StatusNotifikasi.TERKIRIM
MENUNGGU = StatusNotifikasi.MENUNGGU


def _notifikasi(jumlah: int, awalan: str = "warga", **kolom) -> list[Notifikasi]:
    return [
        Notifikasi.objects.create(
            email=f"{awalan}{i}@contoh.id",
            jenis="uji",
            subjek=f"Uji outbox {awalan} {i}",
            isi_teks=f"Isi {awalan} {i}",
            isi_html=f"<p>Isi {awalan} {i}</p>",
            **kolom,
        )
        for i in range(jumlah)
    ]


def _semua_terkirim(baris: list[Notifikasi]) -> bool:
    return Notifikasi.objects.filter(pk__in=[n.pk for n in baris], status=TERKIRIM).count() == len(baris)


def _teks(surat) -> str:
    bagian = next(b for b in surat.walk() if b.get_content_type() == "text/plain")
    return bagian.get_payload(decode=True).decode(bagian.get_content_charset() or "utf-8")


def test_setiap_notifikasi_terkirim_tepat_sekali_meski_diantrekan_berulang(pekerja_celery):
    # A tenth of a second per send (a slow SMTP server), so that duplicates overlap the first send.
    pekerja = pekerja_celery.mulai(concurrency=2, email_lambat="jeda", jeda=0.1)
    with transaction.atomic():
        rombongan = _notifikasi(10, hapus_isi_setelah_terkirim=True)
        notifikasi.antrekan_notifikasi(rombongan)  # one kirim_notifikasi_banyak message, on commit
    with transaction.atomic():
        tunggal = _notifikasi(1, awalan="staf")
        notifikasi.antrekan_notifikasi(tunggal)  # one kirim_notifikasi message
    semua = rombongan + tunggal
    # Duplicates racing the first delivery on two pool processes, as when the beat re-enqueues a row
    # that is being sent: each row on its own, in reverse order, and the whole batch again.
    ganda = [tasks.kirim_notifikasi.delay(n.pk).id for n in reversed(semua)]
    ganda.append(tasks.kirim_notifikasi_banyak.delay([n.pk for n in semua]).id)

    tunggu(lambda: _semua_terkirim(semua), pesan="tidak semua notifikasi terkirim")
    for task_id in ganda:
        pekerja.tunggu_tugas(task_id)
    pekerja.tunggu_senyap()

    surat = {m["Message-ID"]: m for m in pekerja_celery.surat()}
    assert Counter(pekerja_celery.message_id_surat()) == Counter({notifikasi.message_id(n): 1 for n in semua})
    for n in semua:
        n.refresh_from_db()
        m = surat[n.message_id]
        assert n.message_id == notifikasi.message_id(n)
        assert (n.status, n.percobaan, n.galat) == (TERKIRIM, 1, "")
        assert n.terkirim_pada is not None
        assert (m["To"], m["Subject"]) == (n.email, n.subjek)
        assert (n.isi_teks == "") is n.hapus_isi_setelah_terkirim  # the batch's bodies are erased once sent

    # Sending a row that went out is a no-op, however it is asked for.
    ulang = [tasks.kirim_notifikasi.delay(n.pk).id for n in semua[:3]]
    assert [pekerja.tunggu_tugas(t) for t in ulang] == ["False"] * 3
    assert pekerja.tunggu_tugas(tasks.kirim_notifikasi_banyak.delay([n.pk for n in semua]).id) == str(len(semua))
    pekerja.tunggu_senyap()
    assert len(pekerja_celery.surat()) == len(semua)


def test_broker_mati_notifikasi_menunggu_lalu_beat_mengirimnya_sekali(pekerja_celery):
    pekerja = pekerja_celery.mulai(concurrency=2)
    with pekerja_celery.broker_mati():
        # The app's own path: intake (the receipt) and a public status change (status_berubah).
        # Neither raises; both rows are committed and wait.
        # Two minutes ago, so that both rows have waited longer than the beat's 60 s when it runs (the
        # clock keeps running there: the broker client's own timeouts read it).
        with time_machine.travel(timezone.now() - datetime.timedelta(minutes=2), tick=True):
            p, kode = buat_pengaduan(email="pelapor@contoh.id")
            transisi.ubah_status(pengaduan=p, ke=Status.KAJIAN_AWAL, peran=Peran.BAWASLU_KABKOTA)
    baris = notifikasi_ke("pelapor@contoh.id")
    assert [(n.jenis, n.status, n.percobaan) for n in baris] == [
        ("tanda_terima", MENUNGGU, 0),
        ("status_berubah", MENUNGGU, 0),
    ]
    assert " received" not in pekerja.log()

    # The broker is back. The beat job, through the broker and run by the worker, re-enqueues what
    # waited longer than its 60 s; the worker sends each row once.
    hasil = pekerja.tunggu_tugas(tasks.proses_tertunda.delay().id)
    assert "'notifikasi': 2" in hasil
    tunggu(lambda: _semua_terkirim(baris), pesan="notifikasi tertunda tidak terkirim")
    pekerja.tunggu_senyap()
    assert pekerja_celery.message_id_surat() == sorted(notifikasi.message_id(n) for n in baris)
    tanda_terima = next(m for m in pekerja_celery.surat() if m["Message-ID"] == notifikasi.message_id(baris[0]))
    assert tanda_terima["To"] == "pelapor@contoh.id"
    assert kode in _teks(tanda_terima)
    baris[0].refresh_from_db()
    assert kode not in baris[0].isi_teks  # the receipt's copy of the code is erased once sent

    # The beat's next round finds nothing, and nothing more is sent.
    assert "'notifikasi': 0" in pekerja.tunggu_tugas(tasks.proses_tertunda.delay().id)
    pekerja.tunggu_senyap()
    assert len(pekerja_celery.surat()) == 2


def _baris_terkunci(pk: int) -> bool:
    try:
        with transaction.atomic():
            Notifikasi.objects.select_for_update(nowait=True).get(pk=pk)
    except DatabaseError:
        return True
    return False


@pytest.mark.parametrize(
    "tahap, jumlah_surat",
    [
        pytest.param("sebelum", 1, id="dibunuh-sebelum-surat-ditulis"),
        # The documented at-least-once window: the server took the message, the commit never came.
        pytest.param("sesudah", 2, id="dibunuh-sesudah-surat-ditulis"),
    ],
)
def test_pekerja_dibunuh_di_tengah_pengiriman(pekerja_celery, tahap, jumlah_surat):
    lambat = pekerja_celery.mulai(concurrency=1, email_lambat=tahap)
    with transaction.atomic():
        (n,) = _notifikasi(1)
        notifikasi.antrekan_notifikasi([n])
    penanda = pekerja_celery.folder_penanda / f"{tahap}.penanda"
    tunggu(penanda.exists, pesan="pekerja tidak sampai ke pengiriman")
    assert penanda.read_text() == notifikasi.message_id(n)
    assert _baris_terkunci(n.pk)  # the send runs inside the row's lock

    lambat.bunuh()
    # The killed worker's connection died with it: the lock is released, the attempt rolled back.
    tunggu(lambda: not _baris_terkunci(n.pk), batas=10, pesan="kunci baris tidak lepas")
    n.refresh_from_db()
    assert (n.status, n.percobaan, n.message_id, n.terkirim_pada) == (MENUNGGU, 0, "", None)
    assert pekerja_celery.message_id_surat() == [notifikasi.message_id(n)] * (jumlah_surat - 1)

    # A fresh worker; the beat job re-enqueues the row (the killed worker's message stays
    # unacknowledged in Redis until the one-hour visibility timeout).
    baru = pekerja_celery.mulai(concurrency=2)
    assert tasks.proses_tertunda(umur_detik=0)["notifikasi"] == 1
    tunggu(lambda: _semua_terkirim([n]), pesan="notifikasi tidak terkirim setelah pekerja baru")
    baru.tunggu_senyap()
    surat = pekerja_celery.surat()
    assert [m["Message-ID"] for m in surat] == [notifikasi.message_id(n)] * jumlah_surat
    assert len({(m["To"], m["Subject"], _teks(m)) for m in surat}) == 1
    n.refresh_from_db()
    # The killed attempt left no trace: its increment rolled back with it.
    assert (n.status, n.percobaan, n.message_id) == (TERKIRIM, 1, notifikasi.message_id(n))


@pytest.mark.parametrize("tahap, ganda", [("sebelum", 0), ("sesudah", 1)])
def test_pekerja_dibunuh_di_tengah_batch_hanya_surat_yang_sedang_dikirim_terulang(pekerja_celery, tahap, ganda):
    """Six rows in one batch; the worker sends three, then is killed inside the fourth send. The
    three are already committed (seen from this connection while the worker still lives), and
    after a restart only the other three go out: nothing is sent twice but, when the kill came
    after the SMTP hand-off, the one message in flight, under its same Message-ID."""
    k = 3
    lambat = pekerja_celery.mulai(concurrency=1, email_lambat=tahap, lambat_setelah=k)
    with transaction.atomic():
        baris = _notifikasi(6)
        notifikasi.antrekan_notifikasi(baris)  # one kirim_notifikasi_banyak message
    penanda = pekerja_celery.folder_penanda / f"{tahap}.penanda"
    tunggu(penanda.exists, pesan="pekerja tidak sampai ke kiriman keempat")
    assert penanda.read_text() == notifikasi.message_id(baris[k])
    terkirim = Notifikasi.objects.filter(pk__in=[n.pk for n in baris], status=TERKIRIM)
    assert sorted(terkirim.values_list("pk", flat=True)) == [n.pk for n in baris[:k]]
    lambat.bunuh()
    assert terkirim.count() == k
    assert pekerja_celery.message_id_surat() == sorted(notifikasi.message_id(n) for n in baris[: k + ganda])

    baru = pekerja_celery.mulai(concurrency=2)
    assert tasks.proses_tertunda(umur_detik=0)["notifikasi"] == len(baris) - k
    tunggu(lambda: _semua_terkirim(baris), pesan="sisa batch tidak terkirim setelah pekerja baru")
    baru.tunggu_senyap()
    harapan = Counter({notifikasi.message_id(n): 1 for n in baris})
    harapan[notifikasi.message_id(baris[k])] += ganda
    assert Counter(pekerja_celery.message_id_surat()) == harapan


def test_smtp_menolak_percobaan_dan_galat_tercatat(pekerja_celery):
    pekerja = pekerja_celery.mulai(concurrency=1, email_url="smtp://127.0.0.1:1")  # nothing listens there
    with transaction.atomic():
        (n,) = _notifikasi(1)
        notifikasi.antrekan_notifikasi([n])
    tunggu(lambda: " retry: Retry in " in pekerja.log(), pesan="tugas tidak dicoba ulang")
    n.refresh_from_db()
    assert n.status == MENUNGGU
    # The retry comes after a jittered back-off of up to 5 s: one attempt is counted, maybe two.
    assert n.percobaan >= 1 and n.dicoba_pada is not None
    assert "refused" in n.galat.lower()

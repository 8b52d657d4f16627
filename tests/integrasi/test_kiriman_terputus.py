"""The outbox after a crash in the middle of a batch: every row is committed right after its own
send, so a process that dies after the k-th e-mail leaves exactly k rows sent, and the next run
sends only the rest — no e-mail twice, except (at most) the one that was in flight when the
process died, which keeps its stable Message-ID so the mail server can drop the copy.

The crash is modelled in-process by an e-mail backend that raises a BaseException (what
SIGTERM's SystemExit or a KeyboardInterrupt is: nothing in the sender catches it) instead of sending
the (k+1)-th message. The same with a real worker killed by SIGKILL is in test_worker.py.
"""

from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from pengaduan import notifikasi, tasks
from pengaduan.models import Notifikasi, StatusNotifikasi

pytestmark = pytest.mark.django_db

JUMLAH = 7


class ProsesMati(BaseException):
    """The process dying: not an Exception, so no `except Exception` in the sender swallows it."""


class BackendMatiSetelah(locmem.EmailBackend):
    """Delivers `batas` messages (into the locmem outbox), then the process dies before the next."""

    batas = 0
    dikirim = 0

    def send_messages(self, pesan):
        for _ in pesan:
            if BackendMatiSetelah.dikirim >= BackendMatiSetelah.batas:
                raise ProsesMati
            BackendMatiSetelah.dikirim += 1
        return super().send_messages(pesan)


def _rombongan() -> list[int]:
    return [
        Notifikasi.objects.create(
            email=f"warga{i}@contoh.id", jenis="uji", subjek=f"Uji {i}", isi_teks=f"Isi {i}", isi_html=""
        ).pk
        for i in range(JUMLAH)
    ]


@pytest.mark.parametrize("k", [0, 1, 4, JUMLAH - 1])
def test_batch_yang_mati_setelah_k_kiriman_menyisakan_tepat_k_terkirim(settings, k):
    pk = _rombongan()
    settings.EMAIL_BACKEND = f"{__name__}.BackendMatiSetelah"
    BackendMatiSetelah.batas, BackendMatiSetelah.dikirim = k, 0
    with pytest.raises(ProsesMati):
        tasks.kirim_notifikasi_banyak(pk)

    terkirim = list(Notifikasi.objects.filter(status=StatusNotifikasi.TERKIRIM).order_by("pk"))
    assert [n.pk for n in terkirim] == pk[:k]
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [notifikasi.message_id(n) for n in terkirim]
    # The row in flight is untouched: no attempt counted, still waiting for the next run.
    sisa = Notifikasi.objects.exclude(pk__in=pk[:k])
    assert {(n.status, n.percobaan, n.message_id) for n in sisa} == {(StatusNotifikasi.MENUNGGU, 0, "")}

    # The process comes back (the beat's re-send, or the redelivered batch): only the rest goes out.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.kirim_notifikasi_banyak(pk) == JUMLAH
    assert len(mail.outbox) == JUMLAH
    assert Counter(m.extra_headers["Message-ID"] for m in mail.outbox) == Counter(
        {notifikasi.message_id(n): 1 for n in Notifikasi.objects.all()}
    )
    assert not Notifikasi.objects.exclude(status=StatusNotifikasi.TERKIRIM).exists()

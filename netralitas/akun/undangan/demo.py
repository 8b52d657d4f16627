"""Demo data (seed_demo, which refuses to run with DEBUG off): a pending invitation of a BKN reviewer
from the demo Bawaslu RI. Its link is printed so a developer can accept it; on a laptop only, since
the command never runs in production. The e-mail is "sent" to memory here: the console backend
masks the link (netralitas.tautan_rahasia)."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings

from ..models import Instansi, UndanganPeninjau
from . import services

EMAIL = "peninjau.bkn@demo.posko.local"


def isi_demo_undangan(stdout) -> None:
    if UndanganPeninjau.objects.filter(user__email=EMAIL).exists():
        return
    ri = get_user_model().objects.get(username="bawaslu.ri")
    bkn = Instansi.objects.get(singkatan="BKN")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        u = services.undang_peninjau(oleh=ri, instansi=bkn, nama="Peninjau BKN (demo)", email=EMAIL)
        # Sent now, in this transaction: the task enqueued on commit finds it sent and does nothing.
        services.kirim_undangan(u.pk)
        isi = mail.outbox.pop().body if getattr(mail, "outbox", None) else ""
    tautan = re.search(r"https?://\S+/akun/undangan/\S+/", isi)
    stdout.write(
        f"Undangan peninjau BKN untuk {EMAIL} (menunggu diterima; hanya lokal): {tautan.group(0) if tautan else '—'}"
    )

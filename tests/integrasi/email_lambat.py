"""A file e-mail backend that is slow inside the send: for killing the worker there, or for letting
duplicate tasks overlap.

`UJI_EMAIL_LAMBAT=jeda`: waits `UJI_EMAIL_LAMBAT_DETIK` seconds, then writes (a slow SMTP server).
`sebelum`: stops before it writes (the worker dies while the SMTP server has nothing yet).
`sesudah`: writes, then stops (the server accepted the message, the worker dies before its
transaction commits). Both first leave a marker file (the Message-ID) in `UJI_PENANDA_DIR`, so the
test knows the worker is inside the send, holding the row lock.
`UJI_EMAIL_LAMBAT_SETELAH=k`: the first k messages of the process go out at once; the stage applies
from the (k+1)-th (a worker killed in the middle of a batch).
"""

import os
import time
from pathlib import Path

from django.core.mail.backends import filebased

TAHAP = ("jeda", "sebelum", "sesudah")
_sudah = [0]  # messages this process sent without delay


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        tahap = os.environ["UJI_EMAIL_LAMBAT"]
        if tahap not in TAHAP:
            raise ValueError(f"UJI_EMAIL_LAMBAT harus salah satu dari {TAHAP}")
        jeda = float(os.environ.get("UJI_EMAIL_LAMBAT_DETIK", "120"))
        if _sudah[0] + len(email_messages) <= int(os.environ.get("UJI_EMAIL_LAMBAT_SETELAH") or 0):
            _sudah[0] += len(email_messages)
            return super().send_messages(email_messages)
        if tahap == "jeda":
            time.sleep(jeda)
            return super().send_messages(email_messages)
        terkirim = 0
        if tahap == "sesudah":
            terkirim = super().send_messages(email_messages)
        penanda = Path(os.environ["UJI_PENANDA_DIR"]) / f"{tahap}.penanda"
        sementara = penanda.with_suffix(".tmp")
        sementara.write_text("\n".join(m.extra_headers.get("Message-ID", "") for m in email_messages))
        sementara.rename(penanda)  # whole or not at all
        time.sleep(jeda)
        if tahap == "sebelum":
            terkirim = super().send_messages(email_messages)
        return terkirim

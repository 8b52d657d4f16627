"""The receipt e-mail written down by the server itself (console = the worker's log, or files)
never holds the whole tracking code: only its last four characters, as staff see it."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from netralitas.surel import samarkan
from pengaduan import kode as kode_pelacakan
from tests.pengaduan.test_intake import URL, data_sah

pytestmark = pytest.mark.django_db


def _lapor_dengan_email(client, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(URL, data_sah(client, email="pelapor@contoh.id"))
    assert r.status_code == 302
    return client.get(reverse("pengaduan:tanda_terima")).context["kode"]


def _bentuk(kode: str) -> list[str]:
    normal = kode_pelacakan.normalkan(kode)
    return [kode, normal, normal.lower(), kode.replace("-", " ")]


def test_email_konsol_tanpa_kode_utuh(client, settings, capsys, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "netralitas.surel.KonsolTersamar"
    kode = _lapor_dengan_email(client, django_capture_on_commit_callbacks)
    keluaran = capsys.readouterr().out
    assert "Kode pelacakan" in keluaran and kode[-4:] in keluaran  # the e-mail was written
    assert not any(b in keluaran for b in _bentuk(kode))


def test_email_berkas_tanpa_kode_utuh(client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "netralitas.surel.BerkasTersamar"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    kode = _lapor_dengan_email(client, django_capture_on_commit_callbacks)
    isi = "".join(p.read_text() for p in tmp_path.iterdir())
    assert "Kode pelacakan" in isi
    assert not any(b in isi for b in _bentuk(kode))


def test_pengaturan_bawaan_memakai_backend_tersamar():
    from django.conf import settings

    # conftest swaps in locmem per test; what production reads is the settings module itself.
    import netralitas.settings as modul

    assert modul.EMAIL_BACKEND in ("netralitas.surel.KonsolTersamar", "netralitas.surel.BerkasTersamar") or (
        "smtp" in modul.EMAIL_BACKEND
    )
    assert settings.DEFAULT_FROM_EMAIL


@given(st.text(max_size=40), st.text(max_size=40))
def test_setiap_kode_disamarkan_di_mana_pun_letaknya(depan, belakang):
    kode = kode_pelacakan.buat_kode()
    hasil = samarkan(f"{depan} {kode} {belakang}")
    assert kode not in hasil and kode[-4:] in hasil

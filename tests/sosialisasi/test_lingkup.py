"""Every region a user writes in the socialization register lies in the user's scope (an event's
place, a distribution's desa), Panwascam accounts (a kecamatan scope) can work in it, and the
public calendar takes any `wilayah` a visitor types without a server error."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from netralitas.akun.models import Peran
from sosialisasi.models import DistribusiBahan, Kegiatan
from tests.factories import buat_staf
from tests.sosialisasi.test_kegiatan import _data_admin

pytestmark = pytest.mark.django_db

TAMBAH = "admin:sosialisasi_kegiatan_add"
DESA_BANDUNG = "32.73.01.1001"  # Kelurahan Sukarasa, Kota Bandung
DESA_KEPANJEN = "35.07.13.2001"  # Desa Kemiri, Kecamatan Kepanjen, Kabupaten Malang
DESA_SUMBERPUCUNG = "35.07.12.2001"  # Desa Ternyang: Kabupaten Malang, another kecamatan


def _data(wilayah="35.07.13", judul="Sosialisasi netralitas ASN", distribusi=(), **ubah):
    """The admin's add form as a browser posts it; `distribusi`: (desa, jumlah) rows."""
    d = _data_admin(wilayah=wilayah, judul=judul)
    d["distribusi-TOTAL_FORMS"] = str(len(distribusi))
    for i, (desa, jumlah) in enumerate(distribusi):
        d.update(
            {
                f"distribusi-{i}-desa": desa,
                f"distribusi-{i}-jenis": "brosur",
                f"distribusi-{i}-jumlah": str(jumlah),
                f"distribusi-{i}-tanggal": timezone.localdate().isoformat(),
            }
        )
    d.update(ubah)
    return d


def catat_kegiatan(client, user, wilayah, judul, distribusi=()):
    """Record an event as staff do: the admin's add page, logged in as `user`."""
    client.force_login(user)
    r = client.post(reverse(TAMBAH), _data(wilayah=wilayah, judul=judul, distribusi=distribusi))
    assert r.status_code == 302, r.content.decode()[:3000]
    client.get(r["Location"])  # the list, which shows (and so clears) the "added" message
    return Kegiatan.objects.get(judul=judul)


def _galat_inline(r):
    return [e for f in r.context["inline_admin_formsets"] for e in f.formset.errors]


def test_distribusi_di_kelurahan_bandung_oleh_akun_malang_ditolak(client):
    malang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    client.force_login(malang)
    r = client.post(reverse(TAMBAH), _data(distribusi=[(DESA_KEPANJEN, 250), (DESA_BANDUNG, 4321)]))
    assert r.status_code == 200
    isi = r.content.decode()
    assert "Wilayah ini di luar wilayah tugas Anda." in isi
    assert _galat_inline(r)[1] == {"desa": ["Wilayah ini di luar wilayah tugas Anda."]}
    assert "4321" in isi and "Sosialisasi netralitas ASN" in isi  # the entries come back
    assert not Kegiatan.objects.exists() and not DistribusiBahan.objects.exists()

    # An event already recorded: a row added to it later is checked the same way.
    k = catat_kegiatan(client, malang, "35.07.13", "Apel netralitas Kepanjen", [(DESA_KEPANJEN, 250)])
    ubah = reverse("admin:sosialisasi_kegiatan_change", args=[k.pk])
    data = _data(judul=k.judul, distribusi=[(DESA_KEPANJEN, 250), (DESA_BANDUNG, 4321)])
    data.update({"distribusi-INITIAL_FORMS": "1", "distribusi-0-id": str(k.distribusi.get().pk)})
    data["distribusi-0-kegiatan"] = str(k.pk)
    r = client.post(ubah, data)
    assert r.status_code == 200 and "Wilayah ini di luar wilayah tugas Anda." in r.content.decode()
    assert list(DistribusiBahan.objects.values_list("desa_id", "jumlah")) == [(DESA_KEPANJEN, 250)]


def test_distribusi_nasional_boleh_di_mana_saja(client):
    ri = buat_staf(Peran.BAWASLU_RI, None)
    k = catat_kegiatan(client, ri, "35.07", "Sosialisasi lintas daerah", [(DESA_BANDUNG, 10), (DESA_KEPANJEN, 20)])
    assert sorted(k.distribusi.values_list("kabkota", "jumlah")) == [("32.73", 10), ("35.07", 20)]


def test_panwascam_bekerja_di_kecamatannya_saja(client):
    panwascam = buat_staf(Peran.PANWASCAM, "35.07.13")
    malang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    catat_kegiatan(client, malang, "35.07.12", "Sosialisasi Sumberpucung")
    catat_kegiatan(client, malang, DESA_KEPANJEN, "Sosialisasi Desa Kemiri")

    client.force_login(panwascam)
    daftar = client.get(reverse("admin:sosialisasi_kegiatan_changelist"))
    assert daftar.status_code == 200
    isi = daftar.content.decode()
    assert "Sosialisasi Desa Kemiri" in isi and "Sosialisasi Sumberpucung" not in isi
    assert client.get(reverse(TAMBAH)).status_code == 200

    k = catat_kegiatan(client, panwascam, "35.07.13", "Apel Kepanjen", [(DESA_KEPANJEN, 40)])
    assert client.get(reverse("admin:sosialisasi_kegiatan_change", args=[k.pk])).status_code == 200
    lain = Kegiatan.objects.get(judul="Sosialisasi Sumberpucung")
    assert client.get(reverse("admin:sosialisasi_kegiatan_change", args=[lain.pk])).status_code == 404

    r = client.post(reverse(TAMBAH), _data(wilayah="35.07.12", judul="Di kecamatan tetangga"))
    assert r.status_code == 200 and "di luar wilayah tugas Anda" in r.content.decode()
    r = client.post(reverse(TAMBAH), _data(judul="Brosur ke tetangga", distribusi=[(DESA_SUMBERPUCUNG, 5)]))
    assert r.status_code == 200 and _galat_inline(r) == [{"desa": ["Wilayah ini di luar wilayah tugas Anda."]}]
    assert not Kegiatan.objects.filter(judul__in=["Di kecamatan tetangga", "Brosur ke tetangga"]).exists()


# --- The public calendar ----------------------------------------------------------------------------


def _acara(r):
    return sorted(str(e["summary"]) for e in Calendar.from_ical(r.content).walk("VEVENT"))


def test_kalender_per_kecamatan_dan_desa(client):
    malang = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    catat_kegiatan(client, malang, "35.07.12", "Sosialisasi Sumberpucung")
    catat_kegiatan(client, malang, DESA_KEPANJEN, "Sosialisasi Desa Kemiri")
    catat_kegiatan(client, malang, "35.07.13", "Apel Kepanjen")
    client.logout()
    kalender = reverse("sosialisasi:kalender")
    r = client.get(kalender, {"wilayah": "35.07.13"})
    assert r.status_code == 200 and _acara(r) == ["Apel Kepanjen", "Sosialisasi Desa Kemiri"]
    r = client.get(kalender, {"wilayah": DESA_KEPANJEN})
    assert r.status_code == 200 and _acara(r) == ["Sosialisasi Desa Kemiri"]
    assert _acara(client.get(kalender, {"wilayah": "35.07"})) == [
        "Apel Kepanjen",
        "Sosialisasi Desa Kemiri",
        "Sosialisasi Sumberpucung",
    ]
    r = client.get(kalender, {"wilayah": "35.07.1"})
    assert r.status_code == 400 and "Kode wilayah tidak sah" in r.content.decode()
    r = client.get(kalender, {"wilayah": "35.07.99.9999"})
    assert r.status_code == 404 and "Wilayah dengan kode itu tidak dikenal." in r.content.decode()
    assert client.get(kalender, {"wilayah": "3" * 5000}).status_code == 400


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=40),
        st.from_regex(r"\A[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\Z"),
        st.sampled_from(["35.07.13", "35.07.13.1007", "32.73", "35.07.13.", "35..07", "35.07\x00", "' OR 1=1 --"]),
    )
)
def test_kalender_wilayah_apa_pun_tidak_500(client, wilayah):
    r = client.get(reverse("sosialisasi:kalender"), {"wilayah": wilayah})
    assert r.status_code in (200, 400, 404)
    if r.status_code == 200:
        assert r["Content-Type"].startswith("text/calendar")
        Calendar.from_ical(r.content)
    if r.status_code == 400:
        assert "Kode wilayah tidak sah" in r.content.decode()
    if r.status_code == 404:
        assert "Wilayah dengan kode itu tidak dikenal." in r.content.decode()


def test_pilihan_wilayah_hanya_di_lingkup_pengguna(client):
    """The admin's region pickers offer what the form accepts: the user's region, desa for a
    distribution."""

    def cari(term, model_name, field_name):
        r = client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "sosialisasi", "model_name": model_name, "field_name": field_name},
        )
        assert r.status_code == 200
        return [h["id"] for h in r.json()["results"]]

    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    assert cari("Sukarasa", "distribusibahan", "desa") == []  # a Kota Bandung kelurahan
    kemiri = cari("Kemiri", "distribusibahan", "desa")
    assert DESA_KEPANJEN in kemiri and all(k.startswith("35.07.") for k in kemiri)
    assert cari("Kepanjen", "distribusibahan", "desa") == ["35.07.13.1010"]  # the kelurahan, not the kecamatan
    assert "35.07.13" in cari("Kepanjen", "kegiatan", "wilayah")
    assert cari("Sukarasa", "kegiatan", "wilayah") == []
    client.force_login(buat_staf(Peran.BAWASLU_RI, None))
    assert cari("Sukarasa", "distribusibahan", "desa") == [DESA_BANDUNG]


def test_baris_distribusi_wilayah_lain_pada_kegiatan_sendiri(client):
    """National staff put a Bandung row on a Malang event: Malang staff can still edit the event,
    but neither change nor delete that row (both would change Bandung's public figure)."""
    ri = buat_staf(Peran.BAWASLU_RI, None)
    k = catat_kegiatan(client, ri, "35.07.13", "Sosialisasi bersama", [(DESA_BANDUNG, 10), (DESA_KEPANJEN, 20)])
    baris = list(k.distribusi.order_by("id"))
    client.force_login(buat_staf(Peran.BAWASLU_KABKOTA, "35.07"))
    ubah = reverse("admin:sosialisasi_kegiatan_change", args=[k.pk])

    def kirim(jumlah_bandung=10, hapus=None, peserta="90"):
        data = _data(judul=k.judul, distribusi=[(DESA_BANDUNG, jumlah_bandung), (DESA_KEPANJEN, 20)])
        data.update({"distribusi-INITIAL_FORMS": "2", "peserta_luring": peserta})
        for i, b in enumerate(baris):
            data.update({f"distribusi-{i}-id": str(b.pk), f"distribusi-{i}-kegiatan": str(k.pk)})
            data[f"distribusi-{i}-tanggal"] = b.tanggal.isoformat()
        if hapus is not None:
            data[f"distribusi-{hapus}-DELETE"] = "on"
        return client.post(ubah, data)

    r = kirim(jumlah_bandung=9999)
    assert r.status_code == 200 and _galat_inline(r)[0] == {"desa": ["Wilayah ini di luar wilayah tugas Anda."]}
    r = kirim(hapus=0)
    assert r.status_code == 200 and "di luar wilayah tugas Anda dan tidak dapat dihapus" in r.content.decode()
    assert sorted(DistribusiBahan.objects.values_list("desa_id", "jumlah")) == [(DESA_BANDUNG, 10), (DESA_KEPANJEN, 20)]
    assert kirim(peserta="95").status_code == 302  # the rest of the event stays editable
    assert Kegiatan.objects.get(pk=k.pk).peserta_luring == 95
    assert kirim(hapus=1).status_code == 302
    assert list(DistribusiBahan.objects.values_list("desa_id", flat=True)) == [DESA_BANDUNG]

"""The per-request shortcuts of the admin and the public form: permissions from the cache, the user
read with their profile, one Redis client per pool, versions remembered a moment per process, and a
new case's notifications as one task message. Each must still see a change at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netralitas import versi_cache
from netralitas.akun.backends import ModelBackendBercache
from netralitas.akun.models import Peran
from pengaduan import notifikasi, tasks
from pengaduan.models import KategoriPelanggaran, Notifikasi
from tests.factories import GRUP_PERAN, buat_pengaduan, buat_staf

pytestmark = pytest.mark.django_db
IZIN = "pengaduan.tangani_pengaduan"


def _segar(user):
    """The user as the next request loads them (permission caches on the object gone)."""
    return ModelBackendBercache().get_user(user.pk)


def test_izin_dibaca_dari_cache_dan_pencabutan_berlaku_di_permintaan_berikutnya():
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    assert _segar(user).has_perm(IZIN)
    with CaptureQueriesContext(connection) as q:
        assert _segar(user).has_perm(IZIN)
    assert len(q) == 1, "only the user (with profile) is read; the permissions come from the cache"

    # Taken off the group's permissions: the next request knows.
    grup = Group.objects.get(name=GRUP_PERAN[Peran.BAWASLU_KABKOTA])
    grup.permissions.remove(Permission.objects.get(codename="tangani_pengaduan"))
    assert not _segar(user).has_perm(IZIN)
    grup.permissions.add(Permission.objects.get(codename="tangani_pengaduan"))
    assert _segar(user).has_perm(IZIN)

    # Taken out of the group.
    user.groups.clear()
    assert not _segar(user).has_perm(IZIN)

    # Made superuser, then not; deactivated.
    user.is_superuser = True
    user.save()
    assert _segar(user).has_perm(IZIN)
    user.is_superuser = False
    user.save()
    assert not _segar(user).has_perm(IZIN)


def test_pengguna_nonaktif_tidak_punya_izin_walau_tersimpan_di_cache():
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    assert _segar(user).has_perm(IZIN)
    user.is_active = False
    assert not user.has_perm(IZIN)
    assert ModelBackendBercache().get_all_permissions(user) == set()


def test_login_tidak_menaikkan_versi_izin(client):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", password="rahasia-panjang-123")
    _segar(user).has_perm(IZIN)
    versi = cache.get("izin:versi")
    assert (
        client.post(reverse("admin:login"), {"username": user.username, "password": "rahasia-panjang-123"}).status_code
        == 302
    )
    assert cache.get("izin:versi") == versi


def test_staf_yang_dicabut_izinnya_ditolak_di_admin(client):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    client.force_login(user)
    halaman = reverse("admin:pengaduan_pengaduan_change", args=[p.pk])
    assert client.get(halaman).status_code == 200
    user.groups.clear()
    assert client.get(halaman).status_code in (403, 404)
    assert client.get(reverse("admin:pengaduan_pengaduan_changelist")).status_code == 403


def test_versi_dinaikkan_terlihat_seketika_di_proses_yang_sama():
    awal = versi_cache.versi("uji:versi")
    versi_cache.naikkan("uji:versi")
    assert versi_cache.versi("uji:versi") == awal + 1
    # Evicted from the shared cache: still a new version, never the old one.
    cache.delete("uji:versi")
    versi_cache.naikkan("uji:versi")
    assert versi_cache.versi("uji:versi") != awal + 1


def test_filter_kategori_mengikuti_perubahan_kategori(client):
    user = buat_staf(Peran.BAWASLU_KABKOTA, "35.07")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    client.force_login(user)
    daftar = reverse("admin:pengaduan_pengaduan_changelist")
    r = client.get(daftar, {"kategori__kode__exact": p.kategori_id})
    assert [x.pk for x in r.context["cl"].result_list] == [p.pk]
    assert [x.pk for x in client.get(daftar, {"kategori__kode__exact": "lainnya"}).context["cl"].result_list] == []
    assert client.get(daftar, {"kategori__kode__exact": "<script>"}).status_code == 200
    k = KategoriPelanggaran.objects.get(pk=p.kategori_id)
    k.nama = "Kategori yang baru saja diganti namanya"
    k.save()
    assert "Kategori yang baru saja diganti namanya" in client.get(daftar).content.decode()


def test_klien_redis_dipakai_ulang():
    klien = getattr(cache, "client", None)
    if klien is None or not hasattr(klien, "get_client"):
        pytest.skip("Cache bukan Redis (laptop tanpa REDIS_URL).")
    assert klien.get_client(write=True) is klien.get_client(write=True)
    cache.set("uji:klien", 41)
    assert cache.incr("uji:klien") == 42
    assert cache.incr("uji:klien", 8) == 50
    cache.delete("uji:klien")
    with pytest.raises(ValueError):
        cache.incr("uji:klien")  # one round trip, the stock answer for a missing key


def test_notifikasi_pengaduan_baru_satu_pesan_tugas(django_capture_on_commit_callbacks, monkeypatch):
    staf = [buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email=f"staf{i}@bawaslu.test") for i in range(3)]
    terkirim = []
    monkeypatch.setattr(
        tasks.kirim_notifikasi_banyak, "apply_async", lambda args, **_: terkirim.append(("banyak", *args))
    )
    monkeypatch.setattr(tasks.kirim_notifikasi, "apply_async", lambda args, **_: terkirim.append(("satu", *args)))
    with django_capture_on_commit_callbacks(execute=True):
        p, _ = buat_pengaduan(wilayah="35.07.13.1007", email="pelapor@contoh.test")
    semua = set(Notifikasi.objects.filter(pengaduan=p).values_list("pk", flat=True))
    assert len(semua) == 1 + len(staf)
    assert [jenis for jenis, _ in terkirim] == ["banyak"]
    assert set(terkirim[0][1]) == semua


def test_tugas_notifikasi_banyak_mengirim_semua_dan_mengulang_yang_gagal(monkeypatch):
    for i in range(2):
        buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email=f"staf{i}@bawaslu.test")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    ids = list(Notifikasi.objects.filter(pengaduan=p).values_list("pk", flat=True))
    assert len(ids) == 2
    mail.outbox.clear()
    asli = notifikasi.kirim_notifikasi
    diulang = []

    def kirim(pk):
        if pk == ids[0]:
            raise OSError("SMTP putus")
        return asli(pk)

    monkeypatch.setattr(notifikasi, "kirim_notifikasi", kirim)
    monkeypatch.setattr(tasks.kirim_notifikasi, "apply_async", lambda args, countdown: diulang.append(args[0]))
    assert tasks.kirim_notifikasi_banyak.run(ids) == 1
    assert diulang == [ids[0]]
    assert len(mail.outbox) == 1
    # Sending the batch again delivers nothing twice.
    monkeypatch.setattr(notifikasi, "kirim_notifikasi", asli)
    assert tasks.kirim_notifikasi_banyak.run(ids) == 2
    assert len(mail.outbox) == 2
    assert set(Notifikasi.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"terkirim"}


def test_penerima_pengaduan_baru_mengikuti_perubahan_staf():
    from pengaduan.selectors import penerima_pengaduan_baru

    a = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email="a@bawaslu.test")
    p, _ = buat_pengaduan(wilayah="35.07.13.1007")
    assert (a.pk, "a@bawaslu.test") in penerima_pengaduan_baru(p)
    b = buat_staf(Peran.BAWASLU_KABKOTA, "35.07", email="b@bawaslu.test")
    assert (b.pk, "b@bawaslu.test") in penerima_pengaduan_baru(p)
    # Moved to another region: no longer told.
    b.profil_staf.wilayah_id = "32.73"
    b.profil_staf.save()
    assert (b.pk, "b@bawaslu.test") not in penerima_pengaduan_baru(p)
    a.email = "baru@bawaslu.test"
    a.save()
    assert (a.pk, "baru@bawaslu.test") in penerima_pengaduan_baru(p)
    a.is_active = False
    a.save()
    assert a.pk not in {pk for pk, _ in penerima_pengaduan_baru(p)}

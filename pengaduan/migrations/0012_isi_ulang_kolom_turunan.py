"""Two repairs of what earlier code left behind.

Terlapor filed through /lapor/ before the derived columns were filled on every write path
(intake used bulk_create, which skipped Terlapor.save()) have an empty `nama_cari`: name search and
name-based duplicate detection missed them. Recompute every derived column of the cases and their
terlapor from its source. Only rows that differ are written.

Cases in *klarifikasi dan kajian* or *dilimpahkan* carried no deadline (the workflow table started
no step there): give them the step's deadline counted from the day they entered the step, as the
service now does (klarifikasi continues the handling days from registration)."""

import datetime

from django.db import migrations

UKURAN_BATCH = 2000


def normalkan_nama(nama: str) -> str:
    # pengaduan.models.normalkan_nama as of this migration: a migration keeps its own copy.
    return " ".join((nama or "").replace(".", " ").replace(",", " ").upper().split())


def _batch(qs):
    terakhir = 0
    while True:
        baris = list(qs.filter(pk__gt=terakhir).order_by("pk")[:UKURAN_BATCH])
        if not baris:
            return
        yield baris
        terakhir = baris[-1].pk


def isi_ulang(apps, schema_editor):
    from django.db.models import Q
    from django.db.models.functions import Length, Substr

    Terlapor = apps.get_model("pengaduan", "Terlapor")
    Pengaduan = apps.get_model("pengaduan", "Pengaduan")
    # What the old intake left behind: an empty key for a name that has one. One scan, not a
    # Python pass over every row (1.25 million at the bench's million cases).
    for baris in _batch(Terlapor.objects.filter(nama_cari="").only("id", "nama", "nama_cari")):
        beda = []
        for t in baris:
            nama = normalkan_nama(t.nama)
            if t.nama_cari != nama:
                t.nama_cari = nama
                beda.append(t)
        Terlapor.objects.bulk_update(beda, ["nama_cari"])
    salah = Pengaduan.objects.annotate(panjang=Length("kantor_wilayah_id")).filter(
        ~Q(kantor_provinsi=Substr("kantor_wilayah_id", 1, 2))
        | Q(panjang__gte=5) & ~Q(kantor_kabkota=Substr("kantor_wilayah_id", 1, 5))
        | Q(panjang__lt=5) & ~Q(kantor_kabkota="")
        | Q(kantor_wilayah_id__isnull=True) & (~Q(kantor_provinsi="") | ~Q(kantor_kabkota=""))
    )
    for baris in _batch(salah.only("id", "kantor_wilayah_id", "kantor_provinsi", "kantor_kabkota")):
        for p in baris:
            kode = p.kantor_wilayah_id or ""
            p.kantor_provinsi, p.kantor_kabkota = kode[:2], kode[:5] if len(kode) >= 5 else ""
        Pengaduan.objects.bulk_update(baris, ["kantor_provinsi", "kantor_kabkota"])


def _tambah_hari(mulai, jumlah, jenis_hari, libur):
    # pengaduan.tenggat.tambah_hari as of this migration.
    if jenis_hari == "kalender":
        return mulai + datetime.timedelta(days=jumlah)
    tanggal, sisa = mulai, jumlah
    while sisa > 0:
        tanggal += datetime.timedelta(days=1)
        if tanggal.weekday() < 5 and tanggal not in libur:
            sisa -= 1
    return tanggal


def isi_tenggat_yang_hilang(apps, schema_editor):
    from collections import defaultdict

    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    Pengaduan = apps.get_model("pengaduan", "Pengaduan")
    Peristiwa = apps.get_model("pengaduan", "PeristiwaPengaduan")
    AturanTenggat = apps.get_model("pengaduan", "AturanTenggat")
    HariLibur = apps.get_model("pengaduan", "HariLibur")
    aturan = {(a.jenis_pemilihan, a.langkah): a for a in AturanTenggat.objects.all()}
    libur = set(HariLibur.objects.values_list("tanggal", flat=True))
    # status: (the step it carries, the status whose entry starts the count)
    langkah = {"klarifikasi": ("penanganan", "diregistrasi"), "dilimpahkan": ("kajian_awal", "dilimpahkan")}
    for status, (nama_langkah, mulai_di) in langkah.items():
        masuk = Peristiwa.objects.filter(pengaduan_id=OuterRef("pk"), ke_status=mulai_di).order_by("-waktu", "-id")
        kasus = (
            Pengaduan.objects.filter(status=status, tenggat__isnull=True)
            .annotate(masuk=Subquery(masuk.values("waktu")[:1]))
            .exclude(masuk=None)
            .values_list("pk", "jenis_pemilihan", "masuk")
        )
        # Cases that entered the step on the same day under the same rule share their deadline:
        # one UPDATE per deadline, not one per case.
        per_tenggat = defaultdict(list)
        for pk, jenis, waktu in kasus.iterator(chunk_size=5000):
            a = aturan.get((jenis, nama_langkah))
            if a is not None:
                mulai = timezone.localtime(waktu).date()
                per_tenggat[_tambah_hari(mulai, a.jumlah_hari, a.jenis_hari, libur)].append(pk)
        for tenggat, pks in per_tenggat.items():
            for i in range(0, len(pks), UKURAN_BATCH):
                Pengaduan.objects.filter(pk__in=pks[i : i + UKURAN_BATCH]).update(tenggat=tenggat)


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0011_penerimaan_rekomendasi")]

    operations = [
        migrations.RunPython(isi_ulang, migrations.RunPython.noop),
        migrations.RunPython(isi_tenggat_yang_hilang, migrations.RunPython.noop),
    ]

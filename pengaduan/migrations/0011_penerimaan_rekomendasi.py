"""Each agency's receipt of a recommendation (issue 11 B.7): whether it had a reviewer account to
tell when the case was forwarded, and when one of its reviewers acknowledged it. Recommendations
already forwarded get their rows too, so an agency without reviewers is reminded about them as well."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def isi_penerimaan(apps, schema_editor):
    Rekomendasi = apps.get_model("pengaduan", "Rekomendasi")
    Penerimaan = apps.get_model("pengaduan", "PenerimaanRekomendasi")
    Pemeriksaan = apps.get_model("pengaduan", "PemeriksaanInstansi")
    ProfilStaf = apps.get_model("akun", "ProfilStaf")
    ada_peninjau = set(
        ProfilStaf.objects.filter(peran="peninjau", user__is_active=True, user__is_staff=True)
        .exclude(user__email="")
        .values_list("instansi_id", flat=True)
    )
    diperiksa = {
        (pengaduan_id, instansi_id): (dibuat, oleh)
        for pengaduan_id, instansi_id, dibuat, oleh in Pemeriksaan.objects.values_list(
            "pengaduan_id", "instansi_id", "dibuat", "dicatat_oleh_id"
        )
    }
    baris = []
    for r in Rekomendasi.objects.prefetch_related("instansi"):
        for i in r.instansi.all():
            diterima = diperiksa.get((r.pengaduan_id, i.pk), (None, None))
            baris.append(
                Penerimaan(
                    rekomendasi=r,
                    instansi=i,
                    tanpa_peninjau=i.pk not in ada_peninjau,
                    diterima_pada=diterima[0],
                    diterima_oleh_id=diterima[1],
                )
            )
    Penerimaan.objects.bulk_create(baris, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("akun", "0005_instansi_ppk"),
        ("pengaduan", "0010_peristiwa_pesan_pelapor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PenerimaanRekomendasi",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "tanpa_peninjau",
                    models.BooleanField(default=False, verbose_name="tanpa akun peninjau saat diteruskan"),
                ),
                ("diterima_pada", models.DateTimeField(blank=True, null=True, verbose_name="dibuka peninjau instansi")),
                (
                    "diterima_oleh",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "instansi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="akun.instansi"
                    ),
                ),
                (
                    "rekomendasi",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="penerimaan",
                        to="pengaduan.rekomendasi",
                    ),
                ),
            ],
            options={
                "verbose_name": "penerimaan rekomendasi",
                "verbose_name_plural": "penerimaan rekomendasi",
                "indexes": [
                    models.Index(
                        condition=models.Q(("diterima_pada__isnull", True), ("tanpa_peninjau", True)),
                        fields=["rekomendasi"],
                        name="penerimaan_belum_diterima",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("rekomendasi", "instansi"), name="penerimaan_rekomendasi_unik")
                ],
            },
        ),
        migrations.RunPython(isi_penerimaan, migrations.RunPython.noop),
    ]

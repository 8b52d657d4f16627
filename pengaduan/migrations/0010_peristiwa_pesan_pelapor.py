"""Staff text gets an audience (DESIGN.md §3, issue 11 A.1): the event's `alasan` becomes internal,
and `pesan_pelapor` holds what the reporter reads on /lacak/. Every reason written so far was typed
as one field that the reporter read; from now on only a deliberate message reaches them. Existing
reasons therefore become internal, except completion requests, whose text was written for the
reporter to act on and becomes the reporter message."""

from django.db import migrations, models


def pisahkan_audiens(apps, schema_editor):
    Peristiwa = apps.get_model("pengaduan", "PeristiwaPengaduan")
    # The historical model has no append-only save(): a queryset update moves the text in one statement.
    Peristiwa.objects.filter(ke_status="perlu_perbaikan").update(pesan_pelapor=models.F("alasan"), alasan="")


def gabungkan_kembali(apps, schema_editor):
    Peristiwa = apps.get_model("pengaduan", "PeristiwaPengaduan")
    Peristiwa.objects.filter(alasan="").exclude(pesan_pelapor="").update(alasan=models.F("pesan_pelapor"))


class Migration(migrations.Migration):
    dependencies = [
        ("pengaduan", "0009_notifikasi_dicoba"),
    ]

    operations = [
        migrations.AddField(
            model_name="peristiwapengaduan",
            name="pesan_pelapor",
            field=models.TextField(blank=True, verbose_name="pesan untuk pelapor"),
        ),
        migrations.AlterField(
            model_name="peristiwapengaduan",
            name="alasan",
            field=models.TextField(blank=True, verbose_name="alasan internal"),
        ),
        migrations.AlterField(
            model_name="peristiwapengaduan",
            name="publik",
            field=models.BooleanField(default=False, verbose_name="perubahan terlihat pelapor"),
        ),
        migrations.RunPython(pisahkan_audiens, gabungkan_kembali),
    ]

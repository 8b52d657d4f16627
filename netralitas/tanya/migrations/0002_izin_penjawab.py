"""Who answers questions: the Bawaslu offices a question is addressed to (kabupaten/kota,
provinsi, RI) and the administrator; each sees only its region's (netralitas.tanya.selectors).
The Panwascam, local-government staff and the agencies' reviewers get nothing here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

IZIN = [("tanya", f"{aksi}_pertanyaan") for aksi in ("view", "change", "delete")]
GRUP = ["Bawaslu Kabupaten/Kota", "Bawaslu Provinsi", "Bawaslu RI", "Administrator"]


def beri_izin(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    izin = [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in IZIN]
    for nama in GRUP:
        grup, _ = Group.objects.get_or_create(name=nama)
        grup.permissions.add(*izin)


class Migration(migrations.Migration):
    dependencies = [
        ("tanya", "0001_initial"),
        ("akun", "0002_grup_peran"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(beri_izin, migrations.RunPython.noop)]

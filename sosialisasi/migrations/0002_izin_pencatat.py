"""Who records events: Bawaslu at every level and local-government staff, each in their region
(the scope is the queryset's, sosialisasi.selectors.kegiatan_visible_to)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODEL = ["kegiatan", "narasumber", "peserta", "penandatangan", "materi", "foto", "distribusibahan"]
IZIN = [("sosialisasi", f"{aksi}_{m}") for m in MODEL for aksi in ("view", "add", "change", "delete")] + [
    ("akun", "view_instansi"),  # choosing the target agencies
]
GRUP = [
    "Panwascam",
    "Bawaslu Kabupaten/Kota",
    "Bawaslu Provinsi",
    "Bawaslu RI",
    "Staf pemerintah daerah",
    "Administrator",
]


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
        ("sosialisasi", "0001_awal"),
        ("akun", "0005_instansi_ppk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(beri_izin, migrations.RunPython.noop)]

"""Triage permissions for the role groups: handling cases, notes, the checklist, exports, agencies."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KASUS = [
    ("pengaduan", "tangani_pengaduan"),
    ("pengaduan", "view_catatanpengaduan"),
    ("pengaduan", "add_catatanpengaduan"),
    ("pengaduan", "view_kajianawal"),
    ("pengaduan", "change_kajianawal"),
    ("akun", "view_instansi"),
]
GRUP = {
    "Panwascam": KASUS,
    "Bawaslu Kabupaten/Kota": KASUS + [("pengaduan", "ekspor_pengaduan")],
    "Bawaslu Provinsi": KASUS + [("pengaduan", "ekspor_pengaduan")],
    "Bawaslu RI": KASUS + [("pengaduan", "ekspor_pengaduan"), ("akun", "add_instansi"), ("akun", "change_instansi")],
    "Administrator": [
        ("akun", "view_instansi"),
        ("akun", "add_instansi"),
        ("akun", "change_instansi"),
        ("pengaduan", "add_harilibur"),
        ("pengaduan", "change_harilibur"),
        ("pengaduan", "delete_harilibur"),
    ],
}


def tambah_izin(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nama, izin in GRUP.items():
        grup, _ = Group.objects.get_or_create(name=nama)
        for app_label, codename in izin:
            grup.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [("akun", "0003_instansi"), ("akun", "0002_grup_peran"), ("pengaduan", "0003_triase")]
    operations = [migrations.RunPython(tambah_izin, migrations.RunPython.noop)]

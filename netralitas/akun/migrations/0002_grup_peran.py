"""One group per role, with its permissions, created here rather than by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIHAT_KASUS = [
    ("pengaduan", "view_pengaduan"),
    ("pengaduan", "view_terlapor"),
    ("pengaduan", "view_saksi"),
    ("pengaduan", "view_tautan"),
    ("pengaduan", "view_bukti"),
    ("pengaduan", "view_peristiwapengaduan"),
    ("pengaduan", "view_kategoripelanggaran"),
    ("pengaduan", "view_aturantenggat"),
    ("pengaduan", "view_harilibur"),
    ("pengaduan", "view_notifikasi"),
    ("wilayah", "view_wilayah"),
]
GRUP = {
    "Panwascam": LIHAT_KASUS,
    "Bawaslu Kabupaten/Kota": LIHAT_KASUS,
    "Bawaslu Provinsi": LIHAT_KASUS + [("pengaduan", "lihat_identitas_rahasia")],
    "Bawaslu RI": LIHAT_KASUS + [("pengaduan", "lihat_identitas_rahasia"), ("pengaduan", "change_aturantenggat"), ("pengaduan", "add_harilibur"), ("pengaduan", "change_harilibur"), ("pengaduan", "delete_harilibur")],
    "Inspektorat/PPK": [("pengaduan", "view_pengaduan"), ("pengaduan", "view_terlapor"), ("pengaduan", "view_bukti")],
    "Staf pemerintah daerah": [("wilayah", "view_wilayah")],
    "Administrator": LIHAT_KASUS + [("audit", "view_logaudit"), ("auth", "view_user"), ("auth", "add_user"), ("auth", "change_user"), ("akun", "view_profilstaf"), ("akun", "add_profilstaf"), ("akun", "change_profilstaf"), ("pengaduan", "change_kategoripelanggaran"), ("pengaduan", "change_aturantenggat")],
}


def buat_grup(apps, schema_editor):
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
    dependencies = [
        ("akun", "0001_initial"),
        ("pengaduan", "0002_seed_kategori_aturan"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(buat_grup, migrations.RunPython.noop)]

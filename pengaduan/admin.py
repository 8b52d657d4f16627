"""The admin registry of the complaint app: each audience's admin registers itself when imported
here (Bawaslu's desk, the agency reviewer's surface, the exports); the reference data (categories,
deadline rules, the handling-office rule, holidays) and the staff's own notifications are registered below."""

from django.contrib import admin

from netralitas.admin_dasar import HanyaBacaMixin

from .ekspor import admin as ekspor_admin  # noqa: F401  (registers Ekspor)
from .models import AturanKantorPenanganan, AturanTenggat, HariLibur, KategoriPelanggaran, Notifikasi
from .tindak_lanjut import admin as tindak_lanjut_admin  # noqa: F401  (registers KasusInstansi)
from .triase import admin as triase_admin  # noqa: F401  (registers Pengaduan)


@admin.register(KategoriPelanggaran)
class KategoriPelanggaranAdmin(admin.ModelAdmin):
    list_display = ["nama", "kode_skb", "urutan", "jalur_etik", "tingkat_disiplin", "tingkat_disiplin_lain", "aktif"]
    list_editable = ["urutan", "jalur_etik", "tingkat_disiplin", "tingkat_disiplin_lain", "aktif"]


@admin.register(AturanTenggat)
class AturanTenggatAdmin(admin.ModelAdmin):
    """Day counts per election type and step, each with what sets it: an article of the law, or the
    office's own policy (`kebijakan_kantor`), which staff see labelled beside the deadline."""

    list_display = [
        "jenis_pemilihan",
        "langkah",
        "jumlah_hari",
        "jenis_hari",
        "perpanjangan_hari",
        "dasar_hukum",
        "sifat",
    ]
    list_filter = ["jenis_pemilihan", "kebijakan_kantor"]
    fields = [
        "jenis_pemilihan",
        "langkah",
        "jumlah_hari",
        "jenis_hari",
        "perpanjangan_hari",
        "dasar_hukum",
        "kebijakan_kantor",
    ]

    @admin.display(description="sifat", ordering="kebijakan_kantor")
    def sifat(self, obj):
        return "Kebijakan kantor" if obj.kebijakan_kantor else "Ketentuan peraturan"


@admin.register(AturanKantorPenanganan)
class AturanKantorPenangananAdmin(admin.ModelAdmin):
    """Which office handles a new case, per election type (pengaduan.kantor). One row per type,
    seeded by migration: edited, never added or deleted (a missing row falls back to kab/kota)."""

    list_display = ["jenis_pemilihan", "tingkat_kantor", "dasar_hukum", "diperbarui"]
    fields = ["jenis_pemilihan", "tingkat_kantor", "dasar_hukum", "keterangan"]
    readonly_fields = ["jenis_pemilihan"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama"]
    date_hierarchy = "tanggal"


@admin.register(Notifikasi)
class NotifikasiAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ["dibuat", "jenis", "email", "status", "percobaan", "terkirim_pada"]
    list_filter = ["status", "jenis"]
    fields = [
        "dibuat",
        "jenis",
        "email",
        "subjek",
        "status",
        "percobaan",
        "dicoba_pada",
        "galat",
        "message_id",
        "terkirim_pada",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(penerima=request.user)

"""Bawaslu's desk for the tanya jawab: the questions addressed to the user's office (and, for a
province, to its kabupaten/kota; for national staff, all), each with three action pages — answer,
publish with the public texts, withdraw. Scope is `pertanyaan_visible_to`, in `get_queryset` and
so on every URL that names a question (netralitas.admin_dasar.LingkupAdminMixin: 404 outside)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.text import Truncator

from . import services
from .forms import BatalTerbitForm, JawabForm, TerbitkanForm
from .models import Pertanyaan
from .selectors import boleh_jawab, pertanyaan_visible_to


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("belum", "Belum dijawab"), ("dijawab", "Dijawab, belum terbit"), ("terbit", "Diterbitkan")]

    def queryset(self, request, queryset):
        if self.value() == "belum":
            return queryset.filter(jawaban="")
        if self.value() == "dijawab":
            return queryset.exclude(jawaban="").filter(terbit=False)
        if self.value() == "terbit":
            return queryset.filter(terbit=True)
        return queryset


@admin.register(Pertanyaan)
class PertanyaanAdmin(admin.ModelAdmin):
    list_display = ["nomor", "diajukan", "kategori", "tujuan_tampil", "ringkas", "status_tampil"]
    list_display_links = ["nomor", "ringkas"]
    list_filter = [StatusFilter, "kategori"]
    search_fields = ["isi"]
    list_select_related = ["kategori", "wilayah"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["tindakan"]}),
        ("Pertanyaan (asli, tidak diterbitkan)", {"fields": ["diajukan", "kategori", "tujuan_tampil", "isi"]}),
        ("Penanya", {"fields": ["nama", "instansi", "surel"]}),
        ("Jawaban", {"fields": ["jawaban", "dijawab_oleh", "dijawab_pada"]}),
        (
            "Halaman publik",
            {"fields": ["status_tampil", "isi_publik", "jawaban_publik", "diterbitkan_pada", "diterbitkan_oleh"]},
        ),
    ]
    # Every write goes through an action page (services.py): the change page only shows.
    readonly_fields = [
        "diajukan",
        "kategori",
        "tujuan_tampil",
        "isi",
        "nama",
        "instansi",
        "surel",
        "jawaban",
        "dijawab_oleh",
        "dijawab_pada",
        "status_tampil",
        "isi_publik",
        "jawaban_publik",
        "diterbitkan_pada",
        "diterbitkan_oleh",
        "tindakan",
    ]

    def get_queryset(self, request):
        return pertanyaan_visible_to(request.user).select_related(
            "kategori", "wilayah", "dijawab_oleh", "diterbitkan_oleh"
        )

    def has_add_permission(self, request):
        return False  # questions come from /tanya/ajukan/ only

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="No.", ordering="pk")
    def nomor(self, obj):
        return obj.pk

    @admin.display(description="ditujukan kepada")
    def tujuan_tampil(self, obj):
        return obj.tujuan

    @admin.display(description="pertanyaan")
    def ringkas(self, obj):
        return Truncator(obj.isi).chars(90)

    @admin.display(description="status")
    def status_tampil(self, obj):
        return obj.status

    @admin.display(description="e-mail")
    def surel(self, obj):
        if obj.email:
            return "Diisi: jawaban pertama dikirim ke sana, lalu alamatnya dihapus."
        return "Sudah dikirimi jawaban, atau tidak diisi." if obj.dijawab else "Tidak diisi."

    @admin.display(description="Tindakan")
    def tindakan(self, obj):
        if obj.pk is None:
            return ""
        tautan = [
            (reverse("admin:tanya_pertanyaan_jawab", args=[obj.pk]), "Perbaiki jawaban" if obj.dijawab else "Jawab")
        ]
        if obj.dijawab:
            label = "Perbarui teks publik" if obj.terbit else "Terbitkan"
            tautan.append((reverse("admin:tanya_pertanyaan_terbitkan", args=[obj.pk]), label))
        if obj.terbit:
            tautan.append((reverse("admin:tanya_pertanyaan_batal_terbit", args=[obj.pk]), "Tarik dari halaman publik"))
            tautan.append((reverse("tanya:detail", args=[obj.pk]), "Lihat di halaman publik"))
        return format_html_join(" · ", '<a class="tindakan-tanya" href="{}">{}</a>', tautan)

    # --- The action pages ---------------------------------------------------------------------------

    def get_urls(self):
        halaman = self.admin_site.admin_view
        return [
            path("<path:object_id>/jawab/", halaman(self.jawab_view), name="tanya_pertanyaan_jawab"),
            path("<path:object_id>/terbitkan/", halaman(self.terbitkan_view), name="tanya_pertanyaan_terbitkan"),
            path("<path:object_id>/tarik/", halaman(self.batal_terbit_view), name="tanya_pertanyaan_batal_terbit"),
        ] + super().get_urls()

    def _pertanyaan(self, request, object_id):
        p = self.objek_terlihat_atau_404(request, object_id)  # 404 outside the scope
        if not boleh_jawab(request.user):
            raise PermissionDenied
        return p

    def _halaman(self, request, p, *, judul, form, tombol, status=200):
        konteks = {
            **self.admin_site.each_context(request),
            "title": judul,
            "opts": self.model._meta,
            "p": p,
            "form": form,
            "tombol": tombol,
        }
        return TemplateResponse(request, "admin/tanya/pertanyaan/aksi.html", konteks, status=status)

    def _selesai(self, request, p, pesan):
        messages.success(request, pesan)
        return redirect("admin:tanya_pertanyaan_change", p.pk)

    def _jalankan(self, form, fungsi):
        """Run a service; its refusal is shown above the form. Returns whether it ran."""
        try:
            with transaction.atomic():
                fungsi()
        except ValidationError as e:
            for m in e.messages:
                form.add_error(None, m)
            return False
        return True

    def jawab_view(self, request, object_id):
        p = self._pertanyaan(request, object_id)
        form = JawabForm(request.POST or None, initial={"jawaban": p.jawaban})
        if request.method == "POST" and form.is_valid():
            pertama = not p.dijawab
            ada_surel = bool(p.email)
            if self._jalankan(
                form, lambda: services.jawab(pertanyaan=p, jawaban=form.cleaned_data["jawaban"], oleh=request.user)
            ):
                pesan = "Jawaban disimpan" + (" dan dikirim ke e-mail penanya." if pertama and ada_surel else ".")
                return self._selesai(request, p, pesan)
        judul = f"{'Perbaiki jawaban' if p.dijawab else 'Jawab'} pertanyaan #{p.pk}"
        return self._halaman(
            request, p, judul=judul, form=form, tombol="Simpan jawaban", status=400 if form.errors else 200
        )

    def terbitkan_view(self, request, object_id):
        p = self._pertanyaan(request, object_id)
        if not p.dijawab:
            messages.error(request, "Pertanyaan ini belum dijawab. Jawab dahulu sebelum menerbitkan.")
            return redirect("admin:tanya_pertanyaan_change", p.pk)
        awal = {"isi_publik": p.isi_publik or p.isi, "jawaban_publik": p.jawaban_publik or p.jawaban}
        form = TerbitkanForm(request.POST or None, initial=awal)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            if self._jalankan(
                form,
                lambda: services.terbitkan(
                    pertanyaan=p, isi_publik=d["isi_publik"], jawaban_publik=d["jawaban_publik"], oleh=request.user
                ),
            ):
                return self._selesai(request, p, "Tanya jawab diterbitkan di halaman publik.")
        judul = f"{'Perbarui teks publik' if p.terbit else 'Terbitkan'} pertanyaan #{p.pk}"
        return self._halaman(request, p, judul=judul, form=form, tombol="Terbitkan", status=400 if form.errors else 200)

    def batal_terbit_view(self, request, object_id):
        p = self._pertanyaan(request, object_id)
        if not p.terbit:
            messages.error(request, "Pertanyaan ini tidak sedang diterbitkan.")
            return redirect("admin:tanya_pertanyaan_change", p.pk)
        form = BatalTerbitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            alasan = form.cleaned_data["alasan"]
            if self._jalankan(form, lambda: services.batalkan_terbit(pertanyaan=p, oleh=request.user, alasan=alasan)):
                return self._selesai(request, p, "Tanya jawab ditarik dari halaman publik.")
        return self._halaman(
            request, p, judul=f"Tarik pertanyaan #{p.pk} dari halaman publik", form=form, tombol="Tarik"
        )

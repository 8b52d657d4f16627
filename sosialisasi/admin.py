"""Recording events in the admin: staff of the organizing region (Bawaslu at every level, local-
government staff) add and edit the events held in their region, scoped like cases
(`kegiatan_visible_to`), with speakers, signatories, materials, photos and distribution inline;
the attendance list is imported from CSV or XLSX."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from netralitas import berkas as cek_berkas
from netralitas.akun.lingkup import kode_dalam_lingkup, periksa_wilayah
from netralitas.wilayah import admin as wilayah_admin
from netralitas.wilayah.models import Tingkat

from . import services
from .impor import impor_peserta
from .impor_distribusi import impor_distribusi
from .models import (
    JENIS_BERTANDA_TANGAN,
    DistribusiBahan,
    Foto,
    Kegiatan,
    Materi,
    Moda,
    Narasumber,
    Penandatangan,
    SuratImbauan,
    UnggahanMedsos,
)
from .selectors import (
    distribusi_visible_to,
    kegiatan_visible_to,
    lingkup_pencatat,
    surat_visible_to,
    unggahan_visible_to,
)


class KegiatanForm(forms.ModelForm):
    class Meta:
        model = Kegiatan
        fields = [
            "jenis",
            "judul",
            "mulai",
            "selesai",
            "terbit",
            "wilayah",
            "tempat",
            "moda",
            "tautan_daring",
            "penyelenggara",
            "instansi_sasaran",
            "deskripsi",
            "peserta_luring",
            "peserta_daring",
            "dokumen_ditandatangani",
        ]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_wilayah(self):
        w = self.cleaned_data["wilayah"]
        periksa_wilayah(lingkup_pencatat(self.request.user), w)
        return w

    def clean_dokumen_ditandatangani(self):
        berkas = self.cleaned_data.get("dokumen_ditandatangani")
        if berkas and hasattr(berkas, "content_type"):  # a new upload, not the stored file
            cek_berkas.periksa_pdf(berkas, "Dokumen yang ditandatangani")
        return berkas

    def clean(self):
        d = super().clean()
        if d.get("moda") in (Moda.DARING, Moda.HIBRIDA) and not d.get("tautan_daring"):
            self.add_error("tautan_daring", "Kegiatan daring atau hibrida memerlukan tautan daring.")
        if d.get("selesai") and d.get("mulai") and d["selesai"] < d["mulai"]:
            self.add_error("selesai", "Waktu selesai tidak boleh sebelum waktu mulai.")
        if d.get("jenis") not in JENIS_BERTANDA_TANGAN and d.get("dokumen_ditandatangani"):
            self.add_error(
                "dokumen_ditandatangani", "Dokumen bertanda tangan hanya untuk deklarasi, ikrar, atau pakta."
            )
        return d


class _BerkasInlineForm(forms.ModelForm):
    """An inline file checked by its content, not its name."""

    jenis_diterima: tuple = ()
    pesan = ""

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas and hasattr(berkas, "content_type"):
            hasil = cek_berkas.periksa_berkas(berkas)
            if hasil.jenis not in self.jenis_diterima:
                raise ValidationError(self.pesan)
            self.instance.ekstensi = hasil.ekstensi
            if hasattr(self.instance, "mime"):
                self.instance.mime = hasil.mime
        return berkas


class FotoForm(_BerkasInlineForm):
    jenis_diterima = (cek_berkas.JenisBerkas.FOTO,)
    pesan = "Foto dokumentasi harus berupa JPEG, PNG, WebP, atau HEIC."

    class Meta:
        model = Foto
        fields = ["berkas", "keterangan"]


class MateriForm(_BerkasInlineForm):
    jenis_diterima = (cek_berkas.JenisBerkas.PDF, cek_berkas.JenisBerkas.FOTO)
    pesan = "Materi harus berupa PDF atau gambar."

    class Meta:
        model = Materi
        fields = ["judul", "berkas"]


class DistribusiForm(forms.ModelForm):
    """A distribution row counts in the desa's public figure: the desa must lie in the region the
    user records for, whichever event the row hangs on."""

    class Meta:
        model = DistribusiBahan
        fields = ["desa", "jenis", "jumlah", "tanggal"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_desa(self):
        desa = self.cleaned_data["desa"]
        if desa.tingkat != Tingkat.DESA:
            raise ValidationError("Pilih desa atau kelurahan.")
        if self.instance.pk is None or self.has_changed():
            # A row left as it was is not this user's write (national staff may have recorded it
            # on an event of this region): editing the event's other fields stays possible.
            periksa_wilayah(lingkup_pencatat(self.request.user), desa)
        return desa


class DistribusiFormSet(forms.BaseInlineFormSet):
    request = None  # set per request by DistribusiInline.get_formset

    def clean(self):
        super().clean()
        lingkup = lingkup_pencatat(self.request.user)
        for form in self.deleted_forms:
            if form.instance.pk and not kode_dalam_lingkup(lingkup, form.instance.desa_id):
                raise ValidationError(
                    f"Distribusi di {form.instance.desa.nama_lengkap} di luar wilayah tugas Anda dan tidak dapat dihapus."
                )


def _dengan_request(kelas, request):
    """The form class with the request bound: its checks read the user's scope."""

    class FormDenganRequest(kelas):
        def __init__(self, *a, **kw):
            kw["request"] = request
            super().__init__(*a, **kw)

    FormDenganRequest.__name__ = kelas.__name__
    return FormDenganRequest


def _pilihan_wilayah(request, qs, field_name):
    """The region pickers of an event's place and a distribution's desa offer only what the forms
    accept: the user's region, and a desa for a distribution."""
    kode = lingkup_pencatat(request.user)
    if kode is None:
        return qs.none()
    if kode:
        qs = qs.filter(Q(kode=kode) | Q(kode__startswith=kode + "."))
    if field_name == "desa":
        qs = qs.filter(tingkat=Tingkat.DESA)
    return qs


wilayah_admin.saring_pilihan("sosialisasi", _pilihan_wilayah)


class ImporPesertaForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas daftar hadir (CSV atau XLSX)",
        help_text="Kolom: nama, NIP, jabatan, instansi (baris pertama judul kolom). CSV boleh UTF-8 atau Windows-1252.",
    )


class NarasumberInline(admin.TabularInline):
    model = Narasumber
    extra = 1
    fields = ["nama", "jabatan", "lembaga", "urutan"]


class PenandatanganInline(admin.TabularInline):
    model = Penandatangan
    extra = 0
    fields = ["nama", "jabatan", "instansi"]


class MateriInline(admin.TabularInline):
    model = Materi
    form = MateriForm
    extra = 0


class FotoInline(admin.TabularInline):
    model = Foto
    form = FotoForm
    extra = 1
    readonly_fields = ["status_thumbnail"]


class DistribusiInline(admin.TabularInline):
    model = DistribusiBahan
    form = DistribusiForm
    formset = DistribusiFormSet
    extra = 0
    autocomplete_fields = ["desa"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"form": _dengan_request(formset.form, request), "request": request})


@admin.register(Kegiatan)
class KegiatanAdmin(admin.ModelAdmin):
    form = KegiatanForm
    list_display = ["judul", "jenis", "mulai", "wilayah", "moda", "jumlah_peserta_tampil", "terbit"]
    list_filter = ["jenis", "moda", "terbit"]
    search_fields = ["judul", "penyelenggara"]
    date_hierarchy = "mulai"
    list_select_related = ["wilayah"]
    autocomplete_fields = ["wilayah", "instansi_sasaran"]
    inlines = [NarasumberInline, PenandatanganInline, MateriInline, FotoInline, DistribusiInline]
    readonly_fields = ["jumlah_daftar_hadir"]
    fieldsets = [
        (None, {"fields": ["jenis", "judul", "mulai", "selesai", "terbit"]}),
        ("Tempat", {"fields": ["wilayah", "tempat", "moda", "tautan_daring"]}),
        ("Penyelenggara dan sasaran", {"fields": ["penyelenggara", "instansi_sasaran", "deskripsi"]}),
        ("Peserta", {"fields": ["peserta_luring", "peserta_daring", "jumlah_daftar_hadir"]}),
        ("Deklarasi / pakta", {"fields": ["dokumen_ditandatangani"]}),
    ]

    def get_queryset(self, request):
        return kegiatan_visible_to(request.user)

    def get_form(self, request, obj=None, **kwargs):
        return _dengan_request(super().get_form(request, obj, **kwargs), request)

    @admin.display(description="Peserta")
    def jumlah_peserta_tampil(self, obj):
        return obj.jumlah_peserta

    @admin.display(description="Daftar hadir")
    def jumlah_daftar_hadir(self, obj):
        if not obj.pk:
            return "Simpan kegiatan dahulu, lalu impor daftar hadir."
        return format_html(
            '{} orang tercatat · <a href="{}">Impor dari CSV/XLSX</a>',
            obj.peserta.count(),
            reverse("admin:sosialisasi_kegiatan_impor_peserta", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/impor-peserta/",
                self.admin_site.admin_view(self.impor_peserta_view),
                name="sosialisasi_kegiatan_impor_peserta",
            )
        ] + super().get_urls()

    def impor_peserta_view(self, request, pk):
        """The attendance list from CSV or XLSX: every bad row named with its line and reason, the
        good rows kept; the same file twice adds nobody twice."""
        k = self.get_queryset(request).filter(pk=pk).first()
        if k is None or not self.has_change_permission(request, k):
            raise Http404
        form = ImporPesertaForm(request.POST or None, request.FILES or None)
        hasil = None
        if request.method == "POST" and form.is_valid():
            berkas = form.cleaned_data["berkas"]
            hasil = impor_peserta(kegiatan=k, berkas=berkas, nama_berkas=berkas.name)
            if hasil.galat_berkas:
                form.add_error("berkas", hasil.galat_berkas)
            else:
                messages.success(
                    request,
                    f"{hasil.ditambahkan} peserta ditambahkan, {hasil.sudah_ada} sudah tercatat"
                    + (f", {len(hasil.galat)} baris dilewati." if hasil.galat else "."),
                )
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Impor daftar hadir — {k.judul}",
            "opts": self.model._meta,
            "original": k,
            "form": form,
            "hasil": hasil,
            "jumlah": k.peserta.count(),
        }
        return TemplateResponse(
            request, "admin/sosialisasi/kegiatan/impor_peserta.html", konteks, status=400 if form.errors else 200
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        baru = formset.save()
        for obj in baru:
            if isinstance(obj, Foto):
                services.antrekan_thumbnail(obj)
            if isinstance(obj, DistribusiBahan) and obj.dicatat_oleh_id is None:
                DistribusiBahan.objects.filter(pk=obj.pk).update(dicatat_oleh=request.user)


# --- The imbauan register: letters, posts and loose distributions, each in the recorder's region ------


class _RegisterForm(forms.ModelForm):
    """A register entry's region must lie in the user's: refused outside, with the message every
    form shows."""

    kolom_wilayah = "wilayah"

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def _cek_wilayah(self, w):
        periksa_wilayah(lingkup_pencatat(self.request.user), w)
        return w

    def clean_wilayah(self):
        return self._cek_wilayah(self.cleaned_data["wilayah"])

    def clean_tanggal(self):
        t = self.cleaned_data["tanggal"]
        if t and t > timezone.localdate():
            raise ValidationError("Tanggal tidak boleh di masa depan.")
        return t


class SuratImbauanForm(_RegisterForm):
    class Meta:
        model = SuratImbauan
        fields = ["nomor", "tanggal", "perihal", "wilayah", "instansi", "penerima_lain", "berkas"]

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas and hasattr(berkas, "content_type"):  # a new upload, not the stored file
            cek_berkas.periksa_pdf(berkas, "Surat imbauan")
            self.instance.sha256 = cek_berkas.sha256_berkas(berkas)
        return berkas

    def clean(self):
        d = super().clean()
        if not d.get("instansi") and not (d.get("penerima_lain") or "").strip():
            self.add_error("penerima_lain", "Pilih instansi penerima atau tuliskan penerimanya.")
        return d


class UnggahanMedsosForm(_RegisterForm):
    class Meta:
        model = UnggahanMedsos
        fields = ["platform", "tautan", "tanggal", "judul", "wilayah", "jangkauan"]

    def clean_tautan(self):
        t = self.cleaned_data["tautan"]
        if not t.lower().startswith(("https://", "http://")):
            raise ValidationError("Tautan harus diawali https:// atau http://.")
        return t


class DistribusiRegisterForm(_RegisterForm):
    class Meta:
        model = DistribusiBahan
        fields = ["desa", "jenis", "jumlah", "tanggal", "tempat"]

    def clean_desa(self):
        desa = self.cleaned_data["desa"]
        if desa.tingkat != Tingkat.DESA:
            raise ValidationError("Pilih desa atau kelurahan.")
        return self._cek_wilayah(desa)


class _RegisterAdmin(admin.ModelAdmin):
    selector = None  # the model's visibility rule, a function of the user
    date_hierarchy = "tanggal"
    readonly_fields = ["dicatat_oleh"]

    def get_queryset(self, request):
        return type(self).selector(request.user)

    def get_form(self, request, obj=None, **kwargs):
        return _dengan_request(super().get_form(request, obj, **kwargs), request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and lingkup_pencatat(request.user) is not None

    def get_readonly_fields(self, request, obj=None):
        # Who recorded it and its checksum exist once it is saved.
        return super().get_readonly_fields(request, obj) if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dicatat_oleh = request.user
        super().save_model(request, obj, form, change)


@admin.register(SuratImbauan)
class SuratImbauanAdmin(_RegisterAdmin):
    form = SuratImbauanForm
    selector = staticmethod(surat_visible_to)
    list_display = ["nomor", "tanggal", "perihal", "penerima", "wilayah"]
    list_select_related = ["wilayah", "instansi"]
    search_fields = ["nomor", "perihal", "penerima_lain"]
    autocomplete_fields = ["wilayah", "instansi"]
    readonly_fields = ["sha256", "dicatat_oleh"]


@admin.register(UnggahanMedsos)
class UnggahanMedsosAdmin(_RegisterAdmin):
    form = UnggahanMedsosForm
    selector = staticmethod(unggahan_visible_to)
    list_display = ["__str__", "platform", "tanggal", "jangkauan", "wilayah"]
    list_filter = ["platform"]
    list_select_related = ["wilayah"]
    search_fields = ["judul", "tautan"]
    autocomplete_fields = ["wilayah"]


class ImporDistribusiForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas distribusi (CSV atau XLSX)",
        help_text="Kolom: desa (kode Kemendagri, mis. 35.07.13.2001), jenis, jumlah, tanggal, tempat "
        "(baris pertama judul kolom).",
    )


@admin.register(DistribusiBahan)
class DistribusiBahanAdmin(_RegisterAdmin):
    """Distributions of banners and brochures per desa: loose ones recorded here or imported from
    CSV; those of an event are listed too (edited on the event's page, where they belong)."""

    form = DistribusiRegisterForm
    selector = staticmethod(distribusi_visible_to)
    list_display = ["desa", "jenis", "jumlah", "tanggal", "tempat", "kegiatan"]
    list_filter = ["jenis"]
    list_select_related = ["desa", "kegiatan"]
    search_fields = ["desa__nama", "tempat"]
    autocomplete_fields = ["desa"]
    change_list_template = "admin/sosialisasi/distribusibahan/change_list.html"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kegiatan_id:
            return False  # an event's row is edited on the event's page
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.kegiatan_id:
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "impor/",
                self.admin_site.admin_view(self.impor_view),
                name="sosialisasi_distribusibahan_impor",
            )
        ] + super().get_urls()

    def impor_view(self, request):
        """Bad rows named by line with their reason, the good ones kept (as the attendance import)."""
        if not self.has_add_permission(request):
            raise Http404
        form = ImporDistribusiForm(request.POST or None, request.FILES or None)
        hasil = None
        if request.method == "POST" and form.is_valid():
            berkas = form.cleaned_data["berkas"]
            hasil = impor_distribusi(
                lingkup=lingkup_pencatat(request.user), pengguna=request.user, berkas=berkas, nama_berkas=berkas.name
            )
            if hasil.galat_berkas:
                form.add_error("berkas", hasil.galat_berkas)
            else:
                if hasil.ditambahkan:
                    catat_impor(request, hasil.ditambahkan, berkas.name)
                messages.success(
                    request,
                    f"{hasil.ditambahkan} distribusi ditambahkan, {hasil.sudah_ada} sudah tercatat"
                    + (f", {len(hasil.galat)} baris dilewati." if hasil.galat else "."),
                )
        konteks = {
            **self.admin_site.each_context(request),
            "title": "Impor distribusi bahan sosialisasi",
            "opts": self.model._meta,
            "form": form,
            "hasil": hasil,
        }
        return TemplateResponse(
            request,
            "admin/sosialisasi/distribusibahan/impor.html",
            konteks,
            status=400 if form.errors else 200,
        )


def catat_impor(request, jumlah: int, nama_berkas: str) -> None:
    """The import in the admin's history, as each saved entry is: who added how many, from which file."""

    LogEntry.objects.create(
        user_id=request.user.pk,
        content_type=ContentType.objects.get_for_model(DistribusiBahan),
        object_id="",
        object_repr=f"Impor {jumlah} distribusi dari {nama_berkas}"[:200],
        action_flag=ADDITION,
        change_message=f"Impor CSV/XLSX: {jumlah} distribusi ditambahkan.",
    )

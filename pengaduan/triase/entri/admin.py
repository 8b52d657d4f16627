"""The admin's pages for reports taken by staff, mixed into the Bawaslu case admin: the entry page
(the admin's "add"), the page that shows the tracking code once, and the signed form's scan (upload
on the case page, download through the same visibility rule as evidence)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters

from netralitas import berkas as cek_berkas
from netralitas.akun.lingkup import kode_lingkup
from netralitas.akun.models import PERAN_BAWASLU
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit

from ...bukti import unggahan_dari_post, validasi_unggahan_baru
from ...isian import SaksiFormSet, TerlaporFormSet, data_saksi, data_terlapor
from ...models import DokumenPengaduan, Sumber
from ...selectors import pengaduan_visible_to
from ...transisi import TransisiDitolak, nama_kantor
from . import services
from .forms import EntriPengaduanForm

KOLOM_RAHASIA = ("nik", "nama", "alamat", "telepon", "email", "tempat_lahir", "tanggal_lahir", "kode")

BAGIAN = [
    ("penerimaan", "1. Penerimaan", ("sumber", "kanal", "kanal_keterangan", "diterima_pada", "tempat_diterima")),
    (
        "pelapor",
        "2. Identitas pelapor (Formulir Model B.1; hanya untuk laporan)",
        (
            "nama",
            "nik",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "pekerjaan",
            "kewarganegaraan",
            "alamat",
            "telepon",
            "email",
            "rahasia",
        ),
    ),
    (
        "kejadian",
        "4. Kejadian",
        ("jenis_pemilihan", "kategori", "kategori_lainnya", "tanggal_kejadian", "tanggal_diketahui"),
    ),
    ("tempat", "", ("alamat_kejadian", "kronologi")),
]


class UnggahDokumenForm(forms.Form):
    berkas = forms.FileField(
        label="Pindaian formulir laporan bertanda tangan",
        help_text="PDF atau foto; diperiksa dari isinya. Hanya jajaran Bawaslu yang dapat melihatnya.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp,image/heic"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        services.jenis_pindaian(berkas)
        return berkas


def _ringkasan(form, terlapor, saksi, galat_berkas) -> list[str]:
    """Every error once, with its field's label, for the box at the top of the page."""
    butir = [str(e) for e in form.errors.get(NON_FIELD_ERRORS, [])]
    for nama, galat in form.errors.items():
        if nama != NON_FIELD_ERRORS and nama in form.fields:
            butir += [f"{form[nama].label}: {e}" for e in galat]
    for judul, fs in (("Terlapor", terlapor), ("Saksi", saksi)):
        butir += [f"{judul}: {e}" for e in fs.non_form_errors()]
        for i, f in enumerate(fs.forms, 1):
            for nama, galat in f.errors.items():
                label = f[nama].label if nama in f.fields else ""
                butir += [f"{judul} {i} — {label}: {e}" if label else f"{judul} {i}: {e}" for e in galat]
    return butir + list(galat_berkas)


def _tambah_baris(data, prefix, formset_cls):
    """Without JavaScript, "Tambah" posts the form back with one more empty row."""
    data = data.copy()
    try:
        jumlah = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        jumlah = 0
    data[f"{prefix}-TOTAL_FORMS"] = str(min(jumlah + 1, formset_cls.max_num))
    return data


def _tanpa_galat(*forms_):
    """A form posted only to pick a region or add a row is shown again without its errors."""
    for f in forms_:
        if hasattr(f, "forms"):
            f._non_form_errors = f.error_class()
            for sub in f.forms:
                sub._errors = type(sub.errors)()
        else:
            f._errors = type(f.errors)()


class EntriAdminMixin:
    """For PengaduanAdmin: `add` is the staff's entry page."""

    def has_add_permission(self, request):
        return services.boleh_entri(request.user)

    def urls_entri(self):
        return [
            path(
                "<int:pk>/dokumen/unggah/",
                self.admin_site.admin_view(self.unggah_dokumen_view),
                name="pengaduan_pengaduan_dokumen_unggah",
            ),
            path(
                "dokumen/<int:pk>/unduh/",
                self.admin_site.admin_view(self.unduh_dokumen),
                name="pengaduan_dokumen_unduh",
            ),
        ]

    # --- The entry page ----------------------------------------------------------------------------

    @method_decorator(sensitive_post_parameters(*KOLOM_RAHASIA))
    def add_view(self, request, form_url="", extra_context=None):
        # Outside the roles that enter reports the page does not exist (404, as out-of-scope cases).
        if not services.boleh_entri(request.user):
            raise Http404
        lingkup = kode_lingkup(request.user, PERAN_BAWASLU)
        tingkat, wilayah_kantor = services.kantor_staf(request.user)
        kantor = nama_kantor(tingkat, wilayah_kantor)
        if request.method != "POST":
            form = EntriPengaduanForm(lingkup=lingkup, initial={"tempat_diterima": f"Sekretariat {kantor}"})
            terlapor = TerlaporFormSet(prefix="terlapor")
            saksi = SaksiFormSet(prefix="saksi")
            return self._render_entri(request, kantor, form, terlapor, saksi, [], [])

        data = request.POST
        if "tambah_terlapor" in data:
            data = _tambah_baris(data, "terlapor", TerlaporFormSet)
        if "tambah_saksi" in data:
            data = _tambah_baris(data, "saksi", SaksiFormSet)
        form = EntriPengaduanForm(data, lingkup=lingkup)
        terlapor = TerlaporFormSet(data, prefix="terlapor")
        saksi = SaksiFormSet(data, prefix="saksi")
        unggahan = unggahan_dari_post(request.POST)
        baru, galat_berkas = validasi_unggahan_baru(
            berkas_baru=request.FILES.getlist("berkas"), sudah_ada=len(unggahan)
        )
        unggahan += baru
        sah = form.is_valid() & terlapor.is_valid() & saksi.is_valid()
        if any(k in data for k in ("pilih_wilayah", "tambah_terlapor", "tambah_saksi")):
            _tanpa_galat(form, terlapor, saksi)
            return self._render_entri(request, kantor, form, terlapor, saksi, unggahan, galat_berkas)
        if not sah or galat_berkas:
            return self._render_entri(request, kantor, form, terlapor, saksi, unggahan, galat_berkas, status=400)
        d = form.cleaned_data
        try:
            p, kode = services.create_pengaduan_staf_sekali(
                oleh=request.user,
                token_pengajuan=d["token_pengajuan"],
                sumber=d["sumber"],
                kanal=d["kanal"],
                kanal_keterangan=d.get("kanal_keterangan", ""),
                diterima_pada=d["diterima_pada"],
                tempat_diterima=d["tempat_diterima"],
                jenis_pemilihan=d["jenis_pemilihan"],
                kategori=d["kategori"],
                kategori_lainnya=d.get("kategori_lainnya", ""),
                tanggal_kejadian=d["tanggal_kejadian"],
                tanggal_diketahui=d["tanggal_diketahui"],
                wilayah=d["wilayah"],
                alamat_kejadian=d.get("alamat_kejadian", ""),
                kronologi=d["kronologi"],
                pelapor=form.data_pelapor(),
                terlapor=data_terlapor(terlapor),
                saksi=data_saksi(saksi),
                tautan=d["tautan"],
                unggahan=unggahan,
            )
        except TransisiDitolak as e:
            form.add_error(None, str(e))
            return self._render_entri(request, kantor, form, terlapor, saksi, unggahan, [], status=400)
        return self._render_tersimpan(request, p, kode)

    def _render_entri(self, request, kantor, form, terlapor, saksi, unggahan, galat_berkas, status=200):
        konteks = {
            **self.admin_site.each_context(request),
            "title": "Entri pengaduan yang diterima di kantor",
            "subtitle": None,
            "opts": self.model._meta,
            "kantor": kantor,
            "form": form,
            "bagian": [(id_, judul, [form[n] for n in nama]) for id_, judul, nama in BAGIAN],
            "wilayah": [form[n] for n in ("provinsi", "kabupaten", "kecamatan", "desa")],
            "terlapor": terlapor,
            "saksi": saksi,
            "unggahan": unggahan,
            "galat_berkas": galat_berkas,
            "ringkasan_galat": _ringkasan(form, terlapor, saksi, galat_berkas) if form.is_bound else [],
            "maks_berkas": settings.BUKTI_MAKS_BERKAS,
            "maks_mb": settings.BUKTI_MAKS_UKURAN_MB,
            "sisa_berkas": max(0, settings.BUKTI_MAKS_BERKAS - len(unggahan)),
        }
        request.current_app = self.admin_site.name
        response = TemplateResponse(request, "admin/pengaduan/pengaduan/entri.html", konteks, status=status)
        response["Cache-Control"] = "no-store"
        return response

    def _render_tersimpan(self, request, p, kode):
        """The one time the code is shown: in the answer to the POST that filed it, never stored,
        never in a URL. A repeated POST (a reload, a double click) shows the case without it."""
        konteks = {
            **self.admin_site.each_context(request),
            "title": "Pengaduan tersimpan",
            "subtitle": None,
            "opts": self.model._meta,
            "pengaduan": p,
            "kode": kode,
            "kelompok_kode": kode.split("-") if kode else [],
            "laporan": p.sumber == Sumber.LAPORAN,
            "url_formulir": reverse("admin:pengaduan_pengaduan_formulir", args=[p.pk]),
            "url_tanda_terima": reverse("admin:pengaduan_pengaduan_tanda_terima", args=[p.pk]),
            "boleh_lihat": pengaduan_visible_to(request.user).filter(pk=p.pk).exists(),
        }
        request.current_app = self.admin_site.name
        response = TemplateResponse(request, "admin/pengaduan/pengaduan/entri_tersimpan.html", konteks)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Referrer-Policy"] = "same-origin"
        return response

    # --- The signed form's scan ----------------------------------------------------------------------

    def unggah_dokumen_view(self, request, pk):
        p = self._pengaduan_atau_404(request, pk)
        if not self.has_tangani_permission(request, p):
            raise PermissionDenied
        form = UnggahDokumenForm(request.POST, request.FILES) if request.method == "POST" else UnggahDokumenForm()
        if request.method == "POST" and form.is_valid():
            try:
                services.unggah_dokumen(pengaduan=p, oleh=request.user, berkas=form.cleaned_data["berkas"])
            except ValidationError as e:
                form.add_error("berkas", e)
            else:
                messages.success(request, "Pindaian formulir laporan bertanda tangan tersimpan.")
                return redirect("admin:pengaduan_pengaduan_change", p.pk)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Unggah formulir bertanda tangan — {self.nomor(p)}",
            "pengaduan": p,
            "form": form,
            "aksi": "dokumen",
            "opts": self.model._meta,
            "sisa_hari": None,
            "kantor_naik": [],
        }
        return TemplateResponse(request, "admin/pengaduan/tindakan.html", konteks, status=400 if form.errors else 200)

    def unduh_dokumen(self, request, pk):
        d = DokumenPengaduan.objects.filter(pk=pk, pengaduan__in=pengaduan_visible_to(request.user)).first()
        if d is None or not self.has_view_permission(request):
            raise Http404
        catat_audit(
            aktor=request.user,
            aksi=Aksi.UNDUH_DOKUMEN,
            pengaduan=d.pengaduan,
            objek=f"Dokumen #{d.pk} {d.nama_asli}"[:200],
        )
        return cek_berkas.respons_berkas(d.berkas, nama=f"dokumen-{d.pengaduan_id}-{d.pk}{d.ekstensi}", mime=d.mime)

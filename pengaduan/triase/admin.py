"""Bawaslu's desk in the admin: the case list within the user's scope (`pengaduan_visible_to`),
with its filters, search and export; the read-only case page; the actions (`triase.tindakan`);
evidence through a checking view; the reporter identity behind an audited page."""

import datetime
import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from netralitas import berkas as cek_berkas
from netralitas.akun.models import PERAN_BAWASLU, Peran
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from netralitas.enkripsi import indeks_nik
from netralitas.identitas import normalkan_nama
from netralitas.waktu import NAMA_BULAN_SINGKAT
from netralitas.wilayah.models import Wilayah

from .. import kode as kode_pelacakan
from .. import workflow
from ..admin_tindakan import AdminTindakanMixin
from ..ekspor.admin import EksporAdminMixin
from ..models import (
    STATUS_TERMINAL,
    Bukti,
    HasilKlarifikasi,
    LampiranPesan,
    LangkahTenggat,
    Pengaduan,
    SalinanBukti,
    Sanksi,
    Status,
    TahananHukum,
    Terlapor,
)
from ..selectors import (
    boleh_lihat_identitas,
    halaman_bawaslu,
    kategori_per_kode,
    kemungkinan_duplikat,
    lingkup_kantor,
    menangani,
    nama_mulai_dengan,
    pengaduan_visible_to,
    peran_pengguna,
    pesan_belum_dibaca,
    pesan_dibuka_oleh,
    pilihan_kategori,
)
from ..tenggat import aturan
from ..tindak_lanjut import services as tindak_lanjut
from ..tindak_lanjut.selectors import rekomendasi_lewat_tenggat
from ..transisi import TransisiDitolak, langkah_berjalan
from . import services
from .atas_nama import aksi_atas_nama
from .dokumen import DokumenAdminMixin, boleh_cetak_kode_lengkap
from .entri.admin import EntriAdminMixin
from .forms import LepasSalinanForm
from .paket_admin import PaketAdminMixin
from .tindakan import TINDAKAN


class PaginatorTerbatas(Paginator):
    """Counts at most BATAS rows (`COUNT(*)` over a LIMIT subquery): the list costs the same at ten
    thousand cases as at a million. Beyond it, staff narrow the list with a filter or a search."""

    BATAS = 10_000

    @cached_property
    def count(self):
        # Without the ordering: counting needs no sort, and an index-only scan can answer.
        return self.object_list.order_by()[: self.BATAS + 1].count()


class TenggatFilter(admin.SimpleListFilter):
    title = "tenggat"
    parameter_name = "tenggat"

    def lookups(self, request, model_admin):
        return [
            ("lewat", "Melewati tenggat"),
            ("1hari", "Jatuh tempo ≤ 1 hari"),
            ("rekomendasi", "Rekomendasi belum ditindaklanjuti instansi, lewat tenggat"),
        ]

    def queryset(self, request, queryset):
        hari_ini = timezone.localdate()
        aktif = queryset.exclude(status__in=STATUS_TERMINAL)
        if self.value() == "lewat":
            return aktif.filter(tenggat__lt=hari_ini)
        if self.value() == "rekomendasi":
            return rekomendasi_lewat_tenggat(queryset, hari_ini=hari_ini)
        if self.value() == "1hari":
            return aktif.filter(tenggat__gte=hari_ini, tenggat__lte=hari_ini + datetime.timedelta(days=1))
        return queryset


class TahananHukumFilter(admin.SimpleListFilter):
    """Cases under a legal hold in force (their personal data is not erased while it lasts)."""

    title = "penahanan hukum"
    parameter_name = "tahanan"

    def lookups(self, request, model_admin):
        return [("berlaku", "Dalam penahanan hukum")]

    def queryset(self, request, queryset):
        if self.value() == "berlaku":
            return queryset.filter(pk__in=TahananHukum.objects.filter(dilepas_pada__isnull=True).values("pengaduan_id"))
        return queryset


class DitugaskanFilter(admin.SimpleListFilter):
    title = "penugasan"
    parameter_name = "tugas"

    def lookups(self, request, model_admin):
        return [("saya", "Ditugaskan kepada saya"), ("belum", "Belum ditugaskan")]

    def queryset(self, request, queryset):
        if self.value() == "saya":
            return queryset.filter(ditugaskan=request.user)
        if self.value() == "belum":
            return queryset.filter(ditugaskan__isnull=True)
        return queryset


class PesanFilter(admin.SimpleListFilter):
    """Cases whose reporter wrote and nobody of the office has read it yet (a partial index)."""

    title = "pesan pelapor"
    parameter_name = "pesan"

    def lookups(self, request, model_admin):
        return [("belum_dibaca", "Ada pesan belum dibaca")]

    def queryset(self, request, queryset):
        if self.value() == "belum_dibaca":
            return queryset.filter(pk__in=pesan_belum_dibaca().values("pengaduan_id"))
        return queryset


class KategoriFilter(admin.SimpleListFilter):
    """The stock filter of a foreign key loads every category row on every page; these come from a
    per-process list kept until a category changes."""

    title = "kategori pelanggaran"
    parameter_name = "kategori__kode__exact"

    def lookups(self, request, model_admin):
        return pilihan_kategori()

    def queryset(self, request, queryset):
        return queryset.filter(kategori_id=self.value()) if self.value() else queryset


class WilayahKantorFilter(admin.SimpleListFilter):
    """The handling office's region, picked with the admin's autocomplete (provinsi, kabupaten/kota
    or kecamatan); matched by code prefix on the indexed scope columns, inside the user's scope."""

    title = "wilayah kantor penanganan"
    parameter_name = "kantor"
    template = "admin/pengaduan/filter_wilayah.html"

    def lookups(self, request, model_admin):
        return []

    def has_output(self):
        return True

    def choices(self, changelist):
        kode = self.value() or ""
        terpilih = Wilayah.objects.filter(kode=kode).first() if KODE_KANTOR.fullmatch(kode) else None
        yield {
            "kode": kode,
            "terpilih": terpilih,
            "parameter": self.parameter_name,
            "hapus_url": changelist.get_query_string(remove=[self.parameter_name]),
            "lain": [(k, v) for k, v in changelist.params.items() if k != self.parameter_name],
        }

    def queryset(self, request, queryset):
        kode = self.value()
        if not kode:
            return queryset
        if not KODE_KANTOR.fullmatch(kode):
            messages.warning(request, "Kode wilayah pada filter tidak sah; filter wilayah diabaikan.")
            return queryset
        return queryset.filter(**lingkup_kantor(kode))


KODE_KANTOR = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?")
NIP = re.compile(r"[0-9]{18}")
NIK = re.compile(r"[0-9]{16}")
# The NIK search's result (case ids, never the NIK) waits in the session for the list it redirects
# to: the NIK itself never travels in a URL, where access logs and browser history would keep it.
SESI_CARI_NIK = "pengaduan_cari_nik"
CARI_NIK_VAR = "nik_sama"
BATAS_CARI_NIK = 200

KONFLIK = "Pengaduan ini baru saja diubah oleh petugas lain. Periksa keadaan terbarunya di atas, lalu ulangi bila masih perlu."
PESAN_KODE_DI_ALAMAT = (
    "Kode pelacakan tidak dicari lewat alamat halaman, karena alamat tercatat di riwayat peramban dan log "
    "server. Ketik kode itu di kotak pencarian di atas daftar."
)
# A name search that matches more cases than this asks for more letters instead of listing them.
BATAS_CARI_NAMA = 10_000
NOMOR_REGISTRASI = re.compile(r"[0-9]{1,6}/Reg/.+", re.IGNORECASE)


def _tanpa_cari(parameter: QueryDict) -> QueryDict:
    """The list's filters without its search term and page: what a new search keeps."""
    sisa = parameter.copy()
    for kunci in (SEARCH_VAR, PAGE_VAR):
        sisa.pop(kunci, None)
    return sisa


@admin.register(Pengaduan)
class PengaduanAdmin(
    EntriAdminMixin, DokumenAdminMixin, PaketAdminMixin, AdminTindakanMixin, EksporAdminMixin, admin.ModelAdmin
):
    list_display = [
        "nomor",
        "dibuat",
        "status",
        "sumber",
        "kategori",
        "wilayah",
        "kantor",
        "tenggat_sisa",
        "ditugaskan",
    ]
    list_filter = [
        "status",
        PesanFilter,
        TenggatFilter,
        DitugaskanFilter,
        WilayahKantorFilter,
        "jenis_pemilihan",
        "sumber",
        KategoriFilter,
        "terlambat",
        TahananHukumFilter,
    ]
    # The two region columns by join; the category and the assigned officer by `siapkan_baris`:
    # with all four joined, PostgreSQL spent 3.6-3.9 ms planning each page, against 0.8 ms.
    list_select_related = ["wilayah", "kantor_wilayah"]
    # The search reads what was typed (see get_search_results); these only make the box appear.
    search_fields = ["=id"]
    search_help_text = (
        "Ketik NIP terlapor (18 angka), nomor registrasi, kode pelacakan, nomor pengaduan, atau awal nama terlapor."
    )
    ordering = ["-dibuat"]
    sortable_by = ["nomor", "dibuat"]
    paginator = PaginatorTerbatas
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    actions = ["tugaskan_ke_saya"]

    class Media:
        css = {"all": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]}
        js = [
            "admin/js/vendor/jquery/jquery.min.js",
            "admin/js/vendor/select2/select2.full.min.js",
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
        ]

    def get_queryset(self, request):
        qs = pengaduan_visible_to(request.user)
        ids = getattr(request, "_ids_cari_nik", None)
        return qs if ids is None else qs.filter(pk__in=ids)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_catat_permission(self, request, obj=None):
        """Notes and clarification results: Bawaslu staff who may handle cases, on a case they see
        (the handling office, or the Panwascam of the incident's kecamatan)."""
        return request.user.has_perm("pengaduan.tangani_pengaduan") and peran_pengguna(request.user) in PERAN_BAWASLU

    def has_tangani_permission(self, request, obj=None):
        """Everything else, status changes first: only the office that handles the case (the
        workflow table says which role; `menangani`, which office)."""
        return self.has_catat_permission(request, obj) and (obj is None or menangani(request.user, obj))

    def changelist_view(self, request, extra_context=None):
        # A tracking code is a key to the reporter's /lacak/ page: it never travels in a URL, where
        # access logs, browser history and the case page's "back to list" link would keep it. The
        # search box posts to cari_view; a code typed into the address bar is not searched.
        if kode_pelacakan.tampak_seperti_kode(" ".join(request.GET.get(SEARCH_VAR, "").split())):
            messages.warning(request, PESAN_KODE_DI_ALAMAT)
            sisa = request.GET.copy()
            sisa.pop(SEARCH_VAR)
            return redirect(f"{request.path}?{sisa.urlencode()}" if sisa else request.path)
        if CARI_NIK_VAR in request.GET:
            # The list of a NIK search (cari_view): the ids it found, within today's scope again.
            request.GET = request.GET.copy()
            request.GET.pop(CARI_NIK_VAR)
            request._ids_cari_nik = [int(i) for i in request.session.get(SESI_CARI_NIK, [])][:BATAS_CARI_NIK]
            messages.info(request, "Pengaduan dari pelapor dengan NIK yang dicari, di wilayah Anda.")
        extra_context = {**(extra_context or {}), "parameter_cari": _tanpa_cari(request.GET).urlencode()}
        return super().changelist_view(request, extra_context)

    def _cari_nik(self, request, nik: str, daftar: str):
        """A NIK typed into the search box: the cases of that reporter, by the NIK's blind index,
        within the user's scope, for staff who hold the identity permission; every search is in the
        audit log (the count and the cases, never the NIK). Without the permission the answer is
        the one for a NIK nobody used: the search says nothing."""
        ids = []
        if request.user.has_perm("pengaduan.lihat_identitas_rahasia") and (
            request.user.is_superuser or peran_pengguna(request.user) in PERAN_BAWASLU | {Peran.ADMINISTRATOR}
        ):
            ids = list(
                self.get_queryset(request)
                .filter(pelapor__nik_indeks=indeks_nik(nik))
                .order_by("-pk")
                .values_list("pk", flat=True)[:BATAS_CARI_NIK]
            )
            catat_audit(
                aktor=request.user,
                aksi=Aksi.CARI_NIK,
                objek="Pencarian NIK pelapor",
                keterangan=f"{len(ids)} pengaduan ditemukan"
                + (": " + ", ".join(f"#{i}" for i in ids[:50]) if ids else "")
                + ("…" if len(ids) > 50 else "")
                + ".",
            )
        # No match and no permission look alike: the same (empty) list.
        if len(ids) == 1:
            return redirect(reverse(f"{self.admin_site.name}:pengaduan_pengaduan_change", args=[ids[0]]))
        request.session[SESI_CARI_NIK] = ids
        return redirect(f"{daftar}?{CARI_NIK_VAR}=1")

    def laporan_lain(self, request, p) -> list:
        """The same reporter's other cases (by the NIK's blind index), for staff who may see this
        case's identity: within their scope, and a confidential one only with the permission to see
        confidential identities (else the link would name its reporter)."""
        pelapor = getattr(p, "pelapor", None)
        if pelapor is None or not getattr(p, "_boleh_identitas", False) or not pelapor.nik_indeks:
            return []
        qs = pengaduan_visible_to(request.user).filter(pelapor__nik_indeks=pelapor.nik_indeks).exclude(pk=p.pk)
        if not request.user.has_perm("pengaduan.lihat_identitas_rahasia"):
            qs = qs.filter(pelapor__rahasia=False)
        return list(qs.order_by("-pk").only("pk", "nomor_registrasi")[:50])

    def cari_view(self, request):
        """The search box's target. A tracking code is looked up here, inside the user's scope, and
        the browser goes to the case page by its number; any other term goes back to the list as
        ?q=, with the filters the list had."""
        daftar = reverse(f"{self.admin_site.name}:pengaduan_pengaduan_changelist")
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect(daftar)
        q = " ".join(request.POST.get(SEARCH_VAR, "").split())[:200]
        parameter = _tanpa_cari(QueryDict(request.POST.get("parameter", "")[:2000]))
        # A lookup the admin refuses (?wilayah__nama=, through a relation the list does not filter
        # on) is a 400: a tampered form must not lead the browser there. The rest the list reads
        # or answers itself (an unknown field: the list with "?e=1").
        for kunci in [k for k in parameter if not self._lookup_boleh(request, k, parameter.getlist(k))]:
            parameter.pop(kunci)
        if NIK.fullmatch(q.replace(" ", "")):
            # Before the tracking code: sixteen digits read as a code as well.
            return self._cari_nik(request, q.replace(" ", ""), daftar)
        normal = kode_pelacakan.normalkan(q) if kode_pelacakan.tampak_seperti_kode(q) else None
        if normal:
            p = self.get_queryset(request).filter(kode_hash=kode_pelacakan.hash_kode(normal)).only("pk").first()
            if p is not None:
                return redirect(reverse(f"{self.admin_site.name}:pengaduan_pengaduan_change", args=[p.pk]))
            messages.info(request, "Tidak ada pengaduan dengan kode pelacakan itu di wilayah Anda.")
        elif q:
            parameter[SEARCH_VAR] = q
        return redirect(f"{daftar}?{parameter.urlencode()}" if parameter else daftar)

    def _lookup_boleh(self, request, kunci: str, nilai) -> bool:
        if kunci == ORDER_VAR or any(
            kunci == getattr(f, "parameter_name", None) for f in self.get_list_filter(request)
        ):
            return True
        try:
            return self.lookup_allowed(kunci, nilai, request)
        except Exception:  # a malformed lookup: the list would not read it either
            return False

    def get_search_results(self, request, queryset, search_term):
        """Search by what was typed, each from an index: an exact NIP, a nomor registrasi, a case
        number, otherwise the start of a terlapor's name, with or without the titles before it.
        Tracking codes never get here: the search box posts them to cari_view, and
        changelist_view drops one typed into the address."""
        q = " ".join(search_term.split())[:200]
        if not q:
            return queryset, False
        if NIP.fullmatch(q):
            return queryset.filter(pk__in=Terlapor.objects.filter(nip=q).values("pengaduan_id")), False
        if NOMOR_REGISTRASI.fullmatch(q):
            return queryset.filter(nomor_registrasi=q), False
        if kode_pelacakan.tampak_seperti_kode(q):
            return queryset.none(), False  # changelist_view sends these away before the search
        angka = q.lstrip("#")
        if angka.isascii() and angka.isdigit() and len(angka) <= 12:
            return queryset.filter(pk=int(angka)), False
        nama = normalkan_nama(q)
        if len(nama) < 3:
            messages.info(request, "Ketik sedikitnya tiga huruf nama terlapor.")
            return queryset.none(), False
        # Two steps, so the cost follows the number of matches, not the size of the table: as one
        # query ordered by date, PostgreSQL misjudged a name match as common and walked every
        # case by date looking for a hundred (7.9 s at a million cases). First the matching cases
        # within the list's scope and filters, unordered; then the page, from those ids.
        cocok = Terlapor.objects.filter(nama_mulai_dengan(nama)).values("pengaduan_id")
        ids = list(queryset.filter(pk__in=cocok).order_by().values_list("pk", flat=True)[: BATAS_CARI_NAMA + 1])
        if len(ids) > BATAS_CARI_NAMA:
            messages.warning(
                request,
                f"Lebih dari {BATAS_CARI_NAMA:,} pengaduan cocok dengan “{q}”".replace(",", ".")
                + ". Ketik nama lebih lengkap atau persempit daftar dengan filter.",
            )
            return queryset.none(), False
        return queryset.filter(pk__in=ids), False

    def siapkan_baris(self, baris):
        """Fill in, for a page of the list (or the case page's one case), what its columns read:
        each category from the per-process list, the assigned officers in one query. No query
        per row."""
        kategori = kategori_per_kode()
        id_staf = {p.ditugaskan_id for p in baris if p.ditugaskan_id}
        staf = (
            {
                u.pk: u
                for u in get_user_model().objects.filter(pk__in=id_staf).only("username", "first_name", "last_name")
            }
            if id_staf
            else {}
        )
        for p in baris:
            if p.kategori_id in kategori:
                Pengaduan.kategori.field.set_cached_value(p, kategori[p.kategori_id])
            if p.ditugaskan_id in staf:
                Pengaduan.ditugaskan.field.set_cached_value(p, staf[p.ditugaskan_id])

    @admin.display(description="No.", ordering="id")
    def nomor(self, obj):
        return obj.nomor_registrasi or f"#{obj.pk}"

    @admin.display(description="kantor penanganan")
    def kantor(self, obj):
        return obj.kantor_wilayah.nama if obj.kantor_wilayah_id else "Bawaslu RI"

    @admin.display(description="tenggat")
    def tenggat_sisa(self, obj):
        if obj.tenggat is None or obj.status in STATUS_TERMINAL:
            return "—"
        sisa = (obj.tenggat - timezone.localdate()).days
        teks = f"{obj.tenggat.day} {NAMA_BULAN_SINGKAT[obj.tenggat.month - 1]} {obj.tenggat.year}"
        langkah = langkah_berjalan(obj)
        a = aturan(obj.jenis_pemilihan, langkah) if langkah else None
        if a is not None and a.kebijakan_kantor:
            teks += " · kebijakan kantor"
        if sisa < 0:
            return format_html('<strong class="tenggat-lewat">{} (lewat {} hari)</strong>', teks, -sisa)
        return f"{teks} ({'hari ini' if sisa == 0 else f'{sisa} hari lagi'})"

    @admin.display(description="kode pelacakan")
    def akhiran_kode(self, obj):
        return f"…-{obj.kode_akhir}"

    @admin.display(description="identitas pelapor")
    def identitas(self, obj):
        if not hasattr(obj, "pelapor"):
            return "Tanpa identitas (informasi awal)"
        if obj.pelapor.dihapus_pada:
            waktu = timezone.localtime(obj.pelapor.dihapus_pada)
            return (
                f"Identitas pelapor dihapus pada {waktu.day} {NAMA_BULAN_SINGKAT[waktu.month - 1]} {waktu.year} "
                "sesuai aturan retensi “Identitas pelapor”."
            )
        label = "Dirahasiakan" if obj.pelapor.rahasia else "Tidak dirahasiakan"
        if not getattr(obj, "_boleh_identitas", False):
            return f"{label} — Anda tidak berwenang melihat identitas ini."
        url = reverse("admin:pengaduan_pengaduan_identitas", args=[obj.pk])
        return format_html('{} — <a href="{}">Lihat identitas (tercatat di log audit)</a>', label, url)

    @admin.action(description="Tugaskan kepada saya", permissions=["tangani"])
    def tugaskan_ke_saya(self, request, queryset):
        berhasil, gagal = 0, 0
        for p in queryset.select_related("kantor_wilayah")[: self.list_per_page * 2]:
            try:
                services.tugaskan(pengaduan=p, kepada=request.user, oleh=request.user)
                berhasil += 1
            except TransisiDitolak:
                gagal += 1
        if berhasil:
            messages.success(request, f"{berhasil} pengaduan ditugaskan kepada Anda.")
        if gagal:
            messages.warning(request, f"{gagal} pengaduan di luar wilayah tugas Anda tidak ditugaskan.")

    def get_object(self, request, object_id, from_field=None):
        # One lookup per request: the change view asks more than once.
        simpan = getattr(request, "_pengaduan_objek", None)
        if simpan is not None and str(simpan.pk) == str(object_id):
            return simpan
        try:
            obj = (
                self.get_queryset(request)
                # As the list: category and officer through siapkan_baris, which keeps the join
                # PostgreSQL plans for every page at four tables (0.8 ms planning against 2.9).
                .select_related("wilayah", "kantor_wilayah", "pelapor", "kajian_awal")
                .get(pk=int(object_id))
            )
        except (Pengaduan.DoesNotExist, ValueError, TypeError, OverflowError):
            obj = None
        if obj is not None:
            self.siapkan_baris([obj])
            obj._boleh_identitas = boleh_lihat_identitas(request.user, obj, terlihat=True)
            request._pengaduan_objek = obj
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Out of scope is "not found" (404), never the stock redirect, and never 403, which would
        # confirm that the case exists.
        if object_id is None:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        if request.method != "GET":
            # Nothing on a case is edited through a form of its fields: every change is an action.
            raise PermissionDenied
        return self.halaman_pengaduan(request, obj)

    def halaman_pengaduan(self, request, p):
        """The case page, read-only, drawn from the case and its rows directly: the admin's change
        form would build a model form and six inline formsets only to show them read-only."""
        terlapor = list(p.terlapor.select_related("instansi"))
        riwayat = list(p.tahanan_hukum.select_related("dipasang_oleh", "dilepas_oleh"))
        konteks = {
            **self.admin_site.each_context(request),
            **self._konteks_penanganan(request, p, terlapor),
            "title": f"Pengaduan {self.nomor(p)}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": p,
            "has_view_permission": True,
            "identitas": self.identitas(p),
            "laporan_lain": self.laporan_lain(request, p),
            "dokumen": p.dokumen.select_related("diunggah_oleh"),
            "cetak_kode_lengkap": boleh_cetak_kode_lengkap(p, request.user),
            "pemberitahuan_terkirim": p.pemberitahuan_status.select_related("dikirim_oleh"),
            "riwayat_tahanan": riwayat,
            "tahanan_berlaku": next((t for t in riwayat if t.berlaku), None),
            "boleh_tahan_hukum": self.has_tahan_hukum_permission(request, p),
            **halaman_bawaslu(p, terlapor=terlapor),
        }
        # The page shows which of the reporter's messages were new to the reader, then they are read.
        if konteks["boleh_tangani"] and pesan_dibuka_oleh(request.user, p):
            services.tandai_pesan_dibaca(pengaduan=p, oleh=request.user)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/pengaduan/pengaduan/halaman_kasus.html", konteks)

    def _konteks_penanganan(self, request, p, terlapor=None):
        boleh = self.has_tangani_permission(request, p)
        transisi = workflow.transisi_untuk(p.status, peran_pengguna(request.user)) if boleh else []
        sisa = (p.tenggat - timezone.localdate()).days if p.tenggat and p.status not in STATUS_TERMINAL else None
        langkah = langkah_berjalan(p) if sisa is not None else None
        aturan_berjalan = aturan(p.jenis_pemilihan, langkah) if langkah else None
        return {
            "langkah_tenggat": LangkahTenggat(langkah).label if langkah else "",
            "aturan_tenggat": aturan_berjalan,
            "bisa_catat_pemberitahuan": boleh and p.status == Status.PERLU_PERBAIKAN and p.perbaikan_diberitahu is None,
            "boleh_tangani": boleh,
            "boleh_catat": self.has_catat_permission(request, p),
            # Forwarding has its own page (the recommendation letter and its agencies).
            "transisi": [
                (
                    reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "teruskan"])
                    if t.ke == Status.DITERUSKAN
                    else reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, "status"]) + f"?ke={t.ke}",
                    Status(t.ke).label,
                )
                for t in transisi
            ],
            "sisa_hari": sisa,
            "kemungkinan_duplikat": kemungkinan_duplikat(p, request.user, terlapor=terlapor),
            "bisa_perpanjang": boleh and p.tenggat is not None and not p.tenggat_diperpanjang,
            "bisa_berpesan": boleh and p.status not in STATUS_TERMINAL and not p.dicabut_pelapor,
            "aksi_atas_nama": [
                (reverse("admin:pengaduan_pengaduan_tindakan", args=[p.pk, slug]), judul)
                for slug, judul in (aksi_atas_nama(p) if boleh else [])
            ],
        }

    def get_urls(self):
        urls = [
            path("cari/", self.admin_site.admin_view(self.cari_view), name="pengaduan_pengaduan_cari"),
            path(
                "salinan/<int:pk>/lepas/",
                self.admin_site.admin_view(self.lepas_salinan_view),
                name="pengaduan_salinan_lepas",
            ),
            path("sk/<int:pk>/unduh/", self.admin_site.admin_view(self.unduh_sk), name="pengaduan_sk_unduh"),
            path(
                "<int:pk>/identitas/",
                self.admin_site.admin_view(self.identitas_view),
                name="pengaduan_pengaduan_identitas",
            ),
            path(
                "<int:pk>/tindakan/<slug:aksi>/",
                self.admin_site.admin_view(self.tindakan_view),
                name="pengaduan_pengaduan_tindakan",
            ),
            path("bukti/<int:pk>/unduh/", self.admin_site.admin_view(self.unduh_bukti), name="pengaduan_bukti_unduh"),
            path(
                "klarifikasi/<int:pk>/unduh/",
                self.admin_site.admin_view(self.unduh_klarifikasi),
                name="pengaduan_klarifikasi_unduh",
            ),
            path(
                "lampiran-pesan/<int:pk>/unduh/",
                self.admin_site.admin_view(self.unduh_lampiran_pesan),
                name="pengaduan_lampiranpesan_unduh",
            ),
            path(
                "bukti/<int:pk>/thumbnail/",
                self.admin_site.admin_view(self.thumbnail_bukti),
                name="pengaduan_bukti_thumbnail",
            ),
        ]
        return urls + self.urls_entri() + self.urls_dokumen() + self.urls_paket() + super().get_urls()

    def _pengaduan_atau_404(self, request, pk):
        p = pengaduan_visible_to(request.user).filter(pk=pk).first()
        if p is None or not self.has_view_permission(request, p):
            raise Http404
        return p

    def identitas_view(self, request, pk):
        p = self._pengaduan_atau_404(request, pk)
        if not boleh_lihat_identitas(request.user, p):
            raise Http404
        catat_audit(aktor=request.user, aksi=Aksi.LIHAT_IDENTITAS, pengaduan=p, objek=f"Pengaduan #{p.pk}")
        response = TemplateResponse(
            request,
            "admin/pengaduan/identitas.html",
            {
                **self.admin_site.each_context(request),
                "title": "Identitas pelapor",
                "pengaduan": p,
                "pelapor": p.pelapor,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    # --- Triage actions: one page per action (triase.tindakan), the case's version on every form --

    tindakan = TINDAKAN
    template_tindakan = "admin/pengaduan/tindakan.html"
    url_selesai = "admin:pengaduan_pengaduan_change"
    pesan_konflik = KONFLIK

    def objek_tindakan(self, request, pk):
        return self._pengaduan_atau_404(request, pk)

    def has_tahan_hukum_permission(self, request, obj):
        """Legal holds: the permission (administrators, the Bawaslu offices that handle cases) on a
        case the user's office handles."""
        return request.user.has_perm("pengaduan.tahan_hukum") and menangani(request.user, obj)

    def boleh_bertindak(self, request, p, tindakan):
        if getattr(tindakan, "izin", None):
            return self.has_tahan_hukum_permission(request, p)
        if tindakan.bagi_pemantau:
            return self.has_catat_permission(request, p)
        return self.has_tangani_permission(request, p)

    def judul_tindakan(self, tindakan, p):
        return f"{tindakan.judul} — {self.nomor(p)}"

    def konteks_tindakan(self, request, p, aksi, form):
        return {
            "sisa_hari": (p.tenggat - timezone.localdate()).days if p.tenggat else None,
            "kantor_naik": [],
            "pratinjau": None,
        }

    def lepas_salinan_view(self, request, pk):
        """Release a withheld evidence file to the agency, after looking at it."""
        s = (
            SalinanBukti.objects.select_related("bukti")
            .filter(pk=pk, bukti__pengaduan__in=pengaduan_visible_to(request.user))
            .first()
        )
        if s is None or not self.has_view_permission(request):
            raise Http404
        p = self._pengaduan_atau_404(request, s.bukti.pengaduan_id)
        if not self.has_tangani_permission(request, p):
            raise PermissionDenied
        form = LepasSalinanForm(request.POST or None, initial={"versi": p.versi})
        if request.method == "POST" and form.is_valid():
            try:
                tindak_lanjut.lepaskan_salinan(salinan=s, oleh=request.user, alasan=form.cleaned_data["alasan"])
            except TransisiDitolak as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, f"“{s.bukti.nama_asli}” dilepas ke instansi.")
                return redirect("admin:pengaduan_pengaduan_change", p.pk)
        konteks = {
            **self.admin_site.each_context(request),
            "title": f"Lepas bukti “{s.bukti.nama_asli}” ke instansi — {self.nomor(p)}",
            "pengaduan": p,
            "form": form,
            "aksi": "lepas",
            "opts": self.model._meta,
            "sisa_hari": None,
            "kantor_naik": [],
            "galat_pembersihan": s.galat,
        }
        return TemplateResponse(request, "admin/pengaduan/tindakan.html", konteks, status=400 if form.errors else 200)

    def unduh_sk(self, request, pk):
        s = Sanksi.objects.filter(pk=pk, pengaduan__in=pengaduan_visible_to(request.user)).first()
        if s is None or not self.has_view_permission(request):
            raise Http404
        return cek_berkas.respons_berkas(s.dokumen_sk, nama=f"sk-{s.pengaduan_id}-{s.pk}.pdf", mime="application/pdf")

    def unduh_klarifikasi(self, request, pk):
        """A clarification's record, within the same scope as the case; each download audited."""
        k = HasilKlarifikasi.objects.filter(pk=pk, pengaduan__in=pengaduan_visible_to(request.user)).first()
        if k is None or not k.dokumen or not self.has_view_permission(request):
            raise Http404
        catat_audit(
            aktor=request.user,
            aksi=Aksi.UNDUH_BUKTI,
            pengaduan=k.pengaduan,
            objek=f"Berita acara klarifikasi #{k.pk} {k.nama_dokumen}",
        )
        return cek_berkas.respons_berkas(
            k.dokumen, nama=f"klarifikasi-{k.pengaduan_id}-{k.pk}{k.ekstensi}", mime=k.mime
        )

    def _bukti_atau_404(self, request, pk):
        b = Bukti.objects.filter(pk=pk, pengaduan__in=pengaduan_visible_to(request.user)).first()
        if b is None or not self.has_view_permission(request):
            raise Http404
        return b

    def unduh_bukti(self, request, pk):
        b = self._bukti_atau_404(request, pk)
        catat_audit(
            aktor=request.user, aksi=Aksi.UNDUH_BUKTI, pengaduan=b.pengaduan, objek=f"Bukti #{b.pk} {b.nama_asli}"
        )
        return cek_berkas.respons_berkas(b.berkas, nama=f"bukti-{b.pengaduan_id}-{b.pk}{b.ekstensi}", mime=b.mime)

    def thumbnail_bukti(self, request, pk):
        b = self._bukti_atau_404(request, pk)
        if not b.thumbnail:
            raise Http404
        return cek_berkas.respons_berkas(b.thumbnail, nama=f"pratinjau-{b.pk}.jpg", mime="image/jpeg", lampiran=False)

    def unduh_lampiran_pesan(self, request, pk):
        """A file the reporter attached to a message: Bawaslu's only, by the same scope rule as
        evidence, audited. The agency's surface has no such view."""
        lampiran = (
            LampiranPesan.objects.select_related("pesan__pengaduan")
            .filter(pk=pk, pesan__pengaduan__in=pengaduan_visible_to(request.user))
            .first()
        )
        if lampiran is None or not self.has_view_permission(request):
            raise Http404
        pengaduan_id = lampiran.pesan.pengaduan_id
        catat_audit(
            aktor=request.user,
            aksi=Aksi.UNDUH_LAMPIRAN_PESAN,
            pengaduan=lampiran.pesan.pengaduan,
            objek=f"Lampiran pesan #{lampiran.pk} {lampiran.nama_asli}",
        )
        return cek_berkas.respons_berkas(
            lampiran.berkas, nama=f"lampiran-pesan-{pengaduan_id}-{lampiran.pk}{lampiran.ekstensi}", mime=lampiran.mime
        )

"""Export of the staff case list: the changelist exactly as the user filtered it, within their scope
(`pengaduan_visible_to`, through the admin's `get_queryset`), as CSV or XLSX. A small list comes back
in the response; a large one becomes an `Ekspor` row built by a Celery task into private storage.
Every export is written to the audit log, with whether the reporter's identity was in it."""

import csv
import datetime
import io
import json
import logging
import re
import tempfile
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, IS_FACETS_VAR, PAGE_VAR
from django.contrib.messages.storage.base import BaseStorage
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from netralitas import replika
from netralitas.akun.models import Peran
from netralitas.antrean import antrekan, kirim_sekarang
from netralitas.audit.models import Aksi
from netralitas.audit.services import catat_audit
from netralitas.waktu import ZONA_WAKTU

from ..models import (
    Ekspor,
    FormatEkspor,
    JenisPemilihan,
    Pengaduan,
    Status,
    StatusEkspor,
    Sumber,
    Terlapor,
    TingkatKantor,
)
from ..selectors import peran_pengguna

log = logging.getLogger(__name__)

UKURAN_POTONGAN = 2000
BUAT_EKSPOR = "pengaduan.tasks.buat_ekspor"
DIRAHASIAKAN = "(dirahasiakan)"
TANPA_IDENTITAS = "(tanpa identitas)"
IDENTITAS_DIHAPUS = "(dihapus sesuai aturan retensi)"
# The changelist's own paging and popup switches: an export is the whole filtered list, in its order.
PARAMETER_DIABAIKAN = frozenset({PAGE_VAR, ALL_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR, IS_FACETS_VAR})
# Pending large exports one user may have at a time: a full-country export is minutes of a worker.
ANTREAN_MAKS_PER_PENGGUNA = 3
# Choice labels by value: get_FOO_display() rebuilds its lookup on every call, a million times.
LABEL = {kelas: dict(kelas.choices) for kelas in (Status, Sumber, JenisPemilihan, TingkatKantor)}
JENIS_KONTEN = {
    FormatEkspor.CSV: "text/csv; charset=utf-8",
    FormatEkspor.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# --- Formula injection ---------------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these is read as a formula by Excel, LibreOffice
# or Google Sheets. django-import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (4.4.3) only
# deletes a leading "=" (data lost, "+", "-", "@" left live), so the Resource neutralises instead.
AWALAN_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_DEPAN = re.compile(r"^[\s\x00-\x1f\x7f]+")


def netralkan(nilai):
    """Prefix a text cell that a spreadsheet would evaluate with a single quote (OWASP). Leading
    spaces and control characters are looked through, since some readers drop them first."""
    if not isinstance(nilai, str) or not nilai:
        return nilai
    if nilai.startswith(AWALAN_FORMULA) or _DEPAN.sub("", nilai, count=1).startswith(AWALAN_FORMULA):
        return "'" + nilai
    return nilai


# --- Who may see the reporter's identity, once per export ------------------------------------------


@dataclass(frozen=True)
class IzinIdentitas:
    biasa: bool  # identities not marked confidential
    rahasia: bool  # confidential ones too


def izin_identitas(user) -> IzinIdentitas:
    """`selectors.boleh_lihat_identitas` without a query per row. Its first condition (the case is in
    the user's scope) holds for every row of the export's queryset; the rest depends on the user only."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return IzinIdentitas(False, False)
    if user.is_superuser:
        return IzinIdentitas(True, True)
    peran = peran_pengguna(user)
    if peran is None or peran == Peran.PENINJAU:
        return IzinIdentitas(False, False)
    return IzinIdentitas(True, user.has_perm("pengaduan.lihat_identitas_rahasia"))


# --- The Resource --------------------------------------------------------------------------------

KOLOM_IDENTITAS = ("pelapor_nama", "pelapor_nik", "pelapor_alamat", "pelapor_telepon", "pelapor_email")


def _identitas(kolom):
    def dehydrate(self, obj):
        return self.identitas(obj, kolom)

    return dehydrate


class PengaduanResource(resources.ModelResource):
    """The case list as a spreadsheet, Indonesian headers. Identity columns appear only in an export
    made "dengan identitas", and each of their cells only where the user may see that identity."""

    nomor = Field(column_name="Nomor")
    nomor_registrasi = Field(column_name="Nomor registrasi")
    diterima = Field(column_name="Diterima (WIB)")
    status = Field(column_name="Status")
    sumber = Field(column_name="Sumber")
    jenis_pemilihan = Field(column_name="Jenis pemilihan")
    kategori = Field(column_name="Kategori")
    wilayah = Field(column_name="Wilayah kejadian")
    kode_wilayah = Field(column_name="Kode wilayah kejadian")
    kantor_penanganan = Field(column_name="Kantor penanganan")
    tenggat = Field(column_name="Tenggat")
    terlambat = Field(column_name="Terlambat dilaporkan")
    daftar_terlapor = Field(column_name="Terlapor (nama, NIP)")
    ditugaskan = Field(column_name="Ditugaskan kepada")
    pelapor_nama = Field(column_name="Nama pelapor")
    pelapor_nik = Field(column_name="NIK pelapor")
    pelapor_alamat = Field(column_name="Alamat pelapor")
    pelapor_telepon = Field(column_name="Telepon pelapor")
    pelapor_email = Field(column_name="E-mail pelapor")

    class Meta:
        model = Pengaduan
        fields = (
            "nomor",
            "nomor_registrasi",
            "diterima",
            "status",
            "sumber",
            "jenis_pemilihan",
            "kategori",
            "wilayah",
            "kode_wilayah",
            "kantor_penanganan",
            "tenggat",
            "terlambat",
            "daftar_terlapor",
            "ditugaskan",
            *KOLOM_IDENTITAS,
        )
        export_order = fields
        chunk_size = UKURAN_POTONGAN

    def __init__(self, *, user=None, dengan_identitas=False, **kwargs):
        super().__init__(**kwargs)
        self.izin = izin_identitas(user) if user is not None else IzinIdentitas(False, False)
        self.dengan_identitas = bool(dengan_identitas) and self.izin.biasa
        self.baris_beridentitas = 0
        self._kolom = None
        self._sel = None

    # Columns and rows

    def get_export_fields(self, selected_fields=None):
        # Asked once per row by export_resource: worked out once per export.
        if selected_fields is None and self._kolom is not None:
            return self._kolom
        kolom = super().get_export_fields(selected_fields)
        if not self.dengan_identitas:
            kolom = [f for f in kolom if self.get_field_name(f) not in KOLOM_IDENTITAS]
        if selected_fields is None:
            self._kolom = kolom
        return kolom

    def export_field(self, field, instance, **kwargs):
        return netralkan(super().export_field(field, instance, **kwargs))

    def export_resource(self, instance, selected_fields=None, **kwargs):
        if self.dengan_identitas and self._pelapor_terlihat(instance) is not None:
            self.baris_beridentitas += 1
        if selected_fields is not None or kwargs:
            return super().export_resource(instance, selected_fields, **kwargs)
        # What export_field does, with each column's method looked up once per export rather than
        # once per cell: a million rows are fourteen million cells.
        if self._sel is None:
            self._sel = [self._pembaca(f) for f in self.get_export_fields()]
        return [netralkan(baca(instance)) for baca in self._sel]

    def _pembaca(self, field):
        nama = self.get_field_name(field)
        metode = field.get_dehydrate_method(nama)
        return metode if callable(metode) else getattr(self, metode, None) or field.export

    def filter_export(self, queryset, **kwargs):
        """One query per chunk for the cases, one for their terlapor; identity only when asked."""
        terkait = ["kategori", "wilayah", "kantor_wilayah", "ditugaskan"]
        if self.dengan_identitas:
            terkait.append("pelapor")
        return (
            queryset.select_related(*terkait)
            .prefetch_related(
                Prefetch("terlapor", queryset=Terlapor.objects.only("id", "pengaduan_id", "nama", "nip").order_by("id"))
            )
            .defer("kronologi")
        )

    def iter_queryset(self, queryset):
        # The base class pages with OFFSET when there is a prefetch (quadratic on a million rows);
        # Django prefetches per chunk of iterator() itself.
        yield from queryset.iterator(chunk_size=self.get_chunk_size())

    def baris(self, queryset):
        for obj in self.iter_queryset(self.filter_export(queryset)):
            yield self.export_resource(obj)

    # Cells

    def dehydrate_nomor(self, obj):
        return obj.pk

    def dehydrate_nomor_registrasi(self, obj):
        return obj.nomor_registrasi

    def dehydrate_diterima(self, obj):
        return timezone.localtime(obj.dibuat, ZONA_WAKTU).strftime("%d/%m/%Y %H.%M")

    def dehydrate_status(self, obj):
        return LABEL[Status].get(obj.status, obj.status)

    def dehydrate_sumber(self, obj):
        return LABEL[Sumber].get(obj.sumber, obj.sumber)

    def dehydrate_jenis_pemilihan(self, obj):
        return LABEL[JenisPemilihan].get(obj.jenis_pemilihan, obj.jenis_pemilihan)

    def dehydrate_kategori(self, obj):
        return f"{obj.kategori.nama}: {obj.kategori_lainnya}" if obj.kategori_lainnya else obj.kategori.nama

    def dehydrate_wilayah(self, obj):
        return obj.wilayah.nama_lengkap

    def dehydrate_kode_wilayah(self, obj):
        return obj.wilayah_id

    def dehydrate_kantor_penanganan(self, obj):
        tingkat = LABEL[TingkatKantor].get(obj.kantor_tingkat, obj.kantor_tingkat)
        if obj.kantor_wilayah_id is None:
            return tingkat or TingkatKantor.RI.label
        return f"{tingkat} — {obj.kantor_wilayah.nama_lengkap}"

    def dehydrate_tenggat(self, obj):
        return obj.tenggat.strftime("%d/%m/%Y") if obj.tenggat else ""

    def dehydrate_terlambat(self, obj):
        return "Ya" if obj.terlambat else "Tidak"

    def dehydrate_daftar_terlapor(self, obj):
        return "; ".join(f"{t.nama} (NIP {t.nip})" if t.nip else t.nama for t in obj.terlapor.all())

    def dehydrate_ditugaskan(self, obj):
        u = obj.ditugaskan
        return (u.get_full_name() or u.get_username()) if u is not None else ""

    dehydrate_pelapor_nama = _identitas("nama")
    dehydrate_pelapor_nik = _identitas("nik")
    dehydrate_pelapor_alamat = _identitas("alamat")
    dehydrate_pelapor_telepon = _identitas("telepon")
    dehydrate_pelapor_email = _identitas("email")

    def _pelapor_terlihat(self, obj):
        pelapor = getattr(obj, "pelapor", None)  # fetched by select_related; None when anonymous
        if pelapor is None or pelapor.dihapus_pada or (pelapor.rahasia and not self.izin.rahasia):
            return None
        return pelapor

    def identitas(self, obj, kolom):
        if getattr(obj, "pelapor", None) is None:
            return TANPA_IDENTITAS
        if obj.pelapor.dihapus_pada:
            return IDENTITAS_DIHAPUS
        pelapor = self._pelapor_terlihat(obj)
        return DIRAHASIAKAN if pelapor is None else getattr(pelapor, kolom)


# --- Writers: row by row, whatever the size ------------------------------------------------------


def tulis_csv(keluaran, resource, queryset) -> int:
    """UTF-8 with a BOM, so Excel reads Indonesian names right; comma-separated (RFC 4180)."""
    teks = io.TextIOWrapper(keluaran, encoding="utf-8-sig", newline="")
    try:
        penulis = csv.writer(teks)
        penulis.writerow(resource.get_export_headers())
        jumlah = 0
        for baris in resource.baris(queryset):
            penulis.writerow(baris)
            jumlah += 1
        teks.flush()
    finally:
        teks.detach()
    return jumlah


def _sel_xlsx(nilai):
    if not isinstance(nilai, str):
        return nilai
    # Characters XML cannot hold are dropped first, then neutralised again: "\x01=1+1" must not
    # become a live "=1+1" once the \x01 is gone. 32,767 is a cell's limit.
    return netralkan(ILLEGAL_CHARACTERS_RE.sub("", nilai))[:32767]


def tulis_xlsx(keluaran, resource, queryset) -> int:
    """openpyxl's write-only workbook: rows go to a temporary file as they come, memory stays flat."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pengaduan")
    ws.freeze_panes = "A2"
    tebal = Font(bold=True)
    kepala = []
    for judul in resource.get_export_headers():
        sel = WriteOnlyCell(ws, value=judul)
        sel.font = tebal
        kepala.append(sel)
    ws.append(kepala)
    jumlah = 0
    for baris in resource.baris(queryset):
        ws.append([_sel_xlsx(v) for v in baris])
        jumlah += 1
    wb.save(keluaran)
    return jumlah


PENULIS = {FormatEkspor.CSV: tulis_csv, FormatEkspor.XLSX: tulis_xlsx}


# --- The filtered list, as the changelist builds it ------------------------------------------------


class _PesanSementara(BaseStorage):
    """Message storage for the rebuilt changelist's request: filters and the search may warn
    ("kode wilayah tidak sah"); the view passes those on to the user, the task drops them."""

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


# Marks the rebuilt changelist's request, so EksporAdminMixin can spare it the page count.
PERMINTAAN_EKSPOR = "_ekspor_pengaduan"


def bersihkan_parameter(parameter: str) -> str:
    """The changelist query string without its paging and popup switches; ordering (`o`), search
    (`q`) and every filter stay."""
    q = QueryDict(parameter or "", mutable=True)
    for kunci in PARAMETER_DIABAIKAN:
        q.pop(kunci, None)
    return q.urlencode()


def queryset_daftar(*, user, parameter: str, model_admin=None):
    """The admin's own changelist, rebuilt from the stored query string for `user`: its filters,
    its search, its ordering and its `get_queryset` scope, now and whatever it becomes. Returns the
    queryset and the messages the filters raised, as (level, text). May raise
    IncorrectLookupParameters or SuspiciousOperation, as the changelist does."""
    if model_admin is None:
        model_admin = admin.site.get_model_admin(Pengaduan)
    try:
        jalur = reverse(f"{model_admin.admin_site.name}:pengaduan_pengaduan_changelist")
    except NoReverseMatch:
        jalur = "/"
    # The site's own host, so code that asks the request for it passes ALLOWED_HOSTS.
    situs = urlsplit(getattr(settings, "SITE_URL", ""))
    pabrik = RequestFactory(SERVER_NAME=situs.hostname or "localhost", SERVER_PORT=str(situs.port or 80))
    request = pabrik.get(jalur, data=QueryDict(bersihkan_parameter(parameter)))
    request.user = user
    request._messages = _PesanSementara(request)
    setattr(request, PERMINTAAN_EKSPOR, True)
    cl = model_admin.get_changelist_instance(request)
    pesan = list(dict.fromkeys((m.level, str(m.message)) for m in request._messages._queued_messages))
    return cl.queryset, pesan


def batas_langsung() -> int:
    return getattr(settings, "EKSPOR_LANGSUNG_MAKS", 5000)


def terlalu_besar_untuk_langsung(queryset) -> bool:
    """A capped count (`COUNT(*)` over `LIMIT n+1`): never a full count of a million rows."""
    batas = batas_langsung()
    return queryset.order_by()[: batas + 1].count() > batas


# --- Audit ---------------------------------------------------------------------------------------


def _catat(*, user, format, parameter, jumlah, resource, ekspor_id=None):
    keterangan = {
        "format": format,
        "parameter": parameter,
        "jumlah_baris": jumlah,
        "dengan_identitas": resource.dengan_identitas,
        "baris_beridentitas": resource.baris_beridentitas,
        "cara": "tugas" if ekspor_id else "langsung",
    }
    if ekspor_id:
        keterangan["ekspor_id"] = ekspor_id
    catat_audit(
        aktor=user,
        aksi=Aksi.EKSPOR,
        objek=f"Daftar pengaduan ({FormatEkspor(format).label}, {jumlah} baris)",
        keterangan=json.dumps(keterangan, ensure_ascii=False),
    )


def nama_berkas(format: str) -> str:
    return f"pengaduan-{timezone.localtime(timezone.now(), ZONA_WAKTU):%Y%m%d-%H%M}.{format}"


# --- Services ------------------------------------------------------------------------------------


def ekspor_langsung(*, user, queryset, format: str, parameter: str, dengan_identitas: bool) -> tuple[bytes, int]:
    """A small export, built in memory for the response, and its audit row."""
    resource = PengaduanResource(user=user, dengan_identitas=dengan_identitas)
    keluaran = io.BytesIO()
    jumlah = PENULIS[format](keluaran, resource, queryset)
    _catat(user=user, format=format, parameter=parameter, jumlah=jumlah, resource=resource)
    return keluaran.getvalue(), jumlah


class AntreanPenuh(Exception):
    pass


def minta_ekspor(*, user, format: str, parameter: str, dengan_identitas: bool) -> Ekspor:
    """A large export: the row now, the file by the task after commit. A broker outage leaves the
    row pending (see `antrekan_ulang_ekspor_tertunda`) and never fails the request."""
    sejam = timezone.now() - datetime.timedelta(hours=1)
    menunggu = Ekspor.objects.filter(pengguna=user, status=StatusEkspor.MENUNGGU, dibuat__gte=sejam)
    if menunggu.count() >= ANTREAN_MAKS_PER_PENGGUNA:
        raise AntreanPenuh(
            "Masih ada beberapa ekspor Anda yang sedang dibuat. Tunggu hingga selesai sebelum meminta ekspor baru."
        )
    e = Ekspor.objects.create(
        pengguna=user,
        format=format,
        parameter=bersihkan_parameter(parameter),
        dengan_identitas=bool(dengan_identitas) and izin_identitas(user).biasa,
    )
    antrekan(BUAT_EKSPOR, e.pk)
    return e


def buat_berkas_ekspor(ekspor_id: int) -> str | None:
    """The task's work: rebuild the list for the export's owner (their scope and rights as they are
    now), write it row by row into private storage, mark it done, audit it. On error: `gagal`."""
    e = Ekspor.objects.select_related("pengguna").filter(pk=ekspor_id).first()
    if e is None or e.status != StatusEkspor.MENUNGGU:
        return None
    # One worker per export: a redelivered or re-enqueued task finds the first still at work.
    if not cache.add(_kunci_jalan(e.pk), 1, timeout=KUNCI_JALAN_DETIK):
        return None
    try:
        return _buat_berkas(e)
    finally:
        cache.delete(_kunci_jalan(e.pk))


KUNCI_JALAN_DETIK = 2 * 3600


def _kunci_jalan(pk) -> str:
    return f"ekspor-jalan:{pk}"


def _tulis_sementara(format: str, resource: PengaduanResource, queryset):
    """The export into a new temporary file (rewound), and its row count; from the start each time
    it is called, so a replica failing midway is read again on the primary from the first row."""
    resource.baris_beridentitas = 0
    sementara = tempfile.TemporaryFile()
    try:
        jumlah = PENULIS[format](sementara, resource, queryset)
        sementara.seek(0)
    except BaseException:
        sementara.close()
        raise
    return sementara, jumlah


def _buat_berkas(e: Ekspor) -> str | None:
    user = e.pengguna
    nama = None
    try:
        if not (user.is_active and user.is_staff and user.has_perm("pengaduan.ekspor_pengaduan")):
            raise PermissionError("Anda tidak lagi berwenang mengekspor daftar pengaduan.")
        # The user's scope and rights are read on the primary (as they are now); the rows, minutes
        # of reading, on the read replica when one is fit (netralitas.replika).
        queryset, _ = queryset_daftar(user=user, parameter=e.parameter)
        resource = PengaduanResource(user=user, dengan_identitas=e.dengan_identitas)
        sementara, jumlah = replika.jalankan(_tulis_sementara, e.format, resource, queryset)
        with sementara:
            e.berkas.save(f"ekspor.{e.format}", File(sementara), save=False)
            nama = e.berkas.name
        with transaction.atomic():
            # Only a pending row is finished: a redelivered task that lost the race leaves no trace.
            selesai = Ekspor.objects.filter(pk=e.pk, status=StatusEkspor.MENUNGGU).update(
                status=StatusEkspor.SELESAI,
                berkas=nama,
                jumlah_baris=jumlah,
                dengan_identitas=resource.dengan_identitas,
                selesai_pada=timezone.now(),
                galat="",
            )
            if selesai:
                _catat(
                    user=user, format=e.format, parameter=e.parameter, jumlah=jumlah, resource=resource, ekspor_id=e.pk
                )
        if not selesai:
            e.berkas.storage.delete(nama)
        return nama if selesai else None
    except Exception as exc:
        log.exception("Ekspor #%s gagal", e.pk)
        if nama:
            e.berkas.storage.delete(nama)
        pesan = str(exc) if isinstance(exc, PermissionError) else f"Ekspor gagal dibuat ({type(exc).__name__})."
        Ekspor.objects.filter(pk=e.pk, status=StatusEkspor.MENUNGGU).update(status=StatusEkspor.GAGAL, galat=pesan)
        return None


def antrekan_ulang_ekspor_tertunda(*, lebih_lama_dari=datetime.timedelta(hours=2), batas=50) -> int:
    """Re-enqueue pending exports the broker never took. Beyond the broker's visibility timeout
    (one hour) a pending row was lost, not slow; the beat's pending sweep (`pengaduan.tasks.proses_tertunda`) calls it."""
    lama = timezone.now() - lebih_lama_dari
    ids = list(
        Ekspor.objects.filter(status=StatusEkspor.MENUNGGU, dibuat__lt=lama)
        .order_by("dibuat")
        .values_list("pk", flat=True)[:batas]
    )
    ids = [pk for pk in ids if cache.get(_kunci_jalan(pk)) is None]
    for pk in ids:
        kirim_sekarang(BUAT_EKSPOR, pk)
    return len(ids)

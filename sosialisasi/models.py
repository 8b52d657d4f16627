"""The socialization register: neutrality events (sosialisasi, rapat koordinasi, apel/ikrar,
declarations, integrity pacts), who spoke, who attended, what was handed out, and the documents.

Scoping is by the event's region (where it was held), by code prefix, as cases are by their
handling office: staff of `35.07` record and see the events held in Kabupaten Malang."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from netralitas.identitas import normalkan_nama
from netralitas.turunan import KolomTurunan


class JenisKegiatan(models.TextChoices):
    SOSIALISASI = "sosialisasi", "Sosialisasi"
    RAPAT_KOORDINASI = "rapat_koordinasi", "Rapat koordinasi"
    APEL_IKRAR = "apel_ikrar", "Apel / ikrar netralitas"
    DEKLARASI = "deklarasi", "Deklarasi netralitas"
    PAKTA_INTEGRITAS = "pakta_integritas", "Penandatanganan pakta integritas"


# Kinds whose signatories and signed document are recorded.
JENIS_BERTANDA_TANGAN = frozenset({JenisKegiatan.DEKLARASI, JenisKegiatan.PAKTA_INTEGRITAS, JenisKegiatan.APEL_IKRAR})


class Moda(models.TextChoices):
    LURING = "luring", "Luring (tatap muka)"
    DARING = "daring", "Daring"
    HIBRIDA = "hibrida", "Hibrida"


def _path_dokumen(instance, filename):
    return f"sosialisasi/dokumen/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Kegiatan(KolomTurunan):
    KOLOM_TURUNAN = ("provinsi", "kabkota")
    SUMBER_TURUNAN = ("wilayah",)

    jenis = models.CharField("jenis kegiatan", max_length=20, choices=JenisKegiatan.choices)
    judul = models.CharField(max_length=200)
    mulai = models.DateTimeField("waktu mulai")
    selesai = models.DateTimeField("waktu selesai", null=True, blank=True)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="wilayah pelaksanaan",
        help_text="Provinsi, kabupaten/kota, kecamatan, atau desa tempat kegiatan diadakan.",
    )
    # The province and kabupaten/kota of the region, for prefix scoping and per-region statistics
    # as equalities on indexed columns (as Pengaduan.kantor_provinsi/kantor_kabkota).
    provinsi = models.CharField(max_length=2, editable=False, db_index=True)
    kabkota = models.CharField(max_length=5, blank=True, editable=False, db_index=True)
    tempat = models.CharField("tempat / alamat", max_length=300, blank=True)
    moda = models.CharField(max_length=10, choices=Moda.choices, default=Moda.LURING)
    tautan_daring = models.URLField("tautan daring", max_length=500, blank=True)
    penyelenggara = models.CharField(max_length=200, help_text="Mis. Bawaslu Kabupaten Malang bersama BKPSDM.")
    instansi_sasaran = models.ManyToManyField(
        "akun.Instansi", blank=True, related_name="+", verbose_name="instansi sasaran"
    )
    deskripsi = models.TextField("ringkasan", blank=True)
    peserta_luring = models.PositiveIntegerField("jumlah peserta luring", default=0)
    peserta_daring = models.PositiveIntegerField("jumlah peserta daring", default=0)
    dokumen_ditandatangani = models.FileField(
        "dokumen yang ditandatangani (PDF)", upload_to=_path_dokumen, max_length=200, blank=True
    )
    terbit = models.BooleanField("tampil di halaman publik", default=True)
    # Raised on every save: the iCalendar SEQUENCE, so calendars pick up a moved event.
    urutan_revisi = models.PositiveIntegerField(default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(default=timezone.now, editable=False)
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kegiatan sosialisasi"
        verbose_name_plural = "kegiatan sosialisasi"
        ordering = ["-mulai"]
        indexes = [
            models.Index(fields=["terbit", "mulai"], name="kegiatan_terbit_mulai"),
            models.Index(fields=["provinsi", "terbit", "mulai"], name="kegiatan_provinsi_mulai"),
            models.Index(fields=["kabkota", "terbit", "mulai"], name="kegiatan_kabkota_mulai"),
            models.Index(fields=["jenis", "terbit", "mulai"], name="kegiatan_jenis_mulai"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selesai__isnull=True) | models.Q(selesai__gte=models.F("mulai")),
                name="kegiatan_selesai_setelah_mulai",
            )
        ]

    def __str__(self):
        return self.judul

    def hitung_turunan(self) -> dict:
        kode = self.wilayah_id or ""
        return {"provinsi": kode[:2], "kabkota": kode[:5] if len(kode) >= 5 else ""}

    def save(self, *args, **kwargs):
        self.urutan_revisi += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "provinsi", "kabkota", "urutan_revisi", "diperbarui"}
        super().save(*args, **kwargs)

    @property
    def jumlah_peserta(self) -> int:
        return self.peserta_luring + self.peserta_daring


class Narasumber(models.Model):
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="narasumber")
    nama = models.CharField(max_length=150)
    jabatan = models.CharField(max_length=200, blank=True)
    lembaga = models.CharField("lembaga", max_length=200, help_text="Mis. BKN, Bawaslu, Inspektorat.")
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "narasumber"
        verbose_name_plural = "narasumber"
        ordering = ["urutan", "id"]

    def __str__(self):
        return self.nama


class Peserta(KolomTurunan):
    KOLOM_TURUNAN = ("kunci",)
    SUMBER_TURUNAN = ("nama", "nip", "instansi")

    """One line of the attendance list. Never public: NIPs identify people."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="peserta")
    nama = models.CharField(max_length=150)
    nip = models.CharField("NIP", max_length=18, blank=True)
    jabatan = models.CharField(max_length=200, blank=True)
    instansi = models.CharField(max_length=200, blank=True)
    # What makes a row the same person twice: the NIP, or without one the normalised name and agency.
    kunci = models.CharField(max_length=400, editable=False)

    class Meta:
        verbose_name = "peserta"
        verbose_name_plural = "daftar hadir"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["kegiatan", "kunci"], name="peserta_sekali_per_kegiatan")]

    def __str__(self):
        return self.nama

    @staticmethod
    def buat_kunci(nama: str, nip: str, instansi: str) -> str:
        return f"nip:{nip}" if nip else f"nama:{normalkan_nama(nama)}|{normalkan_nama(instansi)}"[:400]

    def hitung_turunan(self) -> dict:
        return {"kunci": self.buat_kunci(self.nama, self.nip, self.instansi)}


class Penandatangan(models.Model):
    """Who signed a declaration or integrity pact."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="penandatangan")
    nama = models.CharField(max_length=150)
    jabatan = models.CharField(max_length=200, blank=True)
    instansi = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "penandatangan"
        verbose_name_plural = "penandatangan"
        ordering = ["id"]

    def __str__(self):
        return self.nama


def _path_materi(instance, filename):
    return f"sosialisasi/materi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


class Materi(models.Model):
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="materi")
    judul = models.CharField(max_length=200)
    berkas = models.FileField(upload_to=_path_materi, max_length=200)
    ekstensi = models.CharField(max_length=8, editable=False, blank=True)
    mime = models.CharField(max_length=60, editable=False, blank=True)

    class Meta:
        verbose_name = "materi"
        verbose_name_plural = "materi"
        ordering = ["id"]

    def __str__(self):
        return self.judul


class StatusThumbnail(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    SIAP = "siap", "Siap"
    GAGAL = "gagal", "Gagal"


def _path_foto(instance, filename):
    return f"sosialisasi/foto/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.ekstensi}"


def _path_thumbnail(instance, filename):
    return f"sosialisasi/thumbnail/{uuid.uuid4().hex}.jpg"


class Foto(models.Model):
    """Photo documentation: public, so what is shown is the thumbnail Pillow made without metadata."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="foto")
    berkas = models.FileField(upload_to=_path_foto, max_length=200)
    ekstensi = models.CharField(max_length=8, editable=False, blank=True)
    keterangan = models.CharField(max_length=200, blank=True)
    thumbnail = models.FileField(upload_to=_path_thumbnail, max_length=200, blank=True, editable=False)
    status_thumbnail = models.CharField(
        max_length=10, choices=StatusThumbnail.choices, default=StatusThumbnail.MENUNGGU, editable=False
    )
    dibuat = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "foto dokumentasi"
        verbose_name_plural = "foto dokumentasi"
        ordering = ["id"]
        indexes = [models.Index(fields=["status_thumbnail", "dibuat"], name="foto_thumbnail_menunggu")]

    def __str__(self):
        return self.keterangan or f"Foto #{self.pk}"


class JenisBahan(models.TextChoices):
    SPANDUK = "spanduk", "Spanduk"
    BROSUR = "brosur", "Brosur"
    STIKER = "stiker", "Stiker"
    POSTER = "poster", "Poster"
    LAINNYA = "lainnya", "Lainnya"


class DistribusiBahan(KolomTurunan):
    KOLOM_TURUNAN = ("provinsi", "kabkota")
    SUMBER_TURUNAN = ("desa",)

    """Outreach material handed out in one desa/kelurahan."""

    kegiatan = models.ForeignKey(Kegiatan, null=True, blank=True, on_delete=models.CASCADE, related_name="distribusi")
    desa = models.ForeignKey(
        "wilayah.Wilayah", on_delete=models.PROTECT, related_name="+", verbose_name="desa/kelurahan"
    )
    provinsi = models.CharField(max_length=2, editable=False, db_index=True)
    kabkota = models.CharField(max_length=5, editable=False, db_index=True)
    jenis = models.CharField("jenis bahan", max_length=10, choices=JenisBahan.choices)
    jumlah = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    tanggal = models.DateField()
    tempat = models.CharField(
        "tempat", max_length=200, blank=True, help_text="Mis. Balai desa, pasar, kantor kecamatan."
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "distribusi bahan sosialisasi"
        verbose_name_plural = "distribusi bahan sosialisasi"
        ordering = ["-tanggal", "id"]
        indexes = [models.Index(fields=["kabkota", "tanggal"], name="distribusi_kabkota_tanggal")]

    def __str__(self):
        return f"{self.jumlah} {self.get_jenis_display().lower()} — {self.desa_id}"

    def hitung_turunan(self) -> dict:
        kode = self.desa_id or ""
        return {"provinsi": kode[:2], "kabkota": kode[:5]}


# --- The imbauan register: prevention work recorded on its own, not only inside an event ------------
#
# Three models, not one with a kind: a letter, a post and a distribution share only "where" and
# "when". A letter has a number, a recipient agency and a PDF; a post a platform, a link and a reach;
# a distribution a desa, a kind of material and a quantity. One table would be mostly empty columns
# whose rules change with the kind; three keep each form's checks in its own fields. Distributions
# already had their table (DistribusiBahan, optionally inside an event): a loose one is a register
# entry of its own, with its own admin page and CSV import.


def _path_surat(instance, filename):
    return f"sosialisasi/surat_imbauan/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class _DiWilayah(KolomTurunan):
    """An entry of the register in one region, scoped like events (provinsi/kabkota columns)."""

    KOLOM_TURUNAN = ("provinsi", "kabkota")
    SUMBER_TURUNAN = ("wilayah",)

    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="wilayah",
        help_text="Provinsi, kabupaten/kota, kecamatan, atau desa yang dituju.",
    )
    provinsi = models.CharField(max_length=2, editable=False, db_index=True)
    kabkota = models.CharField(max_length=5, blank=True, editable=False, db_index=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    dibuat = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def hitung_turunan(self) -> dict:
        kode = self.wilayah_id or ""
        return {"provinsi": kode[:2], "kabkota": kode[:5] if len(kode) >= 5 else ""}


class SuratImbauan(_DiWilayah):
    """A letter of imbauan on ASN neutrality. Public: Bawaslu publishes its letters of imbauan, so
    the register shows them with their PDF."""

    nomor = models.CharField("nomor surat", max_length=100)
    tanggal = models.DateField("tanggal surat")
    perihal = models.CharField(max_length=200, default="Imbauan netralitas ASN")
    instansi = models.ForeignKey(
        "akun.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="instansi penerima",
    )
    penerima_lain = models.CharField(
        "penerima (bila tidak ada di daftar instansi)",
        max_length=200,
        blank=True,
        help_text="Mis. Seluruh kepala desa se-Kecamatan Kepanjen.",
    )
    berkas = models.FileField("surat (PDF)", upload_to=_path_surat, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)

    class Meta:
        verbose_name = "surat imbauan"
        verbose_name_plural = "surat imbauan"
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["kabkota", "tanggal"], name="surat_imbauan_kabkota")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instansi__isnull=False) | ~models.Q(penerima_lain=""),
                name="surat_imbauan_ada_penerima",
            )
        ]

    def __str__(self):
        return self.nomor

    @property
    def penerima(self) -> str:
        return self.instansi.nama if self.instansi_id else self.penerima_lain


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP = "whatsapp", "WhatsApp (kanal/grup)"
    SITUS = "situs", "Situs web"
    LAINNYA = "lainnya", "Lainnya"


class UnggahanMedsos(_DiWilayah):
    """A post of imbauan on social media."""

    platform = models.CharField(max_length=12, choices=Platform.choices)
    tautan = models.URLField("tautan unggahan", max_length=500)
    tanggal = models.DateField("tanggal unggah")
    judul = models.CharField("judul / ringkasan", max_length=200, blank=True)
    jangkauan = models.PositiveIntegerField(
        "jangkauan", null=True, blank=True, help_text="Jumlah tayangan atau jangkauan, bila diketahui."
    )

    class Meta:
        verbose_name = "unggahan media sosial"
        verbose_name_plural = "unggahan media sosial"
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["kabkota", "tanggal"], name="unggahan_kabkota")]

    def __str__(self):
        return self.judul or self.tautan

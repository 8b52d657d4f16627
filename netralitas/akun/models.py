"""Agencies and staff profiles: who a user is in the process (role), which region they answer for,
and which agency a reviewer belongs to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from netralitas.wilayah.models import Tingkat


class Peran(models.TextChoices):
    PANWASCAM = "panwascam", "Panwascam"
    BAWASLU_KABKOTA = "bawaslu_kabkota", "Bawaslu Kabupaten/Kota"
    BAWASLU_PROVINSI = "bawaslu_provinsi", "Bawaslu Provinsi"
    BAWASLU_RI = "bawaslu_ri", "Bawaslu RI"
    PENINJAU = "peninjau", "Inspektorat/PPK"
    PEMDA = "pemda", "Staf pemerintah daerah"
    ADMINISTRATOR = "administrator", "Administrator"


# The region level each regional role is scoped to.
TINGKAT_PERAN = {
    Peran.PANWASCAM: Tingkat.KECAMATAN,
    Peran.BAWASLU_KABKOTA: Tingkat.KABUPATEN_KOTA,
    Peran.BAWASLU_PROVINSI: Tingkat.PROVINSI,
}
PERAN_BAWASLU = frozenset({Peran.PANWASCAM, Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI})


class JenisInstansi(models.TextChoices):
    BKN = "bkn", "Badan Kepegawaian Negara"
    KASN = "kasn", "Komisi ASN (historis)"
    KEMENTERIAN = "kementerian", "Kementerian"
    LEMBAGA = "lembaga", "Lembaga pemerintah"
    PEMDA_PROVINSI = "pemda_provinsi", "Pemerintah provinsi"
    PEMDA_KABKOTA = "pemda_kabkota", "Pemerintah kabupaten/kota"
    LAINNYA = "lainnya", "Lainnya"


class Instansi(models.Model):
    """A body that employs or disciplines civil servants: the target of Bawaslu's recommendations.
    Rows are data (seeded for BKN, KASN and every pemda; more added in the admin)."""

    nama = models.CharField(max_length=200, unique=True)
    singkatan = models.CharField(max_length=40, blank=True)
    jenis = models.CharField(max_length=20, choices=JenisInstansi.choices)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Untuk pemerintah daerah: provinsi atau kabupaten/kota-nya.",
    )
    ppk = models.CharField(
        "pejabat pembina kepegawaian (PPK)",
        max_length=200,
        blank=True,
        help_text="Yang menjatuhkan hukuman disiplin, mis. Bupati Malang atau Menteri Dalam Negeri.",
    )
    inspektorat = models.CharField(
        "inspektorat / pemeriksa", max_length=200, blank=True, help_text="Mis. Inspektorat Kabupaten Malang."
    )
    email = models.EmailField("e-mail resmi", blank=True)
    aktif = models.BooleanField(default=True, help_text="Instansi nonaktif tidak dapat dipilih sebagai tujuan baru.")

    class Meta:
        verbose_name = "instansi"
        verbose_name_plural = "instansi"
        ordering = ["nama"]
        constraints = [
            # One pemda per province or kabupaten/kota: the region seed relies on it.
            models.UniqueConstraint(
                fields=["wilayah"], condition=models.Q(wilayah__isnull=False), name="instansi_satu_per_wilayah"
            )
        ]

    def __str__(self):
        return self.nama


class ProfilStaf(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil_staf")
    peran = models.CharField(max_length=20, choices=Peran.choices)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cakupan wilayah; kosong hanya untuk Bawaslu RI dan administrator (nasional).",
    )
    instansi = models.ForeignKey(
        Instansi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staf",
        help_text="Wajib untuk inspektorat/PPK: hanya kasus yang diteruskan ke instansi ini yang terlihat.",
    )
    nip = models.CharField("NIP", max_length=18, blank=True, db_index=True)
    wajib_dua_langkah = models.BooleanField(
        "wajib verifikasi dua langkah",
        default=False,
        help_text="Akun yang dibuat lewat undangan selalu memakai verifikasi dua langkah, apa pun perannya.",
    )

    class Meta:
        verbose_name = "profil staf"
        verbose_name_plural = "profil staf"

    def __str__(self):
        return f"{self.user} — {self.get_peran_display()}"

    def clean(self):
        galat = {}
        if self.peran == Peran.PENINJAU and not self.instansi_id:
            galat["instansi"] = "Inspektorat/PPK wajib terhubung ke satu instansi."
        if self.peran in {Peran.PANWASCAM, Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.PEMDA}:
            tingkat = TINGKAT_PERAN.get(self.peran)
            if not self.wilayah_id:
                galat["wilayah"] = "Peran ini wajib memiliki cakupan wilayah."
            elif tingkat and self.wilayah.tingkat != tingkat:
                galat["wilayah"] = "Tingkat wilayah tidak sesuai dengan peran (mis. Panwascam → kecamatan)."
        if galat:
            raise ValidationError(galat)

    @property
    def nasional(self) -> bool:
        return self.wilayah_id is None and self.peran in {Peran.BAWASLU_RI, Peran.ADMINISTRATOR}


class StatusUndangan(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu diterima"
    DITERIMA = "diterima", "Diterima"
    DICABUT = "dicabut", "Dicabut"


class StatusSurel(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu dikirim"
    TERKIRIM = "terkirim", "Terkirim"
    GAGAL = "gagal", "Gagal dikirim"


class UndanganPeninjau(models.Model):
    """Bawaslu invites a reviewer (inspektorat/PPK) account for an agency: the account exists,
    inactive, until the invitee sets a password through the e-mailed link. The row is its own small
    outbox: the worker that sends the e-mail makes the link's token there and then, and keeps only
    its HMAC (`sidik_token`), so the link is in no store, before or after sending
    (netralitas.akun.undangan)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="undangan_peninjau")
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="undangan_peninjau")
    diundang_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="diundang oleh"
    )
    dibuat = models.DateTimeField("diundang", default=timezone.now)
    status = models.CharField(max_length=10, choices=StatusUndangan.choices, default=StatusUndangan.MENUNGGU)
    sidik_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    kedaluwarsa = models.DateTimeField("berlaku sampai", null=True, blank=True)
    status_surel = models.CharField(
        "pengiriman e-mail", max_length=10, choices=StatusSurel.choices, default=StatusSurel.MENUNGGU
    )
    percobaan_surel = models.PositiveSmallIntegerField(default=0)
    galat_surel = models.TextField("galat pengiriman", blank=True)
    dicoba_pada = models.DateTimeField(null=True, blank=True)
    terkirim_pada = models.DateTimeField("e-mail terkirim", null=True, blank=True)
    diterima_pada = models.DateTimeField("diterima", null=True, blank=True)
    dicabut_pada = models.DateTimeField("dicabut", null=True, blank=True)
    dicabut_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "undangan peninjau"
        verbose_name_plural = "undangan peninjau"
        ordering = ["-dibuat"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="menunggu"), name="undangan_satu_terbuka_per_akun"
            )
        ]
        indexes = [models.Index(fields=["status_surel", "dibuat"], name="undangan_surel_menunggu")]

    def __str__(self):
        return f"Undangan {self.user.email} — {self.instansi}"

    @property
    def kedaluwarsa_lewat(self) -> bool:
        return bool(self.kedaluwarsa and self.kedaluwarsa <= timezone.now())

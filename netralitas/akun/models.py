"""Staff profiles: who a user is in the process (role) and which region they answer for."""

from django.conf import settings
from django.db import models


class Peran(models.TextChoices):
    PANWASCAM = "panwascam", "Panwascam"
    BAWASLU_KABKOTA = "bawaslu_kabkota", "Bawaslu Kabupaten/Kota"
    BAWASLU_PROVINSI = "bawaslu_provinsi", "Bawaslu Provinsi"
    BAWASLU_RI = "bawaslu_ri", "Bawaslu RI"
    PENINJAU = "peninjau", "Inspektorat/PPK"
    PEMDA = "pemda", "Staf pemerintah daerah"
    ADMINISTRATOR = "administrator", "Administrator"


PERAN_BAWASLU = frozenset({Peran.PANWASCAM, Peran.BAWASLU_KABKOTA, Peran.BAWASLU_PROVINSI, Peran.BAWASLU_RI})


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
    nip = models.CharField("NIP", max_length=18, blank=True)

    class Meta:
        verbose_name = "profil staf"
        verbose_name_plural = "profil staf"

    def __str__(self):
        return f"{self.user} — {self.get_peran_display()}"

    @property
    def nasional(self) -> bool:
        return self.wilayah_id is None and self.peran in {Peran.BAWASLU_RI, Peran.ADMINISTRATOR}

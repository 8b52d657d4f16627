"""A question about what is allowed, its answer, and the version of both the public may read."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from netralitas.enkripsi import CharTerenkripsi, EmailTerenkripsi

# The question as the asker wrote it is never shown publicly; what is published is the staff's
# rewrite (isi_publik, jawaban_publik). Lengths are the form's limits.
MAKS_ISI = 4000
MAKS_JAWABAN = 8000


class Pertanyaan(models.Model):
    # One submission token per form: a double tap or a retried POST files one question.
    token_pengajuan = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # The asker's name and address are encrypted at rest (netralitas/enkripsi.py).
    nama = CharTerenkripsi("nama penanya", max_length=150, blank=True)
    instansi = models.CharField("instansi penanya", max_length=200, blank=True)
    # Only for sending the answer; emptied once the answer is written to the outbox.
    email = EmailTerenkripsi("e-mail penanya", blank=True)
    kategori = models.ForeignKey(
        "pengaduan.KategoriPelanggaran", on_delete=models.PROTECT, related_name="+", verbose_name="topik"
    )
    # The office asked to answer: a province or a kabupaten/kota; none for Bawaslu RI (nasional).
    wilayah = models.ForeignKey(
        "wilayah.Wilayah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="wilayah Bawaslu",
    )
    # The province of `wilayah` (its first two characters), so a province's staff see their
    # kabupaten/kota's questions with an equality on an indexed column. Set by the service.
    kode_provinsi = models.CharField(max_length=2, blank=True, editable=False)
    isi = models.TextField("pertanyaan (asli, tidak diterbitkan)", max_length=MAKS_ISI)
    diajukan = models.DateTimeField(default=timezone.now)

    jawaban = models.TextField(blank=True, max_length=MAKS_JAWABAN)
    dijawab_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dijawab_pada = models.DateTimeField(null=True, blank=True)

    isi_publik = models.TextField("pertanyaan (versi publik)", blank=True, max_length=MAKS_ISI)
    jawaban_publik = models.TextField("jawaban (versi publik)", blank=True, max_length=MAKS_JAWABAN)
    terbit = models.BooleanField("diterbitkan", default=False)
    diterbitkan_pada = models.DateTimeField(null=True, blank=True)
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "pertanyaan"
        verbose_name_plural = "pertanyaan"
        ordering = ["-diajukan", "-pk"]
        indexes = [
            # The staff list, per office: a kabupaten/kota's by its region, a province's by its code.
            models.Index(fields=["wilayah", "-diajukan"], name="tanya_wilayah_diajukan"),
            models.Index(fields=["kode_provinsi", "-diajukan"], name="tanya_provinsi_diajukan"),
            # The public list, newest first, whole or by topic: only published rows are indexed.
            models.Index(fields=["-diterbitkan_pada"], condition=Q(terbit=True), name="tanya_terbit"),
            models.Index(
                fields=["kategori", "-diterbitkan_pada"], condition=Q(terbit=True), name="tanya_terbit_kategori"
            ),
        ]
        constraints = [
            # Nothing is published without an answer and the staff's public texts.
            models.CheckConstraint(
                condition=Q(terbit=False) | (~Q(jawaban="") & ~Q(isi_publik="") & ~Q(jawaban_publik="")),
                name="tanya_terbit_lengkap",
            ),
        ]

    def __str__(self):
        return f"Pertanyaan #{self.pk} — {self.kategori}"

    @property
    def dijawab(self) -> bool:
        return bool(self.jawaban)

    @property
    def status(self) -> str:
        if self.terbit:
            return "Diterbitkan"
        return "Dijawab" if self.jawaban else "Belum dijawab"

    @property
    def tujuan(self) -> str:
        """The office asked, as people say it."""
        if self.wilayah_id is None:
            return "Bawaslu RI"
        return f"Bawaslu {self.wilayah.nama}" if len(self.wilayah_id) == 5 else f"Bawaslu Provinsi {self.wilayah.nama}"

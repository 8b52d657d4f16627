"""Append-only audit log: who saw a reporter's identity, downloaded evidence, exported, changed a case,
answered or published a question of the tanya jawab."""

from django.conf import settings
from django.db import models


class Aksi(models.TextChoices):
    LIHAT_IDENTITAS = "lihat_identitas", "Melihat identitas pelapor"
    UNDUH_BUKTI = "unduh_bukti", "Mengunduh bukti"
    KIRIM_PESAN = "kirim_pesan", "Mengirim pesan kepada pelapor"
    BACA_PESAN = "baca_pesan", "Membaca pesan pelapor"
    UNDUH_LAMPIRAN_PESAN = "unduh_lampiran_pesan", "Mengunduh lampiran pesan pelapor"
    EKSPOR = "ekspor", "Mengekspor daftar"
    UBAH_PENGADUAN = "ubah_pengaduan", "Mengubah pengaduan"
    ENTRI_PENGADUAN = "entri_pengaduan", "Mengentri pengaduan yang diterima di kantor"
    UNGGAH_DOKUMEN = "unggah_dokumen", "Mengunggah dokumen pengaduan"
    UNDUH_DOKUMEN = "unduh_dokumen", "Mengunduh dokumen pengaduan"
    ATUR_ULANG_2FA = "atur_ulang_2fa", "Mengatur ulang verifikasi dua langkah"
    KODE_CADANGAN_2FA = "kode_cadangan_2fa", "Membuat kode cadangan dua langkah baru"
    JAWAB_PERTANYAAN = "jawab_pertanyaan", "Menjawab pertanyaan (tanya jawab)"
    TERBITKAN_PERTANYAAN = "terbitkan_pertanyaan", "Menerbitkan tanya jawab"
    BATAL_TERBIT_PERTANYAAN = "batal_terbit_pertanyaan", "Menarik tanya jawab dari halaman publik"
    UNDANG_PENINJAU = "undang_peninjau", "Mengundang peninjau instansi"
    KIRIM_ULANG_UNDANGAN = "kirim_ulang_undangan", "Mengirim ulang undangan peninjau"
    CABUT_UNDANGAN = "cabut_undangan", "Mencabut undangan peninjau"
    TERIMA_UNDANGAN = "terima_undangan", "Menerima undangan peninjau"
    CARI_NIK = "cari_nik", "Mencari pengaduan dengan NIK pelapor"
    HAPUS_RETENSI = "hapus_retensi", "Menghapus data pribadi sesuai aturan retensi"
    UBAH_ATURAN_RETENSI = "ubah_aturan_retensi", "Mengubah aturan retensi"
    PASANG_TAHANAN_HUKUM = "pasang_tahanan_hukum", "Memasang penahanan hukum"
    LEPAS_TAHANAN_HUKUM = "lepas_tahanan_hukum", "Mencabut penahanan hukum"


class LogAuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Log audit tidak boleh diubah.")

    def delete(self):
        raise PermissionError("Log audit tidak boleh dihapus.")


class LogAudit(models.Model):
    waktu = models.DateTimeField(auto_now_add=True, db_index=True)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    aksi = models.CharField(max_length=30, choices=Aksi.choices)
    pengaduan = models.ForeignKey(
        "pengaduan.Pengaduan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    objek = models.CharField(max_length=200, blank=True)
    keterangan = models.TextField(blank=True)

    objects = LogAuditQuerySet.as_manager()

    class Meta:
        verbose_name = "log audit"
        verbose_name_plural = "log audit"
        ordering = ["-waktu"]
        indexes = [models.Index(fields=["pengaduan", "waktu"], name="audit_pengaduan_waktu")]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aktor} {self.get_aksi_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Log audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Log audit tidak boleh dihapus.")
